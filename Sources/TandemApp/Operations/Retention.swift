import Fluent
import Foundation
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// Personal data kept only as long as it is needed. Each task erases what has outlived its use
/// and reports how many records it touched (never which ones).
struct Retention {
    let db: any Database
    let config: AppConfig
    let logger: Logger

    struct Report: Sendable, Equatable {
        var registrationContactsErased = 0
        var peopleAnonymised = 0

        var summary: String {
            "Rétention : \(French.integer(registrationContactsErased)) contact(s) d'inscrits à des ateliers effacé(s), "
                + "\(French.integer(peopleAnonymised)) personne(s) suivie(s) sans séance depuis trop longtemps anonymisée(s)."
        }
    }

    /// Runs every retention task once.
    func run(today: LocalDate = .today()) async throws -> Report {
        var report = Report()
        // Contacts of registrants are kept `registrationRetentionDays` after the session, to
        // answer a question about attendance, then erased; the rows and counts stay.
        let cutoff = today.adding(days: -config.registrationRetentionDays)
        report.registrationContactsErased = try await RegistrationStore(db: db).eraseContacts(ofSessionsBefore: cutoff)
        // Followed people without a session for `peopleRetentionMonths` are erased: their
        // activities stay, unlinked, so the statistics do not change.
        report.peopleAnonymised = try await PersonStore(db: db).anonymiseInactive(monthsWithoutSession: config.peopleRetentionMonths, today: today)
        // Counted sign-in failures (hashed keys) older than the throttle's window.
        try await SignInThrottle().forgetExpired(on: db)
        // Counts only: never who.
        logger.info("retention run", metadata: [
            "registration_contacts_erased": "\(report.registrationContactsErased)",
            "people_anonymised": "\(report.peopleAnonymised)",
        ])
        return report
    }
}

/// Runs the retention tasks when the server starts, then once a day, while `tandem serve` runs.
/// Several servers sharing one database may each run them: the tasks are idempotent.
/// `serve` starts it itself (the application has already booted when a command runs) and
/// registers it so that shutting down stops it.
final class DailyRetention: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func start(_ application: Application) {
        let db = application.db
        let config = application.tandemConfig
        let logger = application.logger
        task.withLockedValue { task in
            task = Task.detached {
                while !Task.isCancelled {
                    do {
                        _ = try await Retention(db: db, config: config, logger: logger).run()
                    } catch {
                        logger.error("retention run failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                    }
                    try? await Task.sleep(for: .seconds(24 * 3600))
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task.withLockedValue { $0?.cancel() }
    }
}

/// `tandem retention run`: the retention tasks now (the server also runs them daily).
struct RetentionCommands: AsyncCommandGroup {
    var help: String { "Effacement des données personnelles arrivées au terme de leur durée de conservation." }
    var commands: [String: any AnyAsyncCommand] { ["run": RunRetentionCommand()] }
}

struct RunRetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Efface maintenant les données personnelles arrivées à échéance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let report = try await Retention(db: app.db, config: app.tandemConfig, logger: app.logger).run()
        context.console.print(report.summary)
    }
}
