import Fluent
import Foundation
import Logging
import SQLKit
import Vapor

/// Checks that the database answers before any command runs, so that a wrong DATABASE_URL
/// stops the start with one clear line.
public func checkDatabase(_ app: Application) async throws {
    guard let sql = app.db as? any SQLDatabase else { return }
    do {
        try await sql.raw("SELECT 1").run()
    } catch {
        switch app.tandemConfig.storage {
        case .postgres:
            throw ConfigurationError("impossible de joindre PostgreSQL avec DATABASE_URL : vérifiez l'hôte, le port, la base, l'utilisateur et le mot de passe.")
        default:
            throw ConfigurationError("impossible d'ouvrir la base SQLite dans TANDEM_DATA (\(app.tandemConfig.dataDirectory)).")
        }
    }
}

/// Turns an error at start into one French line.
public enum StartupFailure {
    public static func describe(_ error: any Error) -> String {
        if let error = error as? ConfigurationError { return error.message }
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

public enum LoggingSetup {
    /// Text logs by default; `LOG_FORMAT=json` gives one JSON object per line.
    public static func bootstrap(format: AppConfig.LogFormat) {
        // LOG_LEVEL (trace, debug, info, notice, warning, error, critical); info by default.
        let level = Environment.get("LOG_LEVEL").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return RedactingLogHandler(handler)
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return RedactingLogHandler(handler)
            }
        }
    }
}

/// A log handler writing one JSON object per line on standard output.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
