import Fluent
import TandemCore
import Vapor

/// A person who signs in: mediator, coordinator, researcher or administrator.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Always stored in lower case, so that sign-in ignores case.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @OptionalParent(key: "structure_id") var structure: StructureModel?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, email: String, displayName: String, passwordHash: String, role: Role, structureId: UUID?) {
        self.id = id
        self.email = email.lowercased()
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role.code
        self.$structure.id = structureId
    }
}

/// A mediator works in several places of their structure.
final class UserPlaceModel: Model, @unchecked Sendable {
    static let schema = "user_places"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Parent(key: "place_id") var place: PlaceModel

    init() {}

    init(userId: UUID, placeId: UUID) {
        self.$user.id = userId
        self.$place.id = placeId
    }
}

/// A personal API token. Only its SHA-256 is stored: a leaked database does not leak tokens.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userId: UUID, name: String, tokenHash: String) {
        self.$user.id = userId
        self.name = name
        self.tokenHash = tokenHash
    }
}

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("structure_id", .uuid, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).delete()
    }
}

struct CreateUserPlace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserPlaceModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("place_id", .uuid, .required, .references(PlaceModel.schema, "id", onDelete: .cascade))
            .unique(on: "user_id", "place_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserPlaceModel.schema).delete()
    }
}

struct CreateAPIToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APITokenModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APITokenModel.schema).delete()
    }
}
