// The "Activity" lists of TAXONOMY.md. Codes never change once released; labels may be reworded.

public enum ActivityKind: String, CodedVocabulary {
    case individual
    case workshop
    case internalTraining = "internal_training"

    public var label: String {
        switch self {
        case .individual: "Accompagnement individuel"
        case .workshop: "Atelier collectif"
        case .internalTraining: "Formation interne (agents, élus)"
        }
    }

    /// Collective kinds count participants instead of describing one person.
    public var isCollective: Bool { self != .individual }
}

public enum LocationKind: String, CodedVocabulary {
    case place, home, remote, other

    public var label: String {
        switch self {
        case .place: "Lieu d'activité"
        case .home: "À domicile"
        case .remote: "À distance"
        case .other: "Autre lieu"
        }
    }

    public var requiresPlace: Bool { self == .place }
    public var requiresCommune: Bool { self == .home || self == .other }
}

public enum Theme: String, CodedVocabulary {
    case diagnosis
    case deviceHandling = "device_handling"
    case deviceMaintenance = "device_maintenance"
    case digitalContent = "digital_content"
    case webBrowsing = "web_browsing"
    case email
    case officeSoftware = "office_software"
    case socialMedia = "social_media"
    case health
    case bankingShopping = "banking_shopping"
    case entrepreneurship
    case employment
    case security
    case parenting
    case schooling
    case creating
    case digitalCulture = "digital_culture"
    case ai
    case adminProcedures = "admin_procedures"
    case purchaseAdvice = "purchase_advice"

    public var label: String {
        switch self {
        case .diagnosis: "Diagnostic numérique"
        case .deviceHandling: "Prendre en main du matériel"
        case .deviceMaintenance: "Maintenance de matériel"
        case .digitalContent: "Gérer ses contenus numériques (documents, photos)"
        case .webBrowsing: "Navigation sur internet"
        case .email: "E-mail"
        case .officeSoftware: "Bureautique"
        case .socialMedia: "Réseaux sociaux communication"
        case .health: "Santé (Ameli, Mon espace santé, prise de rendez-vous médical)"
        case .bankingShopping: "Banque et achats en ligne"
        case .entrepreneurship: "Accompagner un professionnel"
        case .employment: "Insertion professionnelle"
        case .security: "Prévention en sécurité numérique"
        case .parenting: "Parentalité"
        case .schooling: "Scolarité et numérique"
        case .creating: "Créer avec le numérique"
        case .digitalCulture: "Culture numérique"
        case .ai: "Intelligence artificielle (IA)"
        case .adminProcedures: "Aide aux démarches administratives"
        case .purchaseAdvice: "Conseil pour l'achat de matériel"
        }
    }
}

public enum ProcedureDomain: String, CodedVocabulary {
    case papers, family
    case socialHealth = "social_health"
    case work, housing, transport
    case moneyTaxes = "money_taxes"
    case justice, foreigners, leisure, associations

    public var label: String {
        switch self {
        case .papers: "Papiers - Élections - Citoyenneté"
        case .family: "Famille - Scolarité"
        case .socialHealth: "Social - Santé"
        case .work: "Travail - Formation - Entreprise"
        case .housing: "Logement"
        case .transport: "Transports - Mobilité"
        case .moneyTaxes: "Argent - Impôts"
        case .justice: "Justice"
        case .foreigners: "Étrangers - Europe"
        case .leisure: "Loisirs - Sports - Culture"
        case .associations: "Associations"
        }
    }
}

public enum Device: String, CodedVocabulary {
    case computer, phone, tablet, other, none

    public var label: String {
        switch self {
        case .computer: "Ordinateur"
        case .phone: "Téléphone"
        case .tablet: "Tablette"
        case .other: "Autre (objet connecté…)"
        case .none: "Pas de matériel"
        }
    }
}

public enum DeviceOwner: String, CodedVocabulary {
    case beneficiary, structure, mediator

    public var label: String {
        switch self {
        case .beneficiary: "Appareil de la personne accompagnée"
        case .structure: "Matériel de la structure"
        case .mediator: "Matériel du médiateur"
        }
    }
}

public enum InterventionMode: String, CodedVocabulary {
    case guided, demonstrated
    case onBehalf = "on_behalf"

    public var label: String {
        switch self {
        case .guided: "La personne a fait elle-même, guidée (faire avec)"
        case .demonstrated: "Le médiateur a montré, la personne a observé"
        case .onBehalf: "Le médiateur a fait à la place de la personne"
        }
    }
}

public enum Autonomy: String, CodedVocabulary {
    case fullyAssisted = "fully_assisted"
    case partiallyAutonomous = "partially_autonomous"
    case autonomous

    public var label: String {
        switch self {
        case .fullyAssisted: "Avec guidage"
        case .partiallyAutonomous: "Autonome avec guidage en cas de besoin"
        case .autonomous: "Autonome"
        }
    }
}

public enum WorkshopLevel: String, CodedVocabulary {
    case beginner, intermediate, advanced

    public var label: String {
        switch self {
        case .beginner: "Débutant"
        case .intermediate: "Intermédiaire"
        case .advanced: "Avancé"
        }
    }
}

public enum ReferralTarget: String, CodedVocabulary {
    case administration
    case otherMediation = "other_mediation"
    case procedureOperator = "procedure_operator"
    case socialSupport = "social_support"
    case employmentSupport = "employment_support"
    case adminHelp = "admin_help"
    case library
    case other

    public var label: String {
        switch self {
        case .administration: "Administration (mairie, préfecture…)"
        case .otherMediation: "Autre structure de médiation numérique"
        case .procedureOperator: "Opérateur ou organisme en charge de la démarche administrative"
        case .socialSupport: "Structure d'aide sociale (maison des solidarités, centre social…)"
        case .employmentSupport: "Structure d'insertion professionnelle (France Travail, mission locale…)"
        case .adminHelp: "Structure d'aide aux démarches administratives (France Services…)"
        case .library: "Médiathèque ou bibliothèque, pour une ressource précise"
        case .other: "Autre"
        }
    }
}

/// How statistics group durations (TAXONOMY.md, "Duration").
public enum DurationRange: String, CodedVocabulary {
    case under30 = "under_30"
    case from30to60 = "30_60"
    case from60to120 = "60_120"
    case over120 = "120_plus"

    public var label: String {
        switch self {
        case .under30: "moins de 30 min"
        case .from30to60: "30 min à 1 h"
        case .from60to120: "1 h à 2 h"
        case .over120: "2 h et plus"
        }
    }

    public init(minutes: Int) {
        switch minutes {
        case ..<30: self = .under30
        case 30..<60: self = .from30to60
        case 60..<120: self = .from60to120
        default: self = .over120
        }
    }
}
