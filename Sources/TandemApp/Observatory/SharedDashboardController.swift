import Fluent
import Foundation
import TandemCore
import Vapor

/// Shared links of the statistics: the coordination publishes the view it is looking at
/// (`POST /statistiques/partages`), lists and revokes its links (`/statistiques/partages`); anyone
/// with a link reads it at `/partage/{token}` and downloads its tables, small counts masked.
struct SharedDashboardController {
    func register(_ routes: any RoutesBuilder) {
        let shares = routes.grouped("statistiques", "partages")
        shares.get(use: list)
        shares.post(use: create)
        shares.post(":id", "retirer", use: revoke)
        routes.get("partage", ":token", use: view)
        routes.get("partage", ":token", "export", use: export)
    }

    struct ListPage: Encodable {
        let layout: Layout
        let rows: [Row]
        let statisticsHref: String
    }

    struct Row: Encodable {
        let url: String
        /// The period, then what else the view is narrowed to.
        let title: String
        let scope: [ScopeLine]
        let created: String
        let showsMediators: Bool
        /// « Retiré le 12/03/2026 »; nil while the link works.
        let revoked: String?
        let revokeAction: String
    }

    struct SharedPage: Encodable {
        let layout: Layout
        let published: String
        let content: DashboardContent
    }

    // MARK: The coordination's side

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try Self.sharer(req)
        let form = try req.verifiedForm()
        switch try await ObservatoryAccess(db: req.db).resolve(ObservatoryInput(form: form), for: actor) {
        case let .failure(failure):
            throw Abort(.badRequest, reason: "Ce partage n'a pas été créé : " + failure.errors.map(\.message).joined(separator: " "))
        case let .success(query):
            let offered = Self.offersMediatorNames(query, actor: actor)
            let share = SharedDashboardModel(query: query, createdBy: actor.id, showsMediators: offered && form.value("showMediators") == "oui")
            try await share.create(on: req.db)
            req.flash("Lien de partage créé : il est en tête de la liste ci-dessous. Envoyez-le aux personnes qui doivent voir ces chiffres.")
            return req.redirect(to: WebPath.statisticsShares)
        }
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let actor = try Self.sharer(req)
        var query = SharedDashboardModel.query(on: req.db).sort(\.$createdAt, .descending)
        if actor.role != .admin { query = query.filter(\.$structureId == actor.structureId) }
        let shares = try await query.all()
        let authors = try await Self.names(of: Set(shares.map(\.createdBy)), on: req.db)
        let origin = CalendarController.origin(req)
        // The list is the coordination's own: it names everyone, whatever each link shows.
        let describer = DashboardAudience(showsMediators: true, masked: false)
        var rows: [Row] = []
        for share in shares {
            var scope: [ScopeLine] = []
            if let query = share.frozenQuery { scope = try await describer.scope(of: query, on: req.db) }
            rows.append(Row(url: origin + WebPath.sharedDashboard(token: share.token), title: scope.first?.value ?? "Vue des statistiques",
                            scope: Array(scope.dropFirst()),
                            created: "Créé le \(Self.day(share.createdAt)) par \(authors[share.createdBy] ?? "un compte supprimé")",
                            showsMediators: share.showsMediators, revoked: share.revokedAt.map { "Retiré le \(Self.day($0))" },
                            revokeAction: WebPath.revokeStatisticsShare(share.id!)))
        }
        return try await req.view.render("Observatory/shares", ListPage(layout: Layout(request: req, title: "Liens de partage des statistiques"),
                                                                          rows: rows, statisticsHref: WebPath.statistics))
    }

    @Sendable func revoke(_ req: Request) async throws -> Response {
        let actor = try Self.sharer(req)
        _ = try req.verifiedForm()
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let share = try await SharedDashboardModel.find(id, on: req.db),
              actor.role == .admin || share.structureId == actor.structureId else { throw Abort(.notFound) }
        if share.revokedAt == nil {
            share.revokedAt = Date()
            try await share.update(on: req.db)
        }
        req.flash("Lien retiré : il ne montre plus rien.")
        return req.redirect(to: WebPath.statisticsShares)
    }

    // MARK: The public side

    @Sendable func view(_ req: Request) async throws -> Response {
        guard let found = try await Self.active(req) else { return try await Self.notFound(req) }
        let (share, query) = found
        let content = try await share.audience.content(for: query, on: req, exportBase: WebPath.sharedDashboardExport(token: share.token) + "?")
        let page = SharedPage(layout: Layout(request: req, title: "Statistiques partagées"),
                              published: "Chiffres publiés le \(Self.day(share.createdAt)) ; les nombres inférieurs à \(SmallCounts.threshold) sont remplacés par « < \(SmallCounts.threshold) ».",
                              content: content)
        return try await req.view.render("Observatory/shared", page).encodeResponse(for: req).keepPrivate()
    }

    /// One table of the shared view as CSV or JSON, masked like the page (the exports' responder).
    @Sendable func export(_ req: Request) async throws -> Response {
        guard let found = try await Self.active(req) else { return try await Self.notFound(req) }
        let (share, query) = found
        let parameters = FormBody.parse(req.url.query ?? "")
        let dashboard = try await req.observatory.dashboard(for: query)
        let labels = try await share.audience.labels(for: dashboard, on: req.db)
        return try StatisticsExportResponder.respond(req, query: query, dashboard: dashboard, labels: labels,
                                                     table: parameters.value("table"), format: parameters.value("format"),
                                                     masked: true, refused: share.showsMediators ? [] : [.mediator])
            .keepPrivate()
    }

    // MARK: Helpers

    /// Coordinators (their structure's links) and administrators (all).
    static func sharer(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canShareStatistics(actor) else {
            throw Abort(.forbidden, reason: "Les liens de partage des statistiques sont gérés par la coordination de la structure.")
        }
        return actor
    }

    /// The mediators' names may be shown when the view has them: a breakdown by mediator, or one
    /// mediator chosen.
    static func offersMediatorNames(_ query: ObservatoryQuery, actor: Actor) -> Bool {
        let audience = DashboardAudience.signedIn(actor)
        return audience.showsMediators && (query.mediatorId != nil || audience.dimensions(for: query).contains(.mediator))
    }

    /// The link of the request's token, if it exists and was not revoked, with its query.
    static func active(_ req: Request) async throws -> (SharedDashboardModel, ObservatoryQuery)? {
        guard let token = req.parameters.get("token"), SharedDashboardModel.isWellFormed(token),
              let share = try await SharedDashboardModel.query(on: req.db).filter(\.$token == token).first(),
              !share.isRevoked, let query = share.frozenQuery else { return nil }
        return (share, query)
    }

    static func notFound(_ req: Request) async throws -> Response {
        try await PublicErrorPage.response(req, status: .notFound, title: "Lien de partage introuvable",
                                           message: "Ce lien de partage n'existe pas ou a été retiré par la structure qui l'avait publié. Demandez-lui un nouveau lien.")
            .keepPrivate()
    }

    static func names(of ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserModel.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
    }

    static func day(_ date: Date?) -> String {
        date.map { LocalDate($0).french } ?? "?"
    }
}
