import Foundation
import TandemCore
import Vapor

/// `GET /api/v1/statistics`: the numbers of `/statistiques` for programs, with the same
/// parameters and the same scopes per role. Counts are raw (minutes, not hours; no masking: the
/// API is for the people signed in, like the page).
struct StatisticsAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("statistics", use: read)
    }

    @Sendable func read(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard Policy.canReadStatistics(actor) else { throw APIError.forbidden("Votre compte ne donne pas accès aux statistiques.") }
        let input = ObservatoryInput(query: req.url.query)
        var errors = Self.unknownOrRepeated(FormBody.parse(req.url.query ?? ""))
        if errors.isEmpty { errors = Self.malformedIdentifiers(input) }
        guard errors.isEmpty else { throw APIError.badRequest(errors) }
        switch try await ObservatoryAccess(db: req.db).resolve(input, for: actor) {
        case let .failure(failure):
            throw APIError.badRequest(failure.errors)
        case let .success(query):
            let audience = DashboardAudience.signedIn(actor)
            let dashboard = try await req.observatory.dashboard(for: query)
            let labels = try await audience.labels(for: dashboard, on: req.db)
            return try APIResponse.json(StatisticsResponse(query: query, dashboard: dashboard, dimensions: audience.available(for: query), labels: labels))
        }
    }

    /// A program that misspells a parameter learns it, rather than getting unfiltered numbers.
    static func unknownOrRepeated(_ form: FormBody) -> [FieldError] {
        form.names.compactMap { name in
            if !ObservatoryInput.names.contains(name) { return FieldError(name, "Ce paramètre n'existe pas.") }
            if form.count(name) > 1 { return FieldError(name, "Ce paramètre est répété.") }
            return nil
        }
    }

    /// A coordinator's structure and a mediator's own identifier are imposed (the value sent is
    /// replaced), but a value that is no identifier at all is refused for every role, as the
    /// document says, rather than silently ignored (found by schemathesis: `structureId=null`
    /// answered 200 to a mediator).
    static func malformedIdentifiers(_ input: ObservatoryInput) -> [FieldError] {
        [("structureId", input.structureId, "une structure"), ("mediatorId", input.mediatorId, "un médiateur")].compactMap { name, raw, what in
            guard let raw, UUID(uuidString: raw) == nil else { return nil }
            return FieldError(name, "« \(raw.prefix(40)) » n'est pas \(what).")
        }
    }
}

/// The JSON of `GET /api/v1/statistics` (described in `Resources/openapi.json`).
struct StatisticsResponse: Content {
    struct Query: Content {
        let period: String
        let from: String
        let to: String
        let structureId: String?
        let placeId: String?
        let mediatorId: String?
        let context: String?
        let kind: String?
        let theme: String?
        let ageBracket: String?
        let socialStatus: String?
    }

    struct Counts: Content {
        let activities: Int
        let people: Int
        let minutes: Int

        init(_ counts: StatCounts) {
            activities = counts.activities
            people = counts.people
            minutes = counts.minutes
        }
    }

    struct Row: Content {
        let code: String
        let label: String
        let activities: Int
        let people: Int
        let minutes: Int
    }

    struct PreviousYear: Content {
        let month: String
        let activities: Int
        let people: Int
        let minutes: Int
    }

    struct Month: Content {
        let month: String
        let activities: Int
        let people: Int
        let minutes: Int
        let previousYear: PreviousYear
    }

    let query: Query
    let totals: Counts
    /// Breakdown code → its rows, in the order of the page. A breakdown the scope or the role
    /// does not have is absent; one without counts is an empty array.
    let breakdowns: [String: [Row]]
    let trend: [Month]

    init(query: ObservatoryQuery, dashboard: Dashboard, dimensions: [StatDimension], labels: DashboardLabels) {
        let echo = Dictionary(query.parameters().map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        self.query = Query(period: query.preset.code, from: query.period.first.iso, to: query.period.last.iso,
                           structureId: echo["structureId"], placeId: echo["placeId"], mediatorId: echo["mediatorId"],
                           context: echo["context"], kind: echo["kind"], theme: echo["theme"],
                           ageBracket: echo["ageBracket"], socialStatus: echo["socialStatus"])
        totals = Counts(dashboard.totals)
        breakdowns = Dictionary(uniqueKeysWithValues: dimensions.map { dimension in
            (dimension.rawValue, dashboard.rows(dimension).map { code, counts in
                Row(code: code, label: labels.label(dimension, code), activities: counts.activities, people: counts.people, minutes: counts.minutes)
            })
        })
        trend = query.period.months.map { month in
            let now = dashboard.trend[month] ?? .zero
            let before = month.adding(months: -12)
            let then = dashboard.trend[before] ?? .zero
            return Month(month: month.iso, activities: now.activities, people: now.people, minutes: now.minutes,
                         previousYear: PreviousYear(month: before.iso, activities: then.activities, people: then.people, minutes: then.minutes))
        }
    }
}
