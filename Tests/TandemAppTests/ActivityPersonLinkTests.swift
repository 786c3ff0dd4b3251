import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import TandemApp

/// Linking an activity to a followed person: the form (select, search, preselection), the API,
/// the list, the age bracket computed from the year of birth, the rollups and the exports.
@Suite("Activities linked to a followed person")
struct ActivityPersonLinkTests {
    /// Stores a followed person directly, as the people pages would.
    @discardableResult
    static func person(_ t: TestApp, _ firstName: String, born birthYear: Int, structure: UUID,
                       initial: String? = nil, commune: String = "Valbourg") async throws -> UUID {
        let model = FollowedPersonModel()
        model.structureId = structure
        model.firstName = firstName
        model.nameKey = PersonName.key(firstName)
        model.lastInitial = initial
        model.birthYear = birthYear
        model.commune = commune
        model.consentDate = "2026-01-02"
        model.consentBy = t.fixture.mediatorA.id
        model.consentPurpose = PersonValidator.defaultConsentPurpose
        try await model.create(on: t.db)
        return model.id!
    }

    static func form(place: UUID, person: UUID?, date: String = "2026-02-03", ageBracket: String = "60_69") -> [(String, String)] {
        ActivityFormTests.validForm(place: place, date: date).filter { $0.0 != "ageBracket" }
            + [("ageBracket", ageBracket), ("personId", person?.uuidString.lowercased() ?? "")]
    }

    static func json(_ response: TestingHTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
    }

    // MARK: The form

    @Test("A form with a person links the session and computes the age bracket from the year of birth, whatever was typed")
    func createFromForm() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let born1950 = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let born1960 = try await Self.person(t, "Odette", born: 1960, structure: f.structureA)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            var response = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: born1950, date: "2026-02-03", ageBracket: "18_24"))
            #expect(response.status == .seeOther, "\(response.body.string)")
            response = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: born1960, date: "2026-02-04", ageBracket: "70_plus"))
            #expect(response.status == .seeOther, "\(response.body.string)")
            let stored = try await ActivityModel.query(on: t.db).sort(\.$date).all()
            #expect(stored.map(\.personId) == [born1950, born1960])
            #expect(stored.map(\.ageBracket) == ["70_plus", "60_69"])
            // The anonymous attributes stay as typed.
            #expect(stored.map(\.socialStatus) == ["retired", "retired"])
        }
    }

    @Test("A person of another structure, or an id that is none, is refused (422) and nothing is written")
    func otherStructureRefused() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let theirs = try await Self.person(t, "Bernadette", born: 1948, structure: f.structureB)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let response = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: theirs))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Cette personne suivie est introuvable dans votre structure."))
            #expect(!response.body.string.contains("Bernadette"))
            let garbage = Self.form(place: f.placeA1, person: nil).filter { $0.0 != "personId" } + [("personId", "Bernadette")]
            let refused = try await browser.post("/activites/nouvelle", form: garbage)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Cette personne suivie n&#39;existe pas"))
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("A person left on a workshop form is not stored (the field does not apply)")
    func workshopDropsPerson() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Lucien", born: 1950, structure: f.structureA)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let form = Self.form(place: f.placeA1, person: mine).filter { $0.0 != "kind" } + [("kind", "workshop"), ("participantCount", "4")]
            let response = try await browser.post("/activites/nouvelle", form: form)
            #expect(response.status == .seeOther, "\(response.body.string)")
            let stored = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(stored.personId == nil)
        }
    }

    @Test("The form offers the structure's people after « Personne anonyme », a link to create one, and the picker script")
    func formOffersPeople() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let theirs = try await Self.person(t, "Bernadette", born: 1948, structure: f.structureB)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let html = try await browser.get("/activites/nouvelle").body.string
            #expect(html.contains("<label for=\"personId\">Personne suivie (facultatif)</label>"))
            #expect(html.contains("<option value=\"\" selected>Personne anonyme</option>"))
            #expect(html.contains("<option value=\"\(mine.uuidString.lowercased())\">"))
            #expect(!html.contains(theirs.uuidString.lowercased()))
            #expect(!html.contains("Bernadette"))
            #expect(html.contains("href=\"\(WebPath.newPersonForActivity)\""))
            #expect(html.contains("<script src=\"/js/person-picker.js\" defer></script>"))
            #expect(html.contains("data-search=\"\(WebPath.peopleSearch)\""))
            #expect(html.contains("data-show-when=\"personId=\""), "the age bracket hides when a person is chosen")
        }
    }

    @Test("?personne= preselects a person the actor may see, and is ignored silently otherwise")
    func preselect() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let theirs = try await Self.person(t, "Bernadette", born: 1948, structure: f.structureB)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let chosen = try await browser.get(WebPath.newActivity(for: mine))
            #expect(chosen.status == .ok)
            #expect(chosen.body.string.contains("<option value=\"\(mine.uuidString.lowercased())\" selected>"))
            #expect(chosen.body.string.contains("value=\"individual\" checked"))
            let other = try await browser.get(WebPath.newActivity(for: theirs))
            #expect(other.status == .ok)
            #expect(!other.body.string.contains(theirs.uuidString.lowercased()))
            #expect(other.body.string.contains("<option value=\"\" selected>Personne anonyme</option>"))
            let garbage = try await browser.get("/activites/nouvelle?personne=%3Cscript%3E")
            #expect(garbage.status == .ok)
            #expect(garbage.body.string.contains("<option value=\"\" selected>Personne anonyme</option>"))
        }
    }

    @Test("Editing shows the current person; a new date recomputes the bracket; « Personne anonyme » unlinks")
    func editRecomputesAndUnlinks() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1956, structure: f.structureA)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            _ = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: mine, date: "2026-02-03"))
            let model = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(model.ageBracket == "70_plus")
            let edit = try await browser.get(WebPath.editActivity(model.id!)).body.string
            #expect(edit.contains("<option value=\"\(mine.uuidString.lowercased())\" selected>"))
            // The same person a year earlier was 69.
            var response = try await browser.post(WebPath.editActivity(model.id!), form: Self.form(place: f.placeA1, person: mine, date: "2025-02-03"))
            #expect(response.status == .seeOther, "\(response.body.string)")
            var stored = try #require(try await ActivityModel.find(model.id, on: t.db))
            #expect(stored.personId == mine)
            #expect(stored.ageBracket == "60_69")
            response = try await browser.post(WebPath.editActivity(model.id!), form: Self.form(place: f.placeA1, person: nil, date: "2025-02-03", ageBracket: "25_39"))
            #expect(response.status == .seeOther, "\(response.body.string)")
            stored = try #require(try await ActivityModel.find(model.id, on: t.db))
            #expect(stored.personId == nil)
            #expect(stored.ageBracket == "25_39")
        }
    }

    @Test("An administrator editing a linked record keeps the link without seeing who it is")
    func administratorKeepsLink() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let details = try ActivityValidator().validate(ActivityInput(form: FormBody(pairs: Self.form(place: f.placeA1, person: mine)))).get()
            let model = try await t.app.activities.create(details, by: f.mediatorA, structureId: f.structureA)
            let admin = t.browser()
            _ = try await admin.signIn(f.admin)
            let html = try await admin.get(WebPath.editActivity(model.id!)).body.string
            #expect(html.contains("<input type=\"hidden\" name=\"personId\" value=\"\(mine.uuidString.lowercased())\">"))
            #expect(!html.contains("Gisèle"))
            let response = try await admin.post(WebPath.editActivity(model.id!), form: Self.form(place: f.placeA1, person: mine, date: "2026-02-05"))
            #expect(response.status == .seeOther, "\(response.body.string)")
            #expect(try await ActivityModel.find(model.id, on: t.db)?.personId == mine)
        }
    }

    // MARK: The list

    @Test("The list marks a linked session with a link to the person's page, for those who may see people only")
    func listLinksToPerson() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            _ = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: mine))
            _ = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: nil, date: "2026-02-04"))
            let list = try await browser.get("/activites").body.string
            #expect(list.components(separatedBy: "href=\"\(WebPath.person(mine))\"").count - 1 == 1)
            #expect(list.contains(">Personne suivie<span class=\"visually-hidden\">"))
            #expect(!list.contains("Gisèle"), "the list names nobody")
            let coordinator = t.browser()
            _ = try await coordinator.signIn(f.coordinatorA)
            #expect(try await coordinator.get("/activites").body.string.contains(WebPath.person(mine)))
            let admin = t.browser()
            _ = try await admin.signIn(f.admin)
            let adminList = try await admin.get("/activites").body.string
            #expect(!adminList.contains(WebPath.person(mine)))
            #expect(!adminList.contains("Personne suivie<"))
        }
    }

    // MARK: The API

    @Test("The API links a person on create and update, returns personId, and refuses a person out of reach (422)")
    func api() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let born1960 = try await Self.person(t, "Odette", born: 1960, structure: f.structureA)
            let theirs = try await Self.person(t, "Bernadette", born: 1948, structure: f.structureB)
            let api = t.api(f.mediatorA)
            // Typed 70_plus, but the person was 66 that day.
            let created = try await api.send(.POST, "/api/v1/activities",
                                             json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"\#(born1960.uuidString)""#))
            #expect(created.status == .created, "\(created.body.string)")
            let body = try api.json(created)
            #expect(body["personId"] as? String == born1960.uuidString.lowercased())
            #expect(body["ageBracket"] as? String == "60_69")
            let id = try #require(body["id"] as? String)

            let anonymous = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: f.placeA1))
            #expect(anonymous.status == .created)
            #expect(try api.json(anonymous)["personId"] == nil, "absent, never null")

            let other = try await api.send(.POST, "/api/v1/activities",
                                           json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"\#(theirs.uuidString)""#))
            #expect(other.status == .unprocessableEntity)
            #expect(try api.fieldErrors(other)["personId"] == "Cette personne suivie est introuvable dans votre structure.")
            let malformed = try await api.send(.POST, "/api/v1/activities",
                                               json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"Gisèle""#))
            #expect(malformed.status == .unprocessableEntity)
            #expect(try api.fieldErrors(malformed)["personId"] != nil)
            let workshop = """
            {"kind":"workshop","date":"2026-01-15","durationMinutes":60,"locationKind":"remote","themes":["email"],
             "devices":["none"],"participantCount":4,"personId":"\(mine.uuidString)"}
            """
            let notApplicable = try await api.send(.POST, "/api/v1/activities", json: workshop)
            #expect(notApplicable.status == .unprocessableEntity)
            #expect(try api.fieldErrors(notApplicable)["personId"] == "Une personne suivie ne s'indique que pour un accompagnement individuel.")
            #expect(try await t.activityCount() == 2)

            // PUT replaces: another person, then none.
            let updated = try await api.send(.PUT, "/api/v1/activities/\(id)",
                                             json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"\#(mine.uuidString)""#))
            #expect(updated.status == .ok, "\(updated.body.string)")
            #expect(try api.json(updated)["personId"] as? String == mine.uuidString.lowercased())
            #expect(try api.json(updated)["ageBracket"] as? String == "70_plus")
            let refused = try await api.send(.PUT, "/api/v1/activities/\(id)",
                                             json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"\#(theirs.uuidString)""#))
            #expect(refused.status == .unprocessableEntity)
            #expect(try await ActivityModel.find(UUID(uuidString: id), on: t.db)?.personId == mine, "nothing written")
            let unlinked = try await api.send(.PUT, "/api/v1/activities/\(id)", json: TestApp.individualJSON(place: f.placeA1))
            #expect(unlinked.status == .ok)
            #expect(try api.json(unlinked)["personId"] == nil)
            // What the API returns can be sent back as is.
            let read = try await api.send(.GET, "/api/v1/activities/\(id)")
            let again = try await api.send(.PUT, "/api/v1/activities/\(id)", json: read.body.string)
            #expect(again.status == .ok, "\(again.body.string)")
        }
    }

    // MARK: Search

    @Test("/personnes/recherche finds the structure's people, accents and case folded, at most 10, as JSON")
    func search() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let therese = try await Self.person(t, "Thérèse", born: 1950, structure: f.structureA, initial: "M")
            let theirs = try await Self.person(t, "Therese", born: 1951, structure: f.structureB)
            for index in 0..<12 { try await Self.person(t, "Marie \(index)", born: 1940 + index, structure: f.structureA) }
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            for query in ["there", "THÉR", "th%C3%A9r%C3%A8se"] {
                let response = try await browser.get("/personnes/recherche?q=\(query)")
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .json)
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                let found = try #require(try Self.json(response) as? [[String: Any]])
                let ids = found.compactMap { $0["id"] as? String }.map { $0.lowercased() }
                #expect(ids == [therese.uuidString.lowercased()], "query \(query)")
                #expect(!ids.contains(theirs.uuidString.lowercased()))
                #expect((found.first?["label"] as? String)?.contains("Thérèse") == true)
            }
            let many = try #require(try Self.json(try await browser.get("/personnes/recherche?q=marie")) as? [Any])
            #expect(many.count == 10)
            for query in ["", "q=", "q=%20%20", "q=" + String(repeating: "a", count: 41)] {
                let response = try await browser.get("/personnes/recherche?" + query)
                #expect(response.status == .ok)
                #expect(try Self.json(response) as? [Any] != nil)
                #expect((try Self.json(response) as? [Any])?.isEmpty == true, "query \(query)")
            }
        }
    }

    @Test("/personnes/recherche answers 401 signed out and 403 to those who may not see people, in JSON")
    func searchRefused() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            try await Self.person(t, "Thérèse", born: 1950, structure: f.structureA)
            let signedOut = try await t.browser().get("/personnes/recherche?q=the")
            #expect(signedOut.status == .unauthorized)
            #expect(signedOut.headers.contentType == .json)
            #expect(!signedOut.body.string.contains("Thérèse"))
            for actor in [f.researcher, f.admin] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                let response = try await browser.get("/personnes/recherche?q=the")
                #expect(response.status == .forbidden)
                #expect(response.headers.contentType == .json)
                #expect(!response.body.string.contains("Thérèse"))
            }
            // Not part of the public API: a bearer token does not open it.
            let bearer = try await t.api(f.mediatorA).send(.GET, "/personnes/recherche?q=the")
            #expect(bearer.status == .unauthorized)
        }
    }

    // MARK: Statistics and exports

    @Test("Rollups equal a recomputation after linked creates and updates (the bracket comes from the person)")
    func rollupsStayRight() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let older = try await Self.person(t, "Gisèle", born: 1950, structure: f.structureA)
            let younger = try await Self.person(t, "Odette", born: 1960, structure: f.structureA)
            let young = try await Self.person(t, "Léa", born: 2001, structure: f.structureA)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            for (index, person) in [older, younger, young, nil].enumerated() {
                let response = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: person, date: "2026-02-0\(index + 1)", ageBracket: "18_24"))
                #expect(response.status == .seeOther)
            }
            let api = t.api(f.mediatorA)
            let created = try await api.send(.POST, "/api/v1/activities",
                                             json: TestApp.individualJSON(place: f.placeA1, extra: #","personId":"\#(young.uuidString)""#))
            #expect(created.status == .created)
            try await RollupTests.expectConsistent(t.db, "linked creates")
            let models = try await ActivityModel.query(on: t.db).sort(\.$date).all()
            // Léa (2001) is 25 in 2026, Odette (1960) 66, Gisèle (1950) 76; the anonymous one as typed.
            #expect(models.compactMap(\.ageBracket) == ["25_39", "70_plus", "60_69", "25_39", "18_24"])
            // Another person, another date, then no person: each update moves the counts.
            _ = try await browser.post(WebPath.editActivity(models[0].id!), form: Self.form(place: f.placeA1, person: young, date: "2026-02-01"))
            _ = try await browser.post(WebPath.editActivity(models[1].id!), form: Self.form(place: f.placeA1, person: younger, date: "2025-01-01"))
            _ = try await browser.post(WebPath.editActivity(models[2].id!), form: Self.form(place: f.placeA1, person: nil, date: "2026-02-03", ageBracket: "40_59"))
            try await RollupTests.expectConsistent(t.db, "linked updates")
            let after = try await ActivityModel.query(on: t.db).sort(\.$date).all().map(\.ageBracket)
            #expect(after.compactMap { $0 }.sorted() == ["18_24", "25_39", "25_39", "40_59", "60_69"])
            // And a rebuild from scratch gives the same counts.
            let before = try await RollupTests.stored(t.db)
            try await t.db.writeTransaction { db in _ = try await Rollups.rebuild(on: db) }
            #expect(try await RollupTests.stored(t.db) == before)
        }
    }

    @Test("Exports of linked activities never carry the person's identity")
    func exportsWithoutIdentity() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.person(t, "Gertrude", born: 1950, structure: f.structureA, initial: "Q", commune: "Saint-Zéphyrin")
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            _ = try await browser.post("/activites/nouvelle", form: Self.form(place: f.placeA1, person: mine))
            #expect(try await ActivityModel.query(on: t.db).first()?.personId == mine)
            for actor in [f.mediatorA, f.coordinatorA, f.admin] {
                let reader = t.browser()
                _ = try await reader.signIn(actor)
                for format in ["csv", "csv-fr"] {
                    let csv = try await reader.get("/activites/export?format=\(format)")
                    #expect(csv.status == .ok)
                    #expect(csv.body.string.contains("Médiathèque centrale"), "the record is exported")
                    #expect(!csv.body.string.contains("Gertrude"))
                    #expect(!csv.body.string.contains("Saint-Zéphyrin"))
                }
                let xlsx = try await reader.get("/activites/export?format=xlsx")
                #expect(xlsx.status == .ok)
                let archive = try Archive(data: Data(xlsx.body.readableBytesView), accessMode: .read)
                var text = ""
                for entry in archive {
                    var data = Data()
                    _ = try archive.extract(entry) { data.append($0) }
                    text += String(decoding: data, as: UTF8.self)
                }
                #expect(text.contains("Médiathèque centrale"))
                #expect(!text.contains("Gertrude"))
                #expect(!text.contains("Saint-Zéphyrin"))
            }
        }
    }
}
