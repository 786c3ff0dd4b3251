import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Local resources: catalogue, public page, logbook referrals")
struct LocalResourceTests {
    static func resourceForm(name: String = "Tout apprendre en ligne", kind: String = "online_training",
                             url: String = "https://toutapprendre.example/", published: Bool = true) -> [(String, String)] {
        var form = [("name", name), ("provider", "Médiathèques du Val"), ("kind", kind), ("url", url),
                    ("description", "Cours de bureautique en vidéo.\nAvec la carte de la médiathèque.")]
        if published { form.append(("isPublished", "1")) }
        return form
    }

    @discardableResult
    static func resource(_ t: TestApp, _ name: String, kind: ResourceKind = .digitalPress, structure: UUID,
                         published: Bool = true, provider: String? = nil, url: String? = nil, description: String? = nil) async throws -> UUID {
        let model = try await LocalResourceStore(db: t.db).create(
            LocalResource(name: name, provider: provider, kind: kind, url: url, description: description, isPublished: published),
            structureId: structure)
        return try #require(model.id)
    }

    /// The page's HTML with Leaf's escaped apostrophes read back, to look for French sentences.
    static func text(_ response: TestingHTTPResponse) -> String {
        response.body.string.replacingOccurrences(of: "&#39;", with: "'")
    }

    static func resourceCount(_ t: TestApp) async throws -> Int {
        try await LocalResourceModel.query(on: t.db).count()
    }

    // MARK: Coordinator pages

    @Test("A coordinator adds, edits, withdraws and deletes a resource of their structure")
    func coordinatorLifecycle() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            #expect(try await browser.get("/gestion/ressources").body.string.contains("Aucune ressource pour le moment."))
            #expect(try await browser.get("/gestion/ressources/nouvelle").status == .ok)

            let created = try await browser.post("/gestion/ressources/nouvelle", form: Self.resourceForm())
            #expect(created.status == .seeOther, "\(created.body.string)")
            #expect(created.headers.first(name: .location) == "/gestion/ressources")
            let model = try #require(try await LocalResourceModel.query(on: t.db).first())
            let id = try #require(model.id)
            #expect(model.$structure.id == f.structureA)
            #expect(model.name == "Tout apprendre en ligne")
            #expect(model.provider == "Médiathèques du Val")
            #expect(model.kind == "online_training")
            #expect(model.url == "https://toutapprendre.example/")
            #expect(model.about == "Cours de bureautique en vidéo.\nAvec la carte de la médiathèque.")
            #expect(model.isPublished)
            let list = try await browser.get("/gestion/ressources").body.string
            #expect(list.contains("Ressource «\u{00A0}Tout apprendre en ligne\u{00A0}» enregistrée."))
            #expect(list.contains("Formation en ligne · Médiathèques du Val"))
            #expect(list.contains("Publiée sur le site"))
            #expect(list.contains("aria-current=\"page\">Gérer les ressources"))

            let editPage = try await browser.get("/gestion/ressources/\(id)").body.string
            #expect(editPage.contains("value=\"Tout apprendre en ligne\""))
            #expect(editPage.contains("<option value=\"online_training\" selected>"))
            // The checkbox left unticked withdraws it from the public page.
            let edited = try await browser.post("/gestion/ressources/\(id)", form: Self.resourceForm(name: "Tout apprendre", kind: "other", published: false))
            #expect(edited.status == .seeOther)
            var stored = try #require(try await LocalResourceModel.find(id, on: t.db))
            #expect(stored.name == "Tout apprendre")
            #expect(stored.kind == "other")
            #expect(!stored.isPublished)

            #expect(try await browser.post("/gestion/ressources/\(id)/publication", form: [("isPublished", "1")]).status == .seeOther)
            stored = try #require(try await LocalResourceModel.find(id, on: t.db))
            #expect(stored.isPublished)
            #expect(try await browser.post("/gestion/ressources/\(id)/publication", form: [("isPublished", "peut-être")]).status == .badRequest)
            #expect(try await browser.post("/gestion/ressources/\(id)/publication", form: [("isPublished", "0")]).status == .seeOther)
            #expect(try await LocalResourceModel.find(id, on: t.db)?.isPublished == false)
        }
    }

    @Test("Deleting asks first, needs the form's token, and keeps the activities' referral")
    func deleteResource() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let id = try await Self.resource(t, "Presse en ligne", structure: f.structureA)
            let api = t.api(f.mediatorA)
            let json = TestApp.individualJSON(place: f.placeA1, extra: ",\"referralTarget\":\"library\",\"resourceId\":\"\(id)\"")
            let created = try await api.send(.POST, "/api/v1/activities", json: json)
            #expect(created.status == .created, "\(created.body.string)")
            let rawId = try #require(try api.json(created)["id"] as? String)
            let activityId = try #require(UUID(uuidString: rawId))

            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let confirm = try await browser.get("/gestion/ressources/\(id)/supprimer")
            #expect(confirm.status == .ok)
            #expect(confirm.body.string.contains("Une activité cite cette ressource : elle gardera son orientation, sans la ressource."))
            #expect(confirm.body.string.contains("Retirer du site seulement"))
            // Without the form's token nothing is deleted.
            #expect(try await browser.post("/gestion/ressources/\(id)/supprimer", form: [], csrf: false).status == .forbidden)
            #expect(try await LocalResourceModel.find(id, on: t.db) != nil)

            let deleted = try await browser.post("/gestion/ressources/\(id)/supprimer", form: [])
            #expect(deleted.status == .seeOther)
            #expect(try await LocalResourceModel.find(id, on: t.db) == nil)
            let activity = try #require(try await ActivityModel.find(activityId, on: t.db))
            #expect(activity.resourceId == nil)
            #expect(activity.referralTarget == "library")
            #expect(try await browser.get("/gestion/ressources").body.string.contains("Ressource «\u{00A0}Presse en ligne\u{00A0}» supprimée."))
        }
    }

    @Test("Bad input: a French message beside each field, what was typed kept, nothing written")
    func badInput() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let form = [("name", "  "), ("provider", String(repeating: "p", count: 151)), ("kind", "presse"),
                        ("url", "presse.example"), ("description", String(repeating: "d", count: 2_001))]
            let response = try await browser.post("/gestion/ressources/nouvelle", form: form)
            #expect(response.status == .unprocessableEntity)
            let html = Self.text(response)
            #expect(html.contains("La ressource n'est pas enregistrée : corrigez ces points"))
            #expect(html.contains("id=\"name-erreur\""))
            #expect(html.contains("Nom : Indiquez le nom de la ressource."))
            #expect(html.contains("id=\"provider-erreur\""))
            #expect(html.contains("Ce texte dépasse 150 caractères."))
            #expect(html.contains("« presse » n'est pas un type de ressource possible."))
            #expect(html.contains("L'adresse doit commencer par http:// ou https://"))
            #expect(html.contains("value=\"presse.example\""), "typed input is kept")
            #expect(html.contains("href=\"#name\""), "the summary links to the field")
            #expect(try await Self.resourceCount(t) == 0)
            // Without the form's token nothing is written either.
            #expect(try await browser.post("/gestion/ressources/nouvelle", form: Self.resourceForm(), csrf: false).status == .forbidden)
            #expect(try await Self.resourceCount(t) == 0)

            // An edit with bad input changes nothing.
            let id = try await Self.resource(t, "Presse en ligne", structure: f.structureA)
            let edit = try await browser.post("/gestion/ressources/\(id)", form: Self.resourceForm(name: "", url: "ftp://presse.example/"))
            #expect(edit.status == .unprocessableEntity)
            #expect(try await LocalResourceModel.find(id, on: t.db)?.name == "Presse en ligne")
        }
    }

    @Test("Mediators may not manage the catalogue; a coordinator only their structure's")
    func scope() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.resource(t, "Presse des médiathèques du Val", structure: f.structureA)
            let theirs = try await Self.resource(t, "Prêt de tablettes du Plateau", kind: .deviceLending, structure: f.structureB)

            let anonymous = t.browser()
            #expect(try await anonymous.get("/gestion/ressources").status == .seeOther)

            let mediator = t.browser()
            _ = try await mediator.signIn(f.mediatorA)
            #expect(try await mediator.get("/gestion/ressources").status == .forbidden)
            #expect(try await mediator.get("/gestion/ressources/\(mine)").status == .forbidden)
            #expect(try await mediator.post("/gestion/ressources/nouvelle", form: Self.resourceForm()).status == .forbidden)
            #expect(try await mediator.post("/gestion/ressources/\(mine)/supprimer", form: []).status == .forbidden)
            #expect(!(try await mediator.get("/activites").body.string.contains("Gérer les ressources")))
            #expect(try await Self.resourceCount(t) == 2)

            let coordinator = t.browser()
            _ = try await coordinator.signIn(f.coordinatorA)
            let list = try await coordinator.get("/gestion/ressources").body.string
            #expect(list.contains("Presse des médiathèques du Val"))
            #expect(!list.contains("Prêt de tablettes du Plateau"))
            #expect(try await coordinator.get("/gestion/ressources/\(theirs)").status == .notFound)
            #expect(try await coordinator.post("/gestion/ressources/\(theirs)", form: Self.resourceForm(name: "Pris")).status == .notFound)
            #expect(try await coordinator.post("/gestion/ressources/\(theirs)/publication", form: [("isPublished", "0")]).status == .notFound)
            #expect(try await coordinator.post("/gestion/ressources/\(theirs)/supprimer", form: []).status == .notFound)
            let untouched = try #require(try await LocalResourceModel.find(theirs, on: t.db))
            #expect(untouched.name == "Prêt de tablettes du Plateau")
            #expect(untouched.isPublished)

            // The administrator sees every structure's, and names the structure.
            let admin = t.browser()
            _ = try await admin.signIn(f.admin)
            let all = try await admin.get("/gestion/ressources").body.string
            #expect(all.contains("Presse des médiathèques du Val") && all.contains("Prêt de tablettes du Plateau"))
            #expect(all.contains("Structure : France Services du Plateau"))
        }
    }

    // MARK: Public page

    @Test("The public page lists the published resources of every structure, by kind, without an account")
    func publicPage() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            try await Self.resource(t, "Presse en ligne du Val", kind: .digitalPress, structure: f.structureA, provider: "Médiathèques du Val",
                                    url: "https://presse.val.example/journaux", description: "Journaux du jour.\nMagazines de santé.")
            try await Self.resource(t, "Tout apprendre", kind: .onlineTraining, structure: f.structureA)
            try await Self.resource(t, "Ancien kiosque", kind: .digitalPress, structure: f.structureA, published: false)
            try await Self.resource(t, "Prêt de tablettes du Plateau", kind: .deviceLending, structure: f.structureB)
            let response = try await t.browser().get("/ressources")
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("Presse en ligne du Val"))
            #expect(html.contains("Proposée par Médiathèques du Val"))
            #expect(html.contains("<p>Journaux du jour.</p>") && html.contains("<p>Magazines de santé.</p>"))
            #expect(html.contains("href=\"https://presse.val.example/journaux\""))
            #expect(html.contains("(presse.val.example)"))
            // Without a provider, the structure offers it.
            #expect(html.contains("Proposée par France Services du Plateau"))
            #expect(!html.contains("Ancien kiosque"), "a withdrawn resource is shown")
            // Grouped by kind, in the order of the list: training, press, device lending.
            let training = try #require(html.range(of: "<h2 id=\"type-online-training\">Formation en ligne</h2>"))
            let press = try #require(html.range(of: "<h2 id=\"type-digital-press\">Presse numérique</h2>"))
            let lending = try #require(html.range(of: "<h2 id=\"type-device-lending\">Prêt de matériel</h2>"))
            #expect(training.lowerBound < press.lowerBound && press.lowerBound < lending.lowerBound)
            #expect(!html.contains("Livres numériques"), "an empty kind is shown")
            #expect(html.contains("href=\"/ressources\" aria-current=\"page\">Ressources"))
            #expect(!html.contains("<script"), "the page needs no script")

            try await LocalResourceModel.query(on: t.db).delete()
            let empty = Self.text(try await t.browser().get("/ressources"))
            #expect(empty.contains("Aucune ressource n'est publiée pour le moment."))
        }
    }

    // MARK: Logbook

    @Test("API: a resource of the actor's structure is stored with a referral; another's, or without referral, is refused")
    func activityAPI() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.resource(t, "Tout apprendre", kind: .onlineTraining, structure: f.structureA)
            let withdrawn = try await Self.resource(t, "Ancien kiosque", structure: f.structureA, published: false)
            let theirs = try await Self.resource(t, "Prêt de tablettes du Plateau", kind: .deviceLending, structure: f.structureB)
            let api = t.api(f.mediatorA)
            func json(_ extra: String) -> String { TestApp.individualJSON(place: f.placeA1, extra: extra) }

            let created = try await api.send(.POST, "/api/v1/activities", json: json(",\"referralTarget\":\"library\",\"resourceId\":\"\(mine.uuidString)\""))
            #expect(created.status == .created, "\(created.body.string)")
            let body = try api.json(created)
            #expect(body["resourceId"] as? String == mine.uuidString.lowercased())
            let id = try #require(body["id"] as? String)
            let activityId = try #require(UUID(uuidString: id))
            let stored = try #require(try await ActivityModel.find(activityId, on: t.db))
            #expect(stored.resourceId == mine)
            #expect(try api.json(try await api.send(.GET, "/api/v1/activities/\(id)"))["resourceId"] as? String == mine.uuidString.lowercased())
            // Any referral may name one; a withdrawn resource of the structure is still its own.
            let other = try await api.send(.POST, "/api/v1/activities", json: json(",\"referralTarget\":\"other_mediation\",\"resourceId\":\"\(withdrawn)\""))
            #expect(other.status == .created, "\(other.body.string)")
            // Sent back without the resource, the record loses it.
            let put = try await api.send(.PUT, "/api/v1/activities/\(id)", json: json(",\"referralTarget\":\"library\""))
            #expect(put.status == .ok)
            #expect(try api.json(put)["resourceId"] == nil)
            #expect(try await ActivityModel.find(stored.id!, on: t.db)?.resourceId == nil)

            let before = try await t.activityCount()
            let refused: [(String, String)] = [
                (json(",\"referralTarget\":\"library\",\"resourceId\":\"\(theirs)\""), "Cette ressource n'existe pas dans votre structure."),
                (json(",\"referralTarget\":\"library\",\"resourceId\":\"\(UUID())\""), "Cette ressource n'existe pas dans votre structure."),
                (json(",\"resourceId\":\"\(mine)\""), "Une ressource ne s'indique qu'avec une orientation de la personne."),
                (json(",\"referralTarget\":\"library\",\"resourceId\":\"tout-apprendre\""), "Cette ressource n'existe pas."),
            ]
            for (body, message) in refused {
                let response = try await api.send(.POST, "/api/v1/activities", json: body)
                #expect(response.status == .unprocessableEntity, "\(response.body.string)")
                #expect(try api.fieldErrors(response)["resourceId"] == message)
            }
            // Place and resource are both reported at once.
            let both = try await api.send(.POST, "/api/v1/activities",
                                          json: TestApp.individualJSON(place: f.placeB1, extra: ",\"referralTarget\":\"library\",\"resourceId\":\"\(theirs)\""))
            #expect(Set(try api.fieldErrors(both).keys) == ["placeId", "resourceId"])
            #expect(try await t.activityCount() == before)
        }
    }

    @Test("The logbook form offers the structure's published resources once a referral is chosen")
    func activityForm() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let mine = try await Self.resource(t, "Tout apprendre", kind: .onlineTraining, structure: f.structureA)
            let withdrawn = try await Self.resource(t, "Ancien kiosque", structure: f.structureA, published: false)
            let theirs = try await Self.resource(t, "Prêt de tablettes du Plateau", kind: .deviceLending, structure: f.structureB)
            let browser = t.browser()
            _ = try await browser.signIn(f.mediatorA)
            let html = try await browser.get("/activites/nouvelle").body.string
            #expect(html.contains("<select id=\"resourceId\" name=\"resourceId\""))
            #expect(html.contains("data-show-when=\"referralTarget!=\""))
            #expect(html.contains("<optgroup label=\"Formation en ligne\">"))
            #expect(html.contains("<option value=\"\(mine.uuidString.lowercased())\">Tout apprendre</option>"))
            #expect(!html.contains(withdrawn.uuidString.lowercased()), "a withdrawn resource is offered")
            #expect(!html.contains(theirs.uuidString.lowercased()), "another structure's resource is offered")

            // Chosen with a referral, it is stored.
            let form = ActivityFormTests.validForm(place: f.placeA1)
            let created = try await browser.post("/activites/nouvelle", form: form + [("referralTarget", "library"), ("resourceId", mine.uuidString.lowercased())])
            #expect(created.status == .seeOther, "\(created.body.string)")
            let stored = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(stored.resourceId == mine)
            // Without a referral the form drops it silently, as every field that does not apply.
            let dropped = try await browser.post("/activites/nouvelle", form: form + [("resourceId", mine.uuidString.lowercased())])
            #expect(dropped.status == .seeOther)
            #expect(try await ActivityModel.query(on: t.db).filter(\.$resourceId == nil).count() == 1)
            // Another structure's resource is refused beside the field.
            let refused = try await browser.post("/activites/nouvelle", form: form + [("referralTarget", "library"), ("resourceId", theirs.uuidString.lowercased())])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("id=\"resourceId-erreur\""))
            #expect(Self.text(refused).contains("Cette ressource n'existe pas dans votre structure."))
            #expect(try await t.activityCount() == 2)

            // Withdrawn later, it stays selected when the record is edited.
            let model = try #require(try await LocalResourceModel.find(mine, on: t.db))
            try await LocalResourceStore(db: t.db).setPublished(model, false)
            let edit = try await browser.get("/activites/\(stored.id!)/modifier").body.string
            #expect(edit.contains("<option value=\"\(mine.uuidString.lowercased())\" selected>Tout apprendre (retirée du catalogue)</option>"))
        }
    }

    @Test("A structure without resources gets no resource field")
    func noCatalogue() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorB)
            #expect(!(try await browser.get("/activites/nouvelle").body.string.contains("name=\"resourceId\"")))
        }
    }

    // MARK: Demo

    @Test("The demo installs the library network's catalogue, and its library referrals name resources")
    func demo() async throws {
        try await TestApp.run { t in
            // Reverting then migrating again also checks the new migrations' revert.
            try await t.app.autoRevert()
            try await t.app.autoMigrate()
            let result = try await DemoLoader(db: t.db, logger: t.app.logger)
                .load(seed: 7, activities: 1_500, passwordHash: try Bcrypt.hash(DemoTerritory.password, cost: 4))
            let network = try #require(result.territory.structures.first { $0.isLibrary })
            let resources = try await LocalResourceModel.query(on: t.db).all()
            #expect((5...7).contains(resources.filter(\.isPublished).count))
            #expect(resources.allSatisfy { $0.$structure.id == network.id })
            #expect(resources.allSatisfy { ($0.url ?? "").hasPrefix("https://") && ($0.url ?? "").contains(".example/") })
            let naming = try await ActivityModel.query(on: t.db).filter(\.$resourceId != nil).all()
            #expect(!naming.isEmpty)
            #expect(naming.allSatisfy { $0.referralTarget == "library" && $0.structureId == network.id })
            let libraryReferrals = try await ActivityModel.query(on: t.db).filter(\.$referralTarget == "library")
                .filter(\.$structureId == network.id).count()
            #expect(naming.count < libraryReferrals, "some library referrals name no resource")
            let published = Set(resources.filter(\.isPublished).compactMap(\.id))
            #expect(naming.allSatisfy { published.contains($0.resourceId!) })
            #expect(try await t.browser().get("/ressources").body.string.contains("Tout apprendre en ligne"))
        }
    }
}
