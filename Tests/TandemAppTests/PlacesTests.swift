import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Places: coordinator pages, public pages, opening hours")
struct PlacesTests {
    static func placeForm(name: String = "Médiathèque des Tilleuls", postalCode: String = "87000",
                          hours: String = "Tu-Fr 14:00-18:00; Sa 09:30-12:30; PH off") -> [(String, String)] {
        [("nom", name), ("pivot", "21870001200017"), ("adresse", "4 rue des Tilleuls"), ("code_postal", postalCode),
         ("commune", "Valbourg"), ("code_insee", "87085"), ("typologie", "BIB"), ("horaires", hours),
         ("presentation_resume", "Aide pour les démarches en ligne et les premiers pas sur ordinateur."),
         ("services", "Aide aux démarches administratives"), ("services", "Maîtrise des outils numériques du quotidien"),
         ("modalites_acces", "Se présenter"), ("telephone", "+33555123456"), ("courriels", "contact@tilleuls.example\naccueil@tilleuls.example"),
         ("site_web", "https://tilleuls.example/"), ("equipment", "wifi"), ("equipment", "printer"),
         ("accessibility_notes", "Accès de plain-pied.")]
    }

    @Test("A coordinator adds a place with the standard's fields, equipment and normalised hours")
    func createPlace() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.coordinatorA)
            #expect(try await browser.get("/gestion/lieux/nouveau").status == .ok)
            let response = try await browser.post("/gestion/lieux/nouveau", form: Self.placeForm())
            #expect(response.status == .seeOther, "\(response.body.string)")
            let place = try #require(try await PlaceModel.query(on: t.db).filter(\.$name == "Médiathèque des Tilleuls").first())
            #expect(place.$structure.id == t.fixture.structureA)
            #expect(place.pivot == "21870001200017")
            #expect(place.courriels == "contact@tilleuls.example|accueil@tilleuls.example")
            #expect(place.services == "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien")
            #expect(place.equipment == "wifi|printer")
            #expect(place.horaires == "Tu-Fr 14:00-18:00; Sa 09:30-12:30; PH off")
            #expect(place.standardId == place.id!.uuidString.lowercased())
            #expect(place.dateMaj == LocalDate.today().iso)
            #expect(PlaceRecord.validate(place.record.row).isSuccess)
        }
    }

    @Test("Bad place input: French messages beside the fields, input kept, nothing written")
    func placeErrors() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.coordinatorA)
            let before = try await PlaceModel.query(on: t.db).count()
            var form = Self.placeForm(postalCode: "8700", hours: "Mo-Fx 09:00-12:00").filter { $0.0 != "pivot" }
            form += [("pivot", "12"), ("presentation_detail", "=HYPERLINK(\"http://evil.example\")")]
            let response = try await browser.post("/gestion/lieux/nouveau", form: form)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("lieu-code_postal-erreur"))
            #expect(html.contains("lieu-pivot-erreur"))
            #expect(html.contains("lieu-horaires-erreur"))
            #expect(html.contains("jour inconnu"))
            #expect(html.contains("lieu-presentation_detail-erreur"))
            #expect(html.contains("Médiathèque des Tilleuls"), "typed input is kept")
            #expect(try await PlaceModel.query(on: t.db).count() == before)
        }
    }

    @Test("Coordinators manage their own structure's places only; mediators not at all")
    func placeManagementScope() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let list = try await browser.get("/gestion/lieux").body.string
            #expect(list.contains("Médiathèque centrale"))
            #expect(!list.contains("France Services du Plateau"))
            #expect(try await browser.get("/gestion/lieux/\(f.placeB1)").status == .notFound)
            let before = try #require(try await PlaceModel.find(f.placeB1, on: t.db)).name
            #expect(try await browser.post("/gestion/lieux/\(f.placeB1)", form: Self.placeForm()).status == .notFound)
            #expect(try await PlaceModel.find(f.placeB1, on: t.db)?.name == before)
            let edit = try await browser.post("/gestion/lieux/\(f.placeA1)", form: Self.placeForm(name: "Médiathèque centrale rénovée"))
            #expect(edit.status == .seeOther)
            #expect(try await PlaceModel.find(f.placeA1, on: t.db)?.name == "Médiathèque centrale rénovée")

            let mediator = t.browser()
            _ = try await mediator.signIn(f.mediatorA)
            #expect(try await mediator.get("/gestion/lieux").status == .forbidden)
            #expect(try await mediator.post("/gestion/lieux/nouveau", form: Self.placeForm()).status == .forbidden)
            #expect(try await t.browser().get("/gestion/lieux").status == .seeOther)
        }
    }

    @Test("The public pages need no account and show only what places publish")
    func publicPages() async throws {
        try await TestApp.run { t in
            let place = try #require(try await PlaceModel.find(t.fixture.placeA1, on: t.db))
            place.horaires = "Mo-Su 00:00-24:00"
            place.telephone = "+33555123456"
            place.services = "Aide aux démarches administratives"
            try await place.update(on: t.db)
            let visitor = t.browser()
            let home = try await visitor.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Trouver de l&#39;aide"))
            let search = try await visitor.get("/lieux?q=valbourg")
            #expect(search.body.string.contains("Médiathèque centrale"))
            #expect(!search.body.string.contains("France Services du Plateau"))
            let accents = try await visitor.get("/lieux?q=MEDIATHEQUE%20centrale")
            #expect(accents.body.string.contains("Médiathèque centrale"))
            let service = try await visitor.get("/lieux?service=Aide%20aux%20d%C3%A9marches%20administratives")
            #expect(service.body.string.contains("Médiathèque centrale"))
            #expect(!service.body.string.contains("Bibliothèque de quartier"))
            let open = try await visitor.get("/lieux?ouvert=1")
            #expect(open.body.string.contains("Médiathèque centrale"))
            #expect(!open.body.string.contains("Bibliothèque de quartier"), "a place without hours is not 'open now'")
            let page = try await visitor.get("/lieux/\(t.fixture.placeA1)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("itemtype=\"https://schema.org/Place\""))
            #expect(html.contains("05 55 12 34 56"))
            #expect(html.contains("Ouvert"))
            #expect(html.contains("<caption>Horaires de la semaine</caption>"))
            #expect(!html.contains("mediatrice.a"), "no account name on a public page")
            #expect(try await visitor.get("/lieux/\(UUID())").status == .notFound)
            #expect(try await visitor.get("/lieux/pas-un-id").status == .notFound)
            #expect(try await visitor.get("/lieux?page=-3&service=%00&q=" + String(repeating: "a", count: 500)).status == .ok)
        }
    }

    @Test("GET /api/v1/opening-hours reads hours, tells the status at a moment, or where the problem is")
    func openingHoursAPI() async throws {
        try await TestApp.run { t in
            let api = t.api(nil)
            let valid = try await api.send(.GET, "/api/v1/opening-hours?expression=Mo-Fr%2009:00-12:00,14:00-18:30;%20Sa%2009:00-12:00&at=2026-12-01T10:15")
            #expect(valid.status == .ok)
            let body = try api.json(valid)
            #expect(body["valid"] as? Bool == true)
            #expect(body["isOpen"] as? Bool == true)
            #expect(body["status"] as? String == "Ouvert maintenant — ferme à 12 h")
            #expect((body["week"] as? [Any])?.count == 7)
            #expect((body["at"] as? String)?.hasPrefix("2026-12-01T10:15:00+01:00") == true)
            let closed = try api.json(try await api.send(.GET, "/api/v1/opening-hours?expression=Mo-Fr%2009:00-12:00&at=2026-12-05T10:00"))
            #expect(closed["isOpen"] as? Bool == false)
            #expect(closed["status"] as? String == "Fermé — ouvre lundi à 9 h")
            let invalid = try api.json(try await api.send(.GET, "/api/v1/opening-hours?expression=Mo-Fr%2009:00-25:61"))
            #expect(invalid["valid"] as? Bool == false)
            let error = try #require(invalid["error"] as? [String: Any])
            #expect(error["column"] as? Int == 13)
            #expect(try await api.send(.GET, "/api/v1/opening-hours").status == .badRequest)
            #expect(try await api.send(.GET, "/api/v1/opening-hours?expression=24/7&at=demain").status == .badRequest)
            #expect(try await api.send(.GET, "/api/v1/opening-hours?expression=24/7&expression=off").status == .badRequest)
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
