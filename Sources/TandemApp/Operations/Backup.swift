import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import TandemCore
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Online backups and restores of the embedded SQLite database (see docs/reliability-backups.md).
///
/// - `backup`: `VACUUM INTO` a temporary file beside the target: SQLite writes a consistent
///   snapshot of the database as of the start of its read transaction, while the server goes on
///   writing (WAL). The copy is synced, checked (`PRAGMA integrity_check`, Tandem's tables), then
///   renamed to its name: a backup file either is complete and checked, or does not exist.
/// - `restore`: the file is copied beside the database, checked and migrated to the current
///   schema there; only then is the current database set aside (never deleted) and the copy
///   renamed in its place. A bad file leaves the current database untouched.
/// PostgreSQL has its own tools: pg_dump and pg_restore.
struct Backups {
    let app: Application

    /// The tables whose counts a backup and a restore print, with their French labels.
    static let countedTables: [(table: String, label: String)] = [
        (ActivityModel.schema, "activités"),
        (FollowedPersonModel.schema, "personnes suivies"),
        (WorkshopModel.schema, "ateliers"),
        (RegistrationModel.schema, "inscriptions"),
        (PlaceModel.schema, "lieux"),
        (StructureModel.schema, "structures"),
        (UserModel.schema, "comptes"),
    ]

    /// Without these, a SQLite file is not a Tandem database.
    static let requiredTables = ["_fluent_migrations", ActivityModel.schema, StructureModel.schema, UserModel.schema]

    struct Summary: Sendable {
        var sizeBytes: Int64
        var counts: [(label: String, count: Int)]

        var countsText: String {
            counts.map { "\($0.label) : \(French.integer($0.count))" }.joined(separator: ", ")
        }

        func count(of label: String) -> Int? { counts.first { $0.label == label }?.count }
    }

    struct BackupReport: Sendable {
        var path: String
        var summary: Summary
        var seconds: Double

        var text: String {
            "Sauvegarde écrite dans « \(path) » en \(Backups.seconds(seconds)) : \(Backups.size(summary.sizeBytes)), intégrité vérifiée. "
                + summary.countsText.prefix(1).uppercased() + summary.countsText.dropFirst() + "."
        }
    }

    struct RestoreReport: Sendable {
        var source: String
        var summary: Summary
        /// Where the database replaced was kept (nil when it was empty).
        var kept: String?

        var text: String {
            var text = "Base restaurée depuis « \(source) » et mise au schéma actuel : "
                + summary.countsText + "."
            if let kept { text += " L'ancienne base est conservée sous « \(kept) »." }
            return text
        }
    }

    // MARK: Backup

    /// Writes a consistent copy of the running database to `target`.
    func backup(to target: String, force: Bool) async throws -> BackupReport {
        let database = try sqlitePath(tool: "pg_dump")
        let target = Self.absolute(target)
        guard !target.isEmpty, !(target as NSString).lastPathComponent.isEmpty else {
            throw ConfigurationError("indiquez le fichier de sauvegarde à écrire, par exemple : tandem backup sauvegarde.sqlite")
        }
        guard ![database, database + "-wal", database + "-shm"].contains(target) else {
            throw ConfigurationError("« \(target) » est la base elle-même : choisissez un autre fichier pour la sauvegarde.")
        }
        let files = FileManager.default
        let folder = (target as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError("le dossier « \(folder) » n'existe pas : créez-le ou choisissez un autre emplacement pour la sauvegarde.")
        }
        if files.fileExists(atPath: target, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw ConfigurationError("« \(target) » est un dossier : indiquez un nom de fichier.") }
            guard force else {
                throw ConfigurationError("le fichier « \(target) » existe déjà : choisissez un autre nom, ou ajoutez --force pour le remplacer.")
            }
        }
        let partial = target + ".partiel-\(getpid())"
        try? files.removeItem(atPath: partial)
        let start = ContinuousClock.now
        guard let sql = app.db as? any SQLDatabase else { throw ConfigurationError("base SQLite introuvable.") }
        do {
            // One statement, one read transaction: the snapshot is consistent however busy the
            // server is. The path is bound, never written into the statement.
            try await sql.raw("VACUUM INTO \(bind: partial)").run()
        } catch {
            try? files.removeItem(atPath: partial)
            throw ConfigurationError("la sauvegarde n'a pas pu être écrite dans « \(folder) » (place, droits ?) : \(Self.short(error)).")
        }
        do {
            // VACUUM INTO does not sync what it wrote.
            try Self.sync(partial)
            let summary = try await Self.inspect(partial, shownAs: target, app: app)
            guard rename(partial, target) == 0 else {
                throw ConfigurationError("impossible de renommer la sauvegarde en « \(target) » : \(String(cString: strerror(errno))).")
            }
            try? Self.sync(folder)
            return BackupReport(path: target, summary: summary, seconds: Self.elapsed(since: start))
        } catch {
            try? files.removeItem(atPath: partial)
            throw error
        }
    }

    // MARK: Restore

    /// Replaces the database with the backup `source`, migrated to the current schema.
    func restore(from source: String) async throws -> RestoreReport {
        let database = try sqlitePath(tool: "pg_restore")
        let source = Self.absolute(source)
        try Self.checkReadableSQLiteFile(source)
        guard ![database, database + "-wal", database + "-shm"].contains(source) else {
            throw ConfigurationError("« \(source) » est la base actuelle : indiquez un fichier de sauvegarde.")
        }
        let dataDirectory = app.tandemConfig.dataDirectory
        guard let lock = try DataFolderLock.exclusive(in: dataDirectory) else {
            throw ConfigurationError("un serveur Tandem utilise la base du dossier « \(dataDirectory) » : arrêtez-le (tandem serve) avant de restaurer.")
        }
        // Held until the database is in place: a server starting meanwhile refuses to start.
        defer { withExtendedLifetime(lock) {} }

        // Checked and migrated beside the database, on a copy: the backup file itself is never
        // changed, and the current database is not touched until the copy is ready.
        let files = FileManager.default
        let staged = database + ".restauration-\(getpid())"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? files.removeItem(atPath: staged + suffix) }
        do {
            try files.copyItem(atPath: source, toPath: staged)
        } catch {
            throw ConfigurationError("impossible de copier « \(source) » dans le dossier de données « \(dataDirectory) » (place, droits ?).")
        }
        let summary: Summary
        do {
            summary = try await Self.inspect(staged, shownAs: source, app: app, migrate: true)
            try Self.sync(staged)
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? files.removeItem(atPath: staged + suffix) }
            throw error
        }

        // The current database: every committed record into the main file, connections closed.
        var kept: String?
        if files.fileExists(atPath: database) {
            let sql = app.db as? any SQLDatabase
            struct Count: Decodable { let n: Int }
            let tables = try await sql?.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").first(decoding: Count.self)?.n ?? 0
            _ = try? await sql?.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            await app.databases.reinitializeAsync()
            if tables > 0 {
                let name = database + ".avant-restauration-" + Self.timestamp()
                var candidate = name
                var attempt = 1
                while files.fileExists(atPath: candidate) { attempt += 1; candidate = name + "-\(attempt)" }
                guard rename(database, candidate) == 0 else {
                    throw ConfigurationError("impossible de mettre de côté la base actuelle : \(String(cString: strerror(errno))).")
                }
                kept = candidate
                // Whatever the checkpoint left in the log stays with the file it belongs to.
                if let size = (try? files.attributesOfItem(atPath: database + "-wal"))?[.size] as? Int64, size > 0 {
                    _ = rename(database + "-wal", candidate + "-wal")
                }
            } else {
                try? files.removeItem(atPath: database)
            }
        }
        // A log or shared-memory file left beside the name would be read with the new file.
        for suffix in ["-wal", "-shm", "-journal"] { try? files.removeItem(atPath: database + suffix) }
        guard rename(staged, database) == 0 else {
            throw ConfigurationError("impossible de mettre la sauvegarde en place (\(String(cString: strerror(errno)))) ; elle reste dans « \(staged) ».")
        }
        try? Self.sync(dataDirectory)
        return RestoreReport(source: source, summary: summary, kept: kept)
    }

    // MARK: Checks

    /// The SQLite file's path, or a one-line answer for PostgreSQL.
    private func sqlitePath(tool: String) throws -> String {
        switch app.tandemConfig.storage {
        case let .sqlite(path): return Self.absolute(path)
        case .postgres:
            throw ConfigurationError("avec PostgreSQL (DATABASE_URL), utilisez \(tool) : voir « Sauvegardes » dans le README.")
        case .memory:
            throw ConfigurationError("la base est en mémoire : il n'y a pas de fichier à sauvegarder ni à remplacer.")
        }
    }

    /// A regular, readable file that begins like every SQLite database.
    static func checkReadableSQLiteFile(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ConfigurationError("le fichier « \(path) » n'existe pas.")
        }
        guard !isFolder.boolValue else { throw ConfigurationError("« \(path) » est un dossier : indiquez le fichier de sauvegarde.") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError("le fichier « \(path) » ne peut pas être lu : vérifiez ses droits.")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw ConfigurationError("le fichier « \(path) » n'est pas une base SQLite : ce n'est pas une sauvegarde de Tandem.")
        }
    }

    /// Opens the SQLite file on its own (not the application's database), checks that it is an
    /// intact Tandem database, migrates it when asked, and counts what it holds. Errors name
    /// the file as `shownAs`.
    static func inspect(_ path: String, shownAs shown: String, app: Application, migrate: Bool = false) async throws -> Summary {
        try checkReadableSQLiteFile(path)
        let databases = Databases(threadPool: app.threadPool, on: app.eventLoopGroup)
        databases.use(.sqlite(.file(path)), as: .sqlite, isDefault: true)
        do {
            let summary = try await inspect(databases: databases, path: path, shownAs: shown, app: app, migrate: migrate)
            await databases.shutdownAsync()
            return summary
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }

    private static func inspect(databases: Databases, path: String, shownAs shown: String, app: Application, migrate: Bool) async throws -> Summary {
        let loop = app.eventLoopGroup.any()
        guard let sql = databases.database(logger: app.logger, on: loop) as? any SQLDatabase else {
            throw ConfigurationError("impossible d'ouvrir « \(shown) ».")
        }
        struct Check: Decodable { let integrity_check: String }
        let problems: [String]
        do {
            problems = try await sql.raw("PRAGMA integrity_check").all(decoding: Check.self).map(\.integrity_check)
        } catch {
            let text = String(describing: error).lowercased()
            if text.contains("not a database") || text.contains("notadb") {
                throw ConfigurationError("le fichier « \(shown) » n'est pas une base SQLite lisible : ce n'est pas une sauvegarde de Tandem.")
            }
            throw ConfigurationError("le fichier « \(shown) » est endommagé (\(short(error))) : il ne peut pas servir de sauvegarde.")
        }
        guard problems == ["ok"] else {
            throw ConfigurationError("le fichier « \(shown) » est endommagé (PRAGMA integrity_check : \(problems.prefix(2).joined(separator: " ; ")) …) : il ne peut pas servir de sauvegarde.")
        }
        struct Name: Decodable { let name: String }
        let tables = Set(try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self).map(\.name))
        let missing = requiredTables.filter { !tables.contains($0) }
        guard missing.isEmpty else {
            throw ConfigurationError("le fichier « \(shown) » est une base SQLite, mais pas une base Tandem (tables absentes : \(missing.joined(separator: ", "))).")
        }
        if migrate {
            // Checked before migrating the copy: restoring a newer Tandem's backup would put a
            // schema this version was not written for in place of a working database.
            guard let backupDB = databases.database(logger: app.logger, on: loop) else {
                throw ConfigurationError("impossible d'ouvrir « \(shown) ».")
            }
            try SchemaMigration.refuseNewer(try await SchemaMigration.unknownApplied(on: backupDB), what: "la sauvegarde « \(shown) »")
            let migrator = Migrator(databases: databases, migrations: app.migrations, logger: app.logger, on: loop)
            do {
                try await migrator.setupIfNeeded().flatMap { migrator.prepareBatch() }.get()
            } catch {
                throw ConfigurationError("la mise à jour du schéma de « \(shown) » a échoué : \(short(error)). La base actuelle n'a pas été modifiée.")
            }
        }
        let present = Set(try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self).map(\.name))
        var counts: [(label: String, count: Int)] = []
        struct Count: Decodable { let n: Int }
        for (table, label) in countedTables where present.contains(table) {
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
            counts.append((label, n))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int64 ?? 0
        return Summary(sizeBytes: size, counts: counts)
    }

    // MARK: Files and text

    static func absolute(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        return (full as NSString).standardizingPath
    }

    /// Forces a file's (or a folder's entries') data to the disk.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigurationError("impossible d'ouvrir « \(path) » : \(String(cString: strerror(errno))).") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ConfigurationError("impossible d'écrire « \(path) » sur le disque : \(String(cString: strerror(errno))).") }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd-HHmmss"
        return formatter.string(from: date)
    }

    /// « 12,3 Mo », « 850 ko ».
    static func size(_ bytes: Int64) -> String {
        if bytes < 1_000_000 { return "\(French.integer(Int((bytes + 999) / 1000))) ko" }
        let tenths = Int((bytes + 50_000) / 100_000)
        return "\(French.integer(tenths / 10)),\(tenths % 10) Mo"
    }

    /// « 0,8 s ».
    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(tenths % 10) s"
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let parts = (ContinuousClock.now - start).components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func short(_ error: any Error) -> String {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}

extension Databases {
    /// Closes every connection of the default database; the next query opens new ones.
    func reinitializeAsync() async {
        // `reinitialize` waits for the pool synchronously: off the cooperative pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.reinitialize()
                done.resume()
            }
        }
    }
}

// MARK: Commands

/// `tandem backup FILE [--force]`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "fichier", help: "Le fichier de sauvegarde à écrire (il ne doit pas exister, sauf avec --force).")
        var file: String
        @Flag(name: "force", help: "Remplace le fichier s'il existe déjà.")
        var force: Bool
    }

    var help: String { "Sauvegarde la base SQLite, même pendant que le serveur tourne (avec PostgreSQL : pg_dump)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await Backups(app: context.application).backup(to: signature.file, force: signature.force)
        context.console.print(report.text)
    }
}

/// `tandem restore FILE`: the server must be stopped.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "fichier", help: "La sauvegarde à remettre en place (faite par tandem backup).")
        var file: String
    }

    var help: String { "Remplace la base SQLite par une sauvegarde, serveur arrêté ; l'ancienne base est conservée (avec PostgreSQL : pg_restore)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await Backups(app: context.application).restore(from: signature.file)
        context.console.print(report.text)
    }
}
