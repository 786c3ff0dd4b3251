import Foundation
import Vapor

/// Everything Tandem reads from its environment, read once at start into typed values
/// (DESIGN.md: configuration is read once, with clear errors for what is wrong).
public struct AppConfig: Sendable {
    public enum Storage: Sendable, Equatable {
        /// The embedded default: one SQLite file in the data folder.
        case sqlite(path: String)
        /// A PostgreSQL server, for a network of structures or a region.
        case postgres(url: String)
        /// A private in-memory SQLite database, for tests.
        case memory
    }

    public enum LogFormat: String, Sendable { case text, json }

    public var storage: Storage
    public var dataDirectory: String
    public var logFormat: LogFormat
    /// Whether cookies carry `Secure` (set when Tandem is served behind HTTPS).
    public var secureCookies: Bool
    /// Bcrypt cost: 12 in production; tests lower it to stay fast.
    public var bcryptCost: Int
    /// The port to listen on when `--port` is not given (`PORT`).
    public var port: Int?
    /// PostgreSQL schemas to search (tests give each test its own schema).
    public var postgresSearchPath: [String]?
    /// PostgreSQL connections each event loop may open. The tests lower it: dozens of test
    /// applications run at once against one server, whose `max_connections` they would exhaust.
    public var postgresConnectionsPerLoop = 8
    /// Whether a reverse proxy in front of Tandem says who the client is (`X-Forwarded-For`):
    /// set `TANDEM_TRUST_PROXY=1` only then, or anyone could claim any address.
    public var trustProxy = false
    /// Days after a workshop when its registrants' contacts are erased (the counts stay):
    /// `TANDEM_REGISTRATION_RETENTION_DAYS`, 30 by default.
    public var registrationRetentionDays = 30
    /// Months without a session after which a followed person is anonymised (the activities
    /// stay, unlinked): `TANDEM_PEOPLE_RETENTION_MONTHS`, 24 by default.
    public var peopleRetentionMonths = 24

    public init(storage: Storage, dataDirectory: String = "data", logFormat: LogFormat = .text, secureCookies: Bool = false, bcryptCost: Int = 12) {
        self.storage = storage
        self.dataDirectory = dataDirectory
        self.logFormat = logFormat
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
    }

    /// Reads `TANDEM_DATA`, `DATABASE_URL`, `LOG_FORMAT`, `TANDEM_SECURE_COOKIES`, `TANDEM_TRUST_PROXY` and
    /// `TANDEM_REGISTRATION_RETENTION_DAYS` and `TANDEM_PEOPLE_RETENTION_MONTHS`.
    /// Checks that the data folder can be written and that a PostgreSQL URL is well formed.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let data = environment["TANDEM_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        let logFormat: LogFormat
        switch environment["LOG_FORMAT"]?.lowercased() {
        case nil, "", "text": logFormat = .text
        case "json": logFormat = .json
        case let other?: throw ConfigurationError("LOG_FORMAT vaut « \(other) » : les valeurs possibles sont text et json.")
        }
        var port: Int?
        if let text = environment["PORT"], !text.isEmpty {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw ConfigurationError("PORT vaut « \(text) » : un numéro de port entre 1 et 65535 est attendu.")
            }
            port = value
        }
        let secure = ["1", "true", "oui", "yes"].contains(environment["TANDEM_SECURE_COOKIES"]?.lowercased() ?? "")
        let storage: Storage
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            try checkPostgresURL(url)
            storage = .postgres(url: url)
        } else {
            try ensureWritableDirectory(data)
            storage = .sqlite(path: (data as NSString).appendingPathComponent("tandem.sqlite"))
        }
        var config = AppConfig(storage: storage, dataDirectory: data, logFormat: logFormat, secureCookies: secure)
        config.port = port
        if let text = environment["TANDEM_REGISTRATION_RETENTION_DAYS"], !text.isEmpty {
            guard let days = Int(text), (1...3650).contains(days) else {
                throw ConfigurationError("TANDEM_REGISTRATION_RETENTION_DAYS vaut « \(text) » : un nombre de jours entre 1 et 3650 est attendu.")
            }
            config.registrationRetentionDays = days
        }
        if let text = environment["TANDEM_PEOPLE_RETENTION_MONTHS"], !text.isEmpty {
            guard let months = Int(text), (1...120).contains(months) else {
                throw ConfigurationError("TANDEM_PEOPLE_RETENTION_MONTHS vaut « \(text) » : un nombre de mois entre 1 et 120 est attendu.")
            }
            config.peopleRetentionMonths = months
        }
        config.trustProxy = ["1", "true", "oui", "yes"].contains(environment["TANDEM_TRUST_PROXY"]?.lowercased() ?? "")
        return config
    }

    static func checkPostgresURL(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw ConfigurationError("DATABASE_URL n'est pas une adresse valide : attendu postgres://utilisateur:motdepasse@hôte:5432/base.")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigurationError("DATABASE_URL doit commencer par postgres:// (reçu « \(scheme)://… ») ; sans DATABASE_URL, Tandem utilise SQLite dans TANDEM_DATA.")
        }
        guard let host = url.host, !host.isEmpty else {
            throw ConfigurationError("DATABASE_URL ne nomme pas de serveur : attendu postgres://utilisateur:motdepasse@hôte:5432/base.")
        }
        guard url.path.count > 1 else {
            throw ConfigurationError("DATABASE_URL ne nomme pas de base : ajoutez /nom_de_la_base à la fin.")
        }
    }

    static func ensureWritableDirectory(_ path: String) throws {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("Impossible de créer le dossier de données « \(path) » (TANDEM_DATA) : vérifiez le chemin et les droits.")
        }
        let probe = (path as NSString).appendingPathComponent(".tandem-write-test-\(getpid())")
        guard files.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            throw ConfigurationError("Le dossier de données « \(path) » (TANDEM_DATA) n'est pas accessible en écriture.")
        }
        try? files.removeItem(atPath: probe)
    }
}

/// A configuration problem, told in one French line; the executable prints it and stops.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration this application was started with.
    public var tandemConfig: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig(storage: .memory) }
        set { storage[ConfigKey.self] = newValue }
    }
}
