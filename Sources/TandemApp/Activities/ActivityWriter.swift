import Fluent
import NIOConcurrencyHelpers
import Foundation
import SQLKit
import SQLiteKit
import TandemCore
import Vapor

/// Writes new activities. On SQLite, where one writer holds the lock at a time, creates that
/// arrive together are grouped into one transaction with one multi-row INSERT ("group commit"):
/// a busy morning of mediators costs a few transactions instead of one each. Each create still
/// gets its own answer, and a failure in a group is retried record by record so that one bad
/// record (a duplicate idempotency key, say) never fails its neighbours. On PostgreSQL, which
/// runs concurrent transactions itself, each create is its own transaction.
actor ActivityWriter {
    /// One record to insert, with the idempotency key to keep alongside it, if any. The model is
    /// built anew for each attempt, since a model once inserted cannot be inserted again.
    struct Insert: Sendable {
        let id: UUID
        let structureId: UUID
        let mediatorId: UUID
        let details: ActivityDetails
        let idempotency: Idempotency?

        func model() -> ActivityModel {
            ActivityModel(id: id, structureId: structureId, mediatorId: mediatorId, details: details)
        }
    }

    /// The key and the answer to replay, written from the stored record (its timestamps).
    struct Idempotency: Sendable {
        let userId: UUID
        let key: String
        let requestHash: String
        let response: @Sendable (ActivityModel) throws -> String
    }

    private struct Pending {
        let insert: Insert
        let rollup: PreparedRollup
        let continuation: CheckedContinuation<ActivityModel, any Error>
    }

    /// What a record adds to the rollups, computed by the request's own task before it joins the
    /// queue, for the context (in a library or not) its place had last time the writer looked.
    /// The writer checks that context inside the transaction and computes again in the rare
    /// case it changed: the queue, which one writer empties, only adds the counts up.
    struct PreparedRollup: Sendable {
        let context: StatContext
        let increments: [RollupKey: StatCounts]
    }

    /// Whether each place (and each structure, for records without a place) was a library when
    /// last read in a write transaction: a guess, always checked.
    private struct LibraryGuesses {
        var places: [UUID: Bool] = [:]
        var structures: [UUID: Bool] = [:]
    }

    /// Under SQLite's 32,766 bound parameters per statement (33 columns a row), and short
    /// enough that the first waiting request is not held long.
    static let maxGroup = 200

    private let databases: Databases
    private let logger: Logger
    private let groupsWrites: Bool
    /// The writer lives on one event loop and writes through that loop's SQLite connection: its
    /// transaction is a chain of futures on the loop, with no hop through the shared pool of
    /// threads that runs the requests (waiting for a turn there cost more than SQLite's work).
    private let loop: any EventLoop
    private var pending: [Pending] = []
    private var draining = false
    private let guesses = NIOLockedValueBox(LibraryGuesses())

    init(databases: Databases, logger: Logger, groupsWrites: Bool) {
        self.databases = databases
        self.logger = logger
        self.groupsWrites = groupsWrites
        loop = databases.eventLoopGroup.any()
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    private var db: any Database {
        databases.database(logger: logger, on: groupsWrites ? loop : databases.eventLoopGroup.any())!
    }

    /// Inserts the record (and its idempotency record) and returns it once it is committed.
    /// Its rollup counts are computed here, on the caller's task, outside the writer.
    nonisolated func insert(_ insert: Insert) async throws -> ActivityModel {
        let rollup = prepare(insert)
        return try await enqueue(insert, rollup)
    }

    private func enqueue(_ insert: Insert, _ rollup: PreparedRollup) async throws -> ActivityModel {
        guard groupsWrites else {
            return try await write([insert], [rollup], on: db)[0]
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ActivityModel, any Error>) in
            pending.append(Pending(insert: insert, rollup: rollup, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let group = Array(pending.prefix(Self.maxGroup))
            pending.removeFirst(group.count)
            do {
                let models = try await write(group.map(\.insert), group.map(\.rollup), on: db)
                for (item, model) in zip(group, models) { item.continuation.resume(returning: model) }
            } catch {
                // Find out which record failed: each one again, alone.
                for item in group {
                    do {
                        item.continuation.resume(returning: try await write([item.insert], [item.rollup], on: db)[0])
                    } catch {
                        item.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }

    private nonisolated func prepare(_ insert: Insert) -> PreparedRollup {
        let isLibrary = guesses.withLockedValue { guesses in
            insert.details.placeId.map { guesses.places[$0] } ?? guesses.structures[insert.structureId]
        }
        let context: StatContext = isLibrary == true ? .library : .outsideLibrary
        return PreparedRollup(context: context, increments: Self.increments(of: insert, context: context))
    }

    private static func increments(of insert: Insert, context: StatContext) -> [RollupKey: StatCounts] {
        Rollups.increments([RollupChange(source: FacetSource(details: insert.details, mediatorId: insert.mediatorId, context: context),
                                         structureId: insert.structureId, sign: 1)])
    }

    /// The group's counts, from what each record prepared when its context is still right.
    private nonisolated func rollupIncrements(_ inserts: [Insert], _ prepared: [PreparedRollup],
                                              contexts: RollupContexts) -> [RollupKey: StatCounts] {
        guesses.withLockedValue { guesses in
            for insert in inserts {
                if let place = insert.details.placeId { guesses.places[place] = contexts.libraryPlaces.contains(place) }
                else { guesses.structures[insert.structureId] = contexts.libraryStructures.contains(insert.structureId) }
            }
        }
        var totals: [RollupKey: StatCounts] = [:]
        for (insert, rollup) in zip(inserts, prepared) {
            let context = contexts.context(placeId: insert.details.placeId, structureId: insert.structureId)
            let increments = rollup.context == context ? rollup.increments : Self.increments(of: insert, context: context)
            if totals.isEmpty { totals = increments; continue }
            totals.merge(increments, uniquingKeysWith: +)
        }
        return totals
    }

    /// One multi-row INSERT through SQLKit: Fluent's model insert reflects on every property of
    /// every model, which cost more than the database itself at a few thousand records a second.
    private func write(_ inserts: [Insert], _ prepared: [PreparedRollup], on db: any Database) async throws -> [ActivityModel] {
        let now = Date()
        let activities = inserts.map { insert in
            let model = insert.model()
            model.createdAt = now
            model.updatedAt = now
            return model
        }
        let keys = try zip(inserts, activities).compactMap { insert, activity -> IdempotencyRecordModel? in
            guard let key = insert.idempotency else { return nil }
            let record = IdempotencyRecordModel(userId: key.userId, key: key.key, requestHash: key.requestHash,
                                                activityId: insert.id, responseBody: try key.response(activity))
            record.id = UUID.random()
            record.createdAt = now
            return record
        }
        let records = inserts.map { ($0.details.placeId, $0.structureId) }
        if groupsWrites, let sqlite = db as? any SQLiteDatabase {
            try await sqlite.withConnection { connection in
                // The level Fluent is configured with (configure.swift): statements and their values
                // (notes, names) never reach a debug log.
                let sql = connection.sql(queryLogLevel: .trace)
                return Self.transaction(on: connection) {
                    Self.insert(activities, keys, on: sql)
                        .flatMap { RollupContexts.load(places: RollupContexts.places(of: records), structures: RollupContexts.structures(of: records), on: sql) }
                        .flatMap { Rollups.write(self.rollupIncrements(inserts, prepared, contexts: $0), on: sql) }
                }
            }.get()
        } else {
            try await db.writeTransaction { db in
                guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
                try await Self.insert(activities, keys, on: sql).get()
                let contexts = try await RollupContexts.load(for: records, on: db)
                try await Rollups.write(self.rollupIncrements(inserts, prepared, contexts: contexts), on: db)
            }
        }
        // They are in the database now: Fluent may update or delete them.
        for activity in activities { activity._$idExists = true }
        TandemMetrics.shared.activitiesRecorded(activities.count)
        return activities
    }
}

extension ActivityWriter {
    /// The records and their idempotency keys, each as one multi-row INSERT.
    private static func insert(_ activities: [ActivityModel], _ keys: [IdempotencyRecordModel], on sql: any SQLDatabase) -> EventLoopFuture<Void> {
        var insert = sql.insert(into: ActivityModel.schema).columns(ActivityModel.insertColumns)
        for activity in activities { insert = insert.values(activity.insertValues) }
        return insert.run().flatMap {
            guard !keys.isEmpty else { return sql.eventLoop.makeSucceededVoidFuture() }
            var keyInsert = sql.insert(into: IdempotencyRecordModel.schema).columns(IdempotencyRecordModel.insertColumns)
            for key in keys { keyInsert = keyInsert.values(key.insertValues) }
            return keyInsert.run()
        }
    }

    /// `BEGIN IMMEDIATE` … `COMMIT` around the body on one connection, `ROLLBACK` if it fails
    /// (see `writeTransaction`).
    private static func transaction(on connection: SQLiteConnection, _ body: @escaping @Sendable () -> EventLoopFuture<Void>) -> EventLoopFuture<Void> {
        connection.query("BEGIN IMMEDIATE").flatMap { _ in body() }
            .flatMap { connection.query("COMMIT").map { _ in } }
            .flatMapError { error in connection.query("ROLLBACK").flatMapThrowing { _ in throw error }.flatMapErrorThrowing { _ in throw error } }
    }
}

/// A value for an INSERT: bound, or NULL when absent.
func sqlValue<T: Encodable & Sendable>(_ value: T?) -> any SQLExpression {
    value.map { SQLBind($0) } ?? SQLLiteral.null
}

extension ActivityModel {
    static let insertColumns = [
        "id", "structure_id", "mediator_id", "kind", "date", "start_minutes", "duration_minutes", "location_kind",
        "place_id", "commune", "themes", "procedure_domains", "procedure_name", "devices", "device_owners",
        "intervention_mode", "mandate", "autonomy", "workshop_level", "title", "participant_count", "age_bracket",
        "social_status", "gender", "age_breakdown", "status_breakdown", "gender_breakdown", "audiences",
        "referral_target", "notes", "created_at", "updated_at", "resource_id", "person_id",
    ]

    /// The row's values in the order of `insertColumns`.
    var insertValues: [any SQLExpression] {
        [sqlValue(id), sqlValue(structureId), sqlValue(mediatorId), sqlValue(kind), sqlValue(date), sqlValue(startMinutes),
         sqlValue(durationMinutes), sqlValue(locationKind), sqlValue(placeId), sqlValue(commune), sqlValue(themes),
         sqlValue(procedureDomains), sqlValue(procedureName), sqlValue(devices), sqlValue(deviceOwners),
         sqlValue(interventionMode), sqlValue(mandate), sqlValue(autonomy), sqlValue(workshopLevel), sqlValue(title),
         sqlValue(participantCount), sqlValue(ageBracket), sqlValue(socialStatus), sqlValue(gender), sqlValue(ageBreakdown),
         sqlValue(statusBreakdown), sqlValue(genderBreakdown), sqlValue(audiences), sqlValue(referralTarget), sqlValue(notes),
         sqlValue(createdAt), sqlValue(updatedAt), sqlValue(resourceId), sqlValue(personId)]
    }
}

extension IdempotencyRecordModel {
    static let insertColumns = ["id", "user_id", "key", "request_hash", "activity_id", "response_body", "created_at"]

    var insertValues: [any SQLExpression] {
        [sqlValue(id), sqlValue(userId), sqlValue(key), sqlValue(requestHash), sqlValue(activityId), sqlValue(responseBody), sqlValue(createdAt)]
    }
}

extension Application {
    private struct ActivityWriterKey: StorageKey { typealias Value = ActivityWriter }

    /// The application's one writer of new activities (set up by `configure`).
    var activityWriter: ActivityWriter {
        get {
            guard let writer = storage[ActivityWriterKey.self] else { fatalError("configure(app) sets up the activity writer") }
            return writer
        }
        set { storage[ActivityWriterKey.self] = newValue }
    }
}
