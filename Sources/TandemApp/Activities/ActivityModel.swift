import Fluent
import SQLKit
import TandemCore
import Vapor

/// One recorded activity. Lists of codes are stored as `a|b|c` text and breakdowns as
/// `code:count|…`, which reads the same on SQLite and PostgreSQL and keeps one row per activity.
final class ActivityModel: Model, @unchecked Sendable {
    static let schema = "activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "structure_id") var structureId: UUID
    @Field(key: "mediator_id") var mediatorId: UUID
    @Field(key: "kind") var kind: String
    /// `YYYY-MM-DD`: text sorts by date on both databases.
    @Field(key: "date") var date: String
    @OptionalField(key: "start_minutes") var startMinutes: Int?
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "location_kind") var locationKind: String
    @OptionalField(key: "place_id") var placeId: UUID?
    @OptionalField(key: "commune") var commune: String?
    @Field(key: "themes") var themes: String
    @Field(key: "procedure_domains") var procedureDomains: String
    @OptionalField(key: "procedure_name") var procedureName: String?
    @Field(key: "devices") var devices: String
    @Field(key: "device_owners") var deviceOwners: String
    @OptionalField(key: "intervention_mode") var interventionMode: String?
    @OptionalField(key: "mandate") var mandate: Bool?
    @OptionalField(key: "autonomy") var autonomy: String?
    @OptionalField(key: "workshop_level") var workshopLevel: String?
    @OptionalField(key: "title") var title: String?
    @Field(key: "participant_count") var participantCount: Int
    @OptionalField(key: "age_bracket") var ageBracket: String?
    @OptionalField(key: "social_status") var socialStatus: String?
    @OptionalField(key: "gender") var gender: String?
    @Field(key: "age_breakdown") var ageBreakdown: String
    @Field(key: "status_breakdown") var statusBreakdown: String
    @Field(key: "gender_breakdown") var genderBreakdown: String
    @Field(key: "audiences") var audiences: String
    @OptionalField(key: "referral_target") var referralTarget: String?
    /// A resource of the structure's local catalogue (added by `AddActivityResource`).
    @OptionalField(key: "resource_id") var resourceId: UUID?
    @OptionalField(key: "notes") var notes: String?
    /// The followed person of an individual session (`AddActivityPerson`); nil when anonymous.
    @OptionalField(key: "person_id") var personId: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, structureId: UUID, mediatorId: UUID, details: ActivityDetails) {
        self.id = id
        self.structureId = structureId
        self.mediatorId = mediatorId
        apply(details)
    }

    /// A stored row read through SQLKit, without Fluent's reflection on every property.
    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        structureId = try row.decode(column: "structure_id", as: UUID.self)
        mediatorId = try row.decode(column: "mediator_id", as: UUID.self)
        kind = try row.decode(column: "kind", as: String.self)
        date = try row.decode(column: "date", as: String.self)
        startMinutes = try row.decode(column: "start_minutes", as: Int?.self)
        durationMinutes = try row.decode(column: "duration_minutes", as: Int.self)
        locationKind = try row.decode(column: "location_kind", as: String.self)
        placeId = try row.decode(column: "place_id", as: UUID?.self)
        commune = try row.decode(column: "commune", as: String?.self)
        themes = try row.decode(column: "themes", as: String.self)
        procedureDomains = try row.decode(column: "procedure_domains", as: String.self)
        procedureName = try row.decode(column: "procedure_name", as: String?.self)
        devices = try row.decode(column: "devices", as: String.self)
        deviceOwners = try row.decode(column: "device_owners", as: String.self)
        interventionMode = try row.decode(column: "intervention_mode", as: String?.self)
        mandate = try row.decode(column: "mandate", as: Bool?.self)
        autonomy = try row.decode(column: "autonomy", as: String?.self)
        workshopLevel = try row.decode(column: "workshop_level", as: String?.self)
        title = try row.decode(column: "title", as: String?.self)
        participantCount = try row.decode(column: "participant_count", as: Int.self)
        ageBracket = try row.decode(column: "age_bracket", as: String?.self)
        socialStatus = try row.decode(column: "social_status", as: String?.self)
        gender = try row.decode(column: "gender", as: String?.self)
        ageBreakdown = try row.decode(column: "age_breakdown", as: String.self)
        statusBreakdown = try row.decode(column: "status_breakdown", as: String.self)
        genderBreakdown = try row.decode(column: "gender_breakdown", as: String.self)
        audiences = try row.decode(column: "audiences", as: String.self)
        referralTarget = try row.decode(column: "referral_target", as: String?.self)
        resourceId = try row.decode(column: "resource_id", as: UUID?.self)
        personId = try row.decode(column: "person_id", as: UUID?.self)
        notes = try row.decode(column: "notes", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Date?.self)
        updatedAt = try row.decode(column: "updated_at", as: Date?.self)
        _$idExists = true
    }

    /// Copies every field of a validated record; fields that do not apply are cleared.
    func apply(_ details: ActivityDetails) {
        kind = details.kind.code
        date = details.date.iso
        startMinutes = details.startTime?.minutes
        durationMinutes = details.durationMinutes
        locationKind = details.locationKind.code
        placeId = details.placeId
        commune = details.commune
        themes = CodeList.join(details.themes)
        procedureDomains = CodeList.join(details.procedureDomains)
        procedureName = details.procedureName
        devices = CodeList.join(details.devices)
        deviceOwners = CodeList.join(details.deviceOwners)
        interventionMode = details.interventionMode?.code
        mandate = details.mandate
        autonomy = details.autonomy?.code
        workshopLevel = details.workshopLevel?.code
        title = details.title
        participantCount = details.participantCount
        referralTarget = details.referralTarget?.code
        resourceId = details.resourceId
        // Only an individual session is with one person (the validator drops it otherwise).
        personId = details.kind == .individual ? details.personId : nil
        notes = details.notes
        ageBracket = nil; socialStatus = nil; gender = nil
        ageBreakdown = ""; statusBreakdown = ""; genderBreakdown = ""; audiences = ""
        switch details.participants {
        case let .individual(person):
            ageBracket = person.ageBracket.code
            socialStatus = person.socialStatus.code
            gender = person.gender.code
        case let .group(group):
            ageBreakdown = CodeList.join(group.ageBreakdown)
            statusBreakdown = CodeList.join(group.statusBreakdown)
            genderBreakdown = CodeList.join(group.genderBreakdown)
        case let .training(training):
            audiences = CodeList.join(training.audiences)
        }
    }

    /// The stored record as core values. Stored codes were validated on the way in; an unknown
    /// one (from a later version, say) is skipped rather than crashing a page.
    var details: ActivityDetails {
        let kind = ActivityKind(code: kind) ?? .individual
        let participants: Participants
        switch kind {
        case .individual:
            participants = .individual(AnonymousPerson(
                ageBracket: ageBracket.flatMap(AgeBracket.init(code:)) ?? .unknown,
                socialStatus: socialStatus.flatMap(SocialStatus.init(code:)) ?? .unknown,
                gender: gender.flatMap(Gender.init(code:)) ?? .unknown))
        case .workshop:
            participants = .group(GroupParticipants(
                count: participantCount,
                ageBreakdown: CodeList.counts(ageBreakdown), statusBreakdown: CodeList.counts(statusBreakdown),
                genderBreakdown: CodeList.counts(genderBreakdown)))
        case .internalTraining:
            participants = .training(TrainingParticipants(count: participantCount, audiences: CodeList.split(audiences)))
        }
        return ActivityDetails(
            kind: kind, date: LocalDate(iso: date) ?? ActivityLimits.earliestDate,
            startTime: startMinutes.flatMap(TimeOfDay.init(minutes:)), durationMinutes: durationMinutes,
            locationKind: LocationKind(code: locationKind) ?? .other, placeId: placeId, commune: commune,
            themes: CodeList.split(themes), procedureDomains: CodeList.split(procedureDomains),
            procedureName: procedureName, devices: CodeList.split(devices), deviceOwners: CodeList.split(deviceOwners),
            interventionMode: interventionMode.flatMap(InterventionMode.init(code:)), mandate: mandate,
            autonomy: autonomy.flatMap(Autonomy.init(code:)), workshopLevel: workshopLevel.flatMap(WorkshopLevel.init(code:)),
            title: title, participants: participants, referralTarget: referralTarget.flatMap(ReferralTarget.init(code:)),
            notes: notes, resourceId: resourceId, personId: kind == .individual ? personId : nil)
    }
}

/// The text form of code lists and breakdowns in the activity table.
enum CodeList {
    static func join<V: CodedVocabulary>(_ values: [V]) -> String {
        values.map(\.code).joined(separator: "|")
    }

    static func join<V: CodedVocabulary>(_ counts: [V: Int]) -> String {
        V.allCases.compactMap { value in counts[value].map { "\(value.code):\($0)" } }.joined(separator: "|")
    }

    static func split<V: CodedVocabulary>(_ text: String) -> [V] {
        text.split(separator: "|").compactMap { V(code: String($0)) }
    }

    static func counts<V: CodedVocabulary>(_ text: String) -> [V: Int] {
        var result: [V: Int] = [:]
        for pair in text.split(separator: "|") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let value = V(code: String(parts[0])), let count = Int(parts[1]) {
                result[value] = count
            }
        }
        return result
    }
}

/// Remembers the first answer to a create sent with an `Idempotency-Key`, so that a client
/// retrying after a lost response gets that answer instead of a second record.
final class IdempotencyRecordModel: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userId: UUID
    @Field(key: "key") var key: String
    /// SHA-256 of the request body: the same key with another body is a client error.
    @Field(key: "request_hash") var requestHash: String
    @Field(key: "activity_id") var activityId: UUID
    @Field(key: "response_body") var responseBody: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userId: UUID, key: String, requestHash: String, activityId: UUID, responseBody: String) {
        self.userId = userId
        self.key = key
        self.requestHash = requestHash
        self.activityId = activityId
        self.responseBody = responseBody
    }
}

struct CreateActivity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("mediator_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("start_minutes", .int)
            .field("duration_minutes", .int, .required)
            .field("location_kind", .string, .required)
            .field("place_id", .uuid, .references(PlaceModel.schema, "id", onDelete: .restrict))
            .field("commune", .string)
            .field("themes", .string, .required)
            .field("procedure_domains", .string, .required)
            .field("procedure_name", .string)
            .field("devices", .string, .required)
            .field("device_owners", .string, .required)
            .field("intervention_mode", .string)
            .field("mandate", .bool)
            .field("autonomy", .string)
            .field("workshop_level", .string)
            .field("title", .string)
            .field("participant_count", .int, .required)
            .field("age_bracket", .string)
            .field("social_status", .string)
            .field("gender", .string)
            .field("age_breakdown", .string, .required)
            .field("status_breakdown", .string, .required)
            .field("gender_breakdown", .string, .required)
            .field("audiences", .string, .required)
            .field("referral_target", .string)
            .field("notes", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // The two lists people open most: a mediator's own, and a structure's, newest first.
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "activities_mediator_date").on(ActivityModel.schema)
            .column("mediator_id").column("date").column("id").run()
        try await sql.create(index: "activities_structure_date").on(ActivityModel.schema)
            .column("structure_id").column("date").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActivityModel.schema).delete()
    }
}

struct CreateIdempotencyKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRecordModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("activity_id", .uuid, .required)
            .field("response_body", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyRecordModel.schema).delete()
    }
}
