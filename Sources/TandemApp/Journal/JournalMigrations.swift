import Fluent
import SQLKit

/// The journal's table, its indexes, and the triggers that make it append-only.
///
/// Why triggers: the application only ever inserts, but a bug, a careless script or a stolen
/// administrator account could still run an UPDATE or a DELETE through the same connection. The
/// database refuses them itself, whatever the code above it does. Dropping the table (a
/// migration's revert, a DBA with the owner's rights) stays possible: that is an act on the schema,
/// done outside the application, and leaves its own trace in the server's logs.
struct CreateJournal: AsyncMigration {
    static let refusal = "journal_entries is append-only"
    /// The PostgreSQL function the triggers call.
    static let postgresFunction = "journal_entries_refuse_change"

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
        guard let sql = database as? any SQLDatabase else { return }
        // The admin page reads newest first; "who touched this file?" asks by record.
        try await sql.create(index: "journal_entries_at").on(JournalEntryModel.schema).column("at").run()
        try await sql.create(index: "journal_entries_record").on(JournalEntryModel.schema).column("record_id").run()
        for statement in Self.triggerStatements(dialect: sql.dialect.name) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for statement in Self.dropStatements(dialect: sql.dialect.name) {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
        try await database.schema(JournalEntryModel.schema).delete()
    }

    /// SQLite has no trigger functions: one trigger per refused statement, each raising an abort,
    /// which rolls the statement back. PostgreSQL: one plpgsql function raising an exception, called
    /// before each row's UPDATE or DELETE, and before a TRUNCATE (which fires no row trigger).
    static func triggerStatements(dialect: String) -> [String] {
        let table = JournalEntryModel.schema
        switch dialect {
        case "sqlite":
            return ["UPDATE", "DELETE"].map { operation in
                """
                CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table) \
                BEGIN SELECT RAISE(ABORT, '\(refusal)'); END;
                """
            }
        case "postgresql":
            return [
                """
                CREATE FUNCTION \(postgresFunction)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '\(refusal)';
                END;
                $$
                """,
                "CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(postgresFunction)()",
                "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION \(postgresFunction)()",
            ]
        default:
            // Tandem runs on SQLite or PostgreSQL only (DESIGN.md); another database would keep
            // the application's own rule, inserts only, without the database's guarantee.
            return []
        }
    }

    static func dropStatements(dialect: String) -> [String] {
        let table = JournalEntryModel.schema
        switch dialect {
        case "sqlite":
            return ["DROP TRIGGER IF EXISTS \(table)_no_update", "DROP TRIGGER IF EXISTS \(table)_no_delete"]
        case "postgresql":
            return [
                "DROP TRIGGER IF EXISTS \(table)_no_change ON \(table)",
                "DROP TRIGGER IF EXISTS \(table)_no_truncate ON \(table)",
                "DROP FUNCTION IF EXISTS \(postgresFunction)()",
            ]
        default:
            return []
        }
    }
}
