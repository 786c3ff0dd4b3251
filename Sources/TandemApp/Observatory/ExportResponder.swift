import Foundation
import TandemCore
import Vapor

/// One table of a dashboard as a file (CSV in either flavour, or JSON): the answer of
/// `/statistiques/export` and of a shared link's export, which passes `masked: true` (every count
/// under 5 as « < 5 », see `SmallCounts`).
enum StatisticsExportResponder {
    /// Reads `table` and `format` (the raw query parameters) and answers the file, or a 400 with a
    /// French message. `refused` are breakdowns this viewer may not have (the mediators' for a
    /// researcher, or a shared link without names), answered 403.
    static func respond(_ req: Request, query: ObservatoryQuery, dashboard: Dashboard, labels: DashboardLabels,
                        table: String?, format: String?, masked: Bool, refused: Set<StatDimension> = []) throws -> Response {
        let (kind, fileFormat) = try parse(table: table, format: format)
        if case let .breakdown(dimension) = kind {
            if refused.contains(dimension) {
                throw Abort(.forbidden, reason: "Le tableau « \(dimension.label) » n'est pas accessible ici.")
            }
            if !ObservatoryStore.keeps(dimension, for: query) {
                throw Abort(.badRequest, reason: "Le tableau « \(dimension.label) » se demande pour une structure : choisissez-en une (structureId).")
            }
        }
        let statistics = StatisticsTable(kind, dashboard: dashboard, period: query.period, masked: masked, label: labels.label)
        let headers = Download.headers(contentType: fileFormat.contentType, fileName: statistics.fileName(fileFormat))
        return Response(status: .ok, headers: headers, body: .init(string: statistics.file(fileFormat)))
    }

    /// The table and the format, or a 400 naming the choices.
    static func parse(table: String?, format: String?) throws -> (StatisticsTable.Kind, StatisticsTableFormat) {
        guard let table, let kind = StatisticsTable.Kind(parameter: table) else {
            let choices = StatisticsTable.Kind.all.map(\.parameter).joined(separator: ", ")
            let what = table.map { "« \($0.prefix(40)) » n'est pas un tableau des statistiques" } ?? "Indiquez le tableau à exporter"
            throw Abort(.badRequest, reason: "\(what) (paramètre table : \(choices)).")
        }
        guard let raw = format, let fileFormat = StatisticsTableFormat(rawValue: raw.lowercased()) else {
            let what = format.map { "« \($0.prefix(40)) » n'est pas un format d'export" } ?? "Indiquez le format du fichier"
            throw Abort(.badRequest, reason: "\(what) (paramètre format : csv-fr, csv ou json).")
        }
        return (kind, fileFormat)
    }
}

/// `GET /statistiques/export?table=…&format=csv-fr|csv|json&<the filters of /statistiques>`: one
/// table of the dashboard the account would see with these filters (`ObservatoryAccess` forces
/// each role's scope).
struct StatisticsExportController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("statistiques", "export", use: export)
    }

    @Sendable func export(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard Policy.canReadStatistics(actor) else {
            throw Abort(.forbidden, reason: "Votre compte n'est rattaché à aucune structure : il n'a pas de statistiques.")
        }
        let form = FormBody.parse(req.url.query ?? "")
        let table = form.value("table"), format = form.value("format")
        let (kind, _) = try StatisticsExportResponder.parse(table: table, format: format)
        if kind == .breakdown(.mediator) && !Policy.seesMediatorNames(actor) {
            throw Abort(.forbidden, reason: "Les statistiques par médiateur sont réservées à leur structure.")
        }
        var parameters: [String: String] = [:]
        for name in ObservatoryInput.names { parameters[name] = form.value(name) }
        let query: ObservatoryQuery
        switch try await ObservatoryAccess(db: req.db).resolve(ObservatoryInput(parameters: parameters), for: actor) {
        case let .success(value): query = value
        case let .failure(failure): throw Abort(.badRequest, reason: failure.errors.map(\.message).joined(separator: " "))
        }
        let dashboard = try await req.observatory.dashboard(for: query)
        let labels = try await DashboardLabels.load(for: dashboard, on: req.db)
        return try StatisticsExportResponder.respond(req, query: query, dashboard: dashboard, labels: labels,
                                                     table: table, format: format, masked: false)
    }
}
