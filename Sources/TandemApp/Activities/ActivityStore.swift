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
    let writer: ActivityWriter
    let caches: AppCaches

    // MARK: Reading

    /// The record, if the actor may see it; nil otherwise (so callers answer 404).
    func find(_ id: UUID, for actor: Actor) async throws -> ActivityModel? {
        guard let model = try await ActivityModel.find(id, on: db),
              Policy.canAccess(activityOf: model.mediatorId, in: model.structureId, actor: actor) else { return nil }
        return model
    }

    /// Newest first, after `cursor` when given; `limit + 1` rows are read so the caller knows
    /// whether another page follows. Read through SQLKit and decoded by hand: this is the page a
    /// mediator opens most, on the largest table.
    func list(for actor: Actor, filter: ActivityFilter, after cursor: ActivityCursor? = nil, offset: Int = 0, limit: Int) async throws -> [ActivityModel] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var query = sql.select().column("*").from(ActivityModel.schema)
        switch Policy.activityScope(for: actor) {
        case .all: break
        case let .structure(id): query = query.where("structure_id", .equal, id)
        case let .mediator(id): query = query.where("mediator_id", .equal, id)
        case .none: return []
        }
        if let from = filter.from { query = query.where("date", .greaterThanOrEqual, from.iso) }
        if let to = filter.to { query = query.where("date", .lessThanOrEqual, to.iso) }
        if let place = filter.placeId { query = query.where("place_id", .equal, place) }
        if let kind = filter.kind { query = query.where("kind", .equal, kind.code) }
        if let mediator = filter.mediatorId { query = query.where("mediator_id", .equal, mediator) }
        if let cursor {
            let before = SQLBinaryExpression(SQLColumn("date"), .lessThan, SQLBind(cursor.date))
            let sameDay = SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("date"), .equal, SQLBind(cursor.date)), .and,
                SQLBinaryExpression(SQLColumn("id"), .lessThan, SQLBind(cursor.id)))
            query = query.where(SQLGroupExpression(SQLBinaryExpression(before, .or, SQLGroupExpression(sameDay))))
        }
        let rows = try await query.orderBy("date", .descending).orderBy("id", .descending)
            .offset(offset).limit(limit + 1).all()
        return try rows.map(ActivityModel.init(row:))
    }

    /// The last place, and the most used durations and themes over the mediator's last 200
    /// records: enough to follow a change of habits, cheap on a large table.
    func quickChoices(for actor: Actor) async throws -> QuickChoices {
        guard let sql = db as? any SQLDatabase else { return QuickChoices(lastPlaceId: nil, durations: [], themes: []) }
        let recent = try await sql.select().column("place_id").column("duration_minutes").column("themes")
            .from(ActivityModel.schema).where("mediator_id", .equal, actor.id)
            .orderBy("date", .descending).orderBy("id", .descending).limit(200).all()
        var durationCounts: [Int: Int] = [:]
        var themeCounts: [Theme: Int] = [:]
        var lastPlace: UUID?
        for row in recent {
            durationCounts[try row.decode(column: "duration_minutes", as: Int.self), default: 0] += 1
            for theme: Theme in CodeList.split(try row.decode(column: "themes", as: String.self)) { themeCounts[theme, default: 0] += 1 }
            if lastPlace == nil { lastPlace = try row.decode(column: "place_id", as: UUID?.self) }
        }
        let durations = durationCounts.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(3).map(\.key)
        let themes = themeCounts.sorted { ($0.value, $1.key.code) > ($1.value, $0.key.code) }.prefix(5).map(\.key)
        return QuickChoices(lastPlaceId: lastPlace, durations: durations, themes: themes)
    }

    // MARK: Writing

    /// Checks what the core cannot: the place belongs to the actor's structure.
    func checkPlace(of details: ActivityDetails, structureId: UUID) async throws -> FieldError? {
        guard let placeId = details.placeId else { return nil }
        let owner = try await caches.placeStructures.value(for: placeId) {
            try await PlaceModel.find(placeId, on: db)?.$structure.id
        }
        return owner == structureId ? nil : FieldError("placeId", "Ce lieu n'existe pas dans votre structure.")
    }

    /// Checks what the core cannot: the local resource belongs to the actor's structure (published
    /// or not: a record that named it before it was withdrawn stays editable).
    func checkResource(of details: ActivityDetails, structureId: UUID) async throws -> FieldError? {
        guard let resourceId = details.resourceId else { return nil }
        let owner = try await LocalResourceModel.find(resourceId, on: db)?.$structure.id
        return owner == structureId ? nil : FieldError("resourceId", "Cette ressource n'existe pas dans votre structure.")
    }

    /// Checks what the core cannot: the followed person exists and is the structure's. A person
    /// of another structure reads as absent, like any record out of reach.
    func checkPerson(of details: ActivityDetails, structureId: UUID) async throws -> FieldError? {
        guard let personId = details.personId else { return nil }
        let owner = try await FollowedPersonModel.find(personId, on: db)?.structureId
        return owner == structureId ? nil : FieldError("personId", Self.personNotFound)
    }

    static let personNotFound = "Cette personne suivie est introuvable dans votre structure."

    /// The place, resource and person checks together, so that all are reported at once.
    func checkReferences(of details: ActivityDetails, structureId: UUID) async throws -> [FieldError] {
        let place = try await checkPlace(of: details, structureId: structureId)
        let resource = try await checkResource(of: details, structureId: structureId)
        let person = try await checkPerson(of: details, structureId: structureId)
        return [place, resource, person].compactMap { $0 }
    }

    /// The record with what a linked person decides: their age bracket, computed from their year
    /// of birth at the activity's date — never typed, so that a session counts the person in
    /// the bracket they were in that day. A person no longer there (erased or merged away since
    /// the form was checked) leaves the session anonymous, as an erasure does.
    func resolvePerson(_ details: ActivityDetails, structureId: UUID) async throws -> ActivityDetails {
        guard let personId = details.personId, case var .individual(person) = details.participants else {
            var anonymous = details
            anonymous.personId = nil
            return anonymous
        }
        var resolved = details
        guard let model = try await FollowedPersonModel.find(personId, on: db), model.structureId == structureId else {
            resolved.personId = nil
            return resolved
        }
        person.ageBracket = AgeBracket.forBirthYear(model.birthYear, on: details.date)
        resolved.participants = .individual(person)
        return resolved
    }

    /// Creates a record for the actor in their structure.
    func create(_ details: ActivityDetails, by actor: Actor, structureId: UUID) async throws -> ActivityModel {
        let details = try await resolvePerson(details, structureId: structureId)
        return try await writer.insert(.init(id: UUID.random(), structureId: structureId, mediatorId: actor.id, details: details, idempotency: nil))
    }

    /// Creates a record and remembers the answer under an idempotency key, in one transaction.
    func create(_ details: ActivityDetails, by actor: Actor, structureId: UUID, key: String, requestHash: String,
                response: @escaping @Sendable (ActivityModel) throws -> String) async throws -> ActivityModel {
        let details = try await resolvePerson(details, structureId: structureId)
        let idempotency = ActivityWriter.Idempotency(userId: actor.id, key: key, requestHash: requestHash, response: response)
        return try await writer.insert(.init(id: UUID.random(), structureId: structureId, mediatorId: actor.id, details: details, idempotency: idempotency))
    }

    func idempotencyRecord(userId: UUID, key: String) async throws -> IdempotencyRecordModel? {
        try await IdempotencyRecordModel.query(on: db).filter(\.$userId == userId).filter(\.$key == key).first()
    }

    /// Changes the record and the statistics in one transaction.
    func update(_ model: ActivityModel, with details: ActivityDetails) async throws {
        let details = try await resolvePerson(details, structureId: model.structureId)
        let before = model.details
        model.apply(details)
        try await db.writeTransaction { db in
            try await model.update(on: db)
            try await Rollups.changed(model, from: before, on: db)
        }
    }

    /// Deletes the record and takes it out of the statistics in one transaction.
    func delete(_ model: ActivityModel) async throws {
        try await db.writeTransaction { db in
            try await model.delete(on: db)
            try await Rollups.removed([model], on: db)
        }
    }
}

extension Request {
    var activities: ActivityStore { ActivityStore(db: db, writer: application.activityWriter, caches: application.tandemCaches) }
}

extension Application {
    var activities: ActivityStore { ActivityStore(db: db, writer: activityWriter, caches: tandemCaches) }
}
