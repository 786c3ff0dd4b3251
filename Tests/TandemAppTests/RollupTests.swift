import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
@testable import TandemApp

/// The rollups always equal a recomputation from the records, whatever sequence of changes
/// reached them. Runs on SQLite, and on PostgreSQL when CI sets `TANDEM_TEST_DATABASE_URL`.
@Suite("Rollups follow every change of the records")
struct RollupTests {
    /// The stored rows that are not zero.
    static func stored(_ db: any Database) async throws -> [RollupKey: StatCounts] {
        struct Row: Decodable {
            let structure_id, filter, month, place_id, mediator_id, context, kind, dimension, code: String
            let activities, people, minutes: Int
        }
        let rows = try await (db as! any SQLDatabase).select().column(SQLLiteral.all).from(Rollups.schema).all(decoding: Row.self)
        var result: [RollupKey: StatCounts] = [:]
        for row in rows where !(row.activities == 0 && row.people == 0 && row.minutes == 0) {
            result[RollupKey(structure: row.structure_id, filter: row.filter, month: row.month, place: row.place_id, mediator: row.mediator_id,
                             context: row.context, kind: row.kind, dimension: row.dimension, code: row.code)] = StatCounts(activities: row.activities, people: row.people, minutes: row.minutes)
        }
        return result
    }

    /// What the rollups should hold: every record read again and counted from scratch.
    static func recomputed(_ db: any Database) async throws -> [RollupKey: StatCounts] {
        let activities = try await ActivityModel.query(on: db).all()
        return Rollups.increments(try await Rollups.changes(for: activities, sign: 1, on: db))
    }

    static func expectConsistent(_ db: any Database, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let stored = try await stored(db)
        let expected = try await recomputed(db)
        let differing = Set(stored.keys).union(expected.keys).filter { stored[$0] != expected[$0] }
        let count = differing.count
        #expect(count == 0, "after \(step): \(differing.count) rows differ, e.g. \(differing.sorted().prefix(3).map { "\($0): \(stored[$0] ?? .zero) ≠ \(expected[$0] ?? .zero)" })",
                sourceLocation: sourceLocation)
    }

    /// Varied valid records (the demo generator's), moved into the test structure's places.
    static func samples(seed: UInt64, places: [UUID]) -> [ActivityDetails] {
        let territory = DemoTerritory(seed: seed, today: LocalDate.today())
        return territory.activities(count: 400).enumerated().map { index, activity in
            var details = activity.details
            details.resourceId = nil
            if details.locationKind == .place { details.placeId = places[index % places.count] }
            return details
        }
    }

    @Test("Property: random creates, updates, deletes, workshop closings and a place changing context keep rollups equal to a recomputation")
    func randomChanges() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.activities
            let samples = Self.samples(seed: 42, places: [f.placeA1, f.placeA2])
            var rng = DemoRandom(seed: 2026)
            var alive: [ActivityModel] = []
            let mediators = [f.mediatorA, f.mediatorA2]
            for step in 1...120 {
                let roll = rng.int(in: 0...99)
                if roll < 50 || alive.isEmpty {
                    // Several creates at once: the writer groups them in one transaction.
                    let batch = try await withThrowingTaskGroup(of: ActivityModel.self) { group in
                        for _ in 0..<rng.int(in: 1...4) {
                            let details = rng.pick(samples)
                            let actor = rng.pick(mediators)
                            group.addTask { try await store.create(details, by: actor, structureId: f.structureA) }
                        }
                        return try await group.reduce(into: [ActivityModel]()) { $0.append($1) }
                    }
                    alive += batch
                } else if roll < 75 {
                    let index = rng.int(in: 0...(alive.count - 1))
                    try await store.update(alive[index], with: rng.pick(samples))
                } else if roll < 92 {
                    let index = rng.int(in: 0...(alive.count - 1))
                    try await store.delete(alive.remove(at: index))
                } else if roll < 97 {
                    try await Self.closeWorkshop(t, present: rng.int(in: 0...3), walkIns: rng.int(in: 0...2), sessionIndex: rng.int(in: 0...1))
                } else {
                    try await Self.flipLibrary(t, place: rng.pick([f.placeA1, f.placeA2]))
                }
                if step % 20 == 0 { try await Self.expectConsistent(t.db, "step \(step)") }
            }
            try await Self.expectConsistent(t.db, "the whole sequence")
            try await Self.expectSameAnswers(t)
            // Rebuilding from the records gives the same rows.
            let before = try await Self.stored(t.db)
            try await t.db.writeTransaction { db in try await Rollups.rebuild(on: db, chunk: 7, flushAt: 50) }
            #expect(try await Self.stored(t.db) == before)
        }
    }

    /// Every kind of query gets the same answer from the rollups as from counting the records.
    static func expectSameAnswers(_ t: TestApp) async throws {
        let f = t.fixture
        let store = ObservatoryStore(db: t.db)
        let all = MonthPeriod(first: YearMonth(year: 2015, month: 1)!, last: YearMonth(LocalDate.today()))
        let recent = PeriodPreset.last12Months.period(today: .today())!
        var queries: [ObservatoryQuery] = []
        for period in [all, recent] {
            for characteristic in [StatFilter.none, .theme(.email), .age(.age60to69), .status(.retired)] {
                queries.append(ObservatoryQuery(preset: .custom, period: period, characteristic: characteristic))
                queries.append(ObservatoryQuery(preset: .custom, period: period, context: .library, kind: .workshop, characteristic: characteristic))
            }
            queries.append(ObservatoryQuery(preset: .custom, period: period, structureId: f.structureA))
            queries.append(ObservatoryQuery(preset: .custom, period: period, structureId: f.structureA, context: .library))
            queries.append(ObservatoryQuery(preset: .custom, period: period, structureId: f.structureA, kind: .workshop))
            queries.append(ObservatoryQuery(preset: .custom, period: period, structureId: f.structureA, placeId: f.placeA1))
            queries.append(ObservatoryQuery(preset: .custom, period: period, placeId: f.placeA2, mediatorId: f.mediatorA2.id))
            queries.append(ObservatoryQuery(preset: .custom, period: period, structureId: f.structureA, mediatorId: f.mediatorA.id, kind: .individual))
        }
        for query in queries {
            guard case let .rollups(scope) = ObservatoryStore.source(for: query) else { Issue.record("\(query) not on rollups"); continue }
            let fromRollups = try await store.fromRollups(query, scope: scope)
            var fromRecords = try await store.fromRecords(query, chunk: 13)
            for dimension in StatDimension.allCases where !scope.keeps(dimension) { fromRecords.breakdowns[dimension] = nil }
            let sameTotals = fromRollups.totals == fromRecords.totals
            let sameTrend = fromRollups.trend == fromRecords.trend
            let differing = StatDimension.allCases.filter { fromRollups.breakdowns[$0] != fromRecords.breakdowns[$0] }.map(\.rawValue)
            #expect(sameTotals && sameTrend && differing.isEmpty, "\(query): totals \(sameTotals), trend \(sameTrend), breakdowns differing \(differing)")
            #expect(fromRollups.totals.activities > 0 || query.characteristic != .none, "\(query) counts something")
        }
    }

    /// Closes (or closes again) one of two past sessions with some people present.
    static func closeWorkshop(_ t: TestApp, present: Int, walkIns: Int, sessionIndex: Int) async throws {
        let f = t.fixture
        let title = "Atelier \(sessionIndex)"
        let session: WorkshopModel
        if let existing = try await WorkshopModel.query(on: t.db).filter(\.$title == title).first() {
            session = existing
        } else {
            var input = WorkshopInput()
            input.title = title
            input.themes = [Theme.email.code]
            input.placeId = f.placeA1.uuidString
            input.date = LocalDate.today().adding(days: -3).iso
            input.startTime = "14:00"
            input.durationMinutes = 90
            input.capacity = 8
            input.mediatorIds = [f.mediatorA.id.uuidString]
            let plan = try WorkshopValidator().validate(input).get()
            session = WorkshopModel(structureId: f.structureA, seriesId: nil, plan: plan, date: plan.date)
            try await session.create(on: t.db)
        }
        let count = present + walkIns
        var details: ActivityDetails?
        if count > 0 {
            var input = ActivityInput()
            input.kind = ActivityKind.workshop.code
            input.date = session.date
            input.startTime = "14:00"
            input.durationMinutes = 90
            input.locationKind = LocationKind.place.code
            input.placeId = f.placeA1.uuidString
            input.themes = [Theme.email.code]
            input.devices = [Device.computer.code]
            input.deviceOwners = [DeviceOwner.structure.code]
            input.title = title
            input.participantCount = count
            input.ageBreakdown = [AgeBracket.allCases[5].code: min(count, 2)]
            details = try ActivityValidator().validate(input).get()
        }
        _ = try await RegistrationStore(db: t.db).close(try session.requireID(), present: [], walkIns: count, details: details, mediatorId: f.mediatorA.id)
    }

    /// An administrator changes whether a place is a library, as the place form would.
    static func flipLibrary(_ t: TestApp, place id: UUID) async throws {
        try await t.db.writeTransaction { db in
            let place = try #require(try await PlaceModel.find(id, on: db))
            let wasLibrary = RollupContexts.isLibrary(typology: place.typology)
            place.typology = wasLibrary ? PlaceTypology.allCases.first { !$0.isLibrary }!.code : PlaceTypology.bib.code
            try await place.update(on: db)
            try await Rollups.placeContextChanged(id, wasLibrary: wasLibrary, on: db)
        }
    }

    @Test("Rollup statements carry only the characters of codes, ids and months")
    func literals() {
        #expect(Rollups.literal("theme:admin_procedures") == "theme:admin_procedures")
        #expect(Rollups.literal("2026-03") == "2026-03")
        #expect(Rollups.literal("x'); DROP TABLE activities; --") == "xactivities--")
        #expect(!Rollups.literal("a' OR '1'='1").contains("'"))
    }

    @Test("The migration fills the rollups from the records already there")
    func migrationBackfills() async throws {
        try await TestApp.run { t in
            for day in 1...5 { _ = try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: String(format: "2026-02-%02d", day)) }
            let sql = t.db as! any SQLDatabase
            try await sql.delete(from: Rollups.schema).run()
            #expect(try await Self.stored(t.db).isEmpty)
            try await CreateActivityRollups().revert(on: t.db)
            try await CreateActivityRollups().prepare(on: t.db)
            let total = try #require(try await Self.stored(t.db).first { $0.key.structure == "" && $0.key.dimension == "total" && $0.key.filter == "" })
            #expect(total.value == StatCounts(activities: 5, people: 5, minutes: 150))
            try await Self.expectConsistent(t.db, "the migration")
        }
    }

    @Test("A structure's year reads the structure's own rows, which the migration sums from the detail rows")
    func structureRows() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let query = ObservatoryQuery(preset: .custom, period: MonthPeriod(first: YearMonth(year: 2026, month: 1)!, last: YearMonth(year: 2026, month: 12)!),
                                         structureId: f.structureA)
            #expect(ObservatoryStore.source(for: query) == .rollups(.structure(f.structureA)))
            for day in 1...3 { _ = try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: String(format: "2026-02-%02d", day)) }
            _ = try await t.record(by: t.fixture.mediatorA2, place: t.fixture.placeA2, date: "2026-03-04")
            try await AddStructureRollups().revert(on: t.db)
            #expect(try await Self.stored(t.db).keys.allSatisfy { !$0.filter.hasPrefix("structure:") })
            try await AddStructureRollups().prepare(on: t.db)
            try await Self.expectConsistent(t.db, "the structure rows' migration")
            // Run again (a database whose rollups were built with them): nothing doubles.
            try await AddStructureRollups().prepare(on: t.db)
            try await Self.expectConsistent(t.db, "the migration run twice")
            let dashboard = try await ObservatoryStore(db: t.db).dashboard(for: query)
            #expect(dashboard.totals.activities == 4)
            #expect(dashboard.breakdowns[.mediator]?.count == 2)
        }
    }

    @Test("A create counted for the context its place had before it changed is counted again in the new one")
    func staleContextGuess() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            // The writer learns the place's context with a first record, then the place changes.
            _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-02-02")
            try await Self.flipLibrary(t, place: f.placeA1)
            _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-02-03")
            try await Self.flipLibrary(t, place: f.placeA1)
            _ = try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-02-04")
            try await Self.expectConsistent(t.db, "after two changes of context")
        }
    }
}

