import Fluent
import Foundation
import SQLKit
import Vapor

/// One person's place at a workshop session: confirmed, on the waiting list, or cancelled; or a
/// People who come without registering are only counted (`workshops.walk_ins`): nothing about
/// them is needed. The contact (first name, phone, e-mail) is erased some
/// days after the session; the row stays, so the counts do not change.
final class RegistrationModel: Model, @unchecked Sendable {
    static let schema = "workshop_registrations"

    enum Status: String, CaseIterable {
        case confirmed, waiting, cancelled
    }

    enum Source: String, CaseIterable {
        /// On the public page, by the person.
        case online
        /// By a mediator, at the desk or on the phone.
        case desk
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "workshop_id") var workshopId: UUID
    @OptionalField(key: "first_name") var firstName: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "consent") var consent: Bool
    @Field(key: "status") var status: String
    @Field(key: "source") var source: String
    @OptionalField(key: "registered_by") var registeredBy: UUID?
    /// Order of arrival within the session: the waiting list is served in this order.
    @Field(key: "rank") var rank: Int
    /// SHA-256 of the private cancellation token; the token itself is shown once, never stored.
    @Field(key: "cancel_token_hash") var cancelTokenHash: String
    /// Took a seat freed by someone else: the mediator must warn them ("à prévenir").
    @Field(key: "to_notify") var toNotify: Bool
    /// Ticked on the day: nil until attendance is taken.
    @OptionalField(key: "attended") var attended: Bool?
    @OptionalField(key: "contact_erased_at") var contactErasedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var registrationStatus: Status? { Status(rawValue: status) }
    var registrationSource: Source? { Source(rawValue: source) }
    var isConfirmed: Bool { status == Status.confirmed.rawValue }
    var isWaiting: Bool { status == Status.waiting.rawValue }

    /// The contact as one line for the mediator (never shown on a public page).
    var contactLine: String {
        [phone, email].compactMap { $0 }.joined(separator: " · ")
    }

    static func hash(token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    static func newToken() -> String {
        Hex.encode([UInt8].random(count: 24))
    }
}

/// Registrations, and what closing a session needs on the session itself.
struct CreateWorkshopRegistration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RegistrationModel.schema)
            .id()
            .field("workshop_id", .uuid, .required, .references(WorkshopModel.schema, "id", onDelete: .cascade))
            .field("first_name", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("consent", .bool, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("registered_by", .uuid, .references(UserModel.schema, "id", onDelete: .setNull))
            .field("rank", .int, .required)
            .field("cancel_token_hash", .string, .required)
            .field("to_notify", .bool, .required)
            .field("attended", .bool)
            .field("contact_erased_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "cancel_token_hash")
            .unique(on: "workshop_id", "rank")
            .create()
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(WorkshopModel.schema).field("closed_at", .datetime).update()
        // No foreign key: SQLite cannot drop a column that has one (revert). An activity deleted
        // from the logbook leaves a stale id, and closing again records a new one.
        try await database.schema(WorkshopModel.schema).field("activity_id", .uuid).update()
        try await database.schema(WorkshopModel.schema).field("walk_ins", .int).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "workshop_registrations_workshop_status").on(RegistrationModel.schema)
            .column("workshop_id").column("status").run()
        try await sql.create(index: "workshops_date").on(WorkshopModel.schema).column("date").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegistrationModel.schema).delete()
        for field in ["walk_ins", "activity_id", "closed_at"] {
            try await database.schema(WorkshopModel.schema).deleteField(.string(field)).update()
        }
    }
}
