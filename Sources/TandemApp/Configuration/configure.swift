import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import SQLKit
import Vapor

/// Sets up an application: storage, migrations, sessions, templates, middleware and routes.
/// The server, the commands and the tests all call this one function.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.tandemConfig = config
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    if let port = config.port { app.http.server.configuration.port = port }
    app.threadPool = NIOThreadPool(numberOfThreads: blockingThreadCount(app))
    // Nobody needs to send compressed bodies, and a compressed one could hide a huge payload.
    app.http.server.configuration.requestDecompression = .disabled
    try configureDatabase(app, config: config)
    addMigrations(app)
    app.tandemCaches = AppCaches()
    app.activityWriter = ActivityWriter(databases: app.databases, logger: app.logger, groupsWrites: config.storage.isSQLite)
    configureSessions(app, config: config)

    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    // Templates are read once; restart the server to see an edit (or set TANDEM_RELOAD_TEMPLATES=1).
    app.leaf.cache.isEnabled = Environment.get("TANDEM_RELOAD_TEMPLATES") != "1"

    app.routes.defaultMaxBodySize = "512kb"
    app.middleware = Middlewares()
    // Outermost first: every answer, errors included, is logged and carries the security headers.
    app.middleware.use(RouteLoggingMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(TandemErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    // Sessions are added by the route groups that use them, so /health never reads the database.

    try routes(app)
    registerCommands(app)
}

/// Blocking work (every SQLite call, file reads, password hashing, XLSX writing) runs on the
/// application's thread pool. Vapor's default is a pool shared by the whole process with one thread
/// per core; but a SQLite connection waiting for the write lock holds its thread while it waits,
/// so when waiters fill the pool the connection holding the lock cannot commit and everything
/// stops. With more threads than database connections (one per event loop) the holder always
/// finds a thread; the pool is the application's own, so several applications in one process
/// (the tests) cannot starve each other.
private func blockingThreadCount(_ app: Application) -> Int {
    var loops = 0
    for _ in app.eventLoopGroup.makeIterator() { loops += 1 }
    return loops + 4
}

private func configureDatabase(_ app: Application, config: AppConfig) throws {
    switch config.storage {
    case let .sqlite(path):
        // One connection per event loop: under a burst, requests queue for it. Ten seconds (the
        // driver's default) failed a burst of registrations on a loaded machine; waiting longer is
        // better than refusing, and a request still waiting after 30 s answers 503.
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace), as: .sqlite)
        app.lifecycle.use(SQLiteTuning())
    case .memory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
    case let .postgres(url):
        // TLS follows the URL's sslmode (PostgresKit prefers TLS when the server offers it).
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = config.postgresSearchPath
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: config.postgresConnectionsPerLoop, sqlLogLevel: .trace), as: .psql)
    }
}

/// Per-connection SQLite settings that the driver does not expose. WAL lets readers work while a
/// record is written, and `synchronous=NORMAL` is the safe companion of WAL: a committed record
/// survives the process being killed; only a power cut can lose the last few.
struct SQLiteTuning: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let database = application.db
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.switchToWAL(sql)
        // The driver keeps one connection per event loop: tune each one.
        for loop in application.eventLoopGroup.makeIterator() {
            let db = application.databases.database(logger: application.logger, on: loop)
            if let sql = db as? any SQLDatabase {
                try await sql.raw("PRAGMA synchronous=NORMAL").run()
                // The driver's busy handler retries at once and forever, spinning on a thread of
                // the pool; a bounded wait that sleeps between tries ends in a clear 503 instead.
                try await sql.raw("PRAGMA busy_timeout=15000").run()
                // Statement journals and sorts in memory: a group of creates otherwise made and
                // removed a file in the temporary folder on every commit.
                try await sql.raw("PRAGMA temp_store=MEMORY").run()
                try await sql.raw("PRAGMA foreign_keys=ON").run()
            }
        }
    }

    /// journal_mode is stored in the file: once is enough, outside any transaction. Switching a
    /// new file to WAL needs an exclusive lock that SQLite takes without calling the busy handler,
    /// so when another process opens the same new file at that instant (two `tandem migrate` at
    /// once, a server and a command) it either answers the old mode or fails with "database is
    /// locked": both mean "try again in a moment". Five seconds of retries, then a clear message.
    static func switchToWAL(_ sql: any SQLDatabase) async throws {
        struct Mode: Decodable { let journal_mode: String }
        for _ in 0..<250 {
            do {
                let mode = try await sql.raw("PRAGMA journal_mode=WAL").first(decoding: Mode.self)?.journal_mode
                if mode?.lowercased() == "wal" { return }
            } catch let error as SQLiteError where [.busy, .locked].contains(error.reason) {
                // Another process holds the lock for the switch: wait below.
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ConfigurationError("impossible de passer la base SQLite en mode WAL : un autre processus la garde verrouillée.")
    }
}

/// Sessions in the database, their cookie (HttpOnly, SameSite=Lax, Secure with
/// `TANDEM_SECURE_COOKIES=1`), and the counters of failed sign-ins.
private func configureSessions(_ app: Application, config: AppConfig) {
    app.sessions.use(.fluent)
    app.signInThrottle = SignInThrottle()
    let secure = config.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "tandem_session") { id in
        HTTPCookies.Value(
            string: id.string, expires: Date(timeIntervalSinceNow: 60 * 60 * 24 * 14),
            maxAge: nil, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax
        )
    }
}

extension AppConfig.Storage {
    var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}
