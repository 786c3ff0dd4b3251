import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// What a list of activities may be narrowed to (web filters and API query).
struct ActivityFilter: Sendable, Equatable {
    var from: LocalDate?
    var to: LocalDate?
    var placeId: UUID?
    var kind: ActivityKind?
    var mediatorId: UUID?
}

/// A position in a newest-first list: the last row seen.
struct ActivityCursor: Sendable, Equatable {
    let date: String
    let id: UUID

    /// Opaque to clients: URL-safe Base64 of `date|id`.
    var token: String {
        Data("\(date)|\(id.uuidString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(date: String, id: UUID) {
        self.date = date
        self.id = id
    }

    init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 200, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|")
        guard parts.count == 2, LocalDate(iso: String(parts[0])) != nil, let id = UUID(uuidString: String(parts[1])) else { return nil }
        self.date = String(parts[0])
        self.id = id
    }
}

/// The mediator's own habits, offered as quick choices on the form.
struct QuickChoices: Sendable, Equatable {
    var lastPlaceId: UUID?
    var durations: [Int]
    var themes: [Theme]
}

/// Reading and writing activities. Every read is narrowed by the policy's scope; every write
/// is one transaction.
struct ActivityStore {
    let db: any Database

    // MARK: Reading

    /// The record, if the actor may see it; nil otherwise (so callers answer 404).
    func find(_ id: UUID, for actor: Actor) async throws -> ActivityModel? {
        guard let model = try await ActivityModel.find(id, on: db),
              Policy.canAccess(activityOf: model.mediatorId, in: model.structureId, actor: actor) else { return nil }
        return model
    }

    /// Newest first, after `cursor` when given; `limit + 1` rows are read so the caller knows
    /// whether another page follows.
    func list(for actor: Actor, filter: ActivityFilter, after cursor: ActivityCursor? = nil, offset: Int = 0, limit: Int) async throws -> [ActivityModel] {
        let query = ActivityModel.query(on: db)
        switch Policy.activityScope(for: actor) {
        case .all: break
        case let .structure(id): query.filter(\.$structureId == id)
        case let .mediator(id): query.filter(\.$mediatorId == id)
        case .none: return []
        }
        if let from = filter.from { query.filter(\.$date >= from.iso) }
        if let to = filter.to { query.filter(\.$date <= to.iso) }
        if let place = filter.placeId { query.filter(\.$placeId == place) }
        if let kind = filter.kind { query.filter(\.$kind == kind.code) }
        if let mediator = filter.mediatorId { query.filter(\.$mediatorId == mediator) }
        if let cursor {
            query.group(.or) { or in
                or.filter(\.$date < cursor.date)
                or.group(.and) { and in
                    and.filter(\.$date == cursor.date)
                    and.filter(\.$id < cursor.id)
                }
            }
        }
        return try await query.sort(\.$date, .descending).sort(\.$id, .descending)
            .offset(offset).limit(limit + 1).all()
    }

    /// The last place, and the most used durations and themes over the mediator's last 200
    /// records: enough to follow a change of habits, cheap on a large table.
    func quickChoices(for actor: Actor) async throws -> QuickChoices {
        let recent = try await ActivityModel.query(on: db)
            .filter(\.$mediatorId == actor.id)
            .sort(\.$date, .descending).sort(\.$id, .descending)
            .field(\.$id).field(\.$date).field(\.$placeId).field(\.$durationMinutes).field(\.$themes)
            .limit(200).all()
        var durationCounts: [Int: Int] = [:]
        var themeCounts: [Theme: Int] = [:]
        for row in recent {
            durationCounts[row.durationMinutes, default: 0] += 1
            for theme: Theme in CodeList.split(row.themes) { themeCounts[theme, default: 0] += 1 }
        }
        let durations = durationCounts.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(3).map(\.key)
        let themes = themeCounts.sorted { ($0.value, $1.key.code) > ($1.value, $0.key.code) }.prefix(5).map(\.key)
        return QuickChoices(lastPlaceId: recent.first(where: { $0.placeId != nil })?.placeId, durations: durations, themes: themes)
    }

    // MARK: Writing

    /// Checks what the core cannot: the place belongs to the actor's structure.
    func checkPlace(of details: ActivityDetails, structureId: UUID) async throws -> FieldError? {
        guard let placeId = details.placeId else { return nil }
        let found = try await PlaceModel.query(on: db)
            .filter(\.$id == placeId).filter(\.$structure.$id == structureId).count()
        return found == 0 ? FieldError("placeId", "Ce lieu n'existe pas dans votre structure.") : nil
    }

    /// Creates a record for the actor in their structure.
    func create(_ details: ActivityDetails, by actor: Actor, structureId: UUID, id: UUID = UUID()) async throws -> ActivityModel {
        let model = ActivityModel(id: id, structureId: structureId, mediatorId: actor.id, details: details)
        try await db.writeTransaction { db in
            try await model.create(on: db)
        }
        return model
    }

    /// Creates a record and remembers the answer under an idempotency key, in one transaction.
    func create(_ details: ActivityDetails, by actor: Actor, structureId: UUID, key: String, requestHash: String,
                response: @escaping @Sendable (ActivityModel) throws -> String) async throws -> ActivityModel {
        let model = ActivityModel(id: UUID(), structureId: structureId, mediatorId: actor.id, details: details)
        try await db.writeTransaction { db in
            try await model.create(on: db)
            let record = IdempotencyRecordModel(userId: actor.id, key: key, requestHash: requestHash,
                                                activityId: model.id!, responseBody: try response(model))
            try await record.create(on: db)
        }
        return model
    }

    func idempotencyRecord(userId: UUID, key: String) async throws -> IdempotencyRecordModel? {
        try await IdempotencyRecordModel.query(on: db).filter(\.$userId == userId).filter(\.$key == key).first()
    }

    func update(_ model: ActivityModel, with details: ActivityDetails) async throws {
        model.apply(details)
        try await db.writeTransaction { db in
            try await model.update(on: db)
        }
    }

    func delete(_ model: ActivityModel) async throws {
        try await db.writeTransaction { db in
            try await model.delete(on: db)
        }
    }
}

extension Request {
    var activities: ActivityStore { ActivityStore(db: db) }
}
