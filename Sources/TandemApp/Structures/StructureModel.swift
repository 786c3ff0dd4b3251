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
