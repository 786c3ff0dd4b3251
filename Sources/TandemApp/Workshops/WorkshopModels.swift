import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// One planned session of a workshop. A weekly series is several sessions sharing a `seriesId`,
/// each editable or cancellable on its own.
final class WorkshopModel: Model, @unchecked Sendable {
    static let schema = "workshops"

    enum Status: String {
        case scheduled, cancelled
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "structure_id") var structureId: UUID
    @OptionalField(key: "series_id") var seriesId: UUID?
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var about: String?
    @Field(key: "themes") var themes: String
    @OptionalField(key: "level") var level: String?
    @Field(key: "place_id") var placeId: UUID
    /// `YYYY-MM-DD`, and minutes from midnight, Paris time.
    @Field(key: "date") var date: String
    @Field(key: "start_minutes") var startMinutes: Int
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "capacity") var capacity: Int
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "audiences") var audiences: String
    @Field(key: "status") var status: String
    /// When attendance was last closed (added by `CreateWorkshopRegistration`).
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// The `workshop` (or `internal_training`) activity that closing recorded: closing again updates it.
    @OptionalField(key: "activity_id") var activityId: UUID?
    /// People who came without registering, counted when attendance is taken.
    @OptionalField(key: "walk_ins") var walkIns: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID = UUID.random(), structureId: UUID, seriesId: UUID?, plan: WorkshopPlan, date: LocalDate) {
        self.id = id
        self.structureId = structureId
        self.seriesId = seriesId
        self.status = Status.scheduled.rawValue
        apply(plan, date: date)
    }

    /// Copies a validated plan onto this session (its own date: a series gives each its week).
    func apply(_ plan: WorkshopPlan, date: LocalDate) {
        title = plan.title
        about = plan.description
        themes = CodeList.join(plan.themes)
        level = plan.level?.code
        placeId = plan.placeId
        self.date = date.iso
        startMinutes = plan.startTime.minutes
        durationMinutes = plan.durationMinutes
        capacity = plan.capacity
        isPublic = plan.isPublic
        audiences = CodeList.join(plan.audiences)
    }

    var isCancelled: Bool { status == Status.cancelled.rawValue }

    /// Whether the session has started (or is over) at `now`: then nobody registers or cancels online.
    func hasStarted(now: Date = Date()) -> Bool {
        guard let day = LocalDate(iso: date) else { return true }
        let today = LocalDate.today(now: now)
        return day < today || (day == today && startMinutes <= RegistrationStore.minutesNow(now))
    }

    /// The form's input that describes this session, to edit it.
    func input(mediators: [UUID]) -> WorkshopInput {
        var input = WorkshopInput()
        input.title = title
        input.description = about
        input.themes = PlaceModel.list(themes)
        input.level = level
        input.placeId = placeId.uuidString.lowercased()
        input.date = date
        input.startTime = TimeOfDay(minutes: startMinutes)?.text
        input.durationMinutes = durationMinutes
        input.capacity = capacity
        input.mediatorIds = mediators.map { $0.uuidString.lowercased() }
        input.isPublic = isPublic
        input.audiences = PlaceModel.list(audiences)
        return input
    }
}

/// Who leads a session: one or more mediators.
final class WorkshopMediatorModel: Model, @unchecked Sendable {
    static let schema = "workshop_mediators"

    @ID(key: .id) var id: UUID?
    @Field(key: "workshop_id") var workshopId: UUID
    @Field(key: "user_id") var userId: UUID

    init() {}

    init(workshopId: UUID, userId: UUID) {
        self.id = UUID.random()
        self.workshopId = workshopId
        self.userId = userId
    }
}

struct CreateWorkshop: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkshopModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("series_id", .uuid)
            .field("title", .string, .required)
            .field("description", .string)
            .field("themes", .string, .required)
            .field("level", .string)
            .field("place_id", .uuid, .required, .references(PlaceModel.schema, "id", onDelete: .restrict))
            .field("date", .string, .required)
            .field("start_minutes", .int, .required)
            .field("duration_minutes", .int, .required)
            .field("capacity", .int, .required)
            .field("is_public", .bool, .required)
            .field("audiences", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(WorkshopMediatorModel.schema)
            .id()
            .field("workshop_id", .uuid, .required, .references(WorkshopModel.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .unique(on: "workshop_id", "user_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "workshops_structure_date").on(WorkshopModel.schema).column("structure_id").column("date").run()
        try await sql.create(index: "workshops_place_date").on(WorkshopModel.schema).column("place_id").column("date").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkshopMediatorModel.schema).delete()
        try await database.schema(WorkshopModel.schema).delete()
    }
}
