import Fluent
import Vapor

/// Every route of the application, grouped by who may reach it.
func routes(_ app: Application) throws {
    app.metricsAccess = try MetricsAccess.fromEnvironment()
    OperationsController().register(app)
    OpenDataController().register(app)

    // Pages: a session cookie signs people in.
    let web = app.grouped(app.sessions.middleware, SessionActorAuthenticator())
    PublicPlacesController().register(web)
    SignInController().register(web)
    ActivityExportController().register(web)
    ActivityWebController().register(web)
    ActivitySyncController().register(web)
    PeopleController().register(web)
    PersonSearchController().register(web)
    StatisticsExportController().register(web)
    PlaceAdminController().register(web)
    PublicResourcesController().register(web)
    ResourceAdminController().register(web)
    PlaceImportController().register(web)
    WorkshopAdminController().register(web)
    WorkshopRegistrationsController().register(web)
    WorkshopClosingController().register(web)
    PublicWorkshopsController().register(web)
    RegistrationCancellationController().register(web)
    StatisticsController().register(web)
    SharedDashboardController().register(web)
    CalendarController().register(app)
    CodingController().register(web)
    PortraitsController().register(web)
    SurveyReportsController().register(web)
    SurveyAdminController().register(web)
    QuestionnaireController().register(web)
    RespondentController().register(web)
    CodebookController().register(web)
    AnswerLinkController().register(web)
    SurveyExchangeController().register(web)
    InterviewImportController().register(web)
    JournalController().register(web)

    // The API: a bearer token or the session cookie.
    let api = app.grouped("api", "v1")
        .grouped(app.sessions.middleware, SessionActorAuthenticator(), BearerActorAuthenticator())
    api.get("openapi.json") { req async throws -> Response in
        try await req.fileio.asyncStreamFile(at: app.directory.resourcesDirectory + "openapi.json")
    }
    ActivityAPIController().register(api)
    OpeningHoursAPIController().register(api)
    StatisticsAPIController().register(api)
}

/// `/health` (the process answers), `/ready` (the database answers too) and `/metrics`
/// (Prometheus text format; see `TandemMetrics` and `MetricsAccess`).
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
        routes.get("metrics") { req -> Response in
            guard req.application.metricsAccess.allows(req) else {
                let response = Response(status: .forbidden, body: .init(string:
                    "Accès refusé : /metrics répond aux clients de la machine elle-même (127.0.0.1, sans proxy) "
                    + "ou à l'en-tête « Authorization: Bearer » suivi de TANDEM_METRICS_TOKEN.\n"))
                response.headers.contentType = .plainText
                return response
            }
            let body = TandemMetrics.shared.exposition(MetricsEnvironment.current(req.application))
            let response = Response(status: .ok, body: .init(string: body))
            response.headers.replaceOrAdd(name: .contentType, value: MetricsExposition.contentType)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
    }
}
