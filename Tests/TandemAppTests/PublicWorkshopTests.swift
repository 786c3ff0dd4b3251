import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Sessions and forms for the public workshop pages.
enum PublicWorkshopFixture {
    /// A session of structure A, stored as it is (past, started or internal sessions included).
    @discardableResult
    static func session(_ t: TestApp, title: String = "Premiers pas sur la tablette", days: Int = 7, start: Int = 14 * 60,
                        capacity: Int = 8, place: UUID? = nil, themes: [Theme] = [.deviceHandling], isPublic: Bool = true,
                        cancelled: Bool = false) async throws -> WorkshopModel {
        let session = WorkshopModel()
        session.id = UUID()
        session.structureId = t.fixture.structureA
        session.title = title
        session.about = "Allumer la tablette, toucher l'écran, installer une application.\nApportez la vôtre si vous en avez une."
        session.themes = CodeList.join(themes)
        session.level = WorkshopLevel.beginner.code
        session.placeId = place ?? t.fixture.placeA1
        session.date = LocalDate.today().adding(days: days).iso
        session.startMinutes = start
        session.durationMinutes = 90
        session.capacity = capacity
        session.isPublic = isPublic
        session.audiences = isPublic ? "" : InternalAudience.staff.code
        session.status = (cancelled ? WorkshopModel.Status.cancelled : .scheduled).rawValue
        try await session.create(on: t.db)
        return session
    }

    static func form(_ firstName: String, phone: String = "06 12 34 56 78", email: String = "", consent: Bool = true) -> [(String, String)] {
        [("firstName", firstName), ("phone", phone), ("email", email)] + (consent ? [("consent", "oui")] : [])
    }

    static func path(_ session: WorkshopModel) -> String { WebPath.workshop(session.id!) }

    /// As Leaf writes it in a page: apostrophes escaped.
    static func html(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "&#39;") }

    /// The private cancellation path on a confirmation page.
    static func cancelPath(in page: String) -> String? {
        guard let range = page.range(of: "/ateliers/annulation/") else { return nil }
        let token = page[range.upperBound...].prefix(while: \.isHexDigit)
        return token.count == 48 ? "/ateliers/annulation/" + token : nil
    }

    static func registrations(_ t: TestApp) async throws -> [RegistrationModel] {
        try await RegistrationModel.query(on: t.db).sort(\.$rank).all()
    }
}

/// Run them all with `swift test --filter PublicWorkshopTests`.
@Suite("Public workshop pages")
struct PublicWorkshopTests {}

extension PublicWorkshopTests {
    @Suite("Public workshop listing")
    struct Listing {
        typealias F = PublicWorkshopFixture

        @Test("The listing shows upcoming public sessions only, grouped by day, with place, themes, level and seats")
        func upcomingPublicOnly() async throws {
            try await TestApp.run { t in
                let visitor = t.browser()
                let empty = try await visitor.get("/ateliers")
                #expect(empty.status == .ok)
                #expect(empty.body.string.contains("Aucun atelier public n&#39;est prévu pour le moment."))

                let tablet = try await F.session(t, days: 3)
                let email = try await F.session(t, title: "Envoyer ses premiers e-mails", days: 3, start: 10 * 60, place: t.fixture.placeA2, themes: [.email])
                try await F.session(t, title: "Outlook pour les élus", isPublic: false)
                try await F.session(t, title: "Atelier annulé du jeudi", cancelled: true)
                try await F.session(t, title: "Atelier d'hier", days: -1)
                try await F.session(t, title: "Atelier déjà commencé", days: 0, start: 0)
                let minutesNow = RegistrationStore.minutesNow(Date())
                let evening = minutesNow < 1430 ? try await F.session(t, title: "Atelier de ce soir", days: 0, start: 1439) : nil
                let full = try await F.session(t, title: "Atelier complet", days: 5, capacity: 1)
                #expect(try await t.browser().post(F.path(full), form: F.form("Lucie")).status == .seeOther)

                let page = try await visitor.get("/ateliers").body.string
                #expect(page.contains("href=\"\(F.path(tablet))\""))
                #expect(page.contains("href=\"\(F.path(email))\""))
                for hidden in ["Outlook pour les élus", "Atelier annulé du jeudi", "Atelier d&#39;hier", "Atelier déjà commencé"] {
                    #expect(!page.contains(hidden), "\(hidden) is not listed")
                }
                if let evening { #expect(page.contains("href=\"\(F.path(evening))\""), "today's sessions still to start are listed") }
                // Both sessions of that day under one heading, the earlier first.
                let heading = WorkshopWording.day(tablet)
                #expect(page.components(separatedBy: heading).count - 1 == 1)
                let emailIndex = try #require(page.range(of: "Envoyer ses premiers e-mails")).lowerBound
                let tabletIndex = try #require(page.range(of: "Premiers pas sur la tablette")).lowerBound
                #expect(emailIndex < tabletIndex)
                #expect(page.contains("10\u{00A0}h\u{00A0}– 11\u{00A0}h\u{00A0}30"), "hours never break inside")
                #expect(page.contains("href=\"\(WebPath.place(t.fixture.placeA2))\">Bibliothèque de quartier</a>, Valbourg"))
                #expect(page.contains("Prendre en main du matériel · Niveau : Débutant"))
                #expect(page.contains("8 places restantes"))
                #expect(page.contains("Complet — liste d&#39;attente"))
                #expect(page.contains("href=\"/calendrier/ateliers.ics\""))
                #expect(page.contains("href=\"/ateliers\" aria-current=\"page\""), "the public menu leads here")
                #expect(page.contains("4 ateliers à venir.") || (evening == nil && page.contains("3 ateliers à venir.")))
            }
        }

        @Test("Filters by place, theme and dates, typed in a plain form")
        func filters() async throws {
            try await TestApp.run { t in
                let visitor = t.browser()
                let soon = try await F.session(t, title: "Tablette à la médiathèque", days: 2)
                let later = try await F.session(t, title: "Tablette au quartier", days: 20, place: t.fixture.placeA2)
                let mail = try await F.session(t, title: "Courriel et pièces jointes", days: 4, themes: [.email, .digitalContent])
                let upkeep = try await F.session(t, title: "Entretenir son ordinateur", days: 4, themes: [.deviceMaintenance])
                let ai = try await F.session(t, title: "Découvrir l'intelligence artificielle", days: 6, themes: [.security, .ai])

                func listed(_ query: String) async throws -> Set<UUID> {
                    let page = try await visitor.get("/ateliers?" + query)
                    #expect(page.status == .ok)
                    let all = [soon, later, mail, upkeep, ai]
                    return Set(all.filter { page.body.string.contains("href=\"\(F.path($0))\"") }.map { $0.id! })
                }
                #expect(try await listed("lieu=\(t.fixture.placeA2.uuidString.lowercased())") == [later.id!])
                #expect(try await listed("theme=digital_content") == [mail.id!])
                #expect(try await listed("theme=ai") == [ai.id!], "a whole code: « ai » is inside « device_maintenance »")
                let from = LocalDate.today().adding(days: 3), to = LocalDate.today().adding(days: 6)
                #expect(try await listed("du=\(from.iso)&au=\(to.iso)") == [mail.id!, upkeep.id!, ai.id!])
                #expect(try await listed("du=\(from.french)&au=\(LocalDate.today().adding(days: 4).french)") == [mail.id!, upkeep.id!], "dates as French people type them")
                #expect(try await listed("lieu=&theme=&du=&au=").count == 5, "empty filters filter nothing")
                let page = try await visitor.get("/ateliers?theme=email&lieu=\(t.fixture.placeA1.uuidString.lowercased())").body.string
                #expect(page.contains("<option value=\"email\" selected>"), "the form shows the choice again")
                #expect(page.contains("Médiathèque centrale (Valbourg)"))
                let mailPage = try await visitor.get("/ateliers?theme=digital_content").body.string
                #expect(mailPage.contains("E-mail · Gérer ses contenus numériques (documents, photos) · Niveau : Débutant"))
                let none = try await visitor.get("/ateliers?theme=parenting").body.string
                #expect(none.contains("Aucun atelier ne correspond à votre recherche."))
            }
        }

        @Test("Filter values not understood are left out with a French message, never an error")
        func badFilters() async throws {
            try await TestApp.run { t in
                let visitor = t.browser()
                let session = try await F.session(t)
                let cases: [(String, String)] = [
                    ("lieu=pas-un-lieu", "Le lieu demandé n&#39;existe pas (ou plus)"),
                    ("lieu=\(UUID().uuidString)", "Le lieu demandé n&#39;existe pas (ou plus)"),
                    ("theme=cuisine", "Le thème « cuisine » n&#39;existe pas"),
                    ("du=2026-13-45", "La date de début « 2026-13-45 » n&#39;est pas une date"),
                    ("au=demain", "La date de fin « demain » n&#39;est pas une date"),
                    ("du=31/02/2027", "La date de début « 31/02/2027 » n&#39;est pas une date"),
                    ("du=2020-01-01", "Les ateliers passés ne sont pas affichés"),
                    ("au=2020-01-01", "La date de fin du 01/01/2020 est passée"),
                    ("du=\(LocalDate.today().adding(days: 10).iso)&au=\(LocalDate.today().adding(days: 9).iso)", "est avant la date de début"),
                    ("theme=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "Le thème « &lt;script&gt;alert(1)&lt;/script&gt; » n&#39;existe pas"),
                    ("du=%FF%FE&lieu=%00", "n&#39;est pas une date"),
                ]
                for (query, message) in cases {
                    let response = try await visitor.get("/ateliers?" + query)
                    #expect(response.status == .ok, "\(query)")
                    let page = response.body.string
                    #expect(page.contains(message), "\(query)")
                    #expect(!page.contains("<script>alert"))
                    let ignoredMakesNoDifference = !query.hasPrefix("du=\(LocalDate.today().adding(days: 10).iso)")
                    if ignoredMakesNoDifference { #expect(page.contains("href=\"\(F.path(session))\""), "the filter is ignored: \(query)") }
                }
                let long = String(repeating: "x", count: 5_000)
                #expect(try await visitor.get("/ateliers?theme=\(long)&du=\(long)").status == .ok)
            }
        }

        @Test("The place page links each upcoming workshop to its page, with the seats left")
        func placePageLinks() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t, capacity: 3)
                try await F.session(t, title: "Atelier déjà commencé", days: 0, start: 0)
                let page = try await t.browser().get(WebPath.place(t.fixture.placeA1)).body.string
                #expect(page.contains("<a href=\"\(F.path(session))\">Premiers pas sur la tablette</a> (3 places restantes)"))
                #expect(!page.contains("Atelier déjà commencé"))
            }
        }
    }
}

extension PublicWorkshopTests {
    @Suite("Public registration to a workshop")
    struct Registration {
        typealias F = PublicWorkshopFixture

        @Test("A seat, then the waiting list; the confirmation shows the private link once, never in a URL")
        func seatThenWaitingList() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t, capacity: 1)
                let marie = t.browser()
                let form = try await marie.get(F.path(session)).body.string
                for attribute in ["name=\"firstName\"", "autocomplete=\"given-name\"", "type=\"tel\"", "autocomplete=\"tel\"",
                                  "type=\"email\"", "autocomplete=\"email\"", "name=\"consent\" value=\"oui\"", "name=\"_csrf\""] {
                    #expect(form.contains(attribute), "\(attribute)")
                }
                #expect(form.contains(F.html("J'accepte d'être contacté(e) au sujet de cet atelier")))
                #expect(form.contains("l&#39;un des deux suffit"))
                #expect(form.contains("1 place restante"))

                let posted = try await marie.post(F.path(session), form: F.form("Marie", email: "marie@exemple.fr"))
                #expect(posted.status == .seeOther)
                let location = try #require(posted.headers.first(name: .location))
                #expect(location == WebPath.registrationConfirmed(session.id!), "no token in the redirect")
                let confirmation = try await marie.get(location)
                #expect(confirmation.status == .ok)
                #expect(confirmation.headers.first(name: "X-Robots-Tag")?.contains("noindex") == true)
                #expect(confirmation.headers.first(name: .cacheControl) == "no-store")
                let page = confirmation.body.string
                #expect(page.contains("Votre place est réservée"))
                #expect(page.contains(WorkshopWording.day(session)))
                #expect(page.contains("Médiathèque centrale"))
                let cancelPath = try #require(F.cancelPath(in: page))
                #expect(page.contains(">http://localhost" + cancelPath + "<"), "an absolute link")
                #expect(page.contains("affiché qu'une seule fois"))
                let reload = try await marie.get(location).body.string
                #expect(F.cancelPath(in: reload) == nil, "shown once only")
                #expect(reload.contains("Votre inscription est enregistrée"))

                let paul = t.browser()
                let full = try await paul.get(F.path(session)).body.string
                #expect(full.contains("Complet — liste d&#39;attente"))
                #expect(full.contains("M&#39;inscrire sur la liste d&#39;attente"))
                #expect(full.contains("en 1re position sur la liste d&#39;attente"))
                _ = try await paul.post(F.path(session), form: F.form("Paul", phone: "07 11 22 33 44"))
                let paulPage = try await paul.get(WebPath.registrationConfirmed(session.id!)).body.string
                #expect(paulPage.contains(F.html("Vous êtes en 1re position sur la liste d'attente : si une place se libère, elle vous est attribuée automatiquement et l'équipe vous prévient.")))
                let jeanne = t.browser()
                _ = try await jeanne.post(F.path(session), form: F.form("Jeanne", phone: "07 55 66 77 88"))
                let jeannePage = try await jeanne.get(WebPath.registrationConfirmed(session.id!)).body.string
                #expect(jeannePage.contains("Vous êtes en 2e position sur la liste d&#39;attente"))
                #expect(F.cancelPath(in: jeannePage) != nil)

                let stored = try await F.registrations(t)
                #expect(stored.map(\.firstName) == ["Marie", "Paul", "Jeanne"])
                #expect(stored.map(\.status) == ["confirmed", "waiting", "waiting"])
                #expect(stored.allSatisfy { $0.source == "online" && $0.consent && $0.registeredBy == nil })
                #expect(stored[0].email == "marie@exemple.fr" && stored[0].phone == "06 12 34 56 78")
            }
        }

        @Test("The private link cancels; the first on the waiting list takes the seat, to be warned")
        func cancellationPromotes() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t, capacity: 1)
                var links: [String] = []
                for (name, phone) in [("Marie", "06 10 10 10 10"), ("Paul", "06 20 20 20 20"), ("Jeanne", "06 30 30 30 30")] {
                    let browser = t.browser()
                    #expect(try await browser.post(F.path(session), form: F.form(name, phone: phone)).status == .seeOther)
                    links.append(try #require(F.cancelPath(in: try await browser.get(WebPath.registrationConfirmed(session.id!)).body.string)))
                }
                let holder = t.browser()
                let shown = try await holder.get(links[0])
                #expect(shown.status == .ok)
                #expect(shown.headers.first(name: "X-Robots-Tag")?.contains("noindex") == true)
                let page = shown.body.string
                #expect(page.contains("Annuler mon inscription"))
                #expect(page.contains("Votre place à cet atelier est réservée."))
                #expect(!page.contains("Marie") && !page.contains("06 10 10 10 10"), "never who registered")

                #expect(try await holder.post(links[0], form: [], csrf: false).status == .forbidden, "the form needs its CSRF token")
                #expect(try await F.registrations(t).map(\.status) == ["confirmed", "waiting", "waiting"])

                let done = try await holder.post(links[0], form: [])
                #expect(done.status == .ok)
                #expect(done.body.string.contains("Votre inscription est annulée."))
                #expect(done.body.string.contains("Cette inscription est annulée."))
                #expect(!done.body.string.contains("Annuler mon inscription</button>"))
                let after = try await F.registrations(t)
                #expect(after.map(\.status) == ["cancelled", "confirmed", "waiting"])
                #expect(after[1].toNotify, "Paul must be warned of his seat")
                #expect(!after[2].toNotify)

                let again = try await holder.post(links[0], form: [])
                #expect(again.status == .ok)
                #expect(again.body.string.contains("Cette inscription était déjà annulée"))
                #expect(try await F.registrations(t).map(\.status) == ["cancelled", "confirmed", "waiting"])

                let waiting = try await t.browser().get(links[2]).body.string
                #expect(waiting.contains("Vous êtes sur la liste d&#39;attente de cet atelier."))
            }
        }

        @Test("An unknown or malformed cancellation link is a French 404")
        func unknownToken() async throws {
            try await TestApp.run { t in
                let visitor = t.browser()
                let unknown = "/ateliers/annulation/" + String(repeating: "ab", count: 24)
                for path in [unknown, "/ateliers/annulation/pas-un-jeton", "/ateliers/annulation/" + String(repeating: "AB", count: 24)] {
                    let response = try await visitor.get(path)
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.body.string.contains("Ce lien d&#39;annulation ne correspond à aucune inscription"))
                }
                #expect(try await visitor.post(unknown, form: []).status == .notFound)
            }
        }

        @Test("Bad forms: 422 with French messages, the form filled again, nothing written; typos are not rate-limited")
        func validation() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t)
                let visitor = t.browser()
                let cases: [([(String, String)], String, String)] = [
                    (F.form("Marie", phone: ""), "Indiquez un numéro de téléphone ou une adresse e-mail", "#inscription-telephone"),
                    (F.form("Marie", phone: "12345"), "Le numéro de téléphone doit compter 10 chiffres", "#inscription-telephone"),
                    (F.form("Marie", phone: "", email: "marie@"), "L&#39;adresse e-mail doit ressembler à nom@exemple.fr.", "#inscription-email"),
                    (F.form("Marie", consent: false), "Cochez la case pour accepter", "#inscription-accord-oui"),
                    (F.form("12345"), "Le prénom ne peut contenir que des lettres", "#inscription-prenom"),
                    (F.form(""), "Indiquez votre prénom.", "#inscription-prenom"),
                    // Invisible control characters are refused (a NUL is already dropped by the form reader:
                    // PostgreSQL cannot store one).
                    (F.form("Marie", phone: "", email: "a\u{1}b@exemple.fr"), "Ce champ contient un caractère invisible", "#inscription-email"),
                ]
                for (form, message, anchor) in cases {
                    let response = try await visitor.post(F.path(session), form: form)
                    #expect(response.status == .unprocessableEntity, "\(message)")
                    let page = response.body.string
                    #expect(page.contains(message))
                    #expect(page.contains("href=\"\(anchor)\""), "the summary links to the field")
                    #expect(page.contains("L'inscription n'est pas enregistrée : corrigez ces points"))
                }
                let refilled = try await visitor.post(F.path(session), form: F.form("Marie", phone: "06 12", email: "marie@"))
                #expect(refilled.body.string.contains("value=\"marie@\"") && refilled.body.string.contains("value=\"06 12\""))
                #expect(refilled.body.string.contains("value=\"Marie\""))
                #expect(refilled.body.string.contains("aria-invalid=\"true\""), "the fields at fault are marked")
                #expect(try await F.registrations(t).isEmpty)
                // Eight refused forms from this address, and a good one still goes through.
                #expect(try await visitor.post(F.path(session), form: F.form("Marie")).status == .seeOther)
                #expect(try await F.registrations(t).count == 1)
            }
        }

        @Test("Internal and unknown sessions answer 404 and take no registration; started and cancelled ones refuse it")
        func refusedSessions() async throws {
            try await TestApp.run { t in
                let visitor = t.browser()
                let staff = try await F.session(t, title: "Outlook pour les élus", isPublic: false)
                for path in [F.path(staff), "/ateliers/\(UUID())", "/ateliers/pas-un-id", WebPath.registrationConfirmed(staff.id!)] {
                    #expect(try await visitor.get(path).status == .notFound, "\(path)")
                }
                #expect(try await visitor.post(F.path(staff), form: F.form("Marie")).status == .notFound)
                #expect(try await visitor.post("/ateliers/\(UUID())", form: F.form("Marie")).status == .notFound)

                let started = try await F.session(t, title: "Atelier déjà commencé", days: 0, start: 0)
                let startedPage = try await visitor.get(F.path(started))
                #expect(startedPage.status == .ok)
                #expect(startedPage.body.string.contains("Cet atelier a déjà commencé : les inscriptions sont closes."))
                #expect(!startedPage.body.string.contains("name=\"firstName\""))
                let late = try await visitor.post(F.path(started), form: F.form("Marie"))
                #expect(late.status == .conflict)
                #expect(late.body.string.contains("Cet atelier a déjà commencé : il n&#39;est plus possible de s&#39;y inscrire."))

                let past = try await F.session(t, title: "Atelier de la semaine dernière", days: -7)
                #expect(try await visitor.post(F.path(past), form: F.form("Marie")).status == .conflict)

                let cancelled = try await F.session(t, title: "Atelier annulé", cancelled: true)
                let cancelledPage = try await visitor.get(F.path(cancelled)).body.string
                #expect(cancelledPage.contains("Atelier annulé</strong>"))
                #expect(!cancelledPage.contains("name=\"firstName\""))
                let refused = try await visitor.post(F.path(cancelled), form: F.form("Marie"))
                #expect(refused.status == .conflict)
                #expect(refused.body.string.contains("Cet atelier est annulé"))

                let open = try await F.session(t)
                #expect(try await visitor.post(F.path(open), form: F.form("Marie"), csrf: false).status == .forbidden)
                #expect(try await F.registrations(t).isEmpty)
            }
        }

        @Test("The same person twice is refused; a relative sharing the phone is not")
        func duplicate() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t)
                let visitor = t.browser()
                #expect(try await visitor.post(F.path(session), form: F.form("Marie")).status == .seeOther)
                let twice = try await visitor.post(F.path(session), form: F.form("marie", phone: "06.12.34.56.78"))
                #expect(twice.status == .conflict)
                #expect(twice.body.string.contains("Cette personne est déjà inscrite à cet atelier"))
                #expect(twice.body.string.contains("name=\"firstName\""), "the form stays, for another person")
                #expect(try await visitor.post(F.path(session), form: F.form("Jeanne")).status == .seeOther)
                #expect(try await F.registrations(t).map(\.firstName) == ["Marie", "Jeanne"])
            }
        }

        @Test("A 6th registration from one address within 10 minutes is a 429 and writes nothing")
        func rateLimit() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t, capacity: 20)
                let visitor = t.browser()
                for name in ["Anne", "Bruno", "Chantal", "Didier", "Émilie"] {
                    #expect(try await visitor.post(F.path(session), form: F.form(name)).status == .seeOther)
                }
                let sixth = try await visitor.post(F.path(session), form: F.form("Fernand"))
                #expect(sixth.status == .tooManyRequests)
                #expect(sixth.body.string.contains("Trop d&#39;inscriptions depuis cette connexion : réessayez dans quelques minutes."))
                let retry = try #require(sixth.headers.first(name: .retryAfter).flatMap(Int.init))
                #expect((1...601).contains(retry))
                #expect(try await F.registrations(t).count == 5)

                // Without TANDEM_TRUST_PROXY, a forged X-Forwarded-For changes nothing.
                #expect(try await post(visitor, F.path(session), F.form("Fernand"), forwardedFor: "203.0.113.9").status == .tooManyRequests)
                // Behind a trusted proxy, the address it adds is the client's.
                t.app.tandemConfig.trustProxy = true
                #expect(try await post(visitor, F.path(session), F.form("Fernand"), forwardedFor: "198.51.100.1, 203.0.113.9").status == .seeOther)
                #expect(try await post(visitor, F.path(session), F.form("Gisèle"), forwardedFor: "203.0.113.10").status == .seeOther)
                #expect(try await F.registrations(t).count == 7)
            }
        }

        private func post(_ browser: Browser, _ path: String, _ form: [(String, String)], forwardedFor: String) async throws -> TestingHTTPResponse {
            let fields = [("_csrf", try await browser.csrfToken())] + form
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor)
            return try await browser.send(.POST, path, headers: headers, body: fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&"))
        }

        @Test("No public page or feed shows a registrant's name, phone or e-mail")
        func noPersonalDataInPublic() async throws {
            try await TestApp.run { t in
                let session = try await F.session(t, capacity: 1)
                let person = t.browser()
                #expect(try await person.post(F.path(session), form: F.form("Ginette", phone: "06 98 76 54 32", email: "ginette.secret@exemple.fr")).status == .seeOther)
                let confirmation = try await person.get(WebPath.registrationConfirmed(session.id!)).body.string
                let cancelPath = try #require(F.cancelPath(in: confirmation))
                let visitor = t.browser()
                let id = session.id!.uuidString.lowercased()
                for path in ["/ateliers", F.path(session), WebPath.place(t.fixture.placeA1), "/", "/lieux", "/calendrier/ateliers.ics",
                             "/lieux/\(t.fixture.placeA1.uuidString.lowercased())/ateliers.ics", "/calendrier/ateliers/\(id).ics", cancelPath] {
                    let response = try await visitor.get(path)
                    #expect(response.status == .ok, "\(path)")
                    let body = response.body.string
                    for secret in ["Ginette", "98 76 54 32", "0698765432", "ginette.secret", "exemple.fr"] {
                        #expect(!body.contains(secret), "\(secret) on \(path)")
                    }
                }
                #expect(confirmation.contains("Ginette") == false, "not even on the person's own confirmation")
            }
        }
    }
}

extension PublicWorkshopTests {
    @Suite("Rate limiter and client address")
    struct Limiter {
        /// A clock the test moves by hand.
        final class FakeClock: Sendable {
            private let current = NIOLockedValueBox(ContinuousClock.now)
            var now: ContinuousClock.Instant { current.withLockedValue { $0 } }
            func advance(_ duration: Duration) { current.withLockedValue { $0 = $0 + duration } }
        }

        @Test("A sliding window: refused past the limit, allowed again when the oldest attempt is old enough")
        func slidingWindow() {
            let clock = FakeClock()
            let limiter = RateLimiter(limit: 2, window: .seconds(60), now: { clock.now })
            #expect(limiter.attempt("a").isAllowed)
            clock.advance(.seconds(20))
            #expect(limiter.attempt("a").isAllowed)
            let refused = limiter.attempt("a")
            #expect(!refused.isAllowed)
            #expect(refused.retryAfter == .seconds(40))
            #expect(limiter.attempt("b").isAllowed, "each key counts alone")
            clock.advance(.seconds(39))
            #expect(!limiter.attempt("a").isAllowed)
            clock.advance(.seconds(2))
            #expect(limiter.attempt("a").isAllowed, "the first attempt left the window; refusals were not counted")
            #expect(!limiter.attempt("a").isAllowed)
            clock.advance(.seconds(20))
            #expect(limiter.attempt("a").isAllowed)
        }

        @Test("Memory is bounded: expired keys go first, then the longest idle")
        func boundedMemory() {
            let clock = FakeClock()
            let limiter = RateLimiter(limit: 1, window: .seconds(60), maxKeys: 3, now: { clock.now })
            for key in ["a", "b", "c"] {
                #expect(limiter.attempt(key).isAllowed)
                clock.advance(.seconds(1))
            }
            #expect(limiter.keyCount == 3)
            #expect(limiter.attempt("d").isAllowed)
            #expect(limiter.keyCount == 3)
            #expect(limiter.attempt("a").isAllowed, "the longest idle key was forgotten")
            #expect(!limiter.attempt("d").isAllowed, "recent keys are kept")
            clock.advance(.seconds(120))
            #expect(limiter.attempt("e").isAllowed)
            #expect(limiter.keyCount == 1, "expired keys are dropped at once when room is needed")
        }

        @Test("TANDEM_TRUST_PROXY: off by default; on, the last X-Forwarded-For address is the client")
        func trustProxy() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-proxy-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder]).trustProxy == false)
            #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "TANDEM_TRUST_PROXY": "1"]).trustProxy == true)
            #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "TANDEM_TRUST_PROXY": "0"]).trustProxy == false)

            let app = try await Application.make(.testing)
            let request = Request(application: app, method: .POST, url: URI(path: "/ateliers"),
                                  headers: ["X-Forwarded-For": "198.51.100.1, 203.0.113.7"],
                                  remoteAddress: try SocketAddress(ipAddress: "10.0.0.1", port: 40000), on: app.eventLoopGroup.next())
            #expect(request.clientAddress == "10.0.0.1")
            app.tandemConfig.trustProxy = true
            #expect(request.clientAddress == "203.0.113.7")
            try await app.asyncShutdown()
        }
    }
}
