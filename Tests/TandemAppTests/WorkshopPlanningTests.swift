import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Planning workshops")
struct WorkshopPlanningTests {
    static func form(place: UUID, leaders: [UUID], weeks: Int = 1, date: String = "2026-12-08") -> [(String, String)] {
        [("title", "Premiers pas sur la tablette"), ("themes", "device_handling"), ("level", "beginner"),
         ("placeId", place.uuidString.lowercased()), ("date", LocalDate.today().adding(days: 7).iso), ("startTime", "14:00"),
         ("durationMinutes", "120"), ("capacity", "8"), ("public", "oui"), ("weeks", String(weeks))]
            + leaders.map { ("mediatorIds", $0.uuidString.lowercased()) }
    }

    @Test("A weekly series plans one session a week; each session is changed or cancelled on its own")
    func seriesAndSessions() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            #expect(try await browser.get("/gestion/ateliers/nouveau").status == .ok)
            let response = try await browser.post("/gestion/ateliers/nouveau", form: Self.form(place: f.placeA1, leaders: [f.mediatorA.id, f.mediatorA2.id], weeks: 6))
            #expect(response.status == .seeOther, "\(response.body.string)")
            let sessions = try await WorkshopModel.query(on: t.db).sort(\.$date).all()
            #expect(sessions.count == 6)
            #expect(Set(sessions.map(\.seriesId)).count == 1 && sessions[0].seriesId != nil)
            let days = sessions.compactMap { LocalDate(iso: $0.date) }
            #expect(zip(days, days.dropFirst()).allSatisfy { $1.dayNumber - $0.dayNumber == 7 })
            #expect(try await WorkshopMediatorModel.query(on: t.db).count() == 12)
            let list = try await browser.get("/gestion/ateliers").body.string
            #expect(list.components(separatedBy: "class=\"card\"").count - 1 == 6)

            var edited = Self.form(place: f.placeA2, leaders: [f.mediatorA.id]).filter { $0.0 != "weeks" && $0.0 != "date" && $0.0 != "capacity" }
            edited += [("date", sessions[2].date), ("capacity", "12")]
            #expect(try await browser.post("/gestion/ateliers/\(sessions[2].id!)", form: edited).status == .seeOther)
            let third = try #require(try await WorkshopModel.find(sessions[2].id!, on: t.db))
            #expect(third.capacity == 12)
            #expect(third.placeId == f.placeA2)
            #expect(try await WorkshopModel.find(sessions[3].id!, on: t.db)?.capacity == 8, "the other sessions keep theirs")
            #expect(try await WorkshopMediatorModel.query(on: t.db).filter(\.$workshopId == sessions[2].id!).count() == 1)

            #expect(try await browser.get("/gestion/ateliers/\(sessions[4].id!)/annuler").status == .ok)
            #expect(try await browser.post("/gestion/ateliers/\(sessions[4].id!)/annuler", form: []).status == .seeOther)
            #expect(try await WorkshopModel.find(sessions[4].id!, on: t.db)?.isCancelled == true)
            #expect(try await WorkshopModel.find(sessions[5].id!, on: t.db)?.isCancelled == false)
            #expect(try await browser.get("/gestion/ateliers").body.string.contains("annulé"))
        }
    }

    @Test("Bad plans are refused with French messages and write nothing; other structures' places and people too")
    func badPlans() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            var bad = Self.form(place: f.placeA1, leaders: [f.mediatorA.id]).filter { $0.0 != "capacity" && $0.0 != "public" }
            bad += [("capacity", "0"), ("public", "non")]
            let response = try await browser.post("/gestion/ateliers/nouveau", form: bad)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Le nombre de places va de 1 à 500."))
            #expect(response.body.string.contains("Indiquez le public de l&#39;atelier interne"))
            let other = try await browser.post("/gestion/ateliers/nouveau", form: Self.form(place: f.placeB1, leaders: [f.mediatorB.id]))
            #expect(other.status == .unprocessableEntity)
            #expect(other.body.string.contains("Ce lieu n&#39;existe pas dans votre structure."))
            #expect(other.body.string.contains("n&#39;appartient pas à votre structure"))
            #expect(try await WorkshopModel.query(on: t.db).count() == 0)
        }
    }

    @Test("Only the structure's mediators and coordinators plan; others get 404 or 403")
    func access() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let a = t.browser()
            _ = try await a.signIn(f.coordinatorA)
            #expect(try await a.post("/gestion/ateliers/nouveau", form: Self.form(place: f.placeA1, leaders: [f.mediatorA.id])).status == .seeOther)
            let session = try #require(try await WorkshopModel.query(on: t.db).first())
            let b = t.browser()
            _ = try await b.signIn(f.mediatorB)
            #expect(try await b.get("/gestion/ateliers/\(session.id!)").status == .notFound)
            #expect(try await b.post("/gestion/ateliers/\(session.id!)/annuler", form: []).status == .notFound)
            #expect(try await WorkshopModel.find(session.id!, on: t.db)?.isCancelled == false)
            let researcher = t.browser()
            _ = try await researcher.signIn(f.researcher)
            #expect(try await researcher.get("/gestion/ateliers").status == .forbidden)
            #expect(try await t.browser().get("/gestion/ateliers").status == .seeOther)
        }
    }
}

@Suite("Workshop calendars")
struct WorkshopCalendarTests {
    @Test("The public feed lists public sessions with stable UIDs, cancelled ones marked; internal ones never")
    func feeds() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            _ = try await browser.post("/gestion/ateliers/nouveau", form: WorkshopPlanningTests.form(place: f.placeA1, leaders: [f.mediatorA.id], weeks: 3))
            var internalForm = WorkshopPlanningTests.form(place: f.placeA2, leaders: [f.mediatorA.id]).filter { $0.0 != "public" && $0.0 != "title" }
            internalForm += [("public", "non"), ("audiences", "elected"), ("title", "Outlook pour les élus")]
            #expect(try await browser.post("/gestion/ateliers/nouveau", form: internalForm).status == .seeOther)
            let sessions = try await WorkshopModel.query(on: t.db).filter(\.$isPublic == true).sort(\.$date).all()
            #expect(try await browser.post("/gestion/ateliers/\(sessions[1].id!)/annuler", form: []).status == .seeOther)

            let visitor = t.browser()
            let feed = try await visitor.get("/calendrier/ateliers.ics")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let text = feed.body.string
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3)
            #expect(!text.contains("Outlook pour les élus"))
            #expect(text.components(separatedBy: "STATUS:CANCELLED").count - 1 == 1)
            #expect(text.contains("UID:atelier-\(sessions[0].id!.uuidString.lowercased())@tandem"))
            #expect(text.contains("DTSTART;TZID=Europe/Paris:"))
            let again = try await visitor.get("/calendrier/ateliers.ics").body.string
            #expect(again == text, "the same feed twice: stable UIDs and stamps")
            let placeFeed = try await visitor.get("/lieux/\(f.placeA1)/ateliers.ics").body.string
            #expect(placeFeed.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3)
            let otherPlace = try await visitor.get("/lieux/\(f.placeB1)/ateliers.ics").body.string
            #expect(!otherPlace.contains("BEGIN:VEVENT"))
            #expect(try await visitor.get("/lieux/\(UUID())/ateliers.ics").status == .notFound)
            let one = try await visitor.get("/calendrier/ateliers/\(sessions[0].id!.uuidString.lowercased()).ics").body.string
            #expect(one.components(separatedBy: "BEGIN:VEVENT").count - 1 == 1)
            let internalSession = try #require(try await WorkshopModel.query(on: t.db).filter(\.$isPublic == false).first())
            #expect(try await visitor.get("/calendrier/ateliers/\(internalSession.id!.uuidString.lowercased()).ics").status == .notFound)

            // The private link of the mediator: every session they lead, internal ones too.
            let list = try await browser.get("/gestion/ateliers").body.string
            let link = try #require(list.range(of: "/calendrier/mediateurs/").map { list[$0.lowerBound...].prefix(while: { $0 != "<" }) })
            let mine = try await visitor.get(String(link)).body.string
            #expect(mine.components(separatedBy: "BEGIN:VEVENT").count - 1 == 4)
            #expect(mine.contains("Outlook pour les élus"))
            #expect(try await browser.post("/gestion/ateliers/calendrier", form: []).status == .seeOther)
            #expect(try await visitor.get(String(link)).status == .notFound, "a renewed link replaces the old one")
            #expect(try await visitor.get("/calendrier/mediateurs/pas-un-jeton.ics").status == .notFound)
            let placePage = try await visitor.get("/lieux/\(f.placeA1)").body.string
            #expect(placePage.contains("Ateliers à venir"))
            #expect(placePage.components(separatedBy: "Premiers pas sur la tablette").count - 1 == 2, "the cancelled session is not announced")
            #expect(placePage.contains("/lieux/\(f.placeA1.uuidString.lowercased())/ateliers.ics"))
        }
    }
}
