import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// What schemathesis found against `/api/v1/openapi.json` (tests/external/fuzz_api.sh), each kept
/// here so that it stays fixed without the fuzzer.
@Suite("API: findings of the fuzzer")
struct APIFuzzRegressionTests {
    @Test("A structure or mediator that is no identifier is refused, even where the role imposes it")
    func malformedImposedIdentifiers() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for actor in [f.mediatorA, f.coordinatorA, f.admin] {
                let api = t.api(actor)
                let structure = try await api.send(.GET, "/api/v1/statistics?structureId=null")
                #expect(structure.status == .badRequest, "\(actor.role)")
                #expect(try api.fieldErrors(structure)["structureId"] == "« null » n'est pas une structure.")
                let mediator = try await api.send(.GET, "/api/v1/statistics?mediatorId=abc")
                #expect(mediator.status == .badRequest, "\(actor.role)")
                #expect(try api.fieldErrors(mediator)["mediatorId"] == "« abc » n'est pas un médiateur.")
            }
            // A well-formed identifier is still replaced by the imposed one, as documented.
            let api = t.api(f.mediatorA)
            let forced = try await api.send(.GET, "/api/v1/statistics?structureId=\(f.structureB)&mediatorId=\(f.mediatorA2.id)")
            #expect(forced.status == .ok)
            let query = try #require(try api.json(forced)["query"] as? [String: Any])
            #expect(query["structureId"] as? String == f.structureA.uuidString.lowercased())
            #expect(query["mediatorId"] as? String == f.mediatorA.id.uuidString.lowercased())
        }
    }

    @Test("An empty statistics parameter counts as absent, as the document now says")
    func emptyStatisticsParameters() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.admin)
            let empty = ObservatoryInput.names.map { "\($0)=" }.joined(separator: "&")
            let response = try await api.send(.GET, "/api/v1/statistics?\(empty)")
            #expect(response.status == .ok)
            let query = try #require(try api.json(response)["query"] as? [String: Any])
            #expect(query["period"] as? String == "this_year")
            let spaces = try await api.send(.GET, "/api/v1/statistics?to=%20&placeId=%20")
            #expect(spaces.status == .ok)
        }
    }

    @Test("The opening hours' empty instant means now, as the document now says")
    func emptyInstant() async throws {
        try await TestApp.run { t in
            let api = t.api(nil)
            let response = try await api.send(.GET, "/api/v1/opening-hours?expression=Mo-Fr%2009:00-12:00&at=")
            #expect(response.status == .ok)
            #expect(try api.json(response)["valid"] as? Bool == true)
        }
    }

    @Test("The document's patterns for those parameters accept the empty value")
    func documentAcceptsEmpty() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "Resources/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        func parameters(_ path: String) -> [[String: Any]] {
            ((paths[path]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]]) ?? []
        }
        func acceptsEmpty(_ schema: [String: Any]) -> Bool {
            if let pattern = schema["pattern"] as? String {
                return (try? NSRegularExpression(pattern: pattern))?.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil
            }
            return (schema["anyOf"] as? [[String: Any]] ?? []).contains(where: acceptsEmpty)
        }
        for parameter in parameters("/api/v1/statistics") {
            #expect(acceptsEmpty(parameter["schema"] as? [String: Any] ?? [:]), "\(parameter["name"] ?? "?")")
        }
        let at = try #require(parameters("/api/v1/opening-hours").first { $0["name"] as? String == "at" })
        #expect(acceptsEmpty(at["schema"] as? [String: Any] ?? [:]))
    }
}
