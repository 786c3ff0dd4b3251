import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Coding page")
struct CodingTests {
    static let faireAvec = DefaultSurvey.codeID("Posture", "faire avec")
    static let seniors = DefaultSurvey.codeID("Publics", "seniors")
    static let communication = DefaultSurvey.codeID("Compétences", "communication")
    /// Accents, an emoji sequence outside the BMP (surrogate pairs) and a zero-width joiner: the
    /// browser's UTF-16 offsets and REFI-QDA's scalars differ after it.
    static let text = "Je suis 👩🏽‍💻 médiatrice : j'aide à « faire avec » les aînés."

    static func interview(_ t: TestApp, answers: [String: String] = ["A4": text]) async throws -> UUID {
        try await SurveyPagesFixture.respondent(t, name: "Inès Codée", status: .draft, answers: answers).requireID()
    }

    /// The UTF-16 offsets of `part` in `text`, as a browser's selection gives them.
    static func utf16Offsets(of part: String, in text: String) throws -> (Int, Int) {
        let range = try #require(text.range(of: part))
        let start = text.utf16.distance(from: text.utf16.startIndex, to: range.lowerBound)
        return (start, start + part.utf16.count)
    }

    @Test("Researchers and administrators open the page; mediators get 403; signed out goes to sign in")
    func access() async throws {
        try await TestApp.run { t in
            let id = try await Self.interview(t)
            let path = CodingController.page(id)
            for actor in [t.fixture.researcher, t.fixture.admin] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                #expect(try await browser.get(path).status == .ok)
                #expect(try await browser.get(CodingController.stylesheetPath).status == .ok)
            }
            let mediator = t.browser()
            _ = try await mediator.signIn(t.fixture.mediatorA)
            #expect(try await mediator.get(path).status == .forbidden)
            #expect(try await mediator.get(CodingController.stylesheetPath).status == .forbidden)
            let anonymous = try await t.browser().get(path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            let researcher = t.browser()
            _ = try await researcher.signIn(t.fixture.researcher)
            #expect(try await researcher.get(CodingController.page(UUID())).status == .notFound)
        }
    }

    @Test("A selection posted as UTF-16 offsets is stored in Unicode scalars and shown highlighted")
    func selection() async throws {
        try await TestApp.run { t in
            let id = try await Self.interview(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let (start, end) = try Self.utf16Offsets(of: "faire avec", in: Self.text)
            let response = try await browser.post(CodingController.page(id), form: [
                ("question", "A4"), ("debut16", String(start)), ("fin16", String(end)),
                ("codes[]", Self.faireAvec.uuidString), ("codes[]", Self.seniors.uuidString),
            ])
            #expect(response.status == .seeOther)
            let codings = try await t.app.survey.codings(of: id)
            #expect(codings.count == 2)
            let coding = try #require(codings.first { $0.codeId == Self.faireAvec })
            #expect(CodingRules.excerpt(of: coding.range, in: Self.text) == "faire avec")
            // Scalars, not UTF-16 units: the emoji sequence counts 4 scalars but 7 units.
            #expect(coding.range.start == start - 3)
            let page = try await browser.get(CodingController.page(id)).body.string
            #expect(page.contains("Codes appliqués"))
            #expect(page.contains(">faire avec</mark>"))
            #expect(page.contains("class=\"coded many c-\(Self.faireAvec.uuidString.lowercased())"))
            let css = try await browser.get(CodingController.stylesheetPath).body.string
            #expect(css.contains("mark.c-\(Self.faireAvec.uuidString.lowercased()) { border-bottom-color: #"))
        }
    }

    @Test("Without JavaScript a whole answer is coded with the codes ticked")
    func wholeAnswer() async throws {
        try await TestApp.run { t in
            let id = try await Self.interview(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let page = try await browser.get(CodingController.page(id)).body.string
            #expect(page.contains("Coder toute la réponse"))
            #expect(page.contains("name=\"entiere\""))
            let response = try await browser.post(CodingController.page(id), form: [
                ("question", "A4"), ("entiere", "1"), ("codes[]", Self.faireAvec.uuidString),
            ])
            #expect(response.status == .seeOther)
            let coding = try #require(try await t.app.survey.codings(of: id).first)
            #expect(coding.range == TextRange(start: 0, end: Self.text.unicodeScalars.count))
        }
    }

    @Test("Refusals show the page again with a French message and write nothing")
    func refusals() async throws {
        try await TestApp.run { t in
            let id = try await Self.interview(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let path = CodingController.page(id)
            _ = try await browser.post(path, form: [("question", "A4"), ("debut", "0"), ("fin", "7"), ("codes[]", Self.faireAvec.uuidString)])
            #expect(try await t.app.survey.codings(of: id).count == 1)
            let emojiStart = try Self.utf16Offsets(of: "👩🏽‍💻", in: Self.text).0
            let cases: [([(String, String)], String)] = [
                // The same code on an overlapping passage, with a second code that would be fine alone.
                ([("question", "A4"), ("debut16", "3"), ("fin16", "12"), ("codes[]", Self.seniors.uuidString), ("codes[]", Self.faireAvec.uuidString)],
                 "chevauche"),
                ([("question", "A4"), ("debut16", "5"), ("fin16", "999"), ("codes[]", Self.seniors.uuidString)], "ne correspond pas au texte"),
                ([("question", "A4"), ("debut16", String(emojiStart + 1)), ("fin16", String(emojiStart + 4)), ("codes[]", Self.seniors.uuidString)],
                 "coupe un caractère"),
                ([("question", "A4"), ("debut16", "4"), ("fin16", "4"), ("codes[]", Self.seniors.uuidString)], "Le passage est vide"),
                ([("question", "A4"), ("debut16", "x"), ("fin16", "4"), ("codes[]", Self.seniors.uuidString)], "pas lisible"),
                ([("question", "A4"), ("entiere", "1")], "Cochez au moins un code"),
                ([("question", "A4"), ("entiere", "1"), ("codes[]", UUID().uuidString)], "Un des codes choisis n&#39;existe pas"),
                ([("question", "A1"), ("entiere", "1"), ("codes[]", Self.seniors.uuidString)], "Il n&#39;y a pas de réponse à coder"),
                ([("question", "A4"), ("debut", "-1"), ("fin", "3"), ("codes[]", Self.seniors.uuidString)], "avant le début"),
            ]
            for (form, message) in cases {
                let response = try await browser.post(path, form: form)
                #expect(response.status == .unprocessableEntity, "\(form)")
                #expect(response.body.string.contains(message), "\(message)")
                #expect(response.body.string.contains("Le codage n'a pas été enregistré"))
            }
            #expect(try await t.app.survey.codings(of: id).count == 1)
            let forged = try await browser.post(path, form: [("question", "A4"), ("entiere", "1"), ("codes[]", Self.seniors.uuidString)], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await t.app.survey.codings(of: id).count == 1)
        }
    }

    @Test("Keyword suggestions are listed, never applied by themselves, and coded with one click")
    func suggestions() async throws {
        try await TestApp.run { t in
            let text = "Je fais une affiche pour les ateliers. Le reste du temps, je dépanne."
            let id = try await Self.interview(t, answers: ["B7": text])
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let page = try await browser.get(CodingController.page(id)).body.string
            #expect(page.contains("Passages suggérés"))
            #expect(page.contains("Je fais une affiche pour les ateliers."))
            #expect(try await t.app.survey.codings(of: id).isEmpty)
            let sentence = "Je fais une affiche pour les ateliers.".unicodeScalars.count
            let response = try await browser.post(CodingController.page(id), form: [
                ("question", "B7"), ("debut", "0"), ("fin", String(sentence)), ("codes[]", Self.communication.uuidString),
            ])
            #expect(response.status == .seeOther)
            let coding = try #require(try await t.app.survey.codings(of: id).first)
            #expect(coding.codeId == Self.communication && coding.range == TextRange(start: 0, end: sentence))
        }
    }

    @Test("A coding's memo is saved and the coding removed, only through its own interview")
    func memoAndRemoval() async throws {
        try await TestApp.run { t in
            let id = try await Self.interview(t)
            let other = try await SurveyPagesFixture.respondent(t, name: "Autre Personne", status: .draft).requireID()
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            _ = try await browser.post(CodingController.page(id), form: [("question", "A4"), ("entiere", "1"), ("codes[]", Self.faireAvec.uuidString)])
            let coding = try #require(try await t.app.survey.codings(of: id).first)
            #expect(try await browser.post(CodingController.memo(other, coding.id), form: [("memo", "x")]).status == .notFound)
            let saved = try await browser.post(CodingController.memo(id, coding.id), form: [("memo", "Posture affirmée, à comparer.")])
            #expect(saved.status == .seeOther)
            #expect(try await t.app.survey.codings(of: id).first?.memo == "Posture affirmée, à comparer.")
            let tooLong = try await browser.post(CodingController.memo(id, coding.id), form: [("memo", String(repeating: "a", count: 10_001))])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(try await t.app.survey.codings(of: id).first?.memo == "Posture affirmée, à comparer.")
            #expect(try await browser.post(CodingController.remove(other, coding.id), form: []).status == .notFound)
            #expect(try await browser.post(CodingController.remove(id, coding.id), form: []).status == .seeOther)
            #expect(try await t.app.survey.codings(of: id).isEmpty)
        }
    }

    @Test("Overlapping passages cut the text into runs that join back into it exactly")
    func segments() {
        let tree = CodebookTree(DefaultSurvey.codebook)
        let respondent = UUID()
        func coding(_ start: Int, _ end: Int, _ code: UUID) -> SurveyCoding {
            SurveyCoding(id: UUID(), respondentId: respondent, questionKey: "A4", range: TextRange(start: start, end: end), codeId: code)
        }
        let segments = CodingView.segments(of: Self.text, codings: [coding(0, 12, Self.faireAvec), coding(8, 20, Self.seniors)], tree: tree)
        #expect(segments.map(\.text).joined() == Self.text)
        // 0–8 « faire avec » only, 8–12 both (the emoji, 4 scalars), 12–20 « seniors » only, then plain text.
        #expect(segments.count == 4)
        #expect(segments[0].classes == "coded c-\(Self.faireAvec.uuidString.lowercased())")
        #expect(segments[1].classes?.hasPrefix("coded many ") == true)
        #expect(segments[1].codeNames == "Posture › faire avec ; Publics › seniors")
        #expect(segments[1].text == "👩🏽‍💻")
        #expect(segments[3].classes == nil)
    }
}
