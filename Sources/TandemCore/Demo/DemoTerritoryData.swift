// The invented territory of the demo: "Communauté de communes des Coteaux de l'Arlène".
// Every name is invented. Communes lie in a fictional corner of the south-west (department code
// 24 for plausibility, but INSEE codes 249xx, which no real commune uses); telephone numbers come
// from the range ARCEP reserves for fiction (05 36 49 xx xx). The names do not depend on the
// seed, so screenshots and documentation stay valid; only identifiers and activities do.

enum DemoData {
    static let territoryName = "Communauté de communes des Coteaux de l'Arlène"
    static let emailDomain = "coteaux-arlene.example"

    struct Commune: Sendable {
        let name: String
        let postalCode: String
        let inseeCode: String
        let latitude: Double
        let longitude: Double
    }

    static let vallieres = Commune(name: "Vallières-sur-Arlène", postalCode: "24615", inseeCode: "24901", latitude: 45.1184, longitude: 0.9712)
    static let saintMeard = Commune(name: "Saint-Méard-des-Coteaux", postalCode: "24615", inseeCode: "24902", latitude: 45.1436, longitude: 0.9327)
    static let combeliere = Commune(name: "Combelière", postalCode: "24625", inseeCode: "24903", latitude: 45.0902, longitude: 0.9168)
    static let essarts = Commune(name: "Les Essarts-d'Arlène", postalCode: "24625", inseeCode: "24904", latitude: 45.0768, longitude: 1.0104)
    static let montbrun = Commune(name: "Montbrun-d'Arlène", postalCode: "24635", inseeCode: "24905", latitude: 45.1551, longitude: 1.0263)
    static let rocheFauvel = Commune(name: "La Roche-Fauvel", postalCode: "24645", inseeCode: "24906", latitude: 45.1803, longitude: 0.9851)
    static let puylaurier = Commune(name: "Puylaurier", postalCode: "24645", inseeCode: "24907", latitude: 45.1027, longitude: 1.0587)
    static let fontmeyrac = Commune(name: "Fontmeyrac", postalCode: "24655", inseeCode: "24908", latitude: 45.0581, longitude: 0.9529)

    /// Every commune of the intercommunality, the seat first.
    static let communes = [vallieres, saintMeard, combeliere, essarts, montbrun, rocheFauvel, puylaurier, fontmeyrac]

    // MARK: Structures

    enum StructureKey: Int, CaseIterable, Sendable {
        case libraries, intercommunality, socialCentre
    }

    struct StructureSpec {
        let key: StructureKey
        let name: String
        let typology: PlaceTypology
    }

    static let structures = [
        StructureSpec(key: .libraries, name: "Réseau des médiathèques des Coteaux de l'Arlène", typology: .bib),
        StructureSpec(key: .intercommunality, name: "Service numérique de la Communauté de communes des Coteaux de l'Arlène", typology: .epci),
        StructureSpec(key: .socialCentre, name: "Centre socioculturel La Passerelle", typology: .csc),
    ]

    // MARK: Places

    typealias Slot = DemoOpeningHours.Slot

    struct PlaceSpec {
        let key: String
        let structure: StructureKey
        let name: String
        let typology: PlaceTypology
        let address: String
        let commune: Commune
        /// Offset from the commune's centre, in ten-thousandths of a degree.
        let offset: (Int, Int)
        let hours: DemoOpeningHours
        let phone: String?
        let summary: String
    }

    static let places: [PlaceSpec] = [
        PlaceSpec(
            key: "bib-vallieres", structure: .libraries, name: "Médiathèque de la Halle",
            typology: .bib, address: "4 place de la Halle", commune: vallieres, offset: (6, -11),
            hours: DemoOpeningHours(
                tu: [Slot(14, 0, 18, 30)], we: [Slot(10, 0, 12, 30), Slot(14, 0, 18, 30)],
                th: [Slot(14, 0, 18, 30)], fr: [Slot(14, 0, 18, 30)], sa: [Slot(10, 0, 17, 0)]),
            phone: "+33536490110",
            summary: "Tête du réseau des médiathèques : espace numérique de huit postes, prêt de liseuses et de tablettes, permanences d'aide numérique sans rendez-vous le mercredi et le samedi, ateliers collectifs toute l'année."
        ),
        PlaceSpec(
            key: "bib-saint-meard", structure: .libraries, name: "Médiathèque du Moulin",
            typology: .bib, address: "12 rue du Moulin", commune: saintMeard, offset: (-4, 8),
            hours: DemoOpeningHours(
                we: [Slot(10, 0, 12, 0), Slot(14, 0, 18, 0)], fr: [Slot(15, 0, 18, 0)], sa: [Slot(9, 30, 12, 30)]),
            phone: "+33536490111",
            summary: "Médiathèque de proximité : accès libre à internet, aide sur rendez-vous pour les démarches en ligne et la prise en main du téléphone, ateliers « premiers pas » pour les débutants."
        ),
        PlaceSpec(
            key: "bib-combeliere", structure: .libraries, name: "Bibliothèque de Combelière",
            typology: .bib, address: "Le Bourg", commune: combeliere, offset: (2, 3),
            hours: DemoOpeningHours(
                tu: [Slot(16, 0, 18, 30)], we: [Slot(14, 0, 18, 0)], sa: [Slot(10, 0, 12, 30)]),
            phone: "+33536490112",
            summary: "Petite bibliothèque du réseau : deux ordinateurs en accès libre, accompagnement numérique le mercredi après-midi et ateliers tablette pour les seniors en partenariat avec la mairie."
        ),
        PlaceSpec(
            key: "bib-essarts", structure: .libraries, name: "Médiathèque des Essarts",
            typology: .bib, address: "2 avenue de la Gare", commune: essarts, offset: (-7, -5),
            hours: DemoOpeningHours(
                we: [Slot(9, 30, 12, 30), Slot(14, 0, 18, 0)], th: [Slot(16, 0, 18, 0)], sa: [Slot(9, 30, 12, 30)]),
            phone: "+33536490113",
            summary: "Médiathèque installée dans l'ancienne gare : postes informatiques, ressources numériques du réseau (presse, autoformation), aide individuelle le mercredi et ateliers du samedi matin."
        ),
        PlaceSpec(
            key: "epn-vallieres", structure: .intercommunality, name: "Espace numérique communautaire",
            typology: .epn, address: "18 avenue des Coteaux", commune: vallieres, offset: (-9, 14),
            hours: DemoOpeningHours(
                mo: [Slot(13, 30, 17, 30)], tu: [Slot(9, 0, 12, 30), Slot(13, 30, 17, 30)],
                we: [Slot(9, 0, 12, 30), Slot(13, 30, 17, 30)], th: [Slot(9, 0, 12, 30), Slot(13, 30, 17, 30)],
                fr: [Slot(9, 0, 12, 30)]),
            phone: "+33536490120",
            summary: "Espace public numérique de la communauté de communes : accompagnement individuel sur rendez-vous, ateliers thématiques, formations des agents et des élus, conseils avant l'achat d'un équipement."
        ),
        PlaceSpec(
            key: "rfs-montbrun", structure: .intercommunality, name: "France Services des Coteaux",
            typology: .rfs, address: "1 place de la République", commune: montbrun, offset: (3, -6),
            hours: DemoOpeningHours(
                mo: [Slot(9, 0, 12, 0), Slot(13, 30, 17, 0)], tu: [Slot(9, 0, 12, 0), Slot(13, 30, 17, 0)],
                we: [Slot(9, 0, 12, 0), Slot(13, 30, 17, 0)], th: [Slot(9, 0, 12, 0), Slot(13, 30, 17, 0)],
                fr: [Slot(9, 0, 12, 0), Slot(13, 30, 17, 0)], sa: [Slot(9, 0, 12, 0)]),
            phone: "+33536490121",
            summary: "Espace France Services : aide aux démarches en ligne (santé, retraite, impôts, CAF, papiers d'identité), accès à un poste en autonomie, rendez-vous avec les partenaires. Habilité Aidants Connect."
        ),
        PlaceSpec(
            key: "mairie-roche-fauvel", structure: .intercommunality, name: "Mairie de La Roche-Fauvel — permanence numérique",
            typology: .muni, address: "1 rue de l'Église", commune: rocheFauvel, offset: (1, 2),
            hours: DemoOpeningHours(
                mo: [Slot(9, 0, 12, 0)], tu: [Slot(9, 0, 12, 0)], th: [Slot(9, 0, 12, 0)], fr: [Slot(14, 0, 17, 0)]),
            phone: "+33536490122",
            summary: "Permanence numérique itinérante de la communauté de communes dans la salle du conseil : aide sur le téléphone, l'ordinateur et les démarches en ligne, sur rendez-vous auprès de l'accueil de la mairie."
        ),
        PlaceSpec(
            key: "mairie-puylaurier", structure: .intercommunality, name: "Mairie de Puylaurier — permanence numérique",
            typology: .muni, address: "3 place du Foirail", commune: puylaurier, offset: (-2, 4),
            hours: DemoOpeningHours(
                tu: [Slot(9, 0, 12, 0), Slot(14, 0, 17, 30)], th: [Slot(14, 0, 17, 30)], fr: [Slot(9, 0, 12, 0)]),
            phone: "+33536490123",
            summary: "Permanence numérique de la communauté de communes en mairie : prise en main des appareils, messagerie, démarches administratives en ligne. Sans rendez-vous le mardi matin."
        ),
        PlaceSpec(
            key: "mairie-fontmeyrac", structure: .intercommunality, name: "Mairie de Fontmeyrac — permanence numérique",
            typology: .muni, address: "Le Bourg", commune: fontmeyrac, offset: (4, -3),
            hours: DemoOpeningHours(
                mo: [Slot(14, 0, 17, 0)], we: [Slot(9, 0, 12, 0)], fr: [Slot(9, 0, 12, 0), Slot(14, 0, 16, 0)]),
            phone: nil,
            summary: "Permanence numérique itinérante dans la salle associative de la mairie : aide individuelle sur rendez-vous et ateliers ponctuels pour les habitants des hameaux."
        ),
        PlaceSpec(
            key: "csc-vallieres", structure: .socialCentre, name: "Centre socioculturel La Passerelle",
            typology: .csc, address: "9 rue des Tilleuls", commune: vallieres, offset: (12, 7),
            hours: DemoOpeningHours(
                mo: [Slot(9, 0, 12, 0), Slot(14, 0, 18, 0)], tu: [Slot(9, 0, 12, 0), Slot(14, 0, 18, 0)],
                we: [Slot(9, 0, 12, 0), Slot(14, 0, 18, 0)], th: [Slot(9, 0, 12, 0), Slot(14, 0, 18, 0)],
                fr: [Slot(9, 0, 12, 0), Slot(14, 0, 18, 0)]),
            phone: "+33536490130",
            summary: "Centre social associatif : accueil numérique pour les familles et les personnes isolées, aide aux démarches, ateliers parentalité et numérique, point d'accès numérique CAF."
        ),
        PlaceSpec(
            key: "csc-essarts", structure: .socialCentre, name: "La Passerelle — antenne des Essarts",
            typology: .csc, address: "5 chemin des Vignes", commune: essarts, offset: (8, 9),
            hours: DemoOpeningHours(
                tu: [Slot(14, 0, 17, 30)], th: [Slot(9, 0, 12, 0), Slot(14, 0, 17, 30)]),
            phone: "+33536490131",
            summary: "Antenne du centre socioculturel : permanence d'aide numérique et administrative deux jours par semaine, café numérique mensuel pour échanger entre habitants."
        ),
    ]

    // MARK: Accounts

    enum Profile: Sendable {
        case librarian, libraryAdvisor, itinerant, franceServices, socialCentre
    }

    struct AccountSpec {
        let firstName: String
        let lastName: String
        let role: Role
        let structure: StructureKey?
        /// Place keys; nil means every place of the structure (coordinators).
        let placeKeys: [String]?
        let post: String
        let profile: Profile?
    }

    static let accounts: [AccountSpec] = [
        AccountSpec(firstName: "Régis", lastName: "Delmas", role: .admin, structure: nil, placeKeys: [],
                    post: "Administrateur de la plateforme", profile: nil),
        AccountSpec(firstName: "Claire", lastName: "Vialard", role: .coordinator, structure: .libraries, placeKeys: nil,
                    post: "Coordinatrice du réseau des médiathèques", profile: nil),
        AccountSpec(firstName: "Thomas", lastName: "Lacombe", role: .coordinator, structure: .intercommunality, placeKeys: nil,
                    post: "Chargé de mission inclusion numérique", profile: nil),
        AccountSpec(firstName: "Nadia", lastName: "Benhamou", role: .coordinator, structure: .socialCentre, placeKeys: nil,
                    post: "Directrice du centre socioculturel", profile: nil),
        AccountSpec(firstName: "Sophie", lastName: "Marty", role: .mediator, structure: .libraries,
                    placeKeys: ["bib-vallieres", "bib-saint-meard"], post: "Bibliothécaire", profile: .librarian),
        AccountSpec(firstName: "Julie", lastName: "Castagné", role: .mediator, structure: .libraries,
                    placeKeys: ["bib-vallieres", "bib-saint-meard", "bib-combeliere", "bib-essarts"],
                    post: "Conseillère numérique", profile: .libraryAdvisor),
        AccountSpec(firstName: "Mathieu", lastName: "Roussel", role: .mediator, structure: .libraries,
                    placeKeys: ["bib-vallieres", "bib-combeliere", "bib-essarts"], post: "Bibliothécaire", profile: .librarian),
        AccountSpec(firstName: "Karim", lastName: "Mansouri", role: .mediator, structure: .intercommunality,
                    placeKeys: ["epn-vallieres", "rfs-montbrun", "mairie-roche-fauvel", "mairie-puylaurier", "mairie-fontmeyrac"],
                    post: "Conseiller numérique itinérant", profile: .itinerant),
        AccountSpec(firstName: "Isabelle", lastName: "Faure", role: .mediator, structure: .intercommunality,
                    placeKeys: ["rfs-montbrun", "mairie-roche-fauvel", "mairie-puylaurier"],
                    post: "Conseillère France Services", profile: .franceServices),
        AccountSpec(firstName: "Léa", lastName: "Bouyssou", role: .mediator, structure: .socialCentre,
                    placeKeys: ["csc-vallieres", "csc-essarts"], post: "Médiatrice numérique", profile: .socialCentre),
        AccountSpec(firstName: "Camille", lastName: "Verdier", role: .researcher, structure: nil, placeKeys: [],
                    post: "Chargée d'enquête", profile: nil),
    ]

    /// "prenom.nom": lower case, without accents; spaces and apostrophes become hyphens.
    static func emailLocalPart(firstName: String, lastName: String) -> String {
        func fold(_ text: String) -> String {
            var out = ""
            for scalar in text.lowercased().unicodeScalars {
                switch scalar {
                case "à", "â", "ä", "á": out += "a"
                case "é", "è", "ê", "ë": out += "e"
                case "î", "ï", "í": out += "i"
                case "ô", "ö", "ó": out += "o"
                case "ù", "û", "ü", "ú": out += "u"
                case "ç": out += "c"
                case "ÿ": out += "y"
                case "œ": out += "oe"
                case "æ": out += "ae"
                case " ", "'", "’": out += "-"
                case "a"..."z", "0"..."9", "-": out.unicodeScalars.append(scalar)
                default: break
                }
            }
            return out
        }
        return fold(firstName) + "." + fold(lastName)
    }
}
