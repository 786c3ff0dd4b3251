import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("OpenAPI document")
struct OpenAPITests {
    /// Operations of the document, as "METHOD /path/{param}".
    static func documentedOperations(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("Every API route is described, and every described operation exists")
    func routesMatchDocument() async throws {
        try await TestApp.run { t in
            let response = try await t.api(nil).send(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let routes = Set(t.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case let .parameter(name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                guard path.hasPrefix("/api/") || path == "/health" || path == "/ready" else { return nil }
                return "\(route.method.rawValue) \(path)"
            })
            #expect(!routes.isEmpty)
            #expect(routes == Self.documentedOperations(document))
        }
    }

    @Test("Every documented operation declares its error answers with the shared error schema")
    func errorsDescribed() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "Resources/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for (path, item) in paths where path.hasPrefix("/api/v1/activities") {
            for (method, operation) in item {
                guard let operation = operation as? [String: Any], let responses = operation["responses"] as? [String: Any] else { continue }
                #expect(responses["401"] != nil, "\(method) \(path) lacks 401")
                if method == "post" || method == "put" {
                    #expect(responses["422"] != nil, "\(method) \(path) lacks 422")
                    #expect(responses["400"] != nil, "\(method) \(path) lacks 400")
                }
            }
        }
    }
}
