import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
@testable import TandemApp

/// `tandem backup` and `tandem restore` (SQLite), and `tandem rollups check`.
@Suite("Backups and restores of the SQLite database")
struct BackupTests {
    static func folder(_ t: TestApp) -> String { t.app.tandemConfig.dataDirectory }

    static func ids(_ db: any Database) async throws -> Set<UUID> {
        Set(try await ActivityModel.query(on: db).all().compactMap(\.id))
    }

    /// The files of the data folder other than the database and its locks: nothing is left behind.
    static func leftovers(_ t: TestApp) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder(t)).filter {
            $0.contains(".restauration-") || $0.contains(".partiel-")
        }
    }

    /// One activity recorded, then a backup named `name` in the data folder: its path, and the
    /// activities' ids that the current database must still hold after a refused restore.
    static func oneRecordBackedUp(_ t: TestApp, as name: String) async throws -> (path: String, ids: Set<UUID>) {
        _ = try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1)
        let path = folder(t) + "/" + name
        _ = try await Backups(app: t.app).backup(to: path, force: false)
        return (path, try await ids(t.db))
    }

    @Test("Round trip: records, backup, more changes, restore: the records are those of the backup, and the rollups agree")
    func roundTrip() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let f = t.fixture
            for day in 1...3 { _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: String(format: "2026-02-%02d", day)) }
            let atBackup = try await Self.ids(t.db)
            let file = Self.folder(t) + "/sauvegarde.sqlite"
            let report = try await Backups(app: t.app).backup(to: file, force: false)
            #expect(report.summary.count(of: "activités") == 3)
            #expect(report.summary.sizeBytes > 0)
            #expect(report.text.contains("intégrité vérifiée"))
            #expect(try Self.leftovers(t).isEmpty)

            // After the backup: two more records, one of the first three deleted.
            _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-03-01")
            _ = try await t.record(by: f.mediatorA2, place: f.placeA2, date: "2026-03-02")
            try await t.app.activities.delete(try #require(try await ActivityModel.find(atBackup.first!, on: t.db)))
            #expect(try await t.activityCount() == 4)

            let restored = try await Backups(app: t.app).restore(from: file)
            #expect(restored.summary.count(of: "activités") == 3)
            let kept = try #require(restored.kept)
            #expect(kept.contains("tandem.sqlite.avant-restauration-"))
            #expect(FileManager.default.fileExists(atPath: kept))
            #expect(try Self.leftovers(t).isEmpty)
            // The application reopens the database: the records are those at backup time.
            #expect(try await Self.ids(t.db) == atBackup)
            #expect(try await Rollups.check(on: t.db).isConsistent)
            // The database set aside still holds the state before the restore.
            let before = try await Backups.inspect(kept, shownAs: kept, app: t.app)
            #expect(before.count(of: "activités") == 4)
            // The backup file itself was not changed by the restore's migration.
            #expect(try await Backups.inspect(file, shownAs: file, app: t.app).count(of: "activités") == 3)
        }
    }

    @Test("A backup never overwrites a file unless asked, nor writes over the database itself")
    func backupTargets() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let file = Self.folder(t) + "/existe.sqlite"
            FileManager.default.createFile(atPath: file, contents: Data("à garder".utf8))
            await #expect(throws: ConfigurationError.self) { try await Backups(app: t.app).backup(to: file, force: false) }
            #expect(FileManager.default.contents(atPath: file) == Data("à garder".utf8))
            let forced = try await Backups(app: t.app).backup(to: file, force: true)
            #expect(forced.summary.count(of: "comptes") == 7)
            await #expect(throws: ConfigurationError.self) { try await Backups(app: t.app).backup(to: Self.folder(t) + "/tandem.sqlite", force: true) }
            await #expect(throws: ConfigurationError.self) { try await Backups(app: t.app).backup(to: Self.folder(t) + "/absent/x.sqlite", force: false) }
            // A path with a quote is bound, not written into the statement.
            let quoted = Self.folder(t) + "/l'été.sqlite"
            #expect(try await Backups(app: t.app).backup(to: quoted, force: false).summary.count(of: "activités") == 0)
            #expect(try Self.leftovers(t).isEmpty)
        }
    }

    @Test("Bad files are refused with a clear French message, and the current database is untouched")
    func badFiles() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let (good, before) = try await Self.oneRecordBackedUp(t, as: "bonne.sqlite")
            let folder = Self.folder(t)

            let text = folder + "/texte.txt"
            FileManager.default.createFile(atPath: text, contents: Data("pas une base\n".utf8))
            let other = folder + "/autre.sqlite"
            let otherApp = try await Application.make(.testing)
            otherApp.databases.use(.sqlite(.file(other)), as: .sqlite)
            try await (otherApp.db as! any SQLDatabase).raw("CREATE TABLE notes (x TEXT)").run()
            try await otherApp.asyncShutdown()
            let truncated = folder + "/tronquee.sqlite"
            let goodData = try #require(FileManager.default.contents(atPath: good))
            FileManager.default.createFile(atPath: truncated, contents: goodData.prefix(goodData.count / 2))
            let corrupt = folder + "/abimee.sqlite"
            var damaged = goodData
            let start = min(8192, damaged.count - 4096)
            damaged.replaceSubrange(start..<(start + 4096), with: Data(repeating: 0x5A, count: 4096))
            FileManager.default.createFile(atPath: corrupt, contents: damaged)

            let cases: [(String, String)] = [
                (folder + "/absente.sqlite", "n'existe pas"),
                (text, "n'est pas une base SQLite"),
                (other, "pas une base Tandem"),
                (truncated, "endommagé"),
                (corrupt, "endommagé"),
                (folder, "dossier"),
            ]
            for (path, expected) in cases {
                do {
                    _ = try await Backups(app: t.app).restore(from: path)
                    Issue.record("\(path) was restored")
                } catch let error as ConfigurationError {
                    #expect(error.message.contains(expected), "\(path): \(error.message)")
                }
            }
            #expect(try Self.leftovers(t).isEmpty)
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.contains("avant-restauration") }))
            #expect(try await Self.ids(t.db) == before)
        }
    }

    @Test("A backup made by a newer Tandem (a migration this version does not know) is refused, the current database untouched")
    func newerBackupRefused() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let (file, before) = try await Self.oneRecordBackedUp(t, as: "future.sqlite")
            // The backup as a future version would leave it: one more migration recorded.
            let future = try await Application.make(.testing)
            future.databases.use(.sqlite(.file(file)), as: .sqlite)
            try await MigrationLog(name: "TandemApp.AddSomethingLater", batch: 99).create(on: future.db)
            try await future.asyncShutdown()
            do {
                _ = try await Backups(app: t.app).restore(from: file)
                Issue.record("a newer backup was restored")
            } catch let error as ConfigurationError {
                #expect(error.message.contains("version plus récente de Tandem"), "\(error.message)")
                #expect(error.message.contains("TandemApp.AddSomethingLater"))
            }
            #expect(try Self.leftovers(t).isEmpty)
            #expect(try await Self.ids(t.db) == before)
        }
    }

    @Test("A restore is refused while a server holds the data folder")
    func refusedWhileServing() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await TestApp.run { t in
            let file = Self.folder(t) + "/sauvegarde.sqlite"
            _ = try await Backups(app: t.app).backup(to: file, force: false)
            var serving: DataFolderLock? = try #require(try DataFolderLock.shared(in: Self.folder(t)))
            // A second server may share the folder; a restore may not.
            #expect(try DataFolderLock.shared(in: Self.folder(t)) != nil)
            do {
                _ = try await Backups(app: t.app).restore(from: file)
                Issue.record("restored under a running server")
            } catch let error as ConfigurationError {
                #expect(error.message.contains("un serveur Tandem utilise la base"))
            }
            #expect(serving != nil)
            serving = nil
            // Once the server is gone (its lock released with the process), a restore may run;
            // while it holds the folder, a server refuses to start.
            let restoring = try #require(try DataFolderLock.exclusive(in: Self.folder(t)))
            #expect(try DataFolderLock.shared(in: Self.folder(t)) == nil)
            withExtendedLifetime(restoring) {}
        }
    }

    @Test("On PostgreSQL, backup and restore point to pg_dump and pg_restore")
    func postgresPointsToItsTools() async throws {
        let app = try await Application.make(.testing)
        app.tandemConfig = AppConfig(storage: .postgres(url: "postgres://tandem@127.0.0.1:5432/tandem"))
        do {
            await #expect { try await Backups(app: app).backup(to: "x.sqlite", force: false) } throws: {
                ($0 as? ConfigurationError)?.message.contains("pg_dump") == true
            }
            await #expect { try await Backups(app: app).restore(from: "x.sqlite") } throws: {
                ($0 as? ConfigurationError)?.message.contains("pg_restore") == true
            }
        }
        try await app.asyncShutdown()
    }

    @Test("rollups check: consistent after changes, a tampered row is reported")
    func rollupsCheck() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for day in 1...4 { _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: String(format: "2026-02-%02d", day)) }
            let ok = try await Rollups.check(on: t.db, chunk: 3)
            #expect(ok.isConsistent)
            #expect(ok.records == 4)
            #expect(ok.summary.hasPrefix("Agrégats conformes"))
            try await (t.db as! any SQLDatabase).raw("UPDATE activity_rollups SET activities = activities + 1 WHERE dimension = 'total' AND filter = ''").run()
            let bad = try await Rollups.check(on: t.db)
            #expect(!bad.isConsistent)
            #expect(bad.summary.contains("tandem rollups rebuild"))
            try await t.db.writeTransaction { db in try await Rollups.rebuild(on: db) }
            #expect(try await Rollups.check(on: t.db).isConsistent)
        }
    }

    @Test("Sizes and durations in French")
    func formats() {
        #expect(Backups.size(850_000) == "850 ko")
        #expect(Backups.size(73_400_000) == "73,4 Mo")
        #expect(Backups.seconds(0.84) == "0,8 s")
    }
}
