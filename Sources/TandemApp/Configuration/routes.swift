import Fluent
import Vapor

/// Every route of the application, grouped by who may reach it.
func routes(_ app: Application) throws {
    OperationsController().register(app)

    // Pages: a session cookie signs people in.
    let web = app.grouped(app.sessions.middleware, SessionActorAuthenticator())
    web.get { req async throws -> Response in
        // The public "where to get help" pages come with the places capability; until then the
        // home page sends people who work here to their logbook.
        guard let actor = req.actor else { return req.redirect(to: WebPath.signInPath) }
        return req.redirect(to: Policy.canRecordActivities(actor) ? WebPath.newActivity : WebPath.activities)
    }
    SignInController().register(web)
    ActivityWebController().register(web)

    // The API: a bearer token or the session cookie.
    let api = app.grouped("api", "v1")
        .grouped(app.sessions.middleware, SessionActorAuthenticator(), BearerActorAuthenticator())
    api.get("openapi.json") { req async throws -> Response in
        try await req.fileio.asyncStreamFile(at: app.directory.resourcesDirectory + "openapi.json")
    }
    ActivityAPIController().register(api)
}

/// `/health` (the process answers) and `/ready` (the database answers too).
struct OperationsController {
    struct Status: Content {
        let status: String
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get("health") { _ in Status(status: "ok") }
        routes.get("ready") { req async throws -> Response in
            do {
                _ = try await StructureModel.query(on: req.db).first()
                return try APIResponse.json(Status(status: "ok"))
            } catch {
                return try APIResponse.json(Status(status: "database_unreachable"), status: .serviceUnavailable)
            }
        }
    }
}
