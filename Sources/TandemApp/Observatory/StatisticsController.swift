import Fluent
import Foundation
import TandemCore
import Vapor

/// `/statistiques`: the observatory for the people signed in — filters, headline figures, every
/// breakdown as a chart with its table, the monthly trend, and for the coordination a form that
/// publishes the view as a shared link.
struct StatisticsController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("statistiques", use: page)
    }

    struct Page: Encodable {
        let layout: Layout
        let filters: [FormField]
        let filtersOpen: Bool
        /// What the actor cannot choose because it is forced (their structure, their own records).
        let forcedScope: String?
        /// For admins and researchers before a structure is chosen: how to reach places.
        let placeHint: String?
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let content: DashboardContent?
        let share: ShareForm?
    }

    /// The form that publishes the current view (`SharedDashboardController.create`).
    struct ShareForm: Encodable {
        struct Hidden: Encodable {
            let name: String
            let value: String
        }

        let action: String
        let listHref: String
        let period: String
        let fields: [Hidden]
        /// Whether the view has a breakdown by mediator whose names the author may choose to show.
        let offersMediatorNames: Bool
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let actor = try Self.reader(req)
        let input = ObservatoryInput(query: req.url.query)
        let access = ObservatoryAccess(db: req.db)
        switch try await access.resolve(input, for: actor) {
        case let .failure(failure):
            let choices = try await access.choices(for: actor, query: Self.fallbackQuery(input, actor: actor))
            let response = try await render(req, actor: actor, input: input, choices: choices, failure: failure, content: nil, share: nil)
            response.status = .badRequest
            return response
        case let .success(query):
            let audience = DashboardAudience.signedIn(actor)
            let content = try await audience.content(for: query, on: req, exportBase: WebPath.statisticsExport + "?" + query.queryString() + "&")
            let choices = try await access.choices(for: actor, query: query)
            return try await render(req, actor: actor, input: input, choices: choices, failure: nil, content: content,
                                    share: Self.shareForm(query, actor: actor, audience: audience))
        }
    }

    private func render(_ req: Request, actor: Actor, input: ObservatoryInput, choices: ObservatoryChoices,
                        failure: ValidationFailure?, content: DashboardContent?, share: ShareForm?) async throws -> Response {
        let filters = StatisticsFilterForm.fields(input: input, failure: failure, choices: choices, actor: actor)
        let section = FormSection(title: "Filtres", fields: filters)
        let label = { (name: String) in filters.first { $0.name == name }?.label }
        let page = Page(layout: Layout(request: req, title: failure == nil ? "Statistiques" : "Erreur — Statistiques"),
                        filters: filters, filtersOpen: failure != nil || StatisticsFilterForm.isFiltering(input),
                        forcedScope: Self.forcedScope(actor),
                        placeHint: choices.places.isEmpty && (actor.role == .admin || actor.role == .researcher)
                            ? "Pour filtrer par lieu\(actor.role == .admin ? " ou par médiateur" : ""), choisissez d'abord une structure puis « Afficher »." : nil,
                        errorSummary: FormAnchor.errorLinks(for: failure, in: [section], label: label),
                        content: content, share: share)
        return try await req.view.render("Observatory/statistics", page).encodeResponse(for: req)
    }

    // MARK: Helpers

    /// Signed out: sent to sign in (the error middleware); signed in without statistics: 403.
    static func reader(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canReadStatistics(actor) else {
            throw Abort(.forbidden, reason: "Votre compte ne donne pas accès aux statistiques.")
        }
        return actor
    }

    static func forcedScope(_ actor: Actor) -> String? {
        switch actor.role {
        case .mediator: "Vos propres activités, dans tous les lieux de votre structure."
        case .coordinator: "Les activités de votre structure."
        case .admin, .researcher: nil
        }
    }

    /// When the filters are wrong, the form still lists the places of the structure typed (or forced).
    static func fallbackQuery(_ input: ObservatoryInput, actor: Actor) -> ObservatoryQuery {
        var query = ObservatoryQuery.defaultQuery()
        switch actor.role {
        case .admin, .researcher: query.structureId = input.structureId.flatMap(UUID.init(uuidString:))
        case .coordinator, .mediator: query.structureId = actor.structureId
        }
        return query
    }

    static func shareForm(_ query: ObservatoryQuery, actor: Actor, audience: DashboardAudience) -> ShareForm? {
        guard Policy.canShareStatistics(actor) else { return nil }
        return ShareForm(action: WebPath.statisticsShares, listHref: WebPath.statisticsShares, period: query.period.french,
                         fields: query.parameters(frozen: true).map { ShareForm.Hidden(name: $0.name, value: $0.value) },
                         offersMediatorNames: audience.dimensions(for: query).contains(.mediator))
    }
}
