import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// `POST /activites/synchronisation`: the activities a phone saved offline, sent with the form's
/// fields and an `Idempotency-Key`, answered in JSON.
@Suite("Offline sync of activities")
struct ActivitySyncTests {
    static let path = "/activites/synchronisation"

    /// Sends a queued record as `offline.js` does: the current page's CSRF token first, the form's
    /// own `_cle` (ignored), then the fields.
    static func sync(_ browser: Browser, _ form: [(String, String)], key: String?, csrf: String? = nil,
                     contentType: HTTPMediaType = .urlEncodedForm) async throws -> TestingHTTPResponse {
        let token: String
        if let csrf { token = csrf } else { token = try await browser.csrfToken() }
        let fields = [("_csrf", token), ("_cle", "form-" + UUID().uuidString.lowercased())] + form
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = contentType
        if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
        return try await browser.send(.POST, path, headers: headers, body: body)
    }

    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    static func isJSON(_ response: TestingHTTPResponse) -> Bool {
        response.headers.contentType?.type == "application" && response.headers.contentType?.subType == "json"
    }

    @Test("201 with the id; the same key again answers the first id and records nothing; another body with it is a 409")
    func createAndReplay() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let key = UUID().uuidString.lowercased()
            let form = ActivityFormTests.validForm(place: f.placeA1)
            let first = try await Self.sync(browser, form, key: key)
            #expect(first.status == .created, "\(first.body.string)")
            #expect(Self.isJSON(first))
            #expect(first.headers.first(name: .cacheControl) == "no-store")
            let id = try #require(try Self.json(first)["id"] as? String)
            #expect(try Self.json(first)["message"] as? String == "Activité enregistrée.")
            let stored = try #require(try await ActivityModel.find(UUID(uuidString: id), on: t.db))
            #expect(stored.mediatorId == f.mediatorA.id && stored.structureId == f.structureA)
            #expect(stored.procedureName == "Ameli" && stored.durationMinutes == 30)

            // The answer was lost: the phone sends again (with another `_cle`, the same token).
            let again = try await Self.sync(browser, form, key: key)
            #expect(again.status == .created)
            #expect(try Self.json(again)["id"] as? String == id)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await t.activityCount() == 1)

            // Signed in again meanwhile (a new session, so a new CSRF token): still the first answer.
            _ = try await browser.get("/deconnexion")
            _ = try await browser.post("/deconnexion", form: [])
            _ = try await browser.signIn(f.mediatorA)
            let later = try await Self.sync(browser, form, key: key)
            #expect(later.status == .created, "\(later.body.string)")
            #expect(try Self.json(later)["id"] as? String == id)
            #expect(try await t.activityCount() == 1)

            // The same key for another record is a client error: nothing is written.
            let other = try await Self.sync(browser, ActivityFormTests.validForm(place: f.placeA1, date: "2026-02-04"), key: key)
            #expect(other.status == .conflict)
            #expect(Self.isJSON(other))
            #expect((try Self.json(other)["message"] as? String)?.isEmpty == false)
            #expect(try await t.activityCount() == 1)

            // Another key records another activity; another mediator may use the same key.
            #expect(try await Self.sync(browser, form, key: UUID().uuidString).status == .created)
            #expect(try await t.activityCount() == 2)
            let b = t.browser()
            _ = try await b.signIn(f.mediatorB)
            #expect(try await Self.sync(b, ActivityFormTests.validForm(place: f.placeB1), key: key).status == .created)
            #expect(try await t.activityCount() == 3)
        }
    }

    @Test("The sync reads the form as the form does: the other duration, fields that do not apply dropped")
    func sameReadingAsTheForm() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            var form = ActivityFormTests.validForm(place: t.fixture.placeA1).filter { $0.0 != "kind" }
            form += [("kind", "workshop"), ("participantCount", "8"), ("workshopLevel", "beginner"), ("durationOther", "75")]
            let response = try await Self.sync(browser, form, key: "cle-atelier-1")
            #expect(response.status == .created, "\(response.body.string)")
            let stored = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(stored.kind == "workshop")
            #expect(stored.durationMinutes == 75)
            #expect(stored.participantCount == 8)
            #expect(stored.ageBracket == nil, "an individual field left on a workshop is not stored")
        }
    }

    @Test("422 lists the fields at fault and records nothing; the key is still free for the corrected record")
    func invalid() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let key = "0b4f8a-refus-1"
            var form = ActivityFormTests.validForm(place: t.fixture.placeA1).filter { !["date", "durationMinutes"].contains($0.0) }
            form += [("date", "2099-05-01"), ("durationMinutes", "0")]
            let response = try await Self.sync(browser, form, key: key)
            #expect(response.status == .unprocessableEntity)
            #expect(Self.isJSON(response))
            let body = try Self.json(response)
            #expect(body["message"] as? String == "L'activité n'est pas enregistrée : corrigez ces points.")
            let errors = Dictionary((body["errors"] as? [[String: String]] ?? []).map { ($0["field"] ?? "", $0["message"] ?? "") },
                                    uniquingKeysWith: { a, _ in a })
            #expect(errors["durationMinutes"]?.contains("La durée doit être comprise entre 1 et") == true, "\(errors)")
            #expect(errors["date"] == "La date ne peut pas être dans le futur.")
            #expect(try await t.activityCount() == 0)

            // A place of another structure: refused the same way.
            let elsewhere = try await Self.sync(browser, ActivityFormTests.validForm(place: t.fixture.placeB1), key: key)
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(((try Self.json(elsewhere)["errors"] as? [[String: String]]) ?? []).contains { $0["field"] == "placeId" })
            #expect(try await t.activityCount() == 0)

            let corrected = try await Self.sync(browser, ActivityFormTests.validForm(place: t.fixture.placeA1), key: key)
            #expect(corrected.status == .created)
            #expect(try await t.activityCount() == 1)
        }
    }

    @Test("Signed out: 401 in JSON, never a redirect to the sign-in page")
    func signedOut() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            let response = try await Self.sync(browser, ActivityFormTests.validForm(place: t.fixture.placeA1), key: "cle-hors-session")
            #expect(response.status == .unauthorized)
            #expect(Self.isJSON(response))
            #expect(response.headers.first(name: .location) == nil)
            #expect(try Self.json(response)["message"] as? String == "Connectez-vous pour envoyer les activités en attente.")
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("403 for a wrong CSRF token and for a role that does not record")
    func forbidden() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            for token in ["", "0000", String(repeating: "a", count: 48)] {
                let response = try await Self.sync(browser, ActivityFormTests.validForm(place: f.placeA1), key: "cle-csrf-1", csrf: token)
                #expect(response.status == .forbidden, "token \(token)")
                #expect(Self.isJSON(response))
            }
            for actor in [f.researcher, f.admin] {
                let other = t.browser()
                _ = try await other.signIn(actor)
                let response = try await Self.sync(other, ActivityFormTests.validForm(place: f.placeA1), key: "cle-role-1")
                #expect(response.status == .forbidden, "\(actor.role)")
                #expect(Self.isJSON(response))
                #expect((try Self.json(response)["message"] as? String)?.contains("enregistrent des activités") == true)
            }
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("400 for a missing or malformed key, or a body that is not a form")
    func badRequest() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let form = ActivityFormTests.validForm(place: t.fixture.placeA1)
            for key in [nil, "", "court", "avec espace-123", "accentué-12345", String(repeating: "k", count: 81), "a/b/c/d/e/f"] as [String?] {
                let response = try await Self.sync(browser, form, key: key)
                #expect(response.status == .badRequest, "key \(key ?? "nil")")
                #expect(Self.isJSON(response))
                #expect((try Self.json(response)["message"] as? String)?.contains("Idempotency-Key") == true)
            }
            // Exactly 8 and 80 characters of the allowed set are fine.
            #expect(try await Self.sync(browser, form, key: "a.b_c:d-").status == .created)
            #expect(try await Self.sync(browser, ActivityFormTests.validForm(place: t.fixture.placeA1, date: "2026-02-04"),
                                        key: String(repeating: "Z", count: 80)).status == .created)
            // The header twice.
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.add(name: "Idempotency-Key", value: "cle-double-1")
            headers.add(name: "Idempotency-Key", value: "cle-double-2")
            let token = try await browser.csrfToken()
            let twice = try await browser.send(.POST, Self.path, headers: headers, body: "_csrf=\(token)&kind=individual")
            #expect(twice.status == .badRequest)
            // JSON instead of a form, and an empty body.
            let asJSON = try await Self.sync(browser, form, key: "cle-json-123", contentType: .json)
            #expect(asJSON.status == .badRequest)
            var empty = HTTPHeaders()
            empty.contentType = .urlEncodedForm
            empty.add(name: "Idempotency-Key", value: "cle-vide-123")
            #expect(try await browser.send(.POST, Self.path, headers: empty, body: "").status == .badRequest)
            // Too large: a JSON answer too, not the error page.
            let huge = try await Self.sync(browser, form + [("notes", String(repeating: "é", count: 100_000))], key: "cle-enorme-1")
            #expect(huge.status == .payloadTooLarge)
            #expect(Self.isJSON(huge))
            #expect(try await t.activityCount() == 2)
        }
    }

    @Test("Identical sends at once (a retry while the first was on its way) record one activity")
    func concurrentSends() async throws {
        try await TestApp.run { t in
            // A session read once: the tasks below send its cookie without sharing a cookie jar.
            let (cookie, token) = try await Self.signedInSession(t, t.fixture.mediatorA)
            let form = [("_csrf", token)] + ActivityFormTests.validForm(place: t.fixture.placeA1)
            let body = form.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
            let app = t.app
            let answers = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var headers = HTTPHeaders()
                        headers.contentType = .urlEncodedForm
                        headers.replaceOrAdd(name: "Idempotency-Key", value: "cle-simultanee-1")
                        headers.replaceOrAdd(name: .cookie, value: cookie)
                        let response = try await app.testing().sendRequest(.POST, "/", headers: headers, body: ByteBuffer(string: body)) { request in
                            request.url = URI(string: Self.path)
                        }
                        return (response.status.code, response.body.string)
                    }
                }
                return try await group.reduce(into: [(UInt, String)]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == 201 }, "\(answers)")
            let ids = Set(try answers.map { answer in
                try JSONSerialization.jsonObject(with: Data(answer.1.utf8)) as? [String: Any] ?? [:]
            }.compactMap { $0["id"] as? String })
            #expect(ids.count == 1)
            #expect(try await t.activityCount() == 1)
        }
    }

    /// Signs in through the testing client: the session cookie and its CSRF token.
    static func signedInSession(_ t: TestApp, _ actor: Actor) async throws -> (cookie: String, csrf: String) {
        func cookie(_ response: TestingHTTPResponse) -> String? {
            response.headers[.setCookie].first?.split(separator: ";").first.map(String.init)
        }
        let page = try await t.app.testing().sendRequest(.GET, "/connexion")
        var session = try #require(cookie(page))
        let csrf = try #require(Browser.csrf(in: page.body.string))
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .cookie, value: session)
        let body = "_csrf=\(csrf)&email=\(Browser.encode(actor.email))&password=\(Browser.encode(Fixture.password))"
        let signedIn = try await t.app.testing().sendRequest(.POST, "/connexion", headers: headers, body: ByteBuffer(string: body))
        #expect(signedIn.status == .seeOther)
        session = cookie(signedIn) ?? session
        var pageHeaders = HTTPHeaders()
        pageHeaders.replaceOrAdd(name: .cookie, value: session)
        let form = try await t.app.testing().sendRequest(.GET, "/activites/nouvelle", headers: pageHeaders)
        return (cookie(form) ?? session, try #require(Browser.csrf(in: form.body.string)))
    }

    @Test("A followed person of the structure is linked as from the form; another structure's is refused")
    func followedPerson() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let mine = try await ActivityPersonLinkTests.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let theirs = try await ActivityPersonLinkTests.person(t, "Bernadette", born: 1948, structure: f.structureB)
            let response = try await Self.sync(browser, ActivityPersonLinkTests.form(place: f.placeA1, person: mine, ageBracket: "18_24"), key: "cle-personne-1")
            #expect(response.status == .created, "\(response.body.string)")
            let stored = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(stored.personId == mine)
            #expect(stored.ageBracket == "70_plus", "the age bracket comes from the year of birth, as in the form")
            let refused = try await Self.sync(browser, ActivityPersonLinkTests.form(place: f.placeA1, person: theirs), key: "cle-personne-2")
            #expect(refused.status == .unprocessableEntity)
            #expect(((try Self.json(refused)["errors"] as? [[String: String]]) ?? []).contains { $0["field"] == "personId" })
            #expect(try await t.activityCount() == 1)
        }
    }

    /// The `_cle` of the new-activity form the browser gets now.
    static func formKey(_ browser: Browser) async throws -> String {
        let page = try await browser.get("/activites/nouvelle").body.string
        return try #require(page.range(of: "name=\"_cle\" value=\"").map { String(page[$0.upperBound...].prefix(while: { $0 != "\"" })) })
    }

    @Test("A form sent the usual way and the phone's copy under the form's key record once, whichever arrives first; the next form names the key answered, once")
    func formAndItsCopy() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let form = ActivityFormTests.validForm(place: f.placeA1)

            // The form first (its answer lost on the way), then the phone's copy.
            let first = try await Self.formKey(browser)
            #expect(try await browser.post("/activites/nouvelle", form: form + [("_cle", first)]).status == .seeOther)
            let copy = try await Self.sync(browser, form, key: first)
            #expect(copy.status == .created, "\(copy.body.string)")
            #expect(copy.headers.first(name: "Idempotent-Replayed") == "true")
            let id = try #require(try Self.json(copy)["id"] as? String)
            #expect(try await ActivityModel.find(UUID(uuidString: id), on: t.db) != nil)
            #expect(try await t.activityCount() == 1)
            let next = try await browser.get("/activites/nouvelle").body.string
            #expect(next.contains("data-answered-key=\"\(first)\""))
            #expect(!(try await browser.get("/activites/nouvelle").body.string.contains("data-answered-key")), "named once")

            // The copy first (the form never arrived), then the form itself, late: still one.
            let second = try await Self.formKey(browser)
            #expect(try await Self.sync(browser, form, key: second).status == .created)
            #expect(try await t.activityCount() == 2)
            #expect(try await browser.post("/activites/nouvelle", form: form + [("_cle", second)]).status == .seeOther)
            #expect(try await t.activityCount() == 2)
            let again = try await Self.sync(browser, form, key: second)
            #expect(again.status == .created && again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await t.activityCount() == 2)
        }
    }

    @Test("A form refused by the server names its key on the page of errors, and records nothing")
    func refusedFormNamesItsKey() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let key = try await Self.formKey(browser)
            let refused = try await browser.post("/activites/nouvelle", form: [("_cle", key), ("kind", "individual")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("data-answered-key=\"\(key)\""))
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("The new and duplicate forms name the sync endpoint; the edit form does not")
    func formAttribute() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let model = try await t.record(by: f.mediatorA, place: f.placeA1)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let attribute = "data-offline-sync=\"/activites/synchronisation\""
            let new = try await browser.get("/activites/nouvelle").body.string
            #expect(new.contains("id=\"formulaire\" class=\"activity-form\" \(attribute) novalidate"))
            let id = model.id!.uuidString.lowercased()
            #expect(try await browser.get("/activites/\(id)/refaire").body.string.contains(attribute))
            let edit = try await browser.get("/activites/\(id)/modifier").body.string
            #expect(edit.contains("id=\"formulaire\""))
            #expect(!edit.contains("data-offline-sync"))
        }
    }
}
