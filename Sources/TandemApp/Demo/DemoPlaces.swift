import Foundation
import TandemCore

/// The national standard's fields of the demo places, chosen by the kind of place as they are in
/// the field: médiathèques offer their digital services and workshops, France Services the
/// online procedures, the social centre family and job support.
enum DemoPlaces {
    static func record(for place: DemoTerritory.Place, today: LocalDate) -> PlaceRecord {
        var record = PlaceRecord(id: place.id.uuidString.lowercased(), pivot: pivot(for: place), nom: place.name,
                                 commune: place.commune, codePostal: place.postalCode, adresse: place.address, dateMaj: today)
        record.codeInsee = place.inseeCode
        record.latitude = place.latitude
        record.longitude = place.longitude
        record.typologie = [place.typology.code]
        record.telephone = place.phone
        record.horaires = place.openingHours
        record.presentationResume = place.summary
        record.source = "Tandem (démonstration)"
        record.courriels = ["contact@" + slug(place.name) + ".coteaux-arlene.example"]
        record.itinerance = place.typology == .epn ? ["Fixe", "Itinérant"] : ["Fixe"]
        record.fraisACharge = ["Gratuit"]
        switch place.typology {
        case .bib:
            record.services = ["Maîtrise des outils numériques du quotidien", "Loisirs et créations numériques", "Accès internet et matériel informatique", "Aide aux démarches administratives"]
            record.publicsSpecifiquementAdresses = ["Seniors", "Familles et/ou enfants"]
            record.modalitesAcces = ["Se présenter", "Téléphoner"]
            record.modalitesAccompagnement = ["Accompagnement individuel", "Dans un atelier collectif", "En autonomie"]
            record.dispositifProgrammesNationaux = ["Conseillers numériques"]
        case .rfs:
            record.services = ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique"]
            record.modalitesAcces = ["Se présenter", "Téléphoner", "Prendre un RDV en ligne"]
            record.modalitesAccompagnement = ["Accompagnement individuel", "À distance"]
            record.dispositifProgrammesNationaux = ["France Services", "Aidants Connect", "Conseillers numériques"]
            record.priseEnChargeSpecifique = ["Illettrisme", "Surdité"]
        case .csc:
            record.services = ["Maîtrise des outils numériques du quotidien", "Utilisation sécurisée du numérique", "Insertion professionnelle via le numérique", "Parentalité et éducation avec le numérique"]
            record.publicsSpecifiquementAdresses = ["Familles et/ou enfants", "Jeunes"]
            record.modalitesAcces = ["Se présenter", "Téléphoner"]
            record.modalitesAccompagnement = ["Accompagnement individuel", "Dans un atelier collectif"]
            record.priseEnChargeSpecifique = ["Langues étrangères (autres)"]
        default:
            record.services = ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Accès internet et matériel informatique"]
            record.modalitesAcces = ["Se présenter", "Téléphoner"]
            record.modalitesAccompagnement = ["Accompagnement individuel", "En autonomie"]
            record.publicsSpecifiquementAdresses = ["Seniors"]
        }
        return record
    }

    static func equipment(for place: DemoTerritory.Place) -> [PlaceEquipment] {
        switch place.typology {
        case .bib: [.wifi, .publicComputers, .tablets, .headsets, .printer]
        case .rfs: [.wifi, .publicComputers, .printer, .scanner]
        case .epn: [.wifi, .publicComputers, .tablets, .printer, .scanner]
        case .csc: [.wifi, .publicComputers, .printer]
        default: [.wifi]
        }
    }

    static func accessibility(for place: DemoTerritory.Place) -> String? {
        switch place.typology {
        case .bib, .rfs: "Accès de plain-pied, toilettes adaptées, boucle magnétique à l'accueil."
        case .muni: "Salle au rez-de-chaussée ; sonnette à l'entrée."
        default: nil
        }
    }

    /// A fictional SIRET made of the place's id digits (14 characters).
    private static func pivot(for place: DemoTerritory.Place) -> String {
        let digits = place.id.uuidString.compactMap { $0.wholeNumberValue }.map(String.init).joined()
        return String((digits + "00000000000000").prefix(14))
    }

    private static func slug(_ name: String) -> String {
        SearchText.fold(name).split(separator: " ").prefix(3).joined(separator: "-")
    }
}
