import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("People followed: pages")
struct PeoplePagesTests {
    static func personForm(firstName: String = "Paulette", initial: String = "M", birthYear: String = "1950",
                           commune: String = "Valbourg", phone: String = "06 39 98 12 34", notes: String = "Préfère le matin, Canari.",
                           consent: Bool = true) -> [(String, String)] {
        var form = [("firstName", firstName), ("lastInitial", initial), ("birthYear", birthYear), ("commune", commune),
                    ("phone", phone), ("notes", notes), ("consentDate", LocalDate.today().iso),
                    ("consentPurpose", PersonValidator.defaultConsentPurpose)]
        if consent { form.append(("consentGiven", "oui")) }
        return form
    }

    /// Creates a person through the form and returns their id, read from the redirect.
    static func createPerson(_ browser: Browser, _ form: [(String, String)] = personForm()) async throws -> UUID {
        let response = try await browser.post("/personnes/nouvelle", form: form)
        #expect(response.status == .seeOther, "\(response.body.string)")
        let location = try #require(response.headers.first(name: .location))
        return try #require(UUID(uuidString: String(location.split(separator: "/").last ?? "")))
    }

    /// Records an individual session with the person, as the activity form would.
    @discardableResult
    static func session(_ t: TestApp, with person: UUID, by actor: Actor, date: String, autonomy: Autonomy? = nil,
                        referral: ReferralTarget? = nil) async throws -> ActivityModel {
        var input = ActivityInput()
        input.kind = ActivityKind.individual.code
        input.date = date
        input.durationMinutes = 45
        input.locationKind = LocationKind.place.code
        input.placeId = t.fixture.placeA1.uuidString
        input.themes = [Theme.health.code]
        input.devices = [Device.phone.code]
        input.deviceOwners = [DeviceOwner.beneficiary.code]
        input.interventionMode = InterventionMode.guided.code
        input.autonomy = autonomy?.code
        input.referralTarget = referral?.code
        input.personId = person.uuidString
        let details = try ActivityValidator().validate(input).get()
        return try await t.app.activities.create(details, by: actor, structureId: actor.structureId!)
    }

    static func journal(_ t: TestApp, _ action: JournalAction, record: UUID) async throws -> [JournalEntryModel] {
        try await JournalEntryModel.query(on: t.db).filter(\.$action == action.code).filter(\.$recordId == record).all()
    }

    /// A text as Leaf writes it in a page (apostrophes and quotes escaped).
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func signedIn(_ t: TestApp, _ actor: Actor) async throws -> Browser {
        let browser = t.browser()
        _ = try await browser.signIn(actor)
        return browser
    }

    // MARK: Creating

    @Test("The form creates the person, says so, and shows their page")
    func createThroughForm() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let form = try await browser.get("/personnes/nouvelle").body.string
            #expect(form.contains("La personne a donné son accord pour être suivie"))
            #expect(form.contains("type=\"tel\""))
            #expect(form.contains("value=\"\(LocalDate.today().iso)\""), "the consent date defaults to today")
            #expect(form.contains(Self.html(PersonValidator.defaultConsentPurpose)))
            #expect(form.contains("autocomplete=\"off\""))
            let id = try await Self.createPerson(browser)
            let stored = try #require(try await FollowedPersonModel.find(id, on: t.db))
            #expect(stored.firstName == "Paulette" && stored.lastInitial == "M" && stored.birthYear == 1950)
            #expect(stored.structureId == t.fixture.structureA && stored.consentBy == t.fixture.mediatorA.id)
            #expect(stored.phone == "0639981234")
            let page = try await browser.get("/personnes/\(id.uuidString.lowercased())").body.string
            #expect(page.contains("Personne enregistrée."))
            #expect(page.contains("Paulette M."))
            #expect(page.contains("06 39 98 12 34"))
            #expect(page.contains("Recueilli par"), "who recorded the consent")
            #expect(page.contains("mediatrice.a"))
            #expect(try await Self.journal(t, .personCreated, record: id).count == 1)
        }
    }

    @Test("An invalid form answers 422 with the messages next to the fields, and writes nothing")
    func invalidForm() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let response = try await browser.post("/personnes/nouvelle", form: Self.personForm(firstName: "", birthYear: "50", phone: "12"))
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("La fiche n'est pas enregistrée"))
            #expect(html.contains("id=\"firstName-erreur\""))
            #expect(html.contains("id=\"birthYear-erreur\""))
            #expect(html.contains("id=\"phone-erreur\""))
            #expect(html.contains("href=\"#firstName\""), "the summary links to the field")
            #expect(html.contains("value=\"Valbourg\""), "what was typed is kept")
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 0)
            #expect(try await JournalEntryModel.query(on: t.db).filter(\.$action == JournalAction.personCreated.code).count() == 0)
        }
    }

    @Test("Without the person's agreement, no record is created")
    func consentRequired() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let response = try await browser.post("/personnes/nouvelle", form: Self.personForm(consent: false))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("id=\"consentGiven-erreur\""))
            #expect(response.body.string.contains(Self.html(PersonValidator.consentRequiredMessage)))
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 0)
            let forged = try await browser.post("/personnes/nouvelle", form: Self.personForm(), csrf: false)
            #expect(forged.status == .forbidden, "a form without its CSRF token is refused")
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 0)
        }
    }

    @Test("Coming from the activity form, the new person leads back to a new activity with them")
    func backToActivity() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let form = try await browser.get("/personnes/nouvelle?retour=activite").body.string
            #expect(form.contains("action=\"/personnes/nouvelle?retour=activite\""))
            let invalid = try await browser.post("/personnes/nouvelle?retour=activite", form: Self.personForm(firstName: ""))
            #expect(invalid.body.string.contains("action=\"/personnes/nouvelle?retour=activite\""), "kept after an error")
            let response = try await browser.post("/personnes/nouvelle?retour=activite", form: Self.personForm())
            #expect(response.status == .seeOther)
            let person = try #require(try await FollowedPersonModel.query(on: t.db).first())
            #expect(response.headers.first(name: .location) == WebPath.newActivity(for: person.id!))
        }
    }

    // MARK: The person's page

    @Test("The person's page shows sessions, the autonomy chart with its table, referrals; a view is journalled")
    func personPage() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = try await Self.signedIn(t, f.mediatorA)
            let id = try await Self.createPerson(browser)
            try await Self.session(t, with: id, by: f.mediatorA, date: "2026-01-05", autonomy: .fullyAssisted)
            try await Self.session(t, with: id, by: f.mediatorA2, date: "2026-02-09", autonomy: .partiallyAutonomous, referral: .socialSupport)
            let last = try await Self.session(t, with: id, by: f.mediatorA, date: "2026-03-16", autonomy: .autonomous)
            try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-03-17")  // someone else, anonymous
            let response = try await browser.get(WebPath.person(id))
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("<svg") && html.contains("role=\"img\""))
            #expect(html.contains(Self.html("De « Avec guidage » le 5 janvier 2026 à « Autonome » le 16 mars 2026, en 3 séances.")))
            #expect(html.contains("<caption>Niveau d'autonomie noté à chaque séance</caption>"), "the chart's numbers as a table")
            #expect(html.contains("<td>16/03/2026</td><td>Autonome</td>"))
            #expect(html.contains("16/03/2026") && html.contains("05/01/2026"))
            #expect(html.contains(WebPath.editActivity(last.id!)), "each session links to its activity")
            #expect(html.contains("mediateur.a2"), "the mediator of each session is named")
            #expect(html.contains(Self.html(ReferralTarget.socialSupport.label)))
            #expect(html.contains(WebPath.newActivity(for: id)))
            #expect(html.contains("17/03/2026") == false, "another person's session is not listed")
            #expect(try await Self.journal(t, .personViewed, record: id).count == 1)
            let entry = try #require(try await Self.journal(t, .personViewed, record: id).first)
            #expect(entry.actorId == f.mediatorA.id && entry.structureId == f.structureA)
        }
    }

    @Test("The list shows the structure's people with their age bracket and finds them by name")
    func listAndSearch() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let id = try await Self.createPerson(browser)
            _ = try await Self.createPerson(browser, Self.personForm(firstName: "Jérôme", initial: "", birthYear: "1990", commune: "Plateau", phone: ""))
            try await Self.session(t, with: id, by: t.fixture.mediatorA, date: "2026-01-05")
            let html = try await browser.get("/personnes").body.string
            #expect(html.contains("Paulette M.") && html.contains("Jérôme"))
            #expect(html.contains(AgeBracket.forBirthYear(1950, on: .today()).label))
            #expect(html.contains("1 séance, le 05/01/2026"))
            #expect(html.contains("Ajouter une personne suivie"))
            #expect(html.contains("accord"))
            let found = try await browser.get("/personnes?q=jerome").body.string
            #expect(found.contains("Jérôme") && !found.contains("Paulette"))
            let other = try await Self.signedIn(t, t.fixture.mediatorB)
            let theirs = try await other.get("/personnes").body.string
            #expect(!theirs.contains("Paulette") && theirs.contains("Aucune personne suivie"))
        }
    }

    @Test("The list shows 30 people a page, with a link to the next one")
    func paging() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            for index in 0..<31 {
                let name = "Personne \(letters[index / 26])\(letters[index % 26])"
                let details = PersonDetails(firstName: name, birthYear: 1940 + index, commune: "Valbourg", consentDate: LocalDate.today())
                _ = try await t.app.people.create(details, structureId: f.structureA, by: f.mediatorA)
            }
            let browser = try await Self.signedIn(t, f.mediatorA)
            let first = try await browser.get(WebPath.people).body.string
            #expect(first.components(separatedBy: "class=\"person-card\"").count - 1 == 30)
            #expect(first.contains("31 personnes suivies."))
            #expect(first.contains("href=\"/personnes?page=2\" rel=\"next\""))
            let second = try await browser.get("/personnes?page=2").body.string
            #expect(second.components(separatedBy: "class=\"person-card\"").count - 1 == 1)
            #expect(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""))
            let searched = try await browser.get("/personnes?q=personne").body.string
            #expect(searched.contains("href=\"/personnes?q=personne&amp;page=2\""), "the search is kept from page to page")
        }
    }

    // MARK: Who may see

    @Test("Another structure's person answers 404; admins and researchers are refused with a reason")
    func access() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let id = try await Self.createPerson(try await Self.signedIn(t, f.mediatorA))
            let other = try await Self.signedIn(t, f.mediatorB)
            for path in [WebPath.person(id), WebPath.editPerson(id), WebPath.personData(id), WebPath.personDataJSON(id), WebPath.erasePerson(id)] {
                #expect(try await other.get(path).status == .notFound, "\(path)")
            }
            #expect(try await other.post(WebPath.erasePerson(id), form: []).status == .notFound)
            #expect(try await other.post(WebPath.editPerson(id), form: Self.personForm(firstName: "Pirate")).status == .notFound)
            #expect(try await FollowedPersonModel.find(id, on: t.db)?.firstName == "Paulette")
            #expect(try await Self.journal(t, .personViewed, record: id).isEmpty)
            let colleague = try await Self.signedIn(t, f.coordinatorA)
            #expect(try await colleague.get(WebPath.person(id)).status == .ok, "the coordinator of the structure sees them")
            for actor in [f.admin, f.researcher] {
                let browser = try await Self.signedIn(t, actor)
                for path in [WebPath.people, WebPath.person(id), WebPath.newPerson, WebPath.peopleDuplicates] {
                    let response = try await browser.get(path)
                    #expect(response.status == .forbidden, "\(actor.role) \(path)")
                    #expect(response.body.string.contains(Self.html("votre rôle n'y donne pas accès")))
                }
            }
            #expect(try await t.browser().get(WebPath.people).status != .ok, "signed out")
        }
    }

    // MARK: Editing

    @Test("The edit form is filled with the record and saves the changes")
    func edit() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let id = try await Self.createPerson(browser)
            let form = try await browser.get(WebPath.editPerson(id)).body.string
            #expect(form.contains("value=\"Paulette\"") && form.contains("value=\"1950\"") && form.contains("value=\"06 39 98 12 34\""))
            #expect(form.contains("id=\"consentGiven-oui\" name=\"consentGiven\" value=\"oui\" checked"))
            let invalid = try await browser.post(WebPath.editPerson(id), form: Self.personForm(birthYear: "1800"))
            #expect(invalid.status == .unprocessableEntity)
            #expect(try await FollowedPersonModel.find(id, on: t.db)?.birthYear == 1950)
            let response = try await browser.post(WebPath.editPerson(id), form: Self.personForm(commune: "Plateau", phone: ""))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == WebPath.person(id))
            let stored = try #require(try await FollowedPersonModel.find(id, on: t.db))
            #expect(stored.commune == "Plateau" && stored.phone == nil)
            #expect(try await Self.journal(t, .personUpdated, record: id).count == 1)
        }
    }

    // MARK: Data

    @Test("The JSON export is a download of the person's data and is journalled")
    func jsonExport() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let id = try await Self.createPerson(browser)
            try await Self.session(t, with: id, by: t.fixture.mediatorA, date: "2026-01-05", autonomy: .autonomous)
            let response = try await browser.get(WebPath.personDataJSON(id))
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "json")
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"personne-\(id.uuidString.lowercased()).json\"")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let text = response.body.string
            #expect(text.contains("Paulette") && text.contains("Préfère le matin, Canari.") && text.contains("2026-01-05"), "\(json.keys)")
            let entries = try await Self.journal(t, .personExported, record: id)
            #expect(entries.count == 1 && entries.first?.detail == "json")
        }
    }

    @Test("The printable page lists the data, hides the buttons when printed, and is journalled")
    func printablePage() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let id = try await Self.createPerson(browser)
            try await Self.session(t, with: id, by: t.fixture.mediatorA, date: "2026-01-05")
            let html = try await browser.get(WebPath.personData(id)).body.string
            #expect(html.contains("<h1>Données de Paulette M.</h1>"))
            #expect(html.contains("Préfère le matin, Canari.") && html.contains("05/01/2026"))
            #expect(html.contains("/css/people.css"))
            #expect(html.contains(WebPath.personDataJSON(id)))
            let css = try String(contentsOfFile: t.app.directory.publicDirectory + "css/people.css", encoding: .utf8)
            #expect(css.contains("@media print") && css.contains(".person-actions"))
            let entries = try await Self.journal(t, .personExported, record: id)
            #expect(entries.count == 1 && entries.first?.detail == "page")
        }
    }

    // MARK: Erasure

    @Test("Erasure asks first, needs the form's token, removes the person and keeps the sessions anonymous")
    func erase() async throws {
        try await TestApp.run { t in
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let id = try await Self.createPerson(browser)
            let session = try await Self.session(t, with: id, by: t.fixture.mediatorA, date: "2026-01-05", autonomy: .autonomous)
            let bracket = try #require(try await ActivityModel.find(session.id!, on: t.db)?.ageBracket)
            #expect(bracket == AgeBracket.forBirthYear(1950, on: LocalDate(iso: "2026-01-05")!).code)
            let confirm = try await browser.get(WebPath.erasePerson(id)).body.string
            #expect(confirm.contains("ne peut pas être annulé"))
            #expect(confirm.contains("Sa séance reste dans les statistiques, sans son nom"))
            #expect(try await browser.post(WebPath.erasePerson(id), form: [], csrf: false).status == .forbidden)
            #expect(try await FollowedPersonModel.find(id, on: t.db) != nil)
            let response = try await browser.post(WebPath.erasePerson(id), form: [])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == WebPath.people)
            #expect(try await browser.get(WebPath.people).body.string.contains("Les données de la personne ont été effacées."))
            #expect(try await FollowedPersonModel.find(id, on: t.db) == nil)
            let kept = try #require(try await ActivityModel.find(session.id!, on: t.db))
            #expect(kept.personId == nil)
            #expect(kept.ageBracket == bracket, "the session keeps its anonymous age bracket")
            #expect(kept.autonomy == Autonomy.autonomous.code)
            #expect(try await Self.journal(t, .personErased, record: id).count == 1)
            #expect(try await browser.get(WebPath.person(id)).status == .notFound)
        }
    }

    // MARK: Duplicates

    @Test("Likely duplicates are flagged and merged over HTTP, keeping every session")
    func duplicatesAndMerge() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = try await Self.signedIn(t, f.mediatorA)
            let keep = try await Self.createPerson(browser, Self.personForm(firstName: "Paulette-Noëlle", phone: ""))
            let absorb = try await Self.createPerson(browser, Self.personForm(firstName: "paulette noelle", initial: "", phone: ""))
            let apart = try await Self.createPerson(browser, Self.personForm(firstName: "Jérôme", birthYear: "1980", phone: ""))
            try await Self.session(t, with: keep, by: f.mediatorA, date: "2026-01-05")
            try await Self.session(t, with: absorb, by: f.mediatorA, date: "2026-02-05")
            try await Self.session(t, with: absorb, by: f.mediatorA2, date: "2026-03-05")
            let list = try await browser.get(WebPath.people).body.string
            #expect(list.contains("Doublon possible") && list.contains("href=\"/personnes/doublons\""))
            #expect(try await browser.get(WebPath.person(keep)).body.string.contains("id=\"doublon-possible\""))
            #expect(!(try await browser.get(WebPath.person(apart)).body.string.contains("id=\"doublon-possible\"")))
            let page = try await browser.get(WebPath.peopleDuplicates).body.string
            #expect(page.contains("Doublon possible n° 1") && !page.contains("n° 2"))
            #expect(page.contains("2 séances, la dernière le 05/03/2026"))
            #expect(!page.contains("Jérôme"))
            let ids = { (a: UUID, b: UUID) in [("keep", a.uuidString.lowercased()), ("absorb", b.uuidString.lowercased())] }

            #expect(try await browser.post(WebPath.peopleMerge, form: ids(keep, absorb), csrf: false).status == .forbidden)
            for bad in [[("keep", "nimporte"), ("absorb", absorb.uuidString)], ids(keep, keep), ids(keep, UUID()), []] {
                let response = try await browser.post(WebPath.peopleMerge, form: bad)
                #expect(response.status == .unprocessableEntity, "\(bad)")
                #expect(response.body.string.contains("Rien n'a été fusionné"))
            }
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 3, "nothing changed")

            // Another structure's coordinator cannot merge them, nor learn they exist.
            let other = try await Self.signedIn(t, f.coordinatorB)
            #expect(try await other.post(WebPath.peopleMerge, form: ids(keep, absorb)).status == .unprocessableEntity)
            #expect(try await FollowedPersonModel.find(absorb, on: t.db) != nil)

            let response = try await browser.post(WebPath.peopleMerge, form: ids(keep, absorb))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == WebPath.person(keep))
            let after = try await browser.get(WebPath.person(keep)).body.string
            #expect(after.contains("Fiches fusionnées : 2 séances rattachées."))
            #expect(try await FollowedPersonModel.find(absorb, on: t.db) == nil)
            #expect(try await ActivityModel.query(on: t.db).filter(\.$personId == keep).count() == 3)
            #expect(try await ActivityModel.query(on: t.db).filter(\.$personId == absorb).count() == 0)
            #expect(try await browser.get(WebPath.peopleDuplicates).body.string.contains("Aucun doublon possible"))
        }
    }
}

