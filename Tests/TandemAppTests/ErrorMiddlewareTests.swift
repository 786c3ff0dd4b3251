import Fluent
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The error middleware's safety nets: a controller that lets a validation failure or a
/// database conflict through still answers clearly, never with a 500.
@Suite("Error answers")
struct ErrorMiddlewareTests {
    struct Conflict: DatabaseError, Error {
        var isSyntaxError: Bool { false }
        var isConstraintFailure: Bool { true }
        var isConnectionClosed: Bool { false }
    }

    @Test("An unhandled validation failure is a 400 with its French messages, a conflict a 409")
    func safetyNets() async throws {
        try await TestApp.run { t in
            t.app.get("essai", "validation") { _ -> String in
                throw ValidationFailure([FieldError("nom", "Le nom est obligatoire.")])
            }
            t.app.get("api", "v1", "essai") { _ -> String in
                throw ValidationFailure([FieldError("nom", "Le nom est obligatoire.")])
            }
            t.app.get("essai", "conflit") { _ -> String in throw Conflict() }
            try await t.app.testing().test(.GET, "/essai/validation") { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("Le nom est obligatoire."))
            }
            try await t.app.testing().test(.GET, "/api/v1/essai") { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("\"nom\""))
            }
            try await t.app.testing().test(.GET, "/essai/conflit") { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("au même moment"))
            }
        }
    }
}
