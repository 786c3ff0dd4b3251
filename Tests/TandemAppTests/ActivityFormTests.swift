import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Logbook pages")
struct ActivityFormTests {
    static func validForm(place: UUID, date: String = "2026-02-03") -> [(String, String)] {
        [("kind", "individual"), ("date", date), ("durationMinutes", "30"), ("locationKind", "place"),
         ("placeId", place.uuidString.lowercased()), ("themes", "email"), ("themes", "admin_procedures"),
         ("procedureDomains", "social_health"), ("procedureName", "Ameli"), ("devices", "phone"),
         ("deviceOwners", "beneficiary"), ("interventionMode", "on_behalf"), ("mandate", "non"),
         ("ageBracket", "60_69"), ("socialStatus", "retired"), ("gender", "female"), ("autonomy", "partially_autonomous")]
    }

    @Test("The form pre-selects the last place and offers the mediator's habits")
    func quickChoices() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-01-10")
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let html = try await browser.get("/activites/nouvelle").body.string
            #expect(html.contains("<option value=\"\(f.placeA1.uuidString.lowercased())\" selected>"))
            #expect(html.contains("Vos thématiques fréquentes"))
            #expect(html.contains("value=\"\(LocalDate.today().iso)\""))
            #expect(!html.contains(f.placeB1.uuidString.lowercased()), "another structure's place is offered")
        }
    }

    @Test("A valid form records the activity; fields that do not apply are not stored")
    func createFromForm() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            // A workshop with individual fields left filled from an earlier choice.
            var form = Self.validForm(place: f.placeA1).filter { $0.0 != "kind" }
            form += [("kind", "workshop"), ("participantCount", "8"), ("ageBreakdown.70_plus", "5"), ("workshopLevel", "beginner")]
            let response = try await browser.post("/activites/nouvelle", form: form)
            #expect(response.status == .seeOther, "\(response.body.string)")
            let stored = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(stored.kind == "workshop")
            #expect(stored.ageBracket == nil)
            #expect(stored.autonomy == nil)
            #expect(stored.participantCount == 8)
            #expect(stored.ageBreakdown == "70_plus:5")
            #expect(stored.procedureName == "Ameli")
            #expect(stored.mandate == false)
            #expect(stored.mediatorId == f.mediatorA.id)
            #expect(stored.structureId == f.structureA)
            let next = try await browser.get("/activites/nouvelle")
            #expect(next.body.string.contains("Activité enregistrée."))
        }
    }

    @Test("A new-activity form sent twice (double tap, resend) records the activity once")
    func formSentTwice() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let page = try await browser.get("/activites/nouvelle").body.string
            let key = try #require(page.range(of: "name=\"_cle\" value=\"").map { page[$0.upperBound...].prefix(while: { $0 != "\"" }) })
            let form = Self.validForm(place: t.fixture.placeA1) + [("_cle", String(key))]
            #expect(try await browser.post("/activites/nouvelle", form: form).status == .seeOther)
            #expect(try await browser.post("/activites/nouvelle", form: form).status == .seeOther)
            #expect(try await t.activityCount() == 1)
            let other = try await browser.get("/activites/nouvelle").body.string
            let next = try #require(other.range(of: "name=\"_cle\" value=\"").map { other[$0.upperBound...].prefix(while: { $0 != "\"" }) })
            #expect(next != key, "each form gets its own key")
            #expect(try await browser.post("/activites/nouvelle", form: Self.validForm(place: t.fixture.placeA1)).status == .seeOther)
            #expect(try await t.activityCount() == 2)
        }
    }

    @Test("A duration typed in the other box wins over the quick choices")
    func otherDuration() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let form = Self.validForm(place: t.fixture.placeA1) + [("durationOther", "75")]
            #expect(try await browser.post("/activites/nouvelle", form: form).status == .seeOther)
            #expect(try await ActivityModel.query(on: t.db).first()?.durationMinutes == 75)
        }
    }

    @Test("Errors show beside the fields in French, the input is kept, nothing is written")
    func formErrors() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            var form = Self.validForm(place: t.fixture.placeA1).filter { !["date", "durationMinutes", "mandate"].contains($0.0) }
            form += [("date", "2099-05-01"), ("durationMinutes", "0"), ("notes", "Rappeler pour le rendez-vous")]
            let response = try await browser.post("/activites/nouvelle", form: form)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("La date ne peut pas être dans le futur."))
            #expect(html.contains("La durée doit être comprise entre 1 et 1"))
            #expect(html.contains("Indiquez si vous avez agi sous mandat Aidants Connect."))
            #expect(html.contains("Rappeler pour le rendez-vous"), "typed notes are kept")
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("href=\"#date\""))
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("A place of another structure is refused")
    func otherStructurePlace() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let response = try await browser.post("/activites/nouvelle", form: Self.validForm(place: t.fixture.placeB1))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Ce lieu n&#39;existe pas dans votre structure."))
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("A repeated single field is refused")
    func repeatedField() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let response = try await browser.post("/activites/nouvelle", form: Self.validForm(place: t.fixture.placeA1) + [("date", "2026-02-04")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Ce champ est répété."))
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("List with filters and pages; edit; refaire la même; delete after confirmation")
    func listEditDuplicateDelete() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for day in 1...35 { try await t.record(by: f.mediatorA, place: f.placeA1, date: String(format: "2026-01-%02d", min(day, 31))) }
            let workshop = try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-02-01", kind: .workshop)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let first = try await browser.get("/activites").body.string
            #expect(first.contains("Page suivante"))
            #expect(first.contains("01/02/2026"))
            let second = try await browser.get("/activites?page=2").body.string
            #expect(second.contains("Page précédente"))
            let filtered = try await browser.get("/activites?type=workshop").body.string
            #expect(filtered.components(separatedBy: "class=\"activity\"").count - 1 == 1)
            let period = try await browser.get("/activites?du=2026-01-30&au=2026-01-31").body.string
            #expect(period.components(separatedBy: "class=\"activity\"").count - 1 == 6)
            let badFilter = try await browser.get("/activites?du=hier")
            #expect(badFilter.status == .ok)
            #expect(badFilter.body.string.contains("La date de début n&#39;est pas valide"))

            let edit = try await browser.get("/activites/\(workshop.id!)/modifier")
            #expect(edit.status == .ok)
            #expect(edit.body.string.contains("value=\"6\""))
            var form = ActivityFormTests.validForm(place: f.placeA1).filter { $0.0 != "kind" && $0.0 != "durationMinutes" }
            form += [("kind", "workshop"), ("participantCount", "9"), ("durationMinutes", "120")]
            let saved = try await browser.post("/activites/\(workshop.id!)/modifier", form: form)
            #expect(saved.status == .seeOther)
            let reloaded = try #require(try await ActivityModel.find(workshop.id!, on: t.db))
            #expect(reloaded.participantCount == 9)
            #expect(reloaded.durationMinutes == 120)

            let duplicate = try await browser.get("/activites/\(workshop.id!)/refaire").body.string
            #expect(duplicate.contains("value=\"\(LocalDate.today().iso)\""))
            #expect(duplicate.contains("value=\"9\""))
            #expect(duplicate.contains("action=\"/activites/nouvelle\""))

            let count = try await t.activityCount()
            let confirm = try await browser.get("/activites/\(workshop.id!)/supprimer")
            #expect(confirm.body.string.contains("Supprimer définitivement"))
            #expect(try await t.activityCount() == count)
            let deleted = try await browser.post("/activites/\(workshop.id!)/supprimer", form: [])
            #expect(deleted.status == .seeOther)
            #expect(try await t.activityCount() == count - 1)
        }
    }

    @Test("Not-found and unknown ids give a French page, never a 500")
    func notFound() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            for path in ["/activites/not-a-uuid/modifier", "/activites/\(UUID())/refaire", "/nulle-part"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.body.string.contains("Cette page n&#39;existe pas"))
            }
        }
    }
}
