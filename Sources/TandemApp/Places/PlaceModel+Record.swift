import Foundation
import TandemCore

/// Moving a place between the database row and the national standard's record.
extension PlaceModel {
    /// The place as the standard describes it (the open-data row).
    var record: PlaceRecord {
        var record = PlaceRecord(id: standardId, pivot: pivot, nom: name, commune: commune, codePostal: postalCode,
                                 adresse: address, dateMaj: LocalDate(iso: dateMaj) ?? LocalDate.today())
        record.codeInsee = codeInsee
        record.complementAdresse = complementAdresse
        record.latitude = latitude
        record.longitude = longitude
        record.typologie = Self.list(typology)
        record.telephone = telephone
        record.courriels = Self.list(courriels)
        record.siteWeb = Self.list(siteWeb)
        record.horaires = horaires
        record.presentationResume = presentationResume
        record.presentationDetail = presentationDetail
        record.source = source
        record.itinerance = Self.list(itinerance)
        record.structureParente = structureParente
        record.services = Self.list(services)
        record.publicsSpecifiquementAdresses = Self.list(publics)
        record.priseEnChargeSpecifique = Self.list(priseEnCharge)
        record.fraisACharge = Self.list(frais)
        record.dispositifProgrammesNationaux = Self.list(dispositifs)
        record.formationsLabels = Self.list(formationsLabels)
        record.autresFormationsLabels = Self.list(autresFormationsLabels)
        record.modalitesAcces = Self.list(modalitesAcces)
        record.modalitesAccompagnement = Self.list(modalitesAccompagnement)
        record.ficheAccesLibre = ficheAccesLibre
        record.priseRdv = priseRdv
        return record
    }

    /// Copies every field of a validated record.
    func apply(_ record: PlaceRecord) {
        standardId = record.id
        pivot = record.pivot
        name = record.nom
        commune = record.commune
        postalCode = record.codePostal
        codeInsee = record.codeInsee
        address = record.adresse
        complementAdresse = record.complementAdresse
        latitude = record.latitude
        longitude = record.longitude
        typology = Self.join(record.typologie)
        telephone = record.telephone
        courriels = Self.join(record.courriels)
        siteWeb = Self.join(record.siteWeb)
        horaires = record.horaires
        presentationResume = record.presentationResume
        presentationDetail = record.presentationDetail
        source = record.source
        itinerance = Self.join(record.itinerance)
        structureParente = record.structureParente
        dateMaj = record.dateMaj.iso
        services = Self.join(record.services)
        publics = Self.join(record.publicsSpecifiquementAdresses)
        priseEnCharge = Self.join(record.priseEnChargeSpecifique)
        frais = Self.join(record.fraisACharge)
        dispositifs = Self.join(record.dispositifProgrammesNationaux)
        formationsLabels = Self.join(record.formationsLabels)
        autresFormationsLabels = Self.join(record.autresFormationsLabels)
        modalitesAcces = Self.join(record.modalitesAcces)
        modalitesAccompagnement = Self.join(record.modalitesAccompagnement)
        ficheAccesLibre = record.ficheAccesLibre
        priseRdv = record.priseRdv
        searchText = SearchText.fold("\(record.nom) \(record.commune) \(record.codePostal)")
    }

    var equipmentList: [PlaceEquipment] { CodeList.split(equipment) }

    /// Whether a place counts as "in library" for statistics and the survey.
    var isLibrary: Bool { Self.list(typology).contains(PlaceTypology.bib.code) }

    static func list(_ text: String) -> [String] {
        text.split(separator: "|").map(String.init)
    }

    static func join(_ values: [String]) -> String {
        values.joined(separator: "|")
    }
}

/// Text folded for searching: lower case, accents removed, punctuation as spaces, so that
/// "saint meard" finds "Saint-Méard-des-Coteaux".
enum SearchText {
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
        return folded.split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
    }
}
