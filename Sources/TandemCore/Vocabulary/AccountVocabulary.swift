// The "Accounts" and "Survey" lists of TAXONOMY.md.

public enum Role: String, CodedVocabulary {
    case admin, coordinator, mediator, researcher

    public var label: String {
        switch self {
        case .admin: "Administrateur"
        case .coordinator: "Coordinateur"
        case .mediator: "Médiateur"
        case .researcher: "Chargé d'enquête"
        }
    }

    /// Roles whose account must belong to a structure.
    public var requiresStructure: Bool { self == .coordinator || self == .mediator }
}

public enum RespondentContext: String, CodedVocabulary {
    case library
    case outsideLibrary = "outside_library"

    public var label: String {
        switch self {
        case .library: "En bibliothèque ou médiathèque"
        case .outsideLibrary: "Hors bibliothèque (mairie, France Services, centre social, association…)"
        }
    }
}

public enum InterviewStatus: String, CodedVocabulary {
    case draft, validated, published

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .validated: "Relu par la personne"
        case .published: "Publié"
        }
    }
}

public enum PublicationConsent: String, CodedVocabulary {
    case named, anonymous, none

    public var label: String {
        switch self {
        case .named: "Publié sous son nom"
        case .anonymous: "Publié sans nom"
        case .none: "Non publié"
        }
    }
}

/// Structure kinds, from the data·inclusion typology codes that TAXONOMY.md names for places.
public enum PlaceTypology: String, CodedVocabulary {
    case muni = "MUNI"
    case bib = "BIB"
    case rfs = "RFS"
    case csc = "CSC"
    case epn = "EPN"
    case epci = "EPCI"
    case ccas = "CCAS"
    case asso = "ASSO"
    case tiersLieux = "TIERS_LIEUX"
    case pimms = "PIMMS"
    case mds = "MDS"
    case laPoste = "LA_POSTE"

    public var label: String {
        switch self {
        case .muni: "Mairie"
        case .bib: "Bibliothèque, médiathèque"
        case .rfs: "France Services"
        case .csc: "Centre socioculturel"
        case .epn: "Espace public numérique"
        case .epci: "Intercommunalité"
        case .ccas: "Centre communal d'action sociale"
        case .asso: "Association"
        case .tiersLieux: "Tiers-lieu"
        case .pimms: "Point information médiation multi-services"
        case .mds: "Maison des solidarités"
        case .laPoste: "La Poste"
        }
    }

    /// Whether a place of this typology counts as "in library" for the survey and statistics.
    public var isLibrary: Bool { self == .bib }
}

/// What a place offers the public on site, beyond the national standard **(T)**.
public enum PlaceEquipment: String, CodedVocabulary {
    case wifi
    case publicComputers = "public_computers"
    case tablets, headsets, printer, scanner

    public var label: String {
        switch self {
        case .wifi: "Wi-Fi pour le public"
        case .publicComputers: "Ordinateurs en accès libre"
        case .tablets: "Tablettes"
        case .headsets: "Casques audio"
        case .printer: "Imprimante"
        case .scanner: "Scanner"
        }
    }
}
