import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Respondents for the survey pages' tests, written through the store as the app would.
enum SurveyPagesFixture {
    static func defaultVersion(_ t: TestApp) async throws -> UUID {
        let questionnaire = try await t.app.survey.questionnaires().first { $0.slug == SurveyStore.defaultQuestionnaireSlug }
        let version = try await t.app.survey.latestVersion(of: try #require(questionnaire).requireID())
        return try #require(version).requireID()
    }

    @discardableResult
    static func respondent(_ t: TestApp, name: String, post: String = "Conseillère numérique", employer: String = "Mairie",
                           context: RespondentContext = .library, territory: String = "Valbourg", departement: String = "87",
                           date: String = "2026-03-10", consent: PublicationConsent = .named, status: InterviewStatus = .published,
                           tags: [String] = [], answers: [String: String] = ["A1": "Un BTS puis une formation de conseillère numérique."],
                           mediatorId: UUID? = nil) async throws -> SurveyRespondentModel {
        let profile = RespondentProfile(displayName: name, post: post, employer: employer, context: context, territory: territory,
                                        departement: departement, interviewDate: LocalDate(iso: date), consent: consent)
        let model = try await t.app.survey.saveRespondent(nil, versionId: try await defaultVersion(t), profile: profile, tags: tags,
                                                          mediatorId: mediatorId)
        try await t.app.survey.saveAnswers(model.requireID(), answers)
        if status != .draft { try await t.app.survey.setStatus(model.requireID(), status) }
        return try #require(try await t.app.survey.respondent(model.requireID()))
    }
}

@Suite("Public portraits and their Atom feed")
struct PortraitTests {
    @Test("The series lists published portraits newest first, signed out, and filters by context and tag")
    func series() async throws {
        try await TestApp.run { t in
            try await SurveyPagesFixture.respondent(t, name: "Odile Ancienne", date: "2025-11-02", tags: ["rural"])
            try await SurveyPagesFixture.respondent(t, name: "Nadia Récente", context: .outsideLibrary, date: "2026-04-20")
            let page = try await t.browser().get("/portraits")
            #expect(page.status == .ok)
            let html = page.body.string
            let older = try #require(html.range(of: "Odile Ancienne")), newer = try #require(html.range(of: "Nadia Récente"))
            #expect(newer.lowerBound < older.lowerBound)
            #expect(html.contains("/portraits/flux.atom"))

            let library = try await t.browser().get("/portraits?contexte=library").body.string
            #expect(library.contains("Odile Ancienne") && !library.contains("Nadia Récente"))
            let tagged = try await t.browser().get("/portraits?etiquette=rural").body.string
            #expect(tagged.contains("Odile Ancienne") && !tagged.contains("Nadia Récente"))
            let unknown = try await t.browser().get("/portraits?contexte=lune&etiquette=%3Cb%3E")
            #expect(unknown.status == .ok)
            #expect(unknown.body.string.contains("Ce contexte n&#39;existe pas"))
            #expect(!unknown.body.string.contains("<b>"))
        }
    }

    @Test("A named portrait shows who and where, then the questions in the respondent's context wording")
    func namedPortrait() async throws {
        try await TestApp.run { t in
            let model = try await SurveyPagesFixture.respondent(
                t, name: "Claire Martin", employer: "Médiathèque Jean-Jaurès", context: .outsideLibrary, territory: "Pessac",
                departement: "33", answers: ["A1": "Un master.\nPuis un service civique.", "C14": "Oui, chaque semaine."])
            let page = try await t.browser().get("/portraits/\(model.slug)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Claire Martin"))
            #expect(html.contains("Médiathèque Jean-Jaurès, Pessac (Département 33)"))
            #expect(html.contains("<p>Un master.</p><p>Puis un service civique.</p>"))
            // The outside-library wording of C14, not the library one.
            #expect(html.contains("Fréquentez-vous vous-même des bibliothèques ?"))
            #expect(!html.contains("Connaissez-vous les médiateurs numériques de votre territoire"))
            #expect(html.contains("/css/survey.css"))
        }
    }

    @Test("An anonymous portrait's page, the series and the feed show neither name, employer nor commune")
    func anonymity() async throws {
        try await TestApp.run { t in
            let model = try await SurveyPagesFixture.respondent(
                t, name: "Zéphyrine Quastavel", employer: "Association Xylobrume", territory: "Montcornichon", departement: "2A",
                consent: .anonymous, answers: ["A1": "Une licence de lettres."])
            let secrets = ["Zéphyrine", "Quastavel", "Xylobrume", "Montcornichon"]
            let page = try await t.browser().get("/portraits/\(model.slug)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Département 2A"))
            #expect(page.body.string.contains("Une licence de lettres."))
            let list = try await t.browser().get("/portraits").body.string
            let feed = try await t.browser().get("/portraits/flux.atom").body.string
            #expect(list.contains("Médiatrice ou médiateur en bibliothèque"))
            #expect(feed.contains("<entry>"))
            for text in [page.body.string, list, feed] {
                for secret in secrets { #expect(!text.contains(secret), "« \(secret) » must not be published") }
            }
            #expect(!model.slug.contains("zephyrine"))
        }
    }

    @Test("Consent none, drafts and validated interviews never appear; their slug answers 404 in French")
    func unpublished() async throws {
        try await TestApp.run { t in
            let refused = try await SurveyPagesFixture.respondent(t, name: "Refus Pasdaccord", consent: .none, status: .validated)
            let draft = try await SurveyPagesFixture.respondent(t, name: "Brouillon Inachevé", status: .draft)
            let validated = try await SurveyPagesFixture.respondent(t, name: "Relu Pasencore", status: .validated)
            let list = try await t.browser().get("/portraits").body.string
            let feed = try await t.browser().get("/portraits/flux.atom").body.string
            for name in ["Pasdaccord", "Inachevé", "Pasencore"] {
                #expect(!list.contains(name))
                #expect(!feed.contains(name))
            }
            #expect(list.contains("Aucun portrait n&#39;est encore publié."))
            for model in [refused, draft, validated] {
                let page = try await t.browser().get("/portraits/\(model.slug)")
                #expect(page.status == .notFound)
                #expect(page.body.string.contains("Cette page n&#39;existe pas"))
            }
            #expect(try await t.browser().get("/portraits/inconnu").status == .notFound)
        }
    }

    @Test("The feed is Atom 1.0 with the right type, a self link and one well-formed entry per portrait")
    func feed() async throws {
        try await TestApp.run { t in
            let model = try await SurveyPagesFixture.respondent(t, name: "Léa <Durand> & fils", answers: ["A1": "Des « études » & <b>un</b> parcours."])
            try await SurveyPagesFixture.respondent(t, name: "Second Portrait", date: "2026-01-05")
            let response = try await t.browser().send(.GET, "/portraits/flux.atom", headers: ["Host": "tandem.example"])
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/atom+xml; charset=utf-8")
            let xml = response.body.string
            #expect(XMLParser(data: Data(xml.utf8)).parse())
            #expect(xml.components(separatedBy: "<entry>").count - 1 == 2)
            #expect(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://tandem.example/portraits/flux.atom\"/>"))
            #expect(xml.contains("href=\"http://tandem.example/portraits/\(model.slug)\""))
            #expect(xml.contains("<id>urn:uuid:\(try model.requireID().uuidString.lowercased())</id>"))
            #expect(xml.contains("Léa &lt;Durand&gt; &amp; fils"))
            // The content is HTML escaped once by the page and once by the feed.
            #expect(xml.contains("&amp;lt;b&amp;gt;un&amp;lt;/b&amp;gt;"))
        }
    }
}
