import Fluent
import Foundation
import Vapor

/// A mediator's private calendar address: whoever has the link sees the sessions they lead, so
/// the token is long and random, and can be renewed (the old link then stops working).
final class CalendarLinkModel: Model, @unchecked Sendable {
    static let schema = "calendar_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userId: UUID
    @Field(key: "token") var token: String

    init() {}

    init(userId: UUID) {
        self.id = UUID.random()
        self.userId = userId
        self.token = CalendarLinkModel.newToken()
    }

    static func newToken() -> String {
        Hex.encode([UInt8].random(count: 24))
    }

    /// The link of a user, made on first use.
    static func link(for userId: UUID, on db: any Database) async throws -> CalendarLinkModel {
        if let link = try await CalendarLinkModel.query(on: db).filter(\.$userId == userId).first() { return link }
        let link = CalendarLinkModel(userId: userId)
        do {
            try await link.create(on: db)
            return link
        } catch {
            // Made at the same moment by another request: use that one.
            guard let existing = try await CalendarLinkModel.query(on: db).filter(\.$userId == userId).first() else { throw error }
            return existing
        }
    }
}

struct CreateCalendarLink: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarLinkModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("token", .string, .required)
            .unique(on: "user_id")
            .unique(on: "token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarLinkModel.schema).delete()
    }
}
