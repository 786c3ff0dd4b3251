import Fluent
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Who sees and changes what")
struct PolicyTests {
    @Test("A mediator sees their own records, not a colleague's nor another structure's (404, not 403)")
    func mediatorScope() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let own = try await t.record(by: f.mediatorA, place: f.placeA1)
            let colleague = try await t.record(by: f.mediatorA2, place: f.placeA2)
            let other = try await t.record(by: f.mediatorB, place: f.placeB1)
            let api = t.api(f.mediatorA)
            #expect(try await api.send(.GET, "/api/v1/activities/\(own.id!)").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/activities/\(colleague.id!)").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/activities/\(other.id!)").status == .notFound)
            #expect(try await api.send(.DELETE, "/api/v1/activities/\(other.id!)").status == .notFound)
            #expect(try await api.send(.PUT, "/api/v1/activities/\(colleague.id!)", json: TestApp.individualJSON(place: f.placeA1)).status == .notFound)
            let list = try api.json(try await api.send(.GET, "/api/v1/activities"))
            let ids = (list["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }.map { $0.lowercased() }
            #expect(ids == [own.id!.uuidString.lowercased()])
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            #expect(try await browser.get("/activites/\(other.id!)/modifier").status == .notFound)
            #expect(try await browser.get("/activites/\(colleague.id!)/supprimer").status == .notFound)
        }
    }

    @Test("A coordinator sees and corrects all of their structure, nothing of another")
    func coordinatorScope() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let a1 = try await t.record(by: f.mediatorA, place: f.placeA1)
            let a2 = try await t.record(by: f.mediatorA2, place: f.placeA2)
            let b = try await t.record(by: f.mediatorB, place: f.placeB1)
            let api = t.api(f.coordinatorA)
            let list = try api.json(try await api.send(.GET, "/api/v1/activities"))
            let ids = Set((list["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String)?.lowercased() })
            #expect(ids == Set([a1.id!, a2.id!].map { $0.uuidString.lowercased() }))
            #expect(try await api.send(.GET, "/api/v1/activities/\(b.id!)").status == .notFound)
            #expect(try await api.send(.DELETE, "/api/v1/activities/\(a2.id!)").status == .noContent)
            #expect(try await t.api(f.coordinatorB).send(.GET, "/api/v1/activities/\(a1.id!)").status == .notFound)
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let page = try await browser.get("/activites")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Activités de la structure"))
            #expect(page.body.string.contains("mediatrice.a"))
        }
    }

    @Test("A researcher never reaches activity records; the admin sees them all")
    func researcherAndAdmin() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let record = try await t.record(by: f.mediatorA, place: f.placeA1)
            let researcher = t.api(f.researcher)
            #expect(try await researcher.send(.GET, "/api/v1/activities").status == .forbidden)
            #expect(try await researcher.send(.GET, "/api/v1/activities/\(record.id!)").status == .notFound)
            #expect(try await researcher.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: f.placeA1)).status == .forbidden)
            let browser = t.browser()
            _ = try await browser.signIn(f.researcher)
            #expect(try await browser.get("/activites").status == .forbidden)
            #expect(try await browser.get("/activites/nouvelle").status == .forbidden)
            #expect(try await t.api(f.admin).send(.GET, "/api/v1/activities/\(record.id!)").status == .ok)
        }
    }

    @Test("Signed out: the API answers 401, pages lead to sign-in")
    func signedOut() async throws {
        try await TestApp.run { t in
            let record = try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1)
            let api = t.api(nil)
            #expect(try await api.send(.GET, "/api/v1/activities").status == .unauthorized)
            #expect(try await api.send(.GET, "/api/v1/activities/\(record.id!)").status == .unauthorized)
            #expect(try await api.send(.POST, "/api/v1/activities", json: "{}").status == .unauthorized)
            let bad = APIClient(app: t.app, token: "tdm_not-a-real-token")
            #expect(try await bad.send(.GET, "/api/v1/activities").status == .unauthorized)
            for path in ["/activites", "/activites/nouvelle", "/activites/\(record.id!)/modifier"] {
                let response = try await t.browser().get(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers.first(name: .location)?.hasPrefix("/connexion?suite=") == true)
            }
        }
    }
}
