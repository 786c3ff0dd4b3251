import Crypto
import Fluent
import TandemCore
import Vapor

/// The signed-in person a request acts for, as the policy needs them: never a database model.
struct Actor: Authenticatable, Sendable, Equatable {
    let id: UUID
    let email: String
    let displayName: String
    let role: Role
    let structureId: UUID?

    init(_ user: UserModel) throws {
        guard let id = user.id else { throw Abort(.internalServerError) }
        self.id = id
        self.email = user.email
        self.displayName = user.displayName
        self.role = Role(code: user.role) ?? .mediator
        self.structureId = user.$structure.id
    }
}

enum SessionKeys {
    static let userId = "user_id"
    static let csrf = "csrf"
    static let flash = "flash"
}

/// Signs in the person whose id the session holds.
struct SessionActorAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let raw = request.session.data[SessionKeys.userId], let id = UUID(uuidString: raw),
           let user = try await UserModel.find(id, on: request.db) {
            request.auth.login(try Actor(user))
        }
        return try await next.respond(to: request)
    }
}

/// Signs in the owner of a personal API token sent as `Authorization: Bearer …`.
struct BearerActorAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = APITokens.hash(bearer.token)
        let actor = try await request.application.tandemCaches.tokens.value(for: hash) {
            try await APITokenModel.query(on: request.db)
                .filter(\.$tokenHash == hash).with(\.$user).first()
                .map { try Actor($0.user) }
        }
        if let actor { request.auth.login(actor) }
    }
}

enum APITokens {
    /// A new random token: 32 bytes, URL-safe Base64, prefixed so that it is recognisable in a
    /// secret scanner or a log line.
    static func generate() -> String {
        let bytes = [UInt8].random(count: 32)
        return "tdm_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}

extension Request {
    /// The signed-in actor, or nil.
    var actor: Actor? { auth.get(Actor.self) }

    /// The signed-in actor; a request without one is answered 401 (the API) or sent to sign in.
    func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized, reason: "Connectez-vous pour continuer.") }
        return actor
    }
}
