import Fluent
import Foundation
@testable import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Workshop registrations, attendance and closing (mediators' side)")
struct WorkshopAttendanceTests {
    /// A session of structure A at place A1, `days` from today (negative: already held), led by
    /// mediator A. Written directly: planning refuses nothing past, but a test needs the day.
    static func session(_ t: TestApp, days: Int, capacity: Int = 8, isPublic: Bool = true,
                        themes: [Theme] = [.deviceHandling, .email]) async throws -> WorkshopModel {
        let session = WorkshopModel()
        session.id = UUID.random()
        session.structureId = t.fixture.structureA
        session.title = "Premiers pas sur la tablette"
        session.themes = CodeList.join(themes)
        session.level = isPublic ? WorkshopLevel.beginner.code : nil
        session.placeId = t.fixture.placeA1
        session.date = LocalDate.today().adding(days: days).iso
        session.startMinutes = 14 * 60
        session.durationMinutes = 120
        session.capacity = capacity
        session.isPublic = isPublic
        session.audiences = isPublic ? "" : InternalAudience.elected.code
        session.status = WorkshopModel.Status.scheduled.rawValue
        try await session.create(on: t.db)
        try await WorkshopMediatorModel(workshopId: session.id!, userId: t.fixture.mediatorA.id).create(on: t.db)
        return session
    }

    static let names = ["Agathe", "Bernard", "Colette", "Denis", "Émilie", "Fernand"]

    /// Registers people at the desk through the store (the page's own form is tested apart).
    @discardableResult
    static func register(_ t: TestApp, _ session: WorkshopModel, count: Int) async throws -> [RegistrationModel] {
        var registered: [RegistrationModel] = []
        // Registered before the day, as people are (the store refuses a past session).
        let day = try #require(LocalDate(iso: session.date))
        let before = Date(timeIntervalSinceNow: Double(min(0, day.dayNumber - LocalDate.today().dayNumber) - 1) * 86_400)
        for n in 0..<count {
            let contact = RegistrationContact(firstName: names[n], phone: String(format: "06 11 22 33 %02d", n), email: "p\(n)@exemple.fr")
            registered.append(try await RegistrationStore(db: t.db).register(contact, to: session.requireID(), source: .desk,
                                                                           by: t.fixture.mediatorA.id, now: before).get().registration)
        }
        return registered
    }

    static func path(_ session: WorkshopModel, _ tail: String) -> String {
        "/gestion/ateliers/\(session.id!.uuidString.lowercased())/\(tail)"
    }

    static func id(_ registration: RegistrationModel) -> String { registration.id!.uuidString.lowercased() }

    static let tablets = [("devices", "tablet"), ("deviceOwners", "structure")]

    static func signedIn(_ t: TestApp, _ actor: Actor) async throws -> Browser {
        let browser = t.browser()
        _ = try await browser.signIn(actor)
        return browser
    }

    // MARK: Registrations

    @Test("A mediator registers people at the desk, the waiting list once full, internal sessions too; bad contacts are refused")
    func deskRegistration() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: 7, capacity: 2)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let page = Self.path(session, "inscriptions")
            for (name, phone) in [("Agathe", "06 12 34 56 78"), ("Bernard", "0612345679"), ("Colette", "06.12.34.56.80")] {
                let response = try await browser.post(page, form: [("firstName", name), ("phone", phone), ("email", ""), ("consent", "oui")])
                #expect(response.status == .seeOther, "\(response.body.string)")
                #expect(response.headers.first(name: .location) == page)
            }
            let rows = try await RegistrationModel.query(on: t.db).sort(\.$rank).all()
            #expect(rows.map(\.status) == ["confirmed", "confirmed", "waiting"])
            #expect(rows.allSatisfy { $0.source == "desk" && $0.registeredBy == t.fixture.mediatorA.id })
            #expect(rows[1].phone == "06 12 34 56 79")
            let html = try await browser.get(page).body.string
            #expect(html.contains("Inscription enregistrée : Colette est en liste d"))
            #expect(html.contains("2 places prises sur 2"))
            #expect(html.contains("Liste d'attente (1)"))
            #expect(html.contains("Agathe") && html.contains("06 12 34 56 78") && html.contains("à l&#39;accueil"))

            let bad = try await browser.post(page, form: [("firstName", ""), ("phone", "12"), ("email", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Indiquez votre prénom."))
            #expect(bad.body.string.contains("Cochez la case"))
            let twice = try await browser.post(page, form: [("firstName", "agathe"), ("phone", "06 12 34 56 78"), ("consent", "oui")])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.string.contains("déjà inscrite"))
            #expect(try await RegistrationModel.query(on: t.db).count() == 3)

            let internalSession = try await Self.session(t, days: 3, isPublic: false)
            let internalPage = Self.path(internalSession, "inscriptions")
            #expect(try await browser.post(internalPage, form: [("firstName", "Denis"), ("email", "denis@mairie.example"), ("consent", "oui")]).status == .seeOther)
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$workshopId == internalSession.id!).first()?.isConfirmed == true)
        }
    }

    @Test("A mediator cancels for someone: the first waiting takes the seat, is listed « à prévenir » here and on the list, then marked warned")
    func cancelPromotesAndNotify() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: 5, capacity: 1)
            let people = try await Self.register(t, session, count: 3)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let cancel = try await browser.post(Self.path(session, "inscriptions/\(Self.id(people[0]))/annuler"), form: [])
            #expect(cancel.status == .seeOther)
            let reread = try await RegistrationModel.query(on: t.db).sort(\.$rank).all()
            #expect(reread.map(\.status) == ["cancelled", "confirmed", "waiting"])
            #expect(reread[1].toNotify)
            let page = try await browser.get(Self.path(session, "inscriptions")).body.string
            #expect(page.contains("Inscription de Agathe annulée. Place libérée : Bernard quitte la liste d&#39;attente"))
            #expect(page.contains("<h2>À prévenir</h2>"))
            #expect(page.contains("tel:0611223301"))

            let list = try await browser.get("/gestion/ateliers").body.string
            #expect(list.contains("<h2>À prévenir</h2>"))
            #expect(list.contains("Bernard") && list.contains("06 11 22 33 01") && list.contains("p1@exemple.fr"))
            #expect(list.contains("Inscriptions (1/1, 1 en attente)"))
            #expect(list.contains(Self.path(session, "emargement")) && list.contains(Self.path(session, "cloture")))

            let done = try await browser.post(Self.path(session, "inscriptions/\(Self.id(people[1]))/prevenu") + "?retour=liste", form: [])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/gestion/ateliers")
            #expect(try await RegistrationModel.find(people[1].id!, on: t.db)?.toNotify == false)
            #expect(!(try await browser.get("/gestion/ateliers").body.string.contains("<h2>À prévenir</h2>")))

            let noCsrf = try await browser.post(Self.path(session, "inscriptions/\(Self.id(people[1]))/annuler"), form: [], csrf: false)
            #expect(noCsrf.status == .forbidden)
            #expect(try await RegistrationModel.find(people[1].id!, on: t.db)?.isConfirmed == true)
        }
    }

    @Test("The sign-in sheet lists the confirmed first names, no contact and not the waiting list, then empty rows")
    func signInSheet() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: 1, capacity: 2)
            try await Self.register(t, session, count: 3)
            let browser = try await Self.signedIn(t, t.fixture.coordinatorA)
            let response = try await browser.get(Self.path(session, "emargement"))
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("<td>Agathe</td>") && html.contains("<td>Bernard</td>"))
            #expect(!html.contains("Colette"), "the waiting list is not on the sheet")
            #expect(!html.contains("06 11 22 33") && !html.contains("@exemple.fr"), "no contact goes round the room")
            #expect(html.contains("Médiathèque centrale") && html.contains("mediatrice.a"))
            #expect(html.components(separatedBy: "<tr class=\"blank\">").count - 1 == WorkshopRegistrationsController.blankRowCount(capacity: 2, confirmed: 2))
            #expect(html.contains("/js/print.js") && !html.contains("<script>"))
        }
    }

    // MARK: Closing

    /// The closing form: these registrations ticked, so many walk-ins, tablets of the structure.
    static func closing(_ present: [RegistrationModel], walkIns: Int, extra: [(String, String)] = tablets) -> [(String, String)] {
        present.map { ("present", id($0)) } + [("walkIns", String(walkIns))] + extra
    }

    @Test("Closing records exactly one activity with the session's kind, place, themes, title and count; closing again updates it")
    func closingAndClosingAgain() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: -1)
            let people = try await Self.register(t, session, count: 3)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA2)
            #expect(try await browser.get(Self.path(session, "cloture")).status == .ok)
            let response = try await browser.post(Self.path(session, "cloture"), form: Self.closing([people[0], people[2]], walkIns: 5))
            #expect(response.status == .seeOther, "\(response.body.string)")
            #expect(try await t.activityCount() == 1)
            let activity = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(activity.kind == "workshop")
            #expect(activity.participantCount == 7)
            #expect(activity.placeId == t.fixture.placeA1 && activity.locationKind == "place")
            #expect(activity.themes == "device_handling|email")
            #expect(activity.title == "Premiers pas sur la tablette")
            #expect(activity.date == session.date && activity.startMinutes == 14 * 60 && activity.durationMinutes == 120)
            #expect(activity.workshopLevel == "beginner")
            #expect(activity.mediatorId == t.fixture.mediatorA2.id, "the first closer is the activity's mediator")
            let closed = try #require(try await WorkshopModel.find(session.id!, on: t.db))
            #expect(closed.activityId == activity.id && closed.walkIns == 5 && closed.closedAt != nil)
            let attended = try await RegistrationModel.query(on: t.db).sort(\.$rank).all().map(\.attended)
            #expect(attended == [true, false, true])

            let again = try await browser.get(Self.path(session, "cloture")).body.string
            #expect(again.contains("Séance clôturée : 7 participants enregistrés dans votre journal."))
            #expect(again.contains("href=\"/activites/\(activity.id!.uuidString.lowercased())/modifier\""))
            #expect(again.contains("value=\"\(Self.id(people[0]))\" checked"))
            #expect(!again.contains("value=\"\(Self.id(people[1]))\" checked"))
            #expect(again.contains("name=\"walkIns\" type=\"number\" value=\"5\""))
            #expect(again.contains("value=\"tablet\" checked"))

            let coordinator = try await Self.signedIn(t, t.fixture.coordinatorA)
            let second = try await coordinator.post(Self.path(session, "cloture"), form: Self.closing([people[1]], walkIns: 0))
            #expect(second.status == .seeOther)
            #expect(try await t.activityCount() == 1)
            let updated = try #require(try await ActivityModel.find(activity.id!, on: t.db))
            #expect(updated.participantCount == 1)
            #expect(updated.mediatorId == t.fixture.mediatorA2.id, "closing again keeps the activity's mediator")
            #expect(try await RegistrationModel.query(on: t.db).sort(\.$rank).all().map(\.attended) == [false, true, false])
            #expect(try await coordinator.get(Self.path(session, "cloture")).body.string
                .contains("Séance clôturée : 1 participant enregistré dans votre journal."))
        }
    }

    @Test("Two closings at the same moment still make one activity")
    func concurrentClosing() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: 0)
            let people = try await Self.register(t, session, count: 2)
            let first = try await Self.signedIn(t, t.fixture.mediatorA)
            let second = try await Self.signedIn(t, t.fixture.coordinatorA)
            let path = Self.path(session, "cloture")
            async let a = first.post(path, form: Self.closing(people, walkIns: 1))
            async let b = second.post(path, form: Self.closing([people[0]], walkIns: 3))
            let statuses = try await [a.status, b.status]
            #expect(statuses == [.seeOther, .seeOther])
            #expect(try await t.activityCount() == 1)
            let activity = try #require(try await ActivityModel.query(on: t.db).first())
            #expect([3, 4].contains(activity.participantCount))
            #expect(try await WorkshopModel.find(session.id!, on: t.db)?.activityId == activity.id)
        }
    }

    @Test("Nobody came: the page asks first, then closes with no activity and removes an earlier closing's record")
    func zeroParticipants() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: -2)
            let people = try await Self.register(t, session, count: 2)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let path = Self.path(session, "cloture")
            #expect(try await browser.get(path).body.string.contains("la séance sera clôturée sans activité dans votre journal"))
            #expect(try await browser.post(path, form: Self.closing([people[0]], walkIns: 0)).status == .seeOther)
            #expect(try await t.activityCount() == 1)

            let ask = try await browser.post(path, form: [("walkIns", "0")])
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("Clôturer sans participant"))
            #expect(ask.body.string.contains("L'activité enregistrée lors de la clôture précédente sera supprimée."))
            #expect(try await t.activityCount() == 1, "nothing changes before the confirmation")
            #expect(try await RegistrationModel.find(people[0].id!, on: t.db)?.attended == true)

            #expect(try await browser.post(path, form: [("walkIns", "0"), ("aucun", "oui")]).status == .seeOther)
            #expect(try await t.activityCount() == 0)
            let closed = try #require(try await WorkshopModel.find(session.id!, on: t.db))
            #expect(closed.closedAt != nil && closed.activityId == nil && closed.walkIns == 0)
            #expect(try await RegistrationModel.query(on: t.db).all().allSatisfy { $0.attended == false })
            #expect(try await browser.get(path).body.string.contains("sans participant : aucune activité dans le journal"))
        }
    }

    @Test("A session is not closed before its day, nor when cancelled: a clear message and nothing written")
    func closingTooEarly() async throws {
        try await TestApp.run { t in
            let future = try await Self.session(t, days: 2)
            let people = try await Self.register(t, future, count: 1)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let page = try await browser.get(Self.path(future, "cloture"))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("les présences se notent le jour même ou après"))
            #expect(!page.body.string.contains("Clôturer la séance"))
            let post = try await browser.post(Self.path(future, "cloture"), form: Self.closing(people, walkIns: 2))
            #expect(post.status == .unprocessableEntity)
            #expect(post.body.string.contains("les présences se notent le jour même ou après"))
            let cancelled = try await Self.session(t, days: -1)
            #expect(try await browser.post("/gestion/ateliers/\(cancelled.id!)/annuler", form: []).status == .seeOther)
            #expect(try await browser.post(Self.path(cancelled, "cloture"), form: [("walkIns", "3")] + Self.tablets).status == .unprocessableEntity)
            #expect(try await t.activityCount() == 0)
            #expect(try await WorkshopModel.query(on: t.db).filter(\.$closedAt != nil).count() == 0)
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$attended != nil).count() == 0)
        }
    }

    @Test("Bad closing forms answer 422 with the problems named and write nothing")
    func closingErrors() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: -1, themes: [.adminProcedures, .health])
            let people = try await Self.register(t, session, count: 2)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let path = Self.path(session, "cloture")
            let noDevice = try await browser.post(path, form: Self.closing(people, walkIns: 1, extra: []))
            #expect(noDevice.status == .unprocessableEntity)
            #expect(noDevice.body.string.contains("Indiquez le matériel utilisé"))
            #expect(noDevice.body.string.contains("Choisissez au moins un domaine de démarche administrative."))
            #expect(noDevice.body.string.contains("value=\"\(Self.id(people[0]))\" checked"), "the ticks are kept")
            let tooMany = try await browser.post(path, form: Self.closing(people, walkIns: 600, extra: Self.tablets + [("procedureDomains", "social_health")]))
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.body.string.contains("va de 0 à 500"))
            let breakdown = try await browser.post(path, form: Self.closing(people, walkIns: 0,
                                                                            extra: Self.tablets + [("procedureDomains", "social_health"), ("ageBreakdown.70_plus", "3")]))
            #expect(breakdown.status == .unprocessableEntity)
            let stranger = try await browser.post(path, form: [("present", UUID().uuidString), ("walkIns", "1")] + Self.tablets + [("procedureDomains", "social_health")])
            #expect(stranger.status == .unprocessableEntity)
            #expect(try await t.activityCount() == 0)
            #expect(try await WorkshopModel.find(session.id!, on: t.db)?.closedAt == nil)
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$attended != nil).count() == 0)

            let good = try await browser.post(path, form: Self.closing(people, walkIns: 0, extra: Self.tablets + [("procedureDomains", "social_health"), ("procedureName", "Ameli")]))
            #expect(good.status == .seeOther)
            let activity = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(activity.procedureDomains == "social_health" && activity.procedureName == "Ameli")
        }
    }

    @Test("An internal session closes into an internal training with its audiences")
    func internalTraining() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: -1, isPublic: false, themes: [.officeSoftware])
            let people = try await Self.register(t, session, count: 3)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let page = try await browser.get(Self.path(session, "cloture")).body.string
            #expect(!page.contains("ageBreakdown"), "no breakdowns for an internal training")
            #expect(try await browser.post(Self.path(session, "cloture"), form: Self.closing(people, walkIns: 2)).status == .seeOther)
            let activity = try #require(try await ActivityModel.query(on: t.db).first())
            #expect(activity.kind == "internal_training" && activity.participantCount == 5 && activity.audiences == "elected")
        }
    }

    // MARK: Access and cancellation

    @Test("Another structure gets 404; a researcher 403; a signed-out visitor is sent to sign in; nothing changes")
    func access() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: -1)
            let people = try await Self.register(t, session, count: 1)
            let other = try await Self.signedIn(t, t.fixture.mediatorB)
            for tail in ["inscriptions", "emargement", "cloture"] {
                #expect(try await other.get(Self.path(session, tail)).status == .notFound, "\(tail)")
            }
            #expect(try await other.post(Self.path(session, "inscriptions"), form: [("firstName", "Zoé"), ("phone", "0612345678"), ("consent", "oui")]).status == .notFound)
            #expect(try await other.post(Self.path(session, "inscriptions/\(Self.id(people[0]))/annuler"), form: []).status == .notFound)
            #expect(try await other.post(Self.path(session, "cloture"), form: Self.closing(people, walkIns: 1)).status == .notFound)
            let researcher = try await Self.signedIn(t, t.fixture.researcher)
            #expect(try await researcher.get(Self.path(session, "inscriptions")).status == .forbidden)
            #expect(try await researcher.post(Self.path(session, "cloture"), form: Self.closing(people, walkIns: 1)).status == .forbidden)
            let visitor = t.browser()
            let signedOut = try await visitor.get(Self.path(session, "emargement"))
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers.first(name: .location)?.hasPrefix("/connexion") == true)

            let mine = try await Self.signedIn(t, t.fixture.mediatorA)
            let elsewhere = try await Self.session(t, days: 4)
            #expect(try await mine.post(Self.path(elsewhere, "inscriptions/\(Self.id(people[0]))/annuler"), form: []).status == .notFound,
                    "a registration of another session")
            #expect(try await mine.get(Self.path(session, "inscriptions/pas-un-id")).status == .notFound)
            #expect(try await mine.get("/gestion/ateliers/pas-un-id/cloture").status == .notFound)
            #expect(try await t.activityCount() == 0)
            #expect(try await RegistrationModel.find(people[0].id!, on: t.db)?.isConfirmed == true)
        }
    }

    @Test("Cancelling a session lists the people to warn, with their contacts, before and after")
    func cancellationListsContacts() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, days: 6, capacity: 1)
            try await Self.register(t, session, count: 2)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let confirm = try await browser.get("/gestion/ateliers/\(session.id!)/annuler").body.string
            #expect(confirm.contains("Personnes à prévenir de l'annulation"))
            #expect(confirm.contains("Agathe") && confirm.contains("06 11 22 33 00") && confirm.contains("p0@exemple.fr"))
            #expect(confirm.contains("Bernard") && confirm.contains("liste d&#39;attente"))
            let cancelled = try await browser.post("/gestion/ateliers/\(session.id!)/annuler", form: [])
            #expect(cancelled.status == .seeOther)
            #expect(cancelled.headers.first(name: .location) == Self.path(session, "inscriptions"))
            let after = try await browser.get(Self.path(session, "inscriptions")).body.string
            #expect(after.contains("Personnes à prévenir de l'annulation"))
            #expect(after.contains("Agathe") && after.contains("06 11 22 33 01") && after.contains("p1@exemple.fr"))
            #expect(!after.contains("Inscrire une personne"), "no registration to a cancelled session")
            let list = try await browser.get("/gestion/ateliers").body.string
            #expect(list.contains("Personnes à prévenir de l&#39;annulation"))
        }
    }

    @Test("The planning list offers the recent held sessions, to take their attendance late")
    func recentSessions() async throws {
        try await TestApp.run { t in
            let held = try await Self.session(t, days: -3)
            let old = try await Self.session(t, days: -40)
            let browser = try await Self.signedIn(t, t.fixture.mediatorA)
            let list = try await browser.get("/gestion/ateliers").body.string
            #expect(list.contains("Séances passées"))
            #expect(list.contains(Self.path(held, "cloture")))
            #expect(!list.contains(Self.path(old, "cloture")))
        }
    }
}
