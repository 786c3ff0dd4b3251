import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import TandemApp

@Suite("Configuration and storage")
struct ConfigurationTests {
    @Test("No DATABASE_URL: SQLite in TANDEM_DATA, created if missing")
    func defaultsToSQLite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-conf-\(UUID().uuidString)/nested").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try AppConfig.fromEnvironment(["TANDEM_DATA": folder])
        #expect(config.storage == .sqlite(path: folder + "/tandem.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder))
        let defaults = try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "LOG_FORMAT": "json"])
        #expect(defaults.logFormat == .json)
        #expect(defaults.registrationRetentionDays == 30)
        #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "TANDEM_REGISTRATION_RETENTION_DAYS": "90"]).registrationRetentionDays == 90)
    }

    @Test("A bad DATABASE_URL or data folder is one clear French line")
    func badConfiguration() throws {
        let cases: [([String: String], String)] = [
            (["DATABASE_URL": "mysql://u:p@h/db"], "postgres://"),
            (["DATABASE_URL": "postgres://"], "serveur"),
            (["DATABASE_URL": "postgres://user@host"], "base"),
            (["DATABASE_URL": "not a url at all"], "DATABASE_URL"),
            (["TANDEM_DATA": "/proc/tandem-cannot-exist"], "TANDEM_DATA"),
            (["LOG_FORMAT": "xml"], "LOG_FORMAT"),
            (["TANDEM_REGISTRATION_RETENTION_DAYS": "0"], "TANDEM_REGISTRATION_RETENTION_DAYS"),
            (["TANDEM_REGISTRATION_RETENTION_DAYS": "trente"], "entre 1 et 3650"),
        ]
        for (environment, expected) in cases {
            do {
                _ = try AppConfig.fromEnvironment(environment)
                Issue.record("accepted \(environment)")
            } catch let error as ConfigurationError {
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
        let valid = try AppConfig.fromEnvironment(["DATABASE_URL": "postgres://tandem:secret@localhost:5432/tandem"])
        #expect(valid.storage == .postgres(url: "postgres://tandem:secret@localhost:5432/tandem"))
    }

    @Test("The SQLite file runs in WAL mode with foreign keys on")
    func sqlitePragmas() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let sql = try #require(t.db as? any SQLDatabase)
            struct Mode: Decodable { let journal_mode: String }
            let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)
            #expect(mode?.journal_mode == "wal")
            struct Keys: Decodable { let foreign_keys: Int }
            let keys = try await sql.raw("PRAGMA foreign_keys").first(decoding: Keys.self)
            #expect(keys?.foreign_keys == 1)
        }
    }

    @Test("The database refuses an activity whose place does not exist (foreign keys)")
    func foreignKeysEnforced() async throws {
        try await TestApp.run { t in
            let model = try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1)
            model.placeId = UUID()
            await #expect(throws: (any Error).self) { try await model.update(on: t.db) }
        }
    }

    @Test("Migrations revert cleanly and apply again")
    func migrationsRevert() async throws {
        try await TestApp.run { t in
            try await t.app.autoRevert()
            try await t.app.autoMigrate()
            #expect(try await ActivityModel.query(on: t.db).count() == 0)
        }
    }
}
