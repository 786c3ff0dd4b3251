import Crypto
import Fluent
import Foundation
import TandemCore
import Vapor

/// An activity as the API returns it. Fields that do not apply to the kind are omitted; ids are
/// written in lower case.
struct ActivityResponse: Content {
    let id: String
    let mediatorId: String
    let structureId: String
    let kind: String
    let date: String
    let startTime: String?
    let durationMinutes: Int
    let locationKind: String
    let placeId: String?
    let commune: String?
    let themes: [String]
    let procedureDomains: [String]
    let procedureName: String?
    let devices: [String]
    let deviceOwners: [String]
    let interventionMode: String?
    let mandate: Bool?
    let autonomy: String?
    let workshopLevel: String?
    let title: String?
    let participantCount: Int?
    let ageBracket: String?
    let socialStatus: String?
    let gender: String?
    let ageBreakdown: [String: Int]?
    let statusBreakdown: [String: Int]?
    let genderBreakdown: [String: Int]?
    let audiences: [String]?
    let referralTarget: String?
    let resourceId: String?
    /// The followed person of an individual session; absent when the session is anonymous (the
    /// API never writes `null`). Only the id: a person's identity never leaves their structure's pages.
    let personId: String?
    let notes: String?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ model: ActivityModel) {
        let input = model.details.input
        let collective = ActivityKind(code: model.kind)?.isCollective ?? false
        // Ids in lower case, as in every URL Tandem builds.
        id = model.id!.uuidString.lowercased()
        mediatorId = model.mediatorId.uuidString.lowercased()
        structureId = model.structureId.uuidString.lowercased()
        kind = model.kind
        date = model.date
        startTime = input.startTime
        durationMinutes = model.durationMinutes
        locationKind = model.locationKind
        placeId = model.placeId?.uuidString.lowercased()
        commune = model.commune
        themes = input.themes
        procedureDomains = input.procedureDomains
        procedureName = input.procedureName
        devices = input.devices
        deviceOwners = input.deviceOwners
        interventionMode = input.interventionMode
        mandate = input.mandate
        autonomy = input.autonomy
        workshopLevel = input.workshopLevel
        title = input.title
        participantCount = collective ? input.participantCount : nil
        ageBracket = input.ageBracket
        socialStatus = input.socialStatus
        gender = input.gender
        ageBreakdown = model.kind == ActivityKind.workshop.code ? input.ageBreakdown : nil
        statusBreakdown = model.kind == ActivityKind.workshop.code ? input.statusBreakdown : nil
        genderBreakdown = model.kind == ActivityKind.workshop.code ? input.genderBreakdown : nil
        audiences = model.kind == ActivityKind.internalTraining.code ? input.audiences : nil
        referralTarget = input.referralTarget
        resourceId = model.resourceId?.uuidString.lowercased()
        personId = input.personId
        notes = input.notes
        createdAt = model.createdAt
        updatedAt = model.updatedAt
    }
}

struct ActivityListResponse: Content {
    let items: [ActivityResponse]
    /// Pass as `cursor` to get the next page; absent on the last page.
    let nextCursor: String?
}

/// `/api/v1/activities`: the logbook for programs (and the phone app's offline queue).
struct ActivityAPIController {
    static let maxLimit = 200

    func register(_ api: any RoutesBuilder) {
        let activities = api.grouped("activities")
        activities.get(use: list)
        activities.post(use: create)
        activities.get(":id", use: read)
        activities.put(":id", use: update)
        activities.delete(":id", use: delete)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard Policy.canListActivities(actor) else { throw APIError.forbidden("Votre rôle ne donne pas accès aux activités.") }
        let query = try ActivityQuery.read(req.url.query)
        let rows = try await req.activities.list(for: actor, filter: query.filter, after: query.cursor, limit: query.limit)
        let page = Array(rows.prefix(query.limit))
        let next = rows.count > query.limit ? page.last.map { ActivityCursor(date: $0.date, id: $0.id!).token } : nil
        return try APIResponse.json(ActivityListResponse(items: page.map(ActivityResponse.init), nextCursor: next))
    }

    @Sendable func read(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        return try APIResponse.json(ActivityResponse(model))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard Policy.canRecordActivities(actor), let structureId = actor.structureId else {
            throw APIError.forbidden("Seuls les médiateurs et coordinateurs rattachés à une structure enregistrent des activités.")
        }
        let body = try APIBody.bytes(req)
        let key = try IdempotencyKey.read(req.headers)
        let requestHash = Hex.encode(SHA256.hash(data: body))
        if let key, let replay = try await replay(req, actor: actor, key: key, requestHash: requestHash) {
            return replay
        }
        let details = try await validated(ActivityInput(json: body), req: req, structureId: structureId)
        let store = req.activities
        do {
            guard let key else {
                let model = try await store.create(details, by: actor, structureId: structureId)
                return try APIResponse.json(ActivityResponse(model), status: .created, location: model)
            }
            let model = try await store.create(details, by: actor, structureId: structureId, key: key, requestHash: requestHash) { model in
                String(decoding: try APIResponse.encoder.encode(ActivityResponse(model)), as: UTF8.self)
            }
            return try APIResponse.json(ActivityResponse(model), status: .created, location: model)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same key arrived twice at once: the other request won; answer as it did.
            if let key, let replay = try await replay(req, actor: actor, key: key, requestHash: requestHash) { return replay }
            // Otherwise the place or the resource was removed between the check and the insert.
            throw APIError.invalid([details.placeId == nil ? nil : FieldError("placeId", "Ce lieu n'existe plus."),
                                    details.resourceId == nil ? nil : FieldError("resourceId", "Cette ressource n'existe plus.")].compactMap { $0 })
        }
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        let details = try await validated(ActivityInput(json: try APIBody.bytes(req)), req: req, structureId: model.structureId)
        try await req.activities.update(model, with: details)
        return try APIResponse.json(ActivityResponse(model))
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        try await req.activities.delete(model)
        return Response(status: .noContent)
    }

    // MARK: Helpers

    private func findActivity(_ req: Request, actor: Actor) async throws -> ActivityModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let model = try await req.activities.find(id, for: actor) else {
            throw APIError.notFound("Aucune activité à cette adresse.")
        }
        return model
    }

    private func validated(_ input: ActivityInput, req: Request, structureId: UUID) async throws -> ActivityDetails {
        if input.isMalformed {
            throw APIError.badRequest(input.readErrors)
        }
        switch ActivityValidator().validate(input) {
        case let .failure(failure):
            throw APIError.invalid(failure.errors)
        case let .success(details):
            let errors = try await req.activities.checkReferences(of: details, structureId: structureId)
            if !errors.isEmpty { throw APIError.invalid(errors) }
            return details
        }
    }

    private func replay(_ req: Request, actor: Actor, key: String, requestHash: String) async throws -> Response? {
        guard let record = try await req.activities.idempotencyRecord(userId: actor.id, key: key) else { return nil }
        guard record.requestHash == requestHash else {
            throw APIError.invalid([FieldError("Idempotency-Key", "Cette clé a déjà servi pour une autre requête.")])
        }
        let response = Response(status: .created, body: .init(string: record.responseBody))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/activities/\(record.activityId.uuidString.lowercased())")
        return response
    }
}

/// The `Idempotency-Key` request header: 1 to 200 visible ASCII characters.
enum IdempotencyKey {
    static func read(_ headers: HTTPHeaders) throws -> String? {
        let values = headers["Idempotency-Key"]
        guard !values.isEmpty else { return nil }
        guard values.count == 1, let key = values.first, (1...200).contains(key.utf8.count),
              key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest([FieldError("Idempotency-Key", "La clé doit compter de 1 à 200 caractères ASCII visibles, une seule fois.")])
        }
        return key
    }
}

/// The query string of the activity list.
struct ActivityQuery {
    var filter = ActivityFilter()
    var cursor: ActivityCursor?
    var limit = 50

    static let names: Set<String> = ["from", "to", "placeId", "kind", "mediatorId", "cursor", "limit"]

    static func read(_ query: String?) throws -> ActivityQuery {
        let form = FormBody.parse(query ?? "")
        var result = ActivityQuery()
        var errors: [FieldError] = []
        for name in form.names {
            if !names.contains(name) { errors.append(FieldError(name, "Ce paramètre n'existe pas.")) }
            else if form.count(name) > 1 { errors.append(FieldError(name, "Ce paramètre est répété.")) }
        }
        if let from = form.value("from") {
            if let date = LocalDate(iso: from) { result.filter.from = date } else { errors.append(FieldError("from", "Date attendue au format AAAA-MM-JJ.")) }
        }
        if let to = form.value("to") {
            if let date = LocalDate(iso: to) { result.filter.to = date } else { errors.append(FieldError("to", "Date attendue au format AAAA-MM-JJ.")) }
        }
        if let place = form.value("placeId") {
            if let id = UUID(uuidString: place) { result.filter.placeId = id } else { errors.append(FieldError("placeId", "Identifiant de lieu invalide.")) }
        }
        if let kind = form.value("kind") {
            if let value = ActivityKind(code: kind) { result.filter.kind = value } else { errors.append(FieldError("kind", "« \(kind.prefix(50)) » n'est pas un type d'activité.")) }
        }
        if let mediator = form.value("mediatorId") {
            if let id = UUID(uuidString: mediator) { result.filter.mediatorId = id } else { errors.append(FieldError("mediatorId", "Identifiant de médiateur invalide.")) }
        }
        if let cursor = form.value("cursor") {
            if let value = ActivityCursor(token: cursor) { result.cursor = value } else { errors.append(FieldError("cursor", "Curseur invalide : reprenez celui de la page précédente.")) }
        }
        if let limit = form.value("limit") {
            if let value = Int(limit), (1...ActivityAPIController.maxLimit).contains(value) { result.limit = value }
            else { errors.append(FieldError("limit", "La limite doit être un entier de 1 à \(ActivityAPIController.maxLimit).")) }
        }
        if let from = result.filter.from, let to = result.filter.to, from > to {
            errors.append(FieldError("to", "La fin de la période précède son début."))
        }
        guard errors.isEmpty else { throw APIError.badRequest(errors) }
        return result
    }
}
