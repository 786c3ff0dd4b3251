import Foundation

/// One activity as an export row needs it: the record, and the names behind its ids (read by the
/// store in the same query).
public struct ActivityExportRecord: Sendable, Equatable {
    public var id: UUID
    public var details: ActivityDetails
    public var placeName: String?
    public var placeCommune: String?
    public var placePostalCode: String?
    public var resourceName: String?
    public var mediatorName: String?

    public init(id: UUID, details: ActivityDetails, placeName: String? = nil, placeCommune: String? = nil,
                placePostalCode: String? = nil, resourceName: String? = nil, mediatorName: String? = nil) {
        self.id = id
        self.details = details
        self.placeName = placeName
        self.placeCommune = placeCommune
        self.placePostalCode = placePostalCode
        self.resourceName = resourceName
        self.mediatorName = mediatorName
    }
}

/// The columns of the activities export, one row per activity. Where the national activity
/// report ("La Coop de la médiation numérique") has a column for the same thing, the header is
/// its header, word for word, so that people who know that export recognise this one; the others
/// are Tandem's own (device owner, intervention mode, mandate, internal audience, resource).
public enum ActivityColumn: String, CaseIterable, Sendable {
    case date, startTime, mediator, kind, channel, placeName, commune, postalCode, duration, title
    case participants, audiences, devices, deviceOwners, themes, procedureDomains, procedureName
    case interventionMode, mandate, autonomyOrLevel, referral, resource, gender, ageBracket, socialStatus
    case notes, id

    public var header: String {
        switch self {
        case .date: "Date"
        case .startTime: "Heure de début"
        case .mediator: "Médiateur"
        case .kind: "Type"
        case .channel: "Canaux d’accompagnement"
        case .placeName: "Nom du lieu"
        case .commune: "Commune"
        case .postalCode: "Code postal"
        case .duration: "Durée (min)"
        case .title: "Nom de l’atelier"
        case .participants: "Nombre de participants"
        case .audiences: "Public interne"
        case .devices: "Matériel numérique utilisé"
        case .deviceOwners: "Propriétaire du matériel"
        case .themes: "Thématique(s) d’accompagnement"
        case .procedureDomains: "Domaine(s) de la démarche administrative"
        case .procedureName: "Nom de la démarche administrative"
        case .interventionMode: "Façon d’accompagner"
        case .mandate: "Mandat Aidants Connect"
        case .autonomyOrLevel: "Niveau d’autonomie (ou de l’atelier)"
        case .referral: "Structure de redirection"
        case .resource: "Ressource recommandée"
        case .gender: "Genre"
        case .ageBracket: "Tranche d’âge"
        case .socialStatus: "Statut"
        case .notes: "Notes supplémentaires"
        case .id: "Identifiant"
        }
    }

    /// A spreadsheet column width, in characters.
    public var width: Double {
        switch self {
        case .date, .startTime, .duration, .postalCode, .participants, .mandate: 12
        case .notes, .themes: 50
        case .id: 38
        default: 24
        }
    }

    public func cell(_ record: ActivityExportRecord) -> ExportCell {
        let details = record.details
        switch self {
        case .date: return .date(details.date)
        case .startTime: return text(details.startTime?.text)
        case .mediator: return text(record.mediatorName)
        case .kind: return .text(details.kind.label)
        case .channel: return .text(details.locationKind.label)
        case .placeName: return text(details.locationKind == .place ? record.placeName : nil)
        case .commune: return text(details.locationKind == .place ? record.placeCommune : details.commune)
        case .postalCode: return text(details.locationKind == .place ? record.placePostalCode : nil)
        case .duration: return .integer(details.durationMinutes)
        case .title: return text(details.title)
        case .participants: return .integer(details.participantCount)
        case .audiences: return list(Self.audiences(details.participants))
        case .devices: return list(details.devices)
        case .deviceOwners: return list(details.deviceOwners)
        case .themes: return list(details.themes)
        case .procedureDomains: return list(details.procedureDomains)
        case .procedureName: return text(details.procedureName)
        case .interventionMode: return text(details.interventionMode?.label)
        case .mandate: return text(details.mandate.map { $0 ? "Oui" : "Non" })
        case .autonomyOrLevel: return text(details.autonomy?.label ?? details.workshopLevel?.label)
        case .referral: return text(details.referralTarget?.label)
        case .resource: return text(record.resourceName)
        case .gender: return text(Self.people(details.participants, \.gender, \.genderBreakdown))
        case .ageBracket: return text(Self.people(details.participants, \.ageBracket, \.ageBreakdown))
        case .socialStatus: return text(Self.people(details.participants, \.socialStatus, \.statusBreakdown))
        case .notes: return text(details.notes)
        case .id: return .text(record.id.uuidString.lowercased())
        }
    }

    private func text(_ value: String?) -> ExportCell {
        guard let value, !value.isEmpty else { return .empty }
        return .text(value)
    }

    /// Several values in one cell, as the page lists them: "E-mail, Santé (…)".
    private func list<V: CodedVocabulary>(_ values: [V]) -> ExportCell {
        text(values.map(\.label).joined(separator: ", "))
    }

    private static func audiences(_ participants: Participants) -> [InternalAudience] {
        if case let .training(training) = participants { return training.audiences }
        return []
    }

    /// The person's value for an individual session; for a workshop, each described bracket with
    /// its count and the rest as « Non communiqué » ("70 ans et plus : 4, Non communiqué : 2");
    /// nothing for an internal training (agents and elected officials are not the public).
    static func people<V: CodedVocabulary>(_ participants: Participants, _ person: KeyPath<AnonymousPerson, V>,
                                           _ breakdown: KeyPath<GroupParticipants, [V: Int]>) -> String? {
        switch participants {
        case let .individual(one):
            return one[keyPath: person].label
        case let .group(group):
            var counts = group[keyPath: breakdown].filter { $0.value > 0 }
            let rest = group.count - counts.values.reduce(0, +)
            if rest > 0, let unknown = V(code: "unknown") { counts[unknown, default: 0] += rest }
            return V.allCases.compactMap { value in counts[value].map { "\(value.label) : \($0)" } }.joined(separator: ", ")
        case .training:
            return nil
        }
    }
}

/// The columns one reader gets. Names and notes depend on who exports (docs/decisions.md,
/// "Exports"): the mediator's name for those who see it in the lists, notes only in a mediator's
/// export of their own records.
public struct ActivitySheet: Sendable, Equatable {
    public let columns: [ActivityColumn]

    public init(includesMediator: Bool, includesNotes: Bool) {
        columns = ActivityColumn.allCases.filter { column in
            switch column {
            case .mediator: includesMediator
            case .notes: includesNotes
            default: true
            }
        }
    }

    public var headers: [String] { columns.map(\.header) }

    public func cells(_ record: ActivityExportRecord) -> [ExportCell] {
        columns.map { $0.cell(record) }
    }
}
