import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Request ids (in the response, reused from a client when safe, in the request's log line),
/// `/health` and `/ready`, and the order in which `tandem serve` stops.
@Suite("Operations")
struct OperationsTests {
    @Test("Every response carries a request id, new for each request")
    func responseCarriesId() async throws {
        try await TestApp.run { t in
            let first = try await t.app.testing().sendRequest(.GET, "/health")
            let second = try await t.app.testing().sendRequest(.GET, "/page-qui-n-existe-pas")
            let a = try #require(first.headers.first(name: "X-Request-Id"))
            let b = try #require(second.headers.first(name: "X-Request-Id"))
            #expect(a != b)
            #expect(UUID(uuidString: a) != nil)
            #expect(second.status == .notFound)
        }
    }

    @Test("A client's id of up to 64 safe characters is kept; any other is replaced")
    func clientIds() async throws {
        try await TestApp.run { t in
            for safe in ["abc-123_x.y", "A", String(repeating: "z", count: 64), "f47ac10b-58cc-4372-a567-0e02b2c3d479"] {
                let response = try await t.app.testing().sendRequest(.GET, "/health", headers: ["X-Request-Id": safe])
                #expect(response.headers.first(name: "X-Request-Id") == safe)
            }
            for unsafe in ["", "a b", "<script>", "id\"quote", "é", "a/b", "a=b", String(repeating: "z", count: 65), "a\tb"] {
                let response = try await t.app.testing().sendRequest(.GET, "/health", headers: ["X-Request-Id": unsafe])
                let id = try #require(response.headers.first(name: "X-Request-Id"))
                #expect(id != unsafe)
                #expect(UUID(uuidString: id) != nil, "remplacé par un nouvel identifiant : \(unsafe)")
            }
        }
    }

    @Test("The log line of a request carries its id")
    func logLineCarriesId() async throws {
        try await TestApp.run(recordingLogs: true) { t in
            let id = "trace-\(UUID().uuidString.lowercased().prefix(8))"
            _ = try await t.app.testing().sendRequest(.GET, "/health", headers: ["X-Request-Id": id])
            let api = t.api(t.fixture.mediatorA)
            let created = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: t.fixture.placeA1),
                                             headers: [("X-Request-Id", id + "-api")])
            #expect(created.status == .created)
            #expect(created.headers.first(name: "X-Request-Id") == id + "-api")
            let lines = t.logs.lines
            #expect(lines.contains { $0.contains("GET /health 200") && $0.contains("request-id=\(id)") })
            #expect(lines.contains { $0.contains("POST /api/v1/activities 201") && $0.contains("request-id=\(id)-api") })
            // A replaced id is what the log line shows, never the one sent.
            let replaced = try await t.app.testing().sendRequest(.GET, "/ready", headers: ["X-Request-Id": "mauvais id"])
            let newId = try #require(replaced.headers.first(name: "X-Request-Id"))
            #expect(t.logs.lines.contains { $0.contains("GET /ready 200") && $0.contains("request-id=\(newId)") })
            #expect(!t.logs.text.contains("mauvais id"))
        }
    }

    @Test("/health and /ready answer JSON")
    func healthAndReady() async throws {
        try await TestApp.run { t in
            let health = try await t.app.testing().sendRequest(.GET, "/health")
            #expect(health.status == .ok)
            #expect(health.body.string.contains("\"ok\""))
            let ready = try await t.app.testing().sendRequest(.GET, "/ready")
            #expect(ready.status == .ok)
            #expect(ready.body.string.contains("\"ok\""))
        }
    }

    @Test("On stop, the HTTP server stops before the database closes, so requests in flight finish")
    func stopOrder() async throws {
        // `tandem serve` registers GracefulStop after everything else; Vapor runs the shutdown
        // handlers in reverse order. Here, over a real socket: a request answered, then the
        // handler stops the server (no new connection) while the database still answers.
        try await TestApp.run { t in
            t.app.http.server.configuration.hostname = "127.0.0.1"
            t.app.http.server.configuration.port = 0
            try await t.app.server.start(address: nil)
            let port = try #require(t.app.http.server.shared.localAddress?.port)
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let ok = try await client.get(url: "http://127.0.0.1:\(port)/ready").get()
            #expect(ok.status == .ok)
            await GracefulStop().shutdownAsync(t.app)
            #expect(Self.connectionRefused(port: port))
            try await client.shutdown()
            // The database still answers: it closes after the server, in Vapor's own shutdown.
            _ = try await StructureModel.query(on: t.db).count()
        }
    }

    /// Whether a TCP connection to 127.0.0.1:port is refused (a plain socket: an HTTP client
    /// would retry until its timeout).
    static func connectionRefused(port: Int) -> Bool {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result != 0 && errno == ECONNREFUSED
    }
}
