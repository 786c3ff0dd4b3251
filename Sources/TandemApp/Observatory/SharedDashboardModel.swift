import Fluent
import Foundation
import TandemCore
import Vapor

/// A read-only view of a filtered dashboard, published by the coordination at `/partage/{token}`
/// for funders and elected officials. Whoever holds the link sees it, without signing in: the
/// token is long and random, small counts are masked, mediators are named only when the author
/// chose so, and the link can be revoked (it then answers 404).
final class SharedDashboardModel: Model, @unchecked Sendable {
    static let schema = "shared_dashboards"

    @ID(key: .id) var id: UUID?
    @Field(key: "token") var token: String
    /// The query, frozen (`period=custom&from=…&to=…&structureId=…`): the link keeps showing the
    /// months it was made for.
    @Field(key: "parameters") var parameters: String
    /// The structure whose coordination lists and revokes the link; nil for the territory's.
    @OptionalField(key: "structure_id") var structureId: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "shows_mediators") var showsMediators: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(query: ObservatoryQuery, createdBy: UUID, showsMediators: Bool) {
        id = UUID.random()
        token = Self.newToken()
        parameters = query.queryString(frozen: true)
        structureId = query.structureId
        self.createdBy = createdBy
        self.showsMediators = showsMediators
    }

    /// 32 random bytes in hexadecimal: 64 characters nobody guesses.
    static func newToken() -> String {
        Hex.encode([UInt8].random(count: 32))
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.count == 64 && token.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    var isRevoked: Bool { revokedAt != nil }

    /// The frozen query; nil only if the stored parameters no longer read (never written so).
    var frozenQuery: ObservatoryQuery? {
        try? ObservatoryInput(query: parameters).validate().get()
    }

    var audience: DashboardAudience {
        DashboardAudience(showsMediators: showsMediators, masked: true)
    }
}

struct CreateSharedDashboard: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SharedDashboardModel.schema)
            .id()
            .field("token", .string, .required)
            .field("parameters", .string, .required)
            .field("structure_id", .uuid, .references(StructureModel.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("shows_mediators", .bool, .required)
            .field("created_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SharedDashboardModel.schema).delete()
    }
}
