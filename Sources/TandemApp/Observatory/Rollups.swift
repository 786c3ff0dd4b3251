import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// What a statistic covers: the whole territory, or a structure, a place, a mediator, or a
/// place and a mediator together.
enum RollupScope: Hashable, Sendable {
    case all
    case structure(UUID)
    case detail(structure: UUID?, place: UUID?, mediator: UUID?)

    /// Territory rows leave out the breakdowns by place and by mediator (thousands of codes that
    /// nobody reads at that scale); a structure's rows and detail rows have them all.
    func keeps(_ dimension: StatDimension) -> Bool {
        self != .all || (dimension != .place && dimension != .mediator)
    }

    /// The `filter` of a structure's rows: they sit beside the territory's (empty structure), one
    /// range per structure in the primary key's order, like the territory under a theme.
    static func structureFilter(_ id: UUID) -> String { structureFilter(id.uuidString.lowercased()) }
    static func structureFilter(_ lowercasedId: String) -> String { "structure:" + lowercasedId }
}

/// One row of `activity_rollups`. Three grains share the table:
/// - detail rows: month × structure × place × mediator × context × kind, every breakdown, no
///   characteristic filter — a place or a mediator (or both) sums its rows;
/// - structure rows (empty structure, place and mediator; filter `structure:<id>`): month ×
///   context × kind, every breakdown — a structure's year reads a bounded number of rows however
///   dense its records (detail rows grow with the places × mediators × codes seen each month);
/// - territory rows (empty structure, place and mediator): month × context × kind, under no
///   filter and under each characteristic (theme, age bracket, status) — the whole territory's
///   statistics, filtered or not.
/// At national scale, under one detail row per record and a bounded number of the others.
/// (A structure's rows under each characteristic were tried: three to five times the rows, and
/// as many more writes per record — see docs/decisions.md.)
struct RollupKey: Hashable, Sendable, Comparable {
    let structure: String
    let filter: String
    let month: String
    let place: String
    let mediator: String
    let context: String
    let kind: String
    let dimension: String
    let code: String
    /// Hashed once: a key is looked up several times (each record's counts, then the group's).
    private let hash: Int

    init(structure: String, filter: String, month: String, place: String, mediator: String,
         context: String, kind: String, dimension: String, code: String) {
        self.structure = structure
        self.filter = filter
        self.month = month
        self.place = place
        self.mediator = mediator
        self.context = context
        self.kind = kind
        self.dimension = dimension
        self.code = code
        var hasher = Hasher()
        hasher.combine(structure)
        hasher.combine(filter)
        hasher.combine(month)
        hasher.combine(place)
        hasher.combine(mediator)
        hasher.combine(context)
        hasher.combine(kind)
        hasher.combine(dimension)
        hasher.combine(code)
        hash = hasher.finalize()
    }

    var values: [String] { [structure, filter, month, place, mediator, context, kind, dimension, code] }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: RollupKey, b: RollupKey) -> Bool {
        a.hash == b.hash && a.code == b.code && a.dimension == b.dimension && a.month == b.month && a.kind == b.kind
            && a.context == b.context && a.filter == b.filter && a.structure == b.structure && a.place == b.place
            && a.mediator == b.mediator
    }

    /// Field by field, without building arrays: writes sort thousands of keys.
    static func < (a: RollupKey, b: RollupKey) -> Bool {
        if a.structure != b.structure { return a.structure < b.structure }
        if a.filter != b.filter { return a.filter < b.filter }
        if a.month != b.month { return a.month < b.month }
        if a.place != b.place { return a.place < b.place }
        if a.mediator != b.mediator { return a.mediator < b.mediator }
        if a.context != b.context { return a.context < b.context }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.dimension != b.dimension { return a.dimension < b.dimension }
        return a.code < b.code
    }
}

/// An activity added (+1) or removed (−1), as the rollups see it. An update is the old record
/// removed and the new one added.
struct RollupChange: Sendable {
    let source: FacetSource
    let structureId: UUID
    let sign: Int
}

/// The pre-aggregated counts behind every statistic: activities, people and minutes per month,
/// context, kind and breakdown code, at the two grains of `RollupKey`. They change in the same
/// transaction as the records they count (create, update, delete, workshop closing, demo and
/// bench loading), so they cannot drift; `tandem rollups rebuild` recomputes them.
enum Rollups {
    static let schema = "activity_rollups"
    /// In the order of the primary key: structure first (a structure's statistics read one
    /// range), then filter and month (the territory's read one range per filter).
    static let keyColumns = ["structure_id", "filter", "month", "place_id", "mediator_id", "context", "kind", "dimension", "code"]
    /// About 200 kB of SQL a statement: large enough to amortise each statement, far under
    /// SQLite's 1 GB statement limit and PostgreSQL's message size.
    static let rowsPerStatement = 1_000

    /// The counts each change adds to (or removes from) each row.
    static func increments(_ changes: [RollupChange]) -> [RollupKey: StatCounts] {
        var totals: [RollupKey: StatCounts] = [:]
        for change in changes {
            add(change, into: &totals)
        }
        return totals.filter { !$0.value.isZero }
    }

    static func add(_ change: RollupChange, into totals: inout [RollupKey: StatCounts]) {
        let details = change.source.details
        let month = String(details.date.iso.prefix(7))
        let context = change.source.context.rawValue
        let kind = details.kind.code
        let structure = change.structureId.uuidString.lowercased()
        let place = details.placeId?.uuidString.lowercased() ?? ""
        let mediator = change.source.mediatorId.uuidString.lowercased()
        let structureFilter = RollupScope.structureFilter(structure)
        for (facet, counts) in ActivityFacets.contributions(of: change.source) {
            let signed = change.sign > 0 ? counts : -counts
            let dimension = facet.dimension.rawValue
            if facet.filter.isEmpty {
                let detail = RollupKey(structure: structure, filter: "", month: month, place: place, mediator: mediator,
                                       context: context, kind: kind, dimension: dimension, code: facet.code)
                totals[detail, default: .zero] = totals[detail, default: .zero] + signed
                let own = RollupKey(structure: "", filter: structureFilter, month: month, place: "", mediator: "",
                                    context: context, kind: kind, dimension: dimension, code: facet.code)
                totals[own, default: .zero] = totals[own, default: .zero] + signed
            }
            if RollupScope.all.keeps(facet.dimension) {
                let territory = RollupKey(structure: "", filter: facet.filter, month: month, place: "", mediator: "",
                                          context: context, kind: kind, dimension: dimension, code: facet.code)
                totals[territory, default: .zero] = totals[territory, default: .zero] + signed
            }
        }
    }

    /// Adds the changes to the rows, creating the missing ones. Rows are written in key order, so
    /// that concurrent transactions on PostgreSQL lock them in the same order (no deadlock).
    /// Call inside the transaction that changes the records.
    static func apply(_ changes: [RollupChange], on db: any Database) async throws {
        guard !changes.isEmpty else { return }
        try await write(increments(changes), on: db)
    }

    static func write(_ increments: [RollupKey: StatCounts], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for statement in upsertStatements(increments) {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    /// The same, as futures on the connection's event loop (the SQLite writer's transaction).
    static func write(_ increments: [RollupKey: StatCounts], on sql: any SQLDatabase) -> EventLoopFuture<Void> {
        upsertStatements(increments).reduce(sql.eventLoop.makeSucceededVoidFuture()) { previous, statement in
            previous.flatMap { sql.raw(SQLQueryString(statement)).run() }
        }
    }

    /// The upserts that add the increments, in key order, `rowsPerStatement` rows each.
    static func upsertStatements(_ increments: [RollupKey: StatCounts]) -> [String] {
        let rows = increments.sorted { $0.key < $1.key }
        return stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            upsertStatement(rows[start..<min(start + rowsPerStatement, rows.count)])
        }
    }

    /// One multi-row upsert with its values written as literals. Binding twelve values a row cost
    /// more than the database's own work when a month of a national table is written; the values
    /// are ours (codes, UUIDs, months, integers), and any other character is refused, so the
    /// statement cannot carry anything else.
    static func upsertStatement(_ rows: ArraySlice<(key: RollupKey, value: StatCounts)>) -> String {
        var text = "INSERT INTO \(schema) (\(keyColumns.joined(separator: ", ")), activities, people, minutes) VALUES "
        text.reserveCapacity(rows.count * 220)
        var first = true
        for (key, counts) in rows {
            text += first ? "(" : ",("
            first = false
            for value in key.values {
                text += "'"
                text += literal(value)
                text += "',"
            }
            text += "\(counts.activities),\(counts.people),\(counts.minutes))"
        }
        text += " ON CONFLICT (\(keyColumns.joined(separator: ", "))) DO UPDATE SET "
        text += ["activities", "people", "minutes"].map { "\($0) = \(schema).\($0) + excluded.\($0)" }.joined(separator: ", ")
        return text
    }

    /// A key value as an SQL literal's content: only lowercase letters, digits, `-`, `_` and `:`
    /// (what codes, lowercased UUIDs, months and filters are made of). Anything else would be a
    /// bug upstream: it is dropped rather than written into a statement. Checked on the UTF-8
    /// bytes: a statement holds thousands of values.
    static func literal(_ value: String) -> String {
        value.utf8.allSatisfy(isLiteralByte) ? value : String(decoding: value.utf8.filter(isLiteralByte), as: UTF8.self)
    }

    private static func isLiteralByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"): true
        default: false
        }
    }
}

/// Whether activities took place in a library: from the place's typology, or the structure's
/// when there is no place. Read once per group of changes.
struct RollupContexts: Sendable {
    var libraryPlaces: Set<UUID> = []
    var libraryStructures: Set<UUID> = []

    func context(placeId: UUID?, structureId: UUID) -> StatContext {
        if let placeId { return libraryPlaces.contains(placeId) ? .library : .outsideLibrary }
        return libraryStructures.contains(structureId) ? .library : .outsideLibrary
    }

    /// The contexts of records at these places (or, without a place, of these structures).
    static func load(for records: [(placeId: UUID?, structureId: UUID)], on db: any Database) async throws -> RollupContexts {
        try await load(places: places(of: records), structures: structures(of: records), on: db)
    }

    static func places(of records: [(placeId: UUID?, structureId: UUID)]) -> Set<UUID> {
        Set(records.compactMap(\.placeId))
    }

    /// A structure's own status only matters to its records without a place.
    static func structures(of records: [(placeId: UUID?, structureId: UUID)]) -> Set<UUID> {
        Set(records.filter { $0.placeId == nil }.map(\.structureId))
    }

    /// Read with SQLKit: Fluent's per-model reflection cost more than the query itself on every
    /// group of creates.
    static func load(places: Set<UUID>, structures: Set<UUID>, on db: any Database) async throws -> RollupContexts {
        guard let sql = db as? any SQLDatabase else { return RollupContexts() }
        return try await load(places: places, structures: structures, on: sql).get()
    }

    /// The same, as a future on the connection's event loop (the SQLite writer's transaction).
    static func load(places: Set<UUID>, structures: Set<UUID>, on sql: any SQLDatabase) -> EventLoopFuture<RollupContexts> {
        struct PlaceRow: Decodable { let id: UUID; let typology: String }
        struct StructureRow: Decodable { let id: UUID }
        let libraryPlaces: EventLoopFuture<Set<UUID>> = places.isEmpty ? sql.eventLoop.makeSucceededFuture([]) :
            sql.select().column("id").column("typology").from(PlaceModel.schema).where("id", .in, Array(places))
                .all(decoding: PlaceRow.self).map { Set($0.filter { isLibrary(typology: $0.typology) }.map(\.id)) }
        return libraryPlaces.flatMap { libraryPlaces in
            let libraryStructures: EventLoopFuture<Set<UUID>> = structures.isEmpty ? sql.eventLoop.makeSucceededFuture([]) :
                sql.select().column("id").from(StructureModel.schema).where("id", .in, Array(structures))
                    .where("is_library", .equal, true).all(decoding: StructureRow.self).map { Set($0.map(\.id)) }
            return libraryStructures.map { RollupContexts(libraryPlaces: libraryPlaces, libraryStructures: $0) }
        }
    }

    /// Every place and structure: for a recount of the whole table.
    static func loadAll(on db: any Database) async throws -> RollupContexts {
        var contexts = RollupContexts()
        for place in try await PlaceModel.query(on: db).field(\.$id).field(\.$typology).all() where isLibrary(typology: place.typology) {
            if let id = place.id { contexts.libraryPlaces.insert(id) }
        }
        for structure in try await StructureModel.query(on: db).filter(\.$isLibrary == true).field(\.$id).all() {
            if let id = structure.id { contexts.libraryStructures.insert(id) }
        }
        return contexts
    }

    /// A place is a library when one of its typologies is (`BIB`).
    static func isLibrary(typology: String) -> Bool {
        typology.split(separator: "|").contains { PlaceTypology(code: String($0))?.isLibrary == true }
    }
}

extension Rollups {
    /// The changes that adding (+1) or removing (−1) these records make.
    static func changes(for activities: [ActivityModel], sign: Int, on db: any Database) async throws -> [RollupChange] {
        let contexts = try await RollupContexts.load(for: activities.map { ($0.placeId, $0.structureId) }, on: db)
        return activities.map { change(of: $0, details: $0.details, sign: sign, contexts: contexts) }
    }

    static func change(of activity: ActivityModel, details: ActivityDetails, sign: Int, contexts: RollupContexts) -> RollupChange {
        RollupChange(source: FacetSource(details: details, mediatorId: activity.mediatorId,
                                         context: contexts.context(placeId: details.placeId, structureId: activity.structureId)),
                     structureId: activity.structureId, sign: sign)
    }

    /// Records added: call inside their transaction.
    static func added(_ activities: [ActivityModel], on db: any Database) async throws {
        try await apply(changes(for: activities, sign: 1, on: db), on: db)
    }

    /// Records removed: call inside their transaction, with the records as they were.
    static func removed(_ activities: [ActivityModel], on db: any Database) async throws {
        try await apply(changes(for: activities, sign: -1, on: db), on: db)
    }

    /// A record changed from `old` (its details before) to its current state (`activity.details`).
    static func changed(_ activity: ActivityModel, from old: ActivityDetails, on db: any Database) async throws {
        let new = activity.details
        let contexts = try await RollupContexts.load(for: [(old.placeId, activity.structureId), (new.placeId, activity.structureId)], on: db)
        try await apply([change(of: activity, details: old, sign: -1, contexts: contexts),
                         change(of: activity, details: new, sign: 1, contexts: contexts)], on: db)
    }

    /// Recomputes every row from the records (call it inside a transaction, as `tandem rollups
    /// rebuild` does, so that readers never see a half-built table): empties the table, then reads the records
    /// structure by structure, a chunk at a time (memory stays flat), adding each chunk's counts.
    /// Returns the number of records read.
    @discardableResult
    static func rebuild(on db: any Database, chunk: Int = 20_000, flushAt: Int = 2_000_000) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        if sql.dialect.name == "postgresql" {
            // Writers wait until the new counts are committed: a record committed in between
            // would otherwise be counted both by its own update and by the recount.
            try await sql.raw("LOCK TABLE \(ident: ActivityModel.schema) IN SHARE ROW EXCLUSIVE MODE").run()
            // TRUNCATE, not DELETE: after a DELETE every new row's uniqueness check met the old
            // row versions still in the index, and a rebuild of 1,000,000 records ran over twenty
            // minutes. Statistics readers wait for the commit instead of reading the old counts.
            try await sql.raw("TRUNCATE \(ident: schema)").run()
        } else {
            try await sql.delete(from: schema).run()
        }
        let contexts = try await RollupContexts.loadAll(on: db)
        var totals: [RollupKey: StatCounts] = [:]
        let read = try await forEachActivityChunk(on: sql, chunk: chunk) { activities in
            for activity in activities {
                add(change(of: activity, details: activity.details, sign: 1, contexts: contexts), into: &totals)
            }
            // Counts are summed in memory and written in large batches; a batch meeting rows
            // already written adds to them, so memory stays bounded whatever the table's size.
            if totals.count >= flushAt {
                try await write(totals.filter { !$0.value.isZero }, on: db)
                totals.removeAll(keepingCapacity: true)
            }
        }
        try await write(totals.filter { !$0.value.isZero }, on: db)
        return read
    }

    /// Reads every activity in id order, `chunk` at a time so that memory stays flat, and hands
    /// each chunk to `body`. Returns the number of records read. Shared by the rebuild and the check.
    static func forEachActivityChunk(on sql: any SQLDatabase, chunk: Int,
                                     _ body: ([ActivityModel]) async throws -> Void) async throws -> Int {
        var read = 0
        var after: UUID?
        while true {
            var query = sql.select().column(SQLLiteral.all).from(ActivityModel.schema)
            if let after { query = query.where("id", .greaterThan, after) }
            let rows = try await query.orderBy("id").limit(chunk).all()
            let activities = try rows.map(ActivityModel.init(row:))
            try await body(activities)
            read += activities.count
            guard rows.count == chunk, let last = activities.last?.id else { break }
            after = last
        }
        return read
    }
}

extension Rollups {
    /// A place became a library or stopped being one: its records move from one context to the
    /// other. Call inside the transaction that changes the place, after the change.
    static func placeContextChanged(_ placeId: UUID, wasLibrary: Bool, on db: any Database, chunk: Int = 5_000) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let old: StatContext = wasLibrary ? .library : .outsideLibrary
        let new: StatContext = wasLibrary ? .outsideLibrary : .library
        var offset = 0
        while true {
            let rows = try await sql.select().column(SQLLiteral.all).from(ActivityModel.schema).where("place_id", .equal, placeId)
                .orderBy("id").limit(chunk).offset(offset).all()
            let activities = try rows.map(ActivityModel.init(row:))
            var changes: [RollupChange] = []
            for activity in activities {
                let details = activity.details
                changes.append(RollupChange(source: FacetSource(details: details, mediatorId: activity.mediatorId, context: old),
                                            structureId: activity.structureId, sign: -1))
                changes.append(RollupChange(source: FacetSource(details: details, mediatorId: activity.mediatorId, context: new),
                                            structureId: activity.structureId, sign: 1))
            }
            try await apply(changes, on: db)
            offset += rows.count
            if rows.count < chunk { break }
        }
    }
}

/// The rollups table, filled from the records already there (a database from before the
/// observatory gets its statistics at once).
struct CreateActivityRollups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Rollups.schema)
            .field("structure_id", .string, .required)
            .field("filter", .string, .required)
            .field("month", .string, .required)
            .field("place_id", .string, .required)
            .field("mediator_id", .string, .required)
            .field("context", .string, .required)
            .field("kind", .string, .required)
            .field("dimension", .string, .required)
            .field("code", .string, .required)
            .field("activities", .int64, .required)
            .field("people", .int64, .required)
            .field("minutes", .int64, .required)
            .compositeIdentifier(over: "structure_id", "filter", "month", "place_id", "mediator_id", "context", "kind", "dimension", "code")
            .create()
        if let sql = database as? any SQLDatabase {
            // A place's or a mediator's statistics read their own ranges.
            try await sql.create(index: "activity_rollups_place").on(Rollups.schema).column("place_id").column("month").run()
            try await sql.create(index: "activity_rollups_mediator").on(Rollups.schema).column("mediator_id").column("month").run()
        }
        // A place's records: when its typology changes, and for a place's statistics under a filter.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "activities_place_date").on(ActivityModel.schema).column("place_id").column("date").run()
        }
        _ = try await database.writeTransaction { db in try await Rollups.rebuild(on: db) }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "activities_place_date").run()
        }
        try await database.schema(Rollups.schema).delete()
    }
}

/// Each structure's own rows (see `RollupKey`), summed from its detail rows: a database whose
/// rollups predate them gets them without reading a record. Replaces any already there, so that
/// it also holds on a database whose rollups were just built with them.
struct AddStructureRollups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        _ = try await database.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.delete(from: Rollups.schema).where("structure_id", .equal, "").where("filter", .like, "structure:%").run()
            let keys = Rollups.keyColumns.joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: Rollups.schema) (\(unsafeRaw: keys), activities, people, minutes)
                SELECT '', 'structure:' || structure_id, month, '', '', context, kind, dimension, code,
                       SUM(activities), SUM(people), SUM(minutes)
                FROM \(unsafeRaw: Rollups.schema)
                WHERE structure_id <> '' AND filter = ''
                GROUP BY structure_id, month, context, kind, dimension, code
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: Rollups.schema).where("structure_id", .equal, "").where("filter", .like, "structure:%").run()
    }
}

/// PostgreSQL's planner estimates `structure_id = '' AND filter = ''` as if the two were
/// independent: the territory's and the structures' rows share the empty structure, the detail
/// rows share the empty filter, so it expected a quarter of the table and read all of it (2.8 s
/// for the whole database at 1,000,000 records, where the index range holds 34,000 rows).
/// Statistics on the pair (their most common combinations) let it see the range is small. The
/// counts themselves are kept current by autovacuum's ANALYZE as rows are added.
/// SQLite's planner takes the primary key's prefix without being told.
struct AddRollupScopeStatistics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("CREATE STATISTICS IF NOT EXISTS activity_rollups_scope (mcv, dependencies) ON structure_id, filter FROM \(ident: Rollups.schema)").run()
        // Room for every pair: a structure's detail rows, its own rows and each filter of the
        // territory (hundreds of pairs; the default list of 100 left the territory's out).
        try await sql.raw("ALTER STATISTICS activity_rollups_scope SET STATISTICS 2000").run()
        try await sql.raw("ANALYZE \(ident: Rollups.schema)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP STATISTICS IF EXISTS activity_rollups_scope").run()
    }
}
