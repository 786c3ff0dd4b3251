import Fluent
import Foundation
import TandemCore
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(TandemServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(BenchCommands(), as: "bench")
    app.asyncCommands.use(ImportCommands(), as: "import")
    app.asyncCommands.use(ExportCommands(), as: "export")
    app.asyncCommands.use(RetentionCommands(), as: "retention")
    app.asyncCommands.use(RollupCommands(), as: "rollups")
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
        if app.tandemConfig.storage.isSQLite {
            try await app.autoMigrate()
        }
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
        try await app.servers.asyncCommand.run(using: &inner)
    }
}

/// `tandem migrate`: brings the database schema up to date, without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Met à jour le schéma de la base de données." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Base de données à jour.")
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
        if app.tandemConfig.storage.isSQLite { try await app.autoMigrate() }
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
