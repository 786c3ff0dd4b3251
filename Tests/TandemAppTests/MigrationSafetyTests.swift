import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import TandemApp

/// `tandem migrate` run twice, or by two processes at once: the schema ends up complete, the
/// migrations are applied exactly once, and the second run says there was nothing to do. Two
/// applications in one process stand for the two processes: each has its own connections, as two
/// processes would (the SQLite lock is a `flock`, which two opens of a file in one process share
/// no more than two processes do; PostgreSQL's advisory lock belongs to a connection).
@Suite("Migrations run twice or at once")
struct MigrationSafetyTests {
    @Test("SQLite: two migrations at once on a fresh file, then a third finds nothing to do")
    func sqliteConcurrent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-migrate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = AppConfig(storage: .sqlite(path: folder + "/tandem.sqlite"), dataDirectory: folder, bcryptCost: 4)
        try await checkConcurrentMigrations(config)
        #expect(FileManager.default.fileExists(atPath: SchemaMigration.lockPath(forDatabase: folder + "/tandem.sqlite")))
    }

    /// Switching a new file to WAL takes a lock without SQLite's busy handler: two processes
    /// opening the same new file at once made one of them fail with "database is locked" (seen in
    /// CI, about one run in twenty). Several rounds, since the window is short.
    @Test("SQLite: two applications starting at once on a new file both start, in WAL mode")
    func sqliteConcurrentStarts() async throws {
        for _ in 0..<30 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-wal-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let config = AppConfig(storage: .sqlite(path: folder + "/tandem.sqlite"), dataDirectory: folder, bcryptCost: 4)
            async let a = Self.start(config)
            async let b = Self.start(config)
            let apps = await [a, b]
            for case let .success(app) in apps {
                struct Mode: Decodable { let journal_mode: String }
                let mode = try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode").first(decoding: Mode.self)
                #expect(mode?.journal_mode.lowercased() == "wal")
                try await app.asyncShutdown()
            }
            for case let .failure(error) in apps { Issue.record(error, "an application failed to start") }
        }
    }

    @Test("PostgreSQL: two migrations at once on an empty schema, then a third finds nothing to do",
          .enabled(if: TestDatabase.isPostgres))
    func postgresConcurrent() async throws {
        let url = try #require(TestDatabase.postgresURL)
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await PostgresAdmin.run(url: url, "CREATE SCHEMA \(schema)")
        var config = AppConfig(storage: .postgres(url: url), bcryptCost: 4)
        config.postgresSearchPath = [String(schema)]
        do {
            try await checkConcurrentMigrations(config)
        } catch {
            try? await PostgresAdmin.run(url: url, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await PostgresAdmin.run(url: url, "DROP SCHEMA \(schema) CASCADE")
    }

    @Test("PostgreSQL: the advisory lock held elsewhere makes a migration wait, then it proceeds",
          .enabled(if: TestDatabase.isPostgres))
    func postgresWaitsForTheLock() async throws {
        let url = try #require(TestDatabase.postgresURL)
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await PostgresAdmin.run(url: url, "CREATE SCHEMA \(schema)")
        var config = AppConfig(storage: .postgres(url: url), bcryptCost: 4)
        config.postgresSearchPath = [String(schema)]
        let holder = try await Self.makeApp(config)
        let migrating = try await Self.makeApp(config)
        do {
            let waited = Flag()
            try await holder.db.withConnection { db in
                let sql = db as! any SQLDatabase
                try await sql.raw("SELECT pg_advisory_lock(\(bind: SchemaMigration.advisoryLockKey))").run()
                let task = Task { try await SchemaMigration.run(migrating) { waited.set() } }
                // The other migration announces that it waits (within 20 s, however loaded the machine).
                for _ in 0..<200 where !waited.isSet { try await Task.sleep(for: .milliseconds(100)) }
                #expect(waited.isSet)
                #expect(try await SchemaMigration.pendingCount(migrating) == nil)
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: SchemaMigration.advisoryLockKey))").run()
                let report = try await task.value
                #expect(!report.applied.isEmpty)
            }
            #expect(try await SchemaMigration.pendingCount(migrating) == 0)
        } catch {
            try? await holder.asyncShutdown()
            try? await migrating.asyncShutdown()
            try? await PostgresAdmin.run(url: url, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await holder.asyncShutdown()
        try await migrating.asyncShutdown()
        try await PostgresAdmin.run(url: url, "DROP SCHEMA \(schema) CASCADE")
    }

    @Test("A database migrated by a newer Tandem is refused by migrate and by a server's check, unchanged")
    func newerDatabaseRefused() async throws {
        try await TestApp.run { t in
            #expect(try await SchemaMigration.unknownApplied(on: t.db).isEmpty)
            try await MigrationLog(name: "TandemApp.AddSomethingLater", batch: 99).create(on: t.db)
            let rows = try await MigrationLog.query(on: t.db).count()
            for attempt in [
                { _ = try await SchemaMigration.run(t.app) },
                { _ = try await SchemaMigration.pendingCount(t.app) },
            ] as [@Sendable () async throws -> Void] {
                do {
                    try await attempt()
                    Issue.record("a newer database was accepted")
                } catch let error as ConfigurationError {
                    #expect(error.message.contains("version plus récente de Tandem"), "\(error.message)")
                    #expect(error.message.contains("TandemApp.AddSomethingLater"))
                }
            }
            #expect(try await MigrationLog.query(on: t.db).count() == rows)
        }
    }

    @Test("The report says what was done")
    func summaries() {
        #expect(MigrationReport(applied: []).summary == "Base de données déjà à jour : aucune migration à appliquer.")
        #expect(MigrationReport(applied: ["A"]).summary == "Base de données à jour : 1 migration appliquée.")
        #expect(MigrationReport(applied: ["A", "B"]).summary == "Base de données à jour : 2 migrations appliquées.")
    }

    // MARK: Helpers

    /// Two applications on the same database migrate at once: one applies every migration, the
    /// other none, each migration is logged once, and a third run finds nothing to do.
    private func checkConcurrentMigrations(_ config: AppConfig) async throws {
        let first = try await Self.makeApp(config)
        let second = try await Self.makeApp(config)
        do {
            #expect(try await SchemaMigration.pendingCount(first) == nil)
            async let a = SchemaMigration.run(first)
            async let b = SchemaMigration.run(second)
            let reports = try await [a, b]
            let total = try await SchemaMigration.pendingCount(first)
            #expect(total == 0)
            let applied = reports.map(\.applied.count).sorted()
            #expect(applied[0] == 0, "the second run found nothing to do")
            #expect(applied[1] > 10, "the first run applied every migration")
            let names = try await MigrationLog.query(on: first.db).all().map(\.name)
            #expect(names.count == applied[1])
            #expect(Set(names).count == names.count, "each migration is logged once")
            // The schema is usable from both.
            #expect(try await UserModel.query(on: second.db).count() == 0)
            let again = try await SchemaMigration.run(second)
            #expect(again.applied.isEmpty)
            #expect(again.summary.contains("déjà à jour"))
        } catch {
            try? await first.asyncShutdown()
            try? await second.asyncShutdown()
            throw error
        }
        try await first.asyncShutdown()
        try await second.asyncShutdown()
    }

    private static func start(_ config: AppConfig) async -> Result<Application, any Error> {
        do { return .success(try await makeApp(config)) } catch { return .failure(error) }
    }

    private static func makeApp(_ config: AppConfig) async throws -> Application {
        TestLogging.bootstrap
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await app.asyncBoot()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
