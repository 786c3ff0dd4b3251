/// What a journal entry records. The journal says who did what to which record and when — never
/// the personal data itself — so that a structure can answer "who looked at my file?" and an
/// administrator can audit sign-ins, exports and account changes.
public enum JournalAction: String, CaseIterable, Sendable, Codable {
    case personCreated = "person.created"
    case personUpdated = "person.updated"
    case personViewed = "person.viewed"
    case personExported = "person.exported"
    case personMerged = "person.merged"
    case personErased = "person.erased"
    /// Erased by the retention task: no session for the configured time.
    case personAnonymised = "person.anonymised"
    case signIn = "sign_in"
    case signInFailed = "sign_in.failed"
    case signInThrottled = "sign_in.throttled"
    case signOut = "sign_out"
    case activitiesExported = "activities.exported"
    case accountCreated = "account.created"
    case accountChanged = "account.changed"
    case tokenCreated = "token.created"

    public var code: String { rawValue }

    public init?(code: String) { self.init(rawValue: code) }

    /// What an administrator reads in the journal.
    public var label: String {
        switch self {
        case .personCreated: "Personne suivie créée"
        case .personUpdated: "Personne suivie modifiée"
        case .personViewed: "Fiche d'une personne consultée"
        case .personExported: "Données d'une personne exportées"
        case .personMerged: "Doublons fusionnés"
        case .personErased: "Personne effacée à sa demande"
        case .personAnonymised: "Personne anonymisée (durée de conservation)"
        case .signIn: "Connexion"
        case .signInFailed: "Connexion refusée"
        case .signInThrottled: "Connexion bloquée (trop d'essais)"
        case .signOut: "Déconnexion"
        case .activitiesExported: "Export des activités"
        case .accountCreated: "Compte créé"
        case .accountChanged: "Compte modifié"
        case .tokenCreated: "Jeton d'API créé"
        }
    }

    /// The kind of record the entry's record id names, if any.
    public var recordKind: JournalRecordKind? {
        switch self {
        case .personCreated, .personUpdated, .personViewed, .personExported, .personMerged, .personErased, .personAnonymised: .person
        case .signIn, .signInFailed, .signInThrottled, .signOut, .accountCreated, .accountChanged, .tokenCreated: .account
        case .activitiesExported: nil
        }
    }
}

public enum JournalRecordKind: String, CaseIterable, Sendable, Codable {
    case person
    case account

    public var label: String {
        switch self {
        case .person: "Personne suivie"
        case .account: "Compte"
        }
    }
}
