import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Answers statistics queries from the rollups: a bounded number of rows per month, whatever
/// the number of records. One combination is not kept there and is counted from the records
/// themselves: a characteristic (theme, age bracket, status) within one structure, place or
/// mediator. Its cost follows that scope's own records (read through the `(structure_id, date)`,
/// `(place_id, date)` and `(mediator_id, date)` indexes), never the size of the whole database.
struct ObservatoryStore {
    let db: any Database

    /// How the query is answered (the tests and the benchmark check which).
    enum Source: Equatable {
        case rollups(RollupScope)
        case records
    }

    static func source(for query: ObservatoryQuery) -> Source {
        guard query.structureId != nil || query.placeId != nil || query.mediatorId != nil else { return .rollups(.all) }
        if query.characteristic != .none { return .records }
        if let structure = query.structureId, query.placeId == nil, query.mediatorId == nil { return .rollups(.structure(structure)) }
        return .rollups(.detail(structure: query.structureId, place: query.placeId, mediator: query.mediatorId))
    }

    func dashboard(for query: ObservatoryQuery) async throws -> Dashboard {
        switch Self.source(for: query) {
        case let .rollups(scope): return try await fromRollups(query, scope: scope)
        case .records: return try await fromRecords(query)
        }
    }

    // MARK: Rollups

    func fromRollups(_ query: ObservatoryQuery, scope: RollupScope) async throws -> Dashboard {
        guard let sql = db as? any SQLDatabase else { return Dashboard() }
        struct Row: Decodable {
            let dimension: String
            let code: String
            let activities: Int
            let people: Int
            let minutes: Int
        }
        struct MonthRow: Decodable {
            let month: String
            let activities: Int
            let people: Int
            let minutes: Int
        }
        var dashboard = Dashboard()
        let breakdowns = try await sums(sql, query, scope: scope, months: query.period)
            .column("dimension").column("code").groupBy("dimension").groupBy("code")
            .all(decoding: Row.self)
        // Rows whose records were all deleted stay at zero: they are not part of the answer.
        for row in breakdowns where !(row.activities == 0 && row.people == 0 && row.minutes == 0) {
            guard let dimension = StatDimension(rawValue: row.dimension) else { continue }
            dashboard.add(dimension, code: row.code, StatCounts(activities: row.activities, people: row.people, minutes: row.minutes))
        }
        let trend = MonthPeriod(first: query.period.yearBefore.first, last: query.period.last)
        let months = try await sums(sql, query, scope: scope, months: trend)
            .column("month").where("dimension", .equal, StatDimension.total.rawValue).groupBy("month")
            .all(decoding: MonthRow.self)
        for row in months where !(row.activities == 0 && row.people == 0 && row.minutes == 0) {
            guard let month = YearMonth(iso: row.month) else { continue }
            dashboard.addTrend(month, StatCounts(activities: row.activities, people: row.people, minutes: row.minutes))
        }
        return dashboard
    }

    /// `SELECT SUM(…) FROM activity_rollups WHERE …` for the query's scope, filter and months.
    private func sums(_ sql: any SQLDatabase, _ query: ObservatoryQuery, scope: RollupScope, months: MonthPeriod) -> SQLSelectBuilder {
        var select = sql.select()
        for measure in ["activities", "people", "minutes"] {
            // PostgreSQL sums bigints as numeric: cast back so both databases answer an integer.
            select = select.column(SQLRaw("CAST(SUM(\(measure)) AS BIGINT)"), as: measure)
        }
        select = select.from(Rollups.schema)
        switch scope {
        case .all:
            select = select.where("structure_id", .equal, "").where("filter", .equal, query.characteristic.code)
        case let .structure(id):
            select = select.where("structure_id", .equal, "").where("filter", .equal, RollupScope.structureFilter(id))
        case let .detail(structure, place, mediator):
            if let structure { select = select.where("structure_id", .equal, structure.uuidString.lowercased()) }
            if let place { select = select.where("place_id", .equal, place.uuidString.lowercased()) }
            if let mediator { select = select.where("mediator_id", .equal, mediator.uuidString.lowercased()) }
            select = select.where("filter", .equal, "")
        }
        select = select
            .where("month", .greaterThanOrEqual, months.first.iso)
            .where("month", .lessThanOrEqual, months.last.iso)
        if let context = query.context { select = select.where("context", .equal, context.rawValue) }
        if let kind = query.kind { select = select.where("kind", .equal, kind.code) }
        return select
    }

    // MARK: Records

    /// Reads the scope's records of the period and the year before, a chunk at a time, and counts
    /// them with the same function the rollups use.
    /// (Internal: the tests compare it with the rollups' answer.)
    func fromRecords(_ query: ObservatoryQuery, chunk: Int = 5_000) async throws -> Dashboard {
        guard let sql = db as? any SQLDatabase else { return Dashboard() }
        let first = query.period.yearBefore.first
        let last = query.period.last
        let firstDay = String(format: "%04d-%02d-01", first.year, first.month)
        let lastDay = String(format: "%04d-%02d-31", last.year, last.month)
        var dashboard = Dashboard()
        var offset = 0
        while true {
            var select = sql.select().column(SQLLiteral.all).from(ActivityModel.schema)
                .where("date", .greaterThanOrEqual, firstDay).where("date", .lessThanOrEqual, lastDay)
            if let place = query.placeId { select = select.where("place_id", .equal, place) }
            if let mediator = query.mediatorId { select = select.where("mediator_id", .equal, mediator) }
            if let structure = query.structureId { select = select.where("structure_id", .equal, structure) }
            if let kind = query.kind { select = select.where("kind", .equal, kind.code) }
            select = Self.narrowed(select, to: query.characteristic)
            // In date order, as the scope's `(…, date)` index reads them: ordering by id alone let
            // SQLite walk the whole table by its primary key (a quarter of a second at 1,000,000).
            let rows = try await select.orderBy("date").orderBy("id").limit(chunk).offset(offset).all()
            let activities = try rows.map(ActivityModel.init(row:))
            for change in try await Rollups.changes(for: activities, sign: 1, on: db) {
                if let context = query.context, change.source.context != context { continue }
                let month = YearMonth(change.source.details.date)
                let inPeriod = month >= query.period.first && month <= query.period.last
                dashboard.add(change.source, filter: query.characteristic, inPeriod: inPeriod, month: month)
            }
            offset += rows.count
            if rows.count < chunk { break }
        }
        return dashboard
    }

    /// Leaves out, in SQL, records that cannot count under the characteristic, so that only the
    /// few that may are decoded (decoding a row is most of this path's cost: 1.7 s for a dense
    /// structure's year at 10,000,000 records). A superset is enough — `Dashboard.add` counts
    /// exactly —: a theme's records (`_` in a code matching any character in LIKE only widens
    /// it), or for an age bracket or a status, the individual sessions of that bracket or status
    /// and every group activity (their breakdowns are read from the record).
    static func narrowed(_ select: SQLSelectBuilder, to characteristic: StatFilter) -> SQLSelectBuilder {
        switch characteristic {
        case .none:
            return select
        case let .theme(theme):
            return select.where(SQLQueryString("('|' || themes || '|') LIKE \(bind: "%|" + theme.code + "|%")"))
        case let .age(bracket):
            return select.where { $0.where("age_bracket", .equal, bracket.code).orWhere("age_bracket", .is, SQLLiteral.null) }
        case let .status(status):
            return select.where { $0.where("social_status", .equal, status.code).orWhere("social_status", .is, SQLLiteral.null) }
        }
    }

    /// The breakdowns the rollups of a scope keep (the territory's leave out places and mediators).
    static func keeps(_ dimension: StatDimension, for query: ObservatoryQuery) -> Bool {
        guard case let .rollups(scope) = source(for: query) else { return true }
        return scope.keeps(dimension)
    }
}

extension Request {
    var observatory: ObservatoryStore { ObservatoryStore(db: db) }
}
