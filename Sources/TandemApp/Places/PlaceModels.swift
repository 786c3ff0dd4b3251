import Fluent
import TandemCore
import Vapor

/// An organisation that employs mediators and runs places: a library network, a town hall,
/// an intercommunality's digital service, a social centre…
final class StructureModel: Model, @unchecked Sendable {
    static let schema = "structures"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// A typology code (TAXONOMY.md, places): what kind of structure it is.
    @Field(key: "kind") var kind: String
    @Field(key: "is_library") var isLibrary: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, name: String, kind: PlaceTypology, isLibrary: Bool) {
        self.id = id
        self.name = name
        self.kind = kind.code
        self.isLibrary = isLibrary
    }
}

/// A place where mediation happens. The national standard's full set of fields comes with the
/// places capability; these are the ones the logbook needs.
final class PlaceModel: Model, @unchecked Sendable {
    static let schema = "places"

    @ID(key: .id) var id: UUID?
    @Parent(key: "structure_id") var structure: StructureModel
    @Field(key: "name") var name: String
    @Field(key: "typology") var typology: String
    @Field(key: "address") var address: String
    @Field(key: "postal_code") var postalCode: String
    @Field(key: "commune") var commune: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, structureId: UUID, name: String, typology: PlaceTypology, address: String, postalCode: String, commune: String) {
        self.id = id
        self.$structure.id = structureId
        self.name = name
        self.typology = typology.code
        self.address = address
        self.postalCode = postalCode
        self.commune = commune
    }
}

struct CreateStructure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StructureModel.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("is_library", .bool, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StructureModel.schema).delete()
    }
}

struct CreatePlace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlaceModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("name", .string, .required)
            .field("typology", .string, .required)
            .field("address", .string, .required)
            .field("postal_code", .string, .required)
            .field("commune", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlaceModel.schema).delete()
    }
}
