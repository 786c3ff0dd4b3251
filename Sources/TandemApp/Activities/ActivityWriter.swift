import Fluent
import Foundation
import SQLKit
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
        let continuation: CheckedContinuation<ActivityModel, any Error>
    }

    /// Under SQLite's 32,766 bound parameters per statement (33 columns a row), and short
    /// enough that the first waiting request is not held long.
    static let maxGroup = 200

    private let databases: Databases
    private let logger: Logger
    private let groupsWrites: Bool
    private var pending: [Pending] = []
    private var draining = false

    init(databases: Databases, logger: Logger, groupsWrites: Bool) {
        self.databases = databases
        self.logger = logger
        self.groupsWrites = groupsWrites
    }

    private var db: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    /// Inserts the record (and its idempotency record) and returns it once it is committed.
    func insert(_ insert: Insert) async throws -> ActivityModel {
        guard groupsWrites else {
            return try await Self.write([insert], on: db)[0]
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ActivityModel, any Error>) in
            pending.append(Pending(insert: insert, continuation: continuation))
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
                let models = try await Self.write(group.map(\.insert), on: db)
                for (item, model) in zip(group, models) { item.continuation.resume(returning: model) }
            } catch {
                // Find out which record failed: each one again, alone.
                for item in group {
                    do {
                        item.continuation.resume(returning: try await Self.write([item.insert], on: db)[0])
                    } catch {
                        item.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }

    /// One multi-row INSERT through SQLKit: Fluent's model insert reflects on every property of
    /// every model, which cost more than the database itself at a few thousand records a second.
    private static func write(_ inserts: [Insert], on db: any Database) async throws -> [ActivityModel] {
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
        @Sendable func insertActivities(_ sql: any SQLDatabase) async throws {
            var insert = sql.insert(into: ActivityModel.schema).columns(ActivityModel.insertColumns)
            for activity in activities { insert = insert.values(activity.insertValues) }
            try await insert.run()
        }
        // The records, their idempotency keys and the statistics they add to: all or nothing.
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await insertActivities(sql)
            if !keys.isEmpty {
                var keyInsert = sql.insert(into: IdempotencyRecordModel.schema).columns(IdempotencyRecordModel.insertColumns)
                for key in keys { keyInsert = keyInsert.values(key.insertValues) }
                try await keyInsert.run()
            }
            try await Rollups.added(activities, on: db)
        }
        // They are in the database now: Fluent may update or delete them.
        for activity in activities { activity._$idExists = true }
        return activities
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
        "referral_target", "notes", "created_at", "updated_at", "resource_id",
    ]

    /// The row's values in the order of `insertColumns`.
    var insertValues: [any SQLExpression] {
        [sqlValue(id), sqlValue(structureId), sqlValue(mediatorId), sqlValue(kind), sqlValue(date), sqlValue(startMinutes),
         sqlValue(durationMinutes), sqlValue(locationKind), sqlValue(placeId), sqlValue(commune), sqlValue(themes),
         sqlValue(procedureDomains), sqlValue(procedureName), sqlValue(devices), sqlValue(deviceOwners),
         sqlValue(interventionMode), sqlValue(mandate), sqlValue(autonomy), sqlValue(workshopLevel), sqlValue(title),
         sqlValue(participantCount), sqlValue(ageBracket), sqlValue(socialStatus), sqlValue(gender), sqlValue(ageBreakdown),
         sqlValue(statusBreakdown), sqlValue(genderBreakdown), sqlValue(audiences), sqlValue(referralTarget), sqlValue(notes),
         sqlValue(createdAt), sqlValue(updatedAt), sqlValue(resourceId)]
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
