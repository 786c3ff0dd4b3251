import Foundation
import TandemCore
import Vapor

/// `GET /personnes/recherche?q=…`: the followed people whose name starts like `q`, for the
/// person picker of the activity form (`person-picker.js`). A page endpoint under the session
/// cookie, not the public API: the answer is always JSON, an error too, so that the script can
/// read it. Only the actor's own structure is searched. The query is never logged: the route
/// logger writes the route pattern, not the path and its query.
struct PersonSearchController {
    /// At most this many people: enough to pick from while typing, little to leak.
    static let maxResults = 10
    /// Shorter is nothing to search; longer is no name.
    static let queryLength = 1...40

    func register(_ routes: any RoutesBuilder) {
        routes.get("personnes", "recherche", use: search)
    }

    @Sendable func search(_ req: Request) async throws -> Response {
        guard let actor = req.actor else {
            return try Self.error(.unauthorized, "unauthorized", "Connectez-vous pour continuer.")
        }
        guard Policy.canFollowPeople(actor), let structureId = actor.structureId else {
            return try Self.error(.forbidden, "forbidden", "Votre rôle ne donne pas accès aux personnes suivies.")
        }
        let text = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var choices: [PersonChoice] = []
        if Self.queryLength.contains(text.count) {
            choices = Array(try await req.people.search(text, structureId: structureId, limit: Self.maxResults).prefix(Self.maxResults))
        }
        return try Self.private(APIResponse.json(choices))
    }

    private static func error(_ status: HTTPResponseStatus, _ code: String, _ message: String) throws -> Response {
        try self.private(APIResponse.json(APIErrorBody(error: code, message: message, fields: []), status: status))
    }

    /// Names of people are not kept by the browser's or any shared cache.
    private static func `private`(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
