import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Which database the store tests run on: SQLite in a temporary file by default, PostgreSQL
/// when `TANDEM_TEST_DATABASE_URL` is set (CI runs the suite a second time that way). Each test
/// gets its own SQLite file or its own PostgreSQL schema, so tests run in parallel.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TANDEM_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isPostgres: Bool { postgresURL != nil }
}

/// A running application on a fresh database, with a small territory: two structures, places,
/// and one account of each role.
struct TestApp {
    let app: Application
    let fixture: Fixture
    /// This application's log records, debug level included, when it was started with
    /// `run(recordingLogs: true)`; empty otherwise (see LogCapture.swift).
    let logs: LogRecorder
    private let cleanup: @Sendable () async throws -> Void

    static func run(_ body: (TestApp) async throws -> Void) async throws {
        try await run(recordingLogs: false, body)
    }

    /// Every application logs at debug level through `CapturingLogHandler`.
    static func run(recordingLogs: Bool, _ body: (TestApp) async throws -> Void) async throws {
        TestLogging.bootstrap
        // On PostgreSQL, at most `TestSlots.postgres` applications at once: Swift Testing starts
        // every test together, and their connections would exceed the server's max_connections.
        if TestDatabase.isPostgres { await TestSlots.postgres.acquire() }
        defer { if TestDatabase.isPostgres { Task { await TestSlots.postgres.release() } } }
        let app = try await Application.make(.testing)
        let appId = UUID().uuidString
        let logs = LogRecorder()
        app.logger.logLevel = .debug
        app.logger[metadataKey: TestLogging.appKey] = .string(appId)
        if recordingLogs { TestLogging.recorders[appId] = logs }
        defer { if recordingLogs { TestLogging.recorders[appId] = nil } }
        let (config, cleanup) = try await makeStorage()
        do {
            try await configure(app, config: config)
            try await app.asyncBoot()
            try await app.autoMigrate()
            let fixture = try await Fixture.create(on: app.db)
            try await body(TestApp(app: app, fixture: fixture, logs: logs, cleanup: cleanup))
        } catch {
            try? await app.asyncShutdown()
            try? await cleanup()
            throw error
        }
        try await app.asyncShutdown()
        try await cleanup()
    }

    private static func makeStorage() async throws -> (AppConfig, @Sendable () async throws -> Void) {
        if let url = TestDatabase.postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await PostgresAdmin.run(url: url, "CREATE SCHEMA \(schema)")
            var config = AppConfig(storage: .postgres(url: url), bcryptCost: 4)
            config.postgresSearchPath = [String(schema)]
            // Many test applications run at once: a few connections each keeps the server under
            // its max_connections (CI starts it with 400).
            config.postgresConnectionsPerLoop = 2
            return (config, { try await PostgresAdmin.run(url: url, "DROP SCHEMA \(schema) CASCADE") })
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = AppConfig(storage: .sqlite(path: folder + "/tandem.sqlite"), dataDirectory: folder, bcryptCost: 4)
        return (config, { try? FileManager.default.removeItem(atPath: folder) })
    }

    var db: any Database { app.db }

    /// A client that keeps its cookies, like a browser.
    func browser() -> Browser { Browser(app: app) }

    func activityCount() async throws -> Int { try await ActivityModel.query(on: app.db).count() }
}

/// Runs one statement on PostgreSQL outside any test application.
enum PostgresAdmin {
    static func run(url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        do {
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// The accounts and places every test can use.
struct Fixture: Sendable {
    static let password = "correct-horse-battery"

    let structureA: UUID
    let structureB: UUID
    let placeA1: UUID
    let placeA2: UUID
    let placeB1: UUID
    let mediatorA: Actor
    let mediatorA2: Actor
    let coordinatorA: Actor
    let mediatorB: Actor
    let coordinatorB: Actor
    let researcher: Actor
    let admin: Actor
    let tokens: [UUID: String]

    func token(_ actor: Actor) -> String { tokens[actor.id]! }

    static func create(on db: any Database) async throws -> Fixture {
        let a = StructureModel(name: "Médiathèques du Val", kind: .bib, isLibrary: true)
        let b = StructureModel(name: "France Services du Plateau", kind: .rfs, isLibrary: false)
        try await a.create(on: db)
        try await b.create(on: db)
        let a1 = PlaceModel(structureId: a.id!, name: "Médiathèque centrale", typology: .bib, address: "1 rue des Livres", postalCode: "87000", commune: "Valbourg")
        let a2 = PlaceModel(structureId: a.id!, name: "Bibliothèque de quartier", typology: .bib, address: "2 place du Marché", postalCode: "87000", commune: "Valbourg")
        let b1 = PlaceModel(structureId: b.id!, name: "France Services du Plateau", typology: .rfs, address: "3 route Neuve", postalCode: "87100", commune: "Plateau")
        for place in [a1, a2, b1] { try await place.create(on: db) }
        let hash = try Bcrypt.hash(password, cost: 4)
        var tokens: [UUID: String] = [:]
        func account(_ email: String, _ role: Role, _ structure: UUID?, places: [UUID] = []) async throws -> Actor {
            let user = UserModel(email: email, displayName: email.components(separatedBy: "@")[0], passwordHash: hash, role: role, structureId: structure)
            try await user.create(on: db)
            for place in places { try await UserPlaceModel(userId: user.id!, placeId: place).create(on: db) }
            let token = APITokens.generate()
            try await APITokenModel(userId: user.id!, name: "tests", tokenHash: APITokens.hash(token)).create(on: db)
            tokens[user.id!] = token
            return try Actor(user)
        }
        let mediatorA = try await account("mediatrice.a@test.example", .mediator, a.id, places: [a1.id!])
        let mediatorA2 = try await account("mediateur.a2@test.example", .mediator, a.id, places: [a2.id!])
        let coordinatorA = try await account("coordination.a@test.example", .coordinator, a.id)
        let mediatorB = try await account("mediateur.b@test.example", .mediator, b.id, places: [b1.id!])
        let coordinatorB = try await account("coordination.b@test.example", .coordinator, b.id)
        let researcher = try await account("enquete@test.example", .researcher, nil)
        let admin = try await account("admin@test.example", .admin, nil)
        return Fixture(structureA: a.id!, structureB: b.id!, placeA1: a1.id!, placeA2: a2.id!, placeB1: b1.id!,
                       mediatorA: mediatorA, mediatorA2: mediatorA2, coordinatorA: coordinatorA, mediatorB: mediatorB,
                       coordinatorB: coordinatorB, researcher: researcher, admin: admin, tokens: tokens)
    }
}

/// A browser-like client: keeps cookies, reads CSRF tokens from pages, posts forms.
final class Browser: @unchecked Sendable {
    let app: Application
    private var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path)
    }

    @discardableResult
    func post(_ path: String, form pairs: [(String, String)], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = pairs
        if csrf { fields.insert(("_csrf", try await csrfToken()), at: 0) }
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: body)
    }

    func signIn(_ actor: Actor, password: String = Fixture.password) async throws -> TestingHTTPResponse {
        try await get("/connexion")
        return try await post("/connexion", form: [("email", actor.email), ("password", password)])
    }

    /// The CSRF token of the session, read from the sign-in page (which always carries it).
    func csrfToken() async throws -> String {
        Browser.csrf(in: try await get("/connexion").body.string) ?? ""
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, "/", headers: headers, body: body.map { ByteBuffer(string: $0) }) { request in
            request.url = URI(string: path)
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.contains("Expires=Thu, 01 Jan 1970") || header.contains("Max-Age=0") {
                cookies[String(pair[0])] = nil
            } else {
                cookies[String(pair[0])] = String(pair[1])
            }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

/// Calls the JSON API with a bearer token.
struct APIClient {
    let app: Application
    let token: String?

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if json != nil { headers.contentType = .json }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        return try await app.testing().sendRequest(method, "/", headers: headers, body: json.map { ByteBuffer(string: $0) }) { request in
            request.url = URI(string: path)
        }
    }

    func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    func fieldErrors(_ response: TestingHTTPResponse) throws -> [String: String] {
        let fields = try json(response)["fields"] as? [[String: String]] ?? []
        return Dictionary(fields.map { ($0["field"] ?? "", $0["message"] ?? "") }, uniquingKeysWith: { a, _ in a })
    }
}

extension TestApp {
    func api(_ actor: Actor?) -> APIClient { APIClient(app: app, token: actor.map(fixture.token)) }

    /// A valid individual session at `place`, as JSON.
    static func individualJSON(place: UUID, date: String = "2026-01-15", extra: String = "") -> String {
        """
        {"kind":"individual","date":"\(date)","durationMinutes":45,"locationKind":"place","placeId":"\(place.uuidString)",
         "themes":["email","health"],"devices":["phone"],"deviceOwners":["beneficiary"],"interventionMode":"guided",
         "ageBracket":"70_plus","socialStatus":"retired","gender":"female"\(extra)}
        """
    }

    /// Stores an activity directly, for tests of reading and policy.
    @discardableResult
    func record(by actor: Actor, place: UUID?, date: String = "2026-01-15", kind: ActivityKind = .individual) async throws -> ActivityModel {
        var input = ActivityInput()
        input.kind = kind.code
        input.date = date
        input.durationMinutes = 30
        input.locationKind = place == nil ? LocationKind.remote.code : LocationKind.place.code
        input.placeId = place?.uuidString
        input.themes = [Theme.email.code]
        input.devices = [Device.phone.code]
        input.deviceOwners = [DeviceOwner.beneficiary.code]
        input.interventionMode = InterventionMode.guided.code
        if kind != .individual { input.participantCount = 6 }
        if kind == .internalTraining { input.audiences = [InternalAudience.staff.code] }
        let details = try ActivityValidator().validate(input).get()
        return try await app.activities.create(details, by: actor, structureId: actor.structureId!)
    }
}

/// A counting semaphore for test applications.
actor TestSlots {
    static let postgres = TestSlots(count: 24)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
