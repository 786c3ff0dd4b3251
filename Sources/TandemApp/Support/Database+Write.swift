import Fluent
import SQLKit

extension Database {
    /// Runs `body` in a transaction that takes the write lock at once. On SQLite a plain BEGIN
    /// starts as a reader and can fail with SQLITE_BUSY when it later writes while another
    /// connection has committed; BEGIN IMMEDIATE waits for the lock instead.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(body)
        }
        return try await withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await body(connection) }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    var isSQLite: Bool { (self as? any SQLDatabase)?.dialect.name == "sqlite" }
}
