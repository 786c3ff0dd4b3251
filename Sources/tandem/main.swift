import Foundation
import Logging
import TandemApp
import Vapor

// The thin executable: read the configuration, set up the application, run the command.
let config: AppConfig
do {
    config = try AppConfig.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("tandem : \(error)\n".utf8))
    exit(1)
}

var environment = try Environment.detect()
// Tandem runs as "production" unless told otherwise (`--env development`): Vapor's development
// mode turns off the template cache, which costs every page its templates read again.
if !CommandLine.arguments.contains(where: { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }) {
    environment = Environment(name: "production", arguments: environment.arguments)
}
LoggingSetup.bootstrap(format: config.logFormat)
let app = try await Application.make(environment)
do {
    try await configure(app, config: config)
    try await checkDatabase(app)
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    FileHandle.standardError.write(Data("tandem : \(StartupFailure.describe(error))\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
