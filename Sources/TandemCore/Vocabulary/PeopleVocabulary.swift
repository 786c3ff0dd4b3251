// The "People accompanied" lists of TAXONOMY.md.

public enum AgeBracket: String, CodedVocabulary {
    case under12 = "under_12"
    case age12to17 = "12_17"
    case age18to24 = "18_24"
    case age25to39 = "25_39"
    case age40to59 = "40_59"
    case age60to69 = "60_69"
    case age70plus = "70_plus"
    case unknown

    public var label: String {
        switch self {
        case .under12: "Moins de 12 ans"
        case .age12to17: "12 - 17 ans"
        case .age18to24: "18 - 24 ans"
        case .age25to39: "25 - 39 ans"
        case .age40to59: "40 - 59 ans"
        case .age60to69: "60 - 69 ans"
        case .age70plus: "70 ans et plus"
        case .unknown: "Non communiqué"
        }
    }

    /// The bracket of a person born in `birthYear`, on a day of `year`; a followed person's
    /// bracket is always computed this way, never typed.
    public init(birthYear: Int, in year: Int) {
        switch year - birthYear {
        case ..<0: self = .unknown
        case ..<12: self = .under12
        case 12...17: self = .age12to17
        case 18...24: self = .age18to24
        case 25...39: self = .age25to39
        case 40...59: self = .age40to59
        case 60...69: self = .age60to69
        case 70...130: self = .age70plus
        default: self = .unknown
        }
    }
}

public enum SocialStatus: String, CodedVocabulary {
    case retired, unemployed, employed, student, unknown

    public var label: String {
        switch self {
        case .retired: "Retraité"
        case .unemployed: "Sans emploi (dont reconversion)"
        case .employed: "En emploi"
        case .student: "Scolarisé"
        case .unknown: "Non communiqué ou hétérogène"
        }
    }
}

public enum Gender: String, CodedVocabulary {
    case female, male, unknown

    public var label: String {
        switch self {
        case .female: "Féminin"
        case .male: "Masculin"
        case .unknown: "Non communiqué"
        }
    }
}

public enum InternalAudience: String, CodedVocabulary {
    case staff, elected

    public var label: String {
        switch self {
        case .staff: "Agents"
        case .elected: "Élus"
        }
    }
}
