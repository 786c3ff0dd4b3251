import Fluent
import Foundation
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem migrate`: brings the database schema up to date, without asking. Safe to run twice, or
/// by two processes at once (two servers started together, a deployment script run twice): the
/// second waits for the first, then finds nothing to do.
struct TandemMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Met à jour le schéma de la base de données (sans danger deux fois, ou par deux processus à la fois)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let console = context.console
        let report = try await SchemaMigration.run(context.application) {
            console.print("Une autre mise à jour du schéma est en cours : attente de sa fin…")
        }
        console.print(report.summary)
    }
}

/// What a migration run did.
struct MigrationReport: Sendable, Equatable {
    /// The names of the migrations this run applied, in order; empty when the schema was up to date.
    let applied: [String]

    var summary: String {
        switch applied.count {
        case 0: "Base de données déjà à jour : aucune migration à appliquer."
        case 1: "Base de données à jour : 1 migration appliquée."
        default: "Base de données à jour : \(applied.count) migrations appliquées."
        }
    }
}

/// Every path that changes the schema goes through here (`tandem migrate`, `tandem serve` and
/// `tandem demo` on SQLite), so that two processes never run the migrations at the same time:
/// Fluent's migrator reads the list of applied migrations, then applies the others, and two
/// migrators interleaved would both try to create the same tables.
///
/// - PostgreSQL: a session-level advisory lock (`pg_advisory_lock`) held on one dedicated
///   connection for the whole run; the migrations themselves run on the other pooled connections.
///   The lock is database-wide and released when that connection closes, even if the process dies.
/// - SQLite: an exclusive `flock` on a file next to the database (`tandem.sqlite.migrate-lock`).
///   SQLite's own write lock cannot serve: the migrations run on other connections, which would
///   wait for it forever. The kernel releases the `flock` when the process dies.
/// - A private in-memory database: nobody else can see it, no lock.
enum SchemaMigration {
    /// The advisory lock's key: "TANDEM" in ASCII. Any other program using advisory locks on the
    /// same database would have to avoid this number.
    static let advisoryLockKey: Int64 = 0x54_41_4E_44_45_4D

    /// How often a waiting process tries the lock again.
    static let retryInterval: Duration = .milliseconds(100)

    /// Applies the migrations not yet applied, under the lock. `onWait` is called once if another
    /// process holds the lock when this one asks for it.
    static func run(_ app: Application, onWait: @escaping @Sendable () -> Void = {}) async throws -> MigrationReport {
        switch app.tandemConfig.storage {
        case .memory:
            return try await migrate(app)
        case let .sqlite(path):
            return try await withFileLock(lockPath(forDatabase: path), onWait: onWait) { try await migrate(app) }
        case .postgres:
            return try await withAdvisoryLock(app, onWait: onWait) { try await migrate(app) }
        }
    }

    /// How many migrations are not applied yet; nil when the schema is not installed at all (no
    /// migrations table). Reads only; no lock. Throws when a newer Tandem has migrated the database.
    static func pendingCount(_ app: Application) async throws -> Int? {
        guard let sql = app.db as? any SQLDatabase else { return 0 }
        struct Row: Decodable { let n: Int }
        let table = MigrationLog.schema
        let exists: Bool
        if app.tandemConfig.storage.isSQLite {
            exists = try await sql.raw("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)")
                .first(decoding: Row.self).map { $0.n > 0 } ?? false
        } else {
            exists = try await sql.raw("SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE tablename = \(bind: table) AND schemaname = ANY(current_schemas(false))")
                .first(decoding: Row.self).map { $0.n > 0 } ?? false
        }
        guard exists else { return nil }
        try refuseNewer(try await unknownApplied(on: app.db), what: "la base de données")
        return try await app.migrator.previewPrepareBatch().get().count
    }

    /// The lock file of a SQLite database: next to it, in the data folder.
    static func lockPath(forDatabase path: String) -> String { path + ".migrate-lock" }

    /// The names of the migrations this version of Tandem knows.
    static var knownNames: Set<String> { Set(tandemMigrations().map(\.name)) }

    /// The migrations recorded in a database that this version does not know: the database was
    /// upgraded by a newer Tandem. Fluent would ignore them and serve a schema the code was not
    /// written for (a downgrade, or an old backup tool); nobody should work on it.
    static func unknownApplied(on db: any Database) async throws -> [String] {
        let known = knownNames
        return try await MigrationLog.query(on: db).all().map(\.name).filter { !known.contains($0) }.sorted()
    }

    /// The refusal when `unknown` is not empty; `what` names the database in the message.
    static func refuseNewer(_ unknown: [String], what: String) throws {
        guard !unknown.isEmpty else { return }
        let shown = unknown.prefix(3).joined(separator: ", ") + (unknown.count > 3 ? "…" : "")
        throw ConfigurationError("\(what) a été mise à jour par une version plus récente de Tandem (migration\(unknown.count > 1 ? "s" : "") inconnue\(unknown.count > 1 ? "s" : "") de celle-ci : \(shown)) : utilisez la version de Tandem qui l'a mise à jour, ou une plus récente. Rien n'a été modifié.")
    }

    private static func migrate(_ app: Application) async throws -> MigrationReport {
        try await app.migrator.setupIfNeeded().get()
        try refuseNewer(try await unknownApplied(on: app.db), what: "la base de données")
        let pending = try await app.migrator.previewPrepareBatch().get()
        guard !pending.isEmpty else { return MigrationReport(applied: []) }
        try await app.migrator.prepareBatch().get()
        return MigrationReport(applied: pending.map(\.0.name))
    }

    // MARK: PostgreSQL

    private static func withAdvisoryLock<T: Sendable>(_ app: Application, onWait: @escaping @Sendable () -> Void,
                                                      _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await app.db.withConnection { db in
            guard let sql = db as? any SQLDatabase else { return try await body() }
            // Polled rather than blocking in pg_advisory_lock, so that the waiting process can say so
            // and can be interrupted.
            var announced = false
            while try await !tryAdvisoryLock(on: sql) {
                if !announced { onWait(); announced = true }
                try await Task.sleep(for: retryInterval)
            }
            do {
                let result = try await body()
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
                return result
            } catch {
                // The connection goes back to the pool: never leave the lock behind on it.
                try? await sql.raw("SELECT pg_advisory_unlock(\(bind: advisoryLockKey))").run()
                throw error
            }
        }
    }

    private static func tryAdvisoryLock(on sql: any SQLDatabase) async throws -> Bool {
        struct Row: Decodable { let locked: Bool }
        return try await sql.raw("SELECT pg_try_advisory_lock(\(bind: advisoryLockKey)) AS locked").first(decoding: Row.self)?.locked ?? false
    }

    // MARK: SQLite

    private static func withFileLock<T: Sendable>(_ path: String, onWait: @escaping @Sendable () -> Void,
                                                  _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigurationError("impossible de créer le verrou de migration « \(path) » : vérifiez les droits sur le dossier de données (TANDEM_DATA).")
        }
        defer { close(fd) }
        // Non-blocking tries: a blocking flock would hold a thread of the pool while it waits.
        // Two opens of the file conflict even within one process (flock locks belong to the open
        // file, not to the process), so two applications in one process are serialised too.
        var announced = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw ConfigurationError("impossible de verrouiller « \(path) » pour la migration (erreur \(code)).")
            }
            if !announced { onWait(); announced = true }
            try await Task.sleep(for: retryInterval)
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }
}
