import Fluent
import SQLKit

/// The journal's table. Helper A adds the triggers that make it append-only.
struct CreateJournal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JournalEntryModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_role", .string)
            .field("action", .string, .required)
            .field("record_kind", .string)
            .field("record_id", .uuid)
            .field("structure_id", .uuid)
            .field("detail", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JournalEntryModel.schema).delete()
    }
}
