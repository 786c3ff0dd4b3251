import Fluent
import SQLKit
import TandemCore
import Vapor

/// A resource of a structure's local catalogue: what mediators recommend (the library network's
/// online training platform, its digital press…). A coordinator keeps it; the logbook's
/// referrals may name it; the published ones show on `/ressources`.
final class LocalResourceModel: Model, @unchecked Sendable {
    static let schema = "local_resources"

    @ID(key: .id) var id: UUID?
    @Parent(key: "structure_id") var structure: StructureModel
    @Field(key: "name") var name: String
    @OptionalField(key: "provider") var provider: String?
    /// A `ResourceKind` code.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "url") var url: String?
    /// Not `description`, which every Fluent model already has (its debug text).
    @OptionalField(key: "description") var about: String?
    @Field(key: "is_published") var isPublished: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, structureId: UUID, resource: LocalResource) {
        self.id = id
        self.$structure.id = structureId
        apply(resource)
    }

    func apply(_ resource: LocalResource) {
        name = resource.name
        provider = resource.provider
        kind = resource.kind.code
        url = resource.url
        about = resource.description
        isPublished = resource.isPublished
    }

    /// The stored resource as a core value; an unknown kind (from a later version) reads as "Autre".
    var resource: LocalResource {
        LocalResource(name: name, provider: provider, kind: ResourceKind(code: kind) ?? .other, url: url,
                      description: about, isPublished: isPublished)
    }
}

struct CreateLocalResource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LocalResourceModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("name", .string, .required)
            .field("provider", .string)
            .field("kind", .string, .required)
            .field("url", .string)
            .field("description", .string)
            .field("is_published", .bool, .required, .sql(.default(true)))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "local_resources_structure").on(LocalResourceModel.schema)
            .column("structure_id").column("name").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LocalResourceModel.schema).delete()
    }
}

/// The local resource an activity's referral names. Deleting the resource keeps the activity and
/// its referral, without the resource.
struct AddActivityResource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema(ActivityModel.schema)
            .field("resource_id", .uuid, .references(LocalResourceModel.schema, "id", onDelete: .setNull))
            .update()
        // Deleting a resource looks up the activities that name it (both engines set them to NULL).
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "activities_resource").on(ActivityModel.schema).column("resource_id").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "activities_resource").run()
        }
        try await database.schema(ActivityModel.schema).deleteField("resource_id").update()
    }
}
