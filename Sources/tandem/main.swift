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
LoggingSetup.bootstrap(format: config.logFormat, environment: &environment)
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
