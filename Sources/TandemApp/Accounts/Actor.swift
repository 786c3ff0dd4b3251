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
    /// The one-time key of the last new-activity form recorded, shown once on the next form.
    static let answeredFormKey = "cle_repondue"
}

/// Signs in the person whose id the session holds. Future-based, like the other middlewares: an
/// AsyncMiddleware costs every request a task of its own.
struct SessionActorAuthenticator: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.hasSession, let raw = request.session.data[SessionKeys.userId], let id = UUID(uuidString: raw) else {
            return next.respond(to: request)
        }
        return UserModel.find(id, on: request.db).flatMap { user in
            if let user, let actor = try? Actor(user) { request.auth.login(actor) }
            return next.respond(to: request)
        }
    }
}

/// Signs in the owner of a personal API token sent as `Authorization: Bearer …`.
struct BearerActorAuthenticator: BearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) -> EventLoopFuture<Void> {
        let hash = APITokens.hash(bearer.token)
        let cache = request.application.tandemCaches.tokens
        if let actor = cache.value(for: hash) {
            request.auth.login(actor)
            return request.eventLoop.makeSucceededVoidFuture()
        }
        return APITokenModel.query(on: request.db).filter(\.$tokenHash == hash).with(\.$user).first().map { token in
            guard let token, let actor = try? Actor(token.user) else { return }
            cache.store(actor, for: hash)
            request.auth.login(actor)
        }
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
