import Fluent
import Foundation
import NIOCore
import TandemCore
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(TandemServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(TandemMigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(BenchCommands(), as: "bench")
    app.asyncCommands.use(ImportCommands(), as: "import")
    app.asyncCommands.use(ExportCommands(), as: "export")
    app.asyncCommands.use(RetentionCommands(), as: "retention")
    app.asyncCommands.use(RollupCommands(), as: "rollups")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
}

/// `tandem serve`: migrates an embedded database, fills it with the demo territory when asked,
/// then hands over to Vapor's server.
struct TandemServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Adresse d'écoute (par défaut 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port d'écoute (par défaut PORT, sinon 8080).")
        var port: Int?
        @Flag(name: "demo", help: "Remplit une base vide avec le territoire de démonstration.")
        var demo: Bool
    }

    var help: String { "Démarre le serveur Tandem (migre d'abord une base SQLite)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        // Pages, the OpenAPI document and static files are read from the working directory: a
        // server started elsewhere would answer 500s, so it does not start.
        let views = app.directory.viewsDirectory + "base.leaf"
        guard FileManager.default.fileExists(atPath: views) else {
            throw ConfigurationError("dossier Resources/ introuvable dans \(app.directory.workingDirectory) : lancez « tandem serve » depuis le dossier de Tandem (celui qui contient Resources/ et Public/).")
        }
        // A restore refuses to replace the SQLite file while this lock is held (Backup.swift).
        try app.holdServeLock()
        try await prepareSchema(app, console: context.console)
        if signature.demo {
            let loader = DemoLoader(db: app.db, logger: app.logger)
            if try await loader.isEmpty() {
                let result = try await loader.load(seed: 1, activities: 20_000)
                context.console.print(result.summary)
            } else {
                context.console.print("La base contient déjà des données : la démonstration n'est pas réinstallée.")
            }
        }
        let retention = DailyRetention()
        retention.start(app)
        app.lifecycle.use(retention)
        var arguments = ["tandem"]
        if let hostname = signature.hostname { arguments += ["--hostname", hostname] }
        if let port = signature.port { arguments += ["--port", String(port)] }
        var inner = CommandContext(console: context.console, input: CommandInput(arguments: arguments))
        inner.application = app
        app.http.server.configuration.shutdownTimeout = GracefulStop.timeout
        try await app.servers.asyncCommand.run(using: &inner)
        // Registered last, so that it runs first when the process stops.
        app.lifecycle.use(GracefulStop())
    }

    /// SQLite: migrates first, under the same lock as `tandem migrate` (several servers, or a server
    /// and a command, may start at once). PostgreSQL: migrating is `tandem migrate`'s job, run once
    /// before the servers start; a server finding the schema behind its code stops with one line.
    private func prepareSchema(_ app: Application, console: any Console) async throws {
        if app.tandemConfig.storage.isSQLite {
            _ = try await SchemaMigration.run(app) {
                console.print("Une autre mise à jour du schéma est en cours : attente de sa fin…")
            }
            return
        }
        switch try await SchemaMigration.pendingCount(app) {
        case nil:
            throw ConfigurationError("la base PostgreSQL est vide : lancez « tandem migrate » avant « tandem serve ».")
        case let count? where count > 0:
            throw ConfigurationError("la base PostgreSQL n'est pas à jour (\(count) migration\(count > 1 ? "s" : "") en attente) : lancez « tandem migrate » avant « tandem serve ».")
        default:
            return
        }
    }
}

/// What SIGTERM or SIGINT does to `tandem serve`. Vapor catches both and shuts the application
/// down, but in the order its parts were set up: the database pools close first, and a request
/// still running then fails with a 500 (an export cut short, a create lost). This handler, run
/// before the others, stops the HTTP server first: it stops accepting connections, lets the
/// requests in flight finish and closes each connection after its answer, for at most
/// `timeout`; then the database and the rest close, and the process exits 0.
struct GracefulStop: LifecycleHandler {
    /// Vapor's default is 10 s, shorter than a large XLSX export; 25 s stays under the 30 s that
    /// container platforms (Kubernetes, Docker's `stop -t` set to 30) give before SIGKILL.
    static let timeout: TimeAmount = .seconds(25)

    func shutdownAsync(_ application: Application) async {
        let inFlight = TandemMetrics.shared.snapshot().inFlight
        application.logger.notice("Arrêt demandé : plus de nouvelles connexions ; fin des requêtes en cours", metadata: ["in_flight": "\(inFlight)"])
        let deadline = ContinuousClock.now + .seconds(25)
        await application.server.shutdown()
        // A request whose client went away (a load test stopped, a phone out of range) no longer
        // holds a connection, so the server's shutdown does not wait for it: wait for its handler
        // too, within the same bound, so that it never meets a closed database.
        while TandemMetrics.shared.snapshot().inFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        application.logger.notice("Serveur HTTP arrêté ; fermeture de la base", metadata: ["in_flight": "\(TandemMetrics.shared.snapshot().inFlight)"])
    }
}

/// `tandem demo`: installs the fictional territory in an empty database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "Graine du générateur (par défaut 1) : même graine, mêmes données.")
        var seed: Int?
        @Option(name: "activities", help: "Nombre d'activités (par défaut 20 000).")
        var activities: Int?
    }

    var help: String { "Installe le territoire de démonstration dans une base vide." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.activities ?? 20_000
        guard count >= 0, count <= 50_000_000 else { throw ConfigurationError("--activities doit être compris entre 0 et 50 000 000.") }
        guard let seed = signature.seed ?? 1 as Int?, seed >= 0 else { throw ConfigurationError("--seed doit être un entier positif.") }
        if app.tandemConfig.storage.isSQLite { _ = try await SchemaMigration.run(app) }
        let loader = DemoLoader(db: app.db, logger: app.logger)
        guard try await loader.isEmpty() else {
            throw ConfigurationError("La base contient déjà des données : la démonstration ne s'installe que dans une base vide.")
        }
        let result = try await loader.load(seed: UInt64(seed), activities: count)
        context.console.print(result.summary)
    }
}

struct UserCommands: AsyncCommandGroup {
    var help: String { "Gère les comptes." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
}

/// `tandem user create --email E --role R [--structure S]`, the password read from standard input.
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Adresse e-mail, qui sert à se connecter.")
        var email: String?
        @Option(name: "role", help: "admin, coordinator, mediator ou researcher.")
        var role: String?
        @Option(name: "structure", help: "Nom ou identifiant de la structure (coordinateurs et médiateurs).")
        var structure: String?
        @Option(name: "name", help: "Nom affiché (par défaut, l'adresse e-mail).")
        var name: String?
    }

    var help: String { "Crée un compte ; le mot de passe est lu sur l'entrée standard." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let password = readLine(strippingNewline: true) ?? ""
        let request = NewAccount(email: signature.email ?? "", role: signature.role ?? "", structure: signature.structure,
                                 displayName: signature.name, password: password)
        let user = try await AccountStore(db: app.db, passwords: app.password).create(request)
        context.console.print("Compte créé : \(user.email) (\(Role(code: user.role)?.label ?? user.role)).")
    }
}

struct TokenCommands: AsyncCommandGroup {
    var help: String { "Gère les jetons d'API personnels." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateTokenCommand()] }
}

/// `tandem token create --email E`: prints a new personal API token, shown this once only.
struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Adresse du compte.")
        var email: String?
        @Option(name: "name", help: "À quoi sert le jeton (par défaut « ligne de commande »).")
        var name: String?
    }

    var help: String { "Crée un jeton d'API personnel et l'affiche (une seule fois)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let token = try await AccountStore(db: context.application.db, passwords: context.application.password)
            .createToken(email: signature.email ?? "", name: signature.name ?? "ligne de commande")
        context.console.print(token)
    }
}
