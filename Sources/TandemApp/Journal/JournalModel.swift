import Fluent
import Foundation
import TandemCore
import Vapor

/// One line of the append-only journal (`journal_entries`). The database itself refuses to change
/// or remove a line (triggers, see `CreateJournal`), so that even a bug or a stolen admin account
/// cannot rewrite history from the application. A line holds ids, codes and counts only: never a
/// person's name, phone or notes.
final class JournalEntryModel: Model, @unchecked Sendable {
    static let schema = "journal_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    /// The account that acted; nil for the command line or the server's own tasks (retention).
    @OptionalField(key: "actor_id") var actorId: UUID?
    @OptionalField(key: "actor_role") var actorRole: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "record_kind") var recordKind: String?
    @OptionalField(key: "record_id") var recordId: UUID?
    /// The structure the record belongs to, so that the journal can be filtered by structure.
    @OptionalField(key: "structure_id") var structureId: UUID?
    /// A short, non-personal precision: a count, a format, the id of the merged duplicate.
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(_ entry: JournalEntry, at: Date = Date()) {
        id = UUID.random()
        self.at = at
        actorId = entry.actorId
        actorRole = entry.actorRole?.code
        action = entry.action.code
        recordKind = entry.action.recordKind?.rawValue
        recordId = entry.recordId
        structureId = entry.structureId
        detail = entry.detail.map { String($0.prefix(200)) }
    }
}

/// What to write in the journal.
struct JournalEntry: Sendable, Equatable {
    var action: JournalAction
    var actorId: UUID?
    var actorRole: Role?
    var recordId: UUID?
    var structureId: UUID?
    var detail: String?

    init(_ action: JournalAction, by actor: Actor?, record: UUID? = nil, structure: UUID? = nil, detail: String? = nil) {
        self.action = action
        actorId = actor?.id
        actorRole = actor?.role
        recordId = record
        structureId = structure
        self.detail = detail
    }
}

/// Writes journal entries. Call it on the transaction's database when the change is made in one,
/// so that the entry and the change are written together or not at all.
struct JournalStore {
    let db: any Database

    func record(_ entry: JournalEntry) async throws {
        try await JournalEntryModel(entry).create(on: db)
    }
}

extension Request {
    var journal: JournalStore { JournalStore(db: db) }
}
