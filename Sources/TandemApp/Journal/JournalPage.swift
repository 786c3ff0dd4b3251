import Fluent
import Foundation
import TandemCore

/// The names the journal shows beside its ids: every account and every structure, read once per
/// page (a territory has hundreds of accounts at most). Never a followed person's name: a person
/// is shown by id only, since an administrator may not open their file.
struct JournalNames: Sendable {
    struct Account: Sendable {
        let name: String
        let roleLabel: String
    }

    let accounts: [UUID: Account]
    let structures: [UUID: String]
    /// For the select lists, in alphabetical order.
    let accountChoices: [(id: UUID, label: String)]
    let structureChoices: [(id: UUID, label: String)]

    static func load(on db: any Database) async throws -> JournalNames {
        let users = try await UserModel.query(on: db).sort(\.$displayName).all()
        let structures = try await StructureModel.query(on: db).sort(\.$name).all()
        var accounts: [UUID: Account] = [:]
        var accountChoices: [(UUID, String)] = []
        for user in users {
            guard let id = user.id else { continue }
            let account = Account(name: user.displayName, roleLabel: Role(code: user.role)?.label ?? user.role)
            accounts[id] = account
            accountChoices.append((id, "\(account.name) (\(account.roleLabel))"))
        }
        let structureChoices = structures.compactMap { structure in structure.id.map { ($0, structure.name) } }
        return JournalNames(accounts: accounts, structures: Dictionary(uniqueKeysWithValues: structureChoices),
                            accountChoices: accountChoices, structureChoices: structureChoices)
    }

    static let commandLine = "Ligne de commande / tâche automatique"

    /// Who acted, as read in the journal: the account's name and the role it had then.
    func actor(of entry: JournalEntryModel) -> String {
        guard let id = entry.actorId else { return Self.commandLine }
        let role = entry.actorRole.flatMap { Role(code: $0)?.label } ?? accounts[id]?.roleLabel
        let name = accounts[id]?.name ?? "Compte inconnu \(id.uuidString.lowercased())"
        return role.map { "\(name) (\($0))" } ?? name
    }

    /// The record's kind, with the account's name when the record is an account.
    func record(of entry: JournalEntryModel) -> String? {
        guard let kind = entry.recordKind.flatMap(JournalRecordKind.init(rawValue:)) else { return nil }
        guard kind == .account, let id = entry.recordId, let account = accounts[id] else { return kind.label }
        return "\(kind.label) — \(account.name)"
    }

    func structure(of entry: JournalEntryModel) -> String? {
        entry.structureId.map { structures[$0] ?? $0.uuidString.lowercased() }
    }
}

/// One line of the journal, every text in French.
struct JournalRow: Encodable {
    /// `15/01/2026 14:32:05`, Paris time.
    let when: String
    /// The same instant for `<time datetime>`.
    let isoWhen: String
    let action: String
    let who: String
    let record: String?
    let recordId: String?
    let structure: String?
    let detail: String?

    init(_ entry: JournalEntryModel, names: JournalNames) {
        when = JournalTime.french(entry.at)
        isoWhen = JournalTime.iso(entry.at)
        action = JournalAction(code: entry.action)?.label ?? entry.action
        who = names.actor(of: entry)
        record = names.record(of: entry)
        recordId = entry.recordId?.uuidString.lowercased()
        structure = names.structure(of: entry)
        detail = entry.detail
    }
}

/// Instants as the journal shows them: in Paris, to the second.
enum JournalTime {
    static func french(_ instant: Date) -> String {
        let c = LocalDate.parisCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!, c.second!)
    }

    static func iso(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = LocalDate.paris
        return formatter.string(from: instant)
    }
}

struct JournalPage: Encodable {
    let layout: Layout
    let filters: [FormField]
    let filtersOpen: Bool
    let errorSummary: [ActivityFormPage.FieldErrorLink]
    let rows: [JournalRow]
    /// False when the filters are wrong: no list is shown then, only the form to correct.
    let hasResults: Bool
    let csvHref: String?
    let previousHref: String?
    let nextHref: String?
    let pageNumber: Int
}

/// The filter form's fields, with the values as typed and each error beside its field.
enum JournalFilterForm {
    static func fields(_ query: JournalQuery, failure: ValidationFailure?, names: JournalNames) -> [FormField] {
        typealias Field = JournalQuery.Field
        func error(_ field: Field) -> String? { failure?.message(for: field.rawValue) }
        let actions = JournalAction.allCases.map { ($0.code, $0.label) }
        let accounts = names.accountChoices.map { ($0.id.uuidString.lowercased(), $0.label) }
        let structures = names.structureChoices.map { ($0.id.uuidString.lowercased(), $0.label) }
        var record = FormField(type: "text", name: Field.record.rawValue, id: "filtre-enregistrement", label: "Identifiant de l'enregistrement",
                               hint: "L'identifiant d'une personne suivie ou d'un compte, tel qu'il apparaît dans le journal.",
                               error: error(.record), value: query.value(.record) ?? "")
        record.maxLength = "36"
        record.autocomplete = "off"
        return [
            select(.action, label: "Action", all: "Toutes les actions", actions, query: query, error: error(.action)),
            select(.account, label: "Compte", all: "Tous les comptes", accounts, query: query, error: error(.account)),
            record,
            select(.structure, label: "Structure", all: "Toutes les structures", structures, query: query, error: error(.structure)),
            FormField(type: "date", name: Field.from.rawValue, id: "filtre-du", label: "Du", hint: "Premier jour, inclus.",
                      error: error(.from), value: query.value(.from) ?? ""),
            FormField(type: "date", name: Field.to.rawValue, id: "filtre-au", label: "Au", hint: "Dernier jour, inclus.",
                      error: error(.to), value: query.value(.to) ?? ""),
        ]
    }

    private static func select(_ field: JournalQuery.Field, label: String, all: String, _ choices: [(String, String)],
                               query: JournalQuery, error: String?) -> FormField {
        let selected = query.value(field)?.lowercased() ?? ""
        let name = field.rawValue
        let options = [FormOption(value: "", label: all, id: "filtre-\(name)-tous", checked: selected.isEmpty)]
            + choices.map { FormOption(value: $0.0, label: $0.1, id: "filtre-\(name)-\($0.0)", checked: $0.0.lowercased() == selected) }
        return FormField(type: "select", name: name, id: "filtre-\(name)", label: label, error: error, options: options)
    }
}
