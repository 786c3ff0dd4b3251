import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A person followed with their consent (`followed_people`): the minimum needed to link their
/// sessions and see their progress — first name or nickname, year of birth, commune — and what
/// their consent covered. A person belongs to one structure; only its mediators and coordinator
/// see them. Erasing a person (on request, or by the retention task) deletes this row and unlinks
/// their activities, which keep their anonymous attributes so that statistics do not change.
final class FollowedPersonModel: Model, @unchecked Sendable {
    static let schema = "followed_people"

    @ID(key: .id) var id: UUID?
    @Field(key: "structure_id") var structureId: UUID
    @Field(key: "first_name") var firstName: String
    /// The first name folded for search and duplicate detection (no accents, lower case).
    @Field(key: "name_key") var nameKey: String
    @OptionalField(key: "last_initial") var lastInitial: String?
    @Field(key: "birth_year") var birthYear: Int
    @Field(key: "commune") var commune: String
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "notes") var notes: String?
    /// The day the person agreed (ISO date), who recorded it, and what they agreed to.
    @Field(key: "consent_date") var consentDate: String
    @Field(key: "consent_by") var consentBy: UUID
    @Field(key: "consent_purpose") var consentPurpose: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

struct CreateFollowedPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FollowedPersonModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("first_name", .string, .required)
            .field("name_key", .string, .required)
            .field("last_initial", .string)
            .field("birth_year", .int, .required)
            .field("commune", .string, .required)
            .field("phone", .string)
            .field("notes", .string)
            .field("consent_date", .string, .required)
            .field("consent_by", .uuid, .required)
            .field("consent_purpose", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX followed_people_structure_name ON followed_people (structure_id, name_key)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FollowedPersonModel.schema).delete()
    }
}

/// `activities.person_id`: the followed person an individual session was with, if any.
struct AddActivityPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityModel.schema)
            .field("person_id", .uuid)
            .update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX activities_person ON activities (person_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX activities_person").run()
        }
        try await database.schema(ActivityModel.schema).deleteField("person_id").update()
    }
}
