import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Survey reports pages")
struct SurveyReportTests {
    static let faireAvec = DefaultSurvey.codeID("Posture", "faire avec")
    static let seniors = DefaultSurvey.codeID("Publics", "seniors")

    /// Two library respondents, one outside: « faire avec » in one of each context, « seniors »
    /// in the first library one only. The outside one is linked to mediator A's logbook.
    struct Corpus {
        let library1: UUID
        let library2: UUID
        let outside: UUID
    }

    static func corpus(_ t: TestApp) async throws -> Corpus {
        let answer = "Je montre et la personne fait avec moi, surtout des retraités."
        let library1 = try await SurveyPagesFixture.respondent(t, name: "Bibliothécaire Une", date: "2026-02-01", answers: ["A4": answer]).requireID()
        let library2 = try await SurveyPagesFixture.respondent(t, name: "Bibliothécaire Deux", date: "2026-02-02", answers: ["A4": "Autre chose."]).requireID()
        let outside = try await SurveyPagesFixture.respondent(t, name: "Conseillère Dehors", context: .outsideLibrary, date: "2026-02-03",
                                                              answers: ["A4": answer], mediatorId: t.fixture.mediatorA.id).requireID()
        let whole = TextRange(start: 0, end: answer.unicodeScalars.count)
        for (respondent, code) in [(library1, faireAvec), (library1, seniors), (outside, faireAvec)] {
            try await t.app.survey.addCoding(SurveyCoding(id: UUID(), respondentId: respondent, questionKey: "A4", range: whole, codeId: code,
                                                          memo: respondent == library1 && code == faireAvec ? "Mémo de citation" : ""))
        }
        return Corpus(library1: library1, library2: library2, outside: outside)
    }

    static let paths = ["/enquete/rapports", "/enquete/rapports/matrice.csv", "/enquete/rapports/question/1", "/enquete/rapports/dit-fait"]

    @Test("Researchers and administrators read every report; mediators get 403; signed out goes to sign in")
    func access() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            for actor in [t.fixture.researcher, t.fixture.admin] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                for path in Self.paths { #expect(try await browser.get(path).status == .ok, "\(path)") }
            }
            let mediator = t.browser()
            _ = try await mediator.signIn(t.fixture.mediatorA)
            for path in Self.paths {
                #expect(try await mediator.get(path).status == .forbidden, "\(path)")
                let anonymous = try await t.browser().get(path)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            }
            let researcher = t.browser()
            _ = try await researcher.signIn(t.fixture.researcher)
            #expect(try await researcher.get("/enquete/rapports/question/4").status == .notFound)
            #expect(try await researcher.get("/enquete/rapports/question/abc").status == .notFound)
        }
    }

    @Test("Per code: respondents and share in each context, quotes behind details, and the co-occurrences")
    func perCode() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let html = try await browser.get("/enquete/rapports").body.string
            #expect(html.contains("3 entretiens : 2 en bibliothèque, 1 hors bibliothèque."))
            let row = try #require(Self.row(containing: "Posture › faire avec", in: html))
            #expect(row.contains("<td>2 sur 3 (67 %)</td><td>1 sur 2 (50 %)</td><td>1 sur 1 (100 %)</td>"))
            #expect(row.contains("<details><summary>2 passages"))
            #expect(row.contains("Mémo de citation"))
            // The family counts its children's passages.
            let family = try #require(Self.row(containing: ">Publics<", in: html))
            #expect(family.contains("<td>1 sur 3 (33 %)</td><td>1 sur 2 (50 %)</td><td>0 sur 1 (0 %)</td>"))
            // Co-occurrence: only the codes applied, both together in one respondent.
            let matrix = try #require(html.range(of: "id=\"cooccurrences\"")).upperBound
            let table = String(html[matrix...]).components(separatedBy: "</table>")[0]
            #expect(table.contains("<th scope=\"row\">Posture › faire avec</th><td>2</td><td>1</td>"))
            #expect(table.contains("<th scope=\"row\">Publics › seniors</th><td>1</td><td>1</td>"))
            #expect(!table.contains("Compétences › techniques"))
            #expect(html.contains("<caption id=\"tableau-codes\">"))
        }
    }

    @Test("The 0/1 matrix is a French CSV: byte order mark, semicolons, one row per respondent")
    func matrixCSV() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let response = try await browser.get("/enquete/rapports/matrice.csv")
            #expect(response.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 4)
            let header = lines[0].components(separatedBy: ";")
            #expect(header.prefix(2) == ["repondant", "contexte"])
            let column = try #require(header.firstIndex(of: "Posture › faire avec"))
            let seniors = try #require(header.firstIndex(of: "Publics › seniors"))
            let first = try #require(lines.first { $0.hasPrefix("Bibliothécaire Une;") }).components(separatedBy: ";")
            #expect(first[1] == "library" && first[column] == "1" && first[seniors] == "1")
            let second = try #require(lines.first { $0.hasPrefix("Bibliothécaire Deux;") }).components(separatedBy: ";")
            #expect(second[column] == "0" && second.dropFirst(2).allSatisfy { $0 == "0" })
        }
    }

    @Test("A research question's page sets its codes side by side for the two contexts")
    func researchQuestion() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let html = try await browser.get("/enquete/rapports/question/2").body.string
            #expect(html.contains("faire à la place"))
            let row = try #require(Self.row(containing: "Posture › faire avec", in: html))
            #expect(row.contains("<td>1 sur 2 (50 %)</td><td>1 sur 1 (100 %)</td><td>−50 points</td>"))
            // Question 2 is about posture, not publics.
            #expect(!html.contains("Publics › seniors"))
        }
    }

    @Test("Said versus done: the linked respondent's claims next to their logbook's shares, and per context")
    func saidVersusDone() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            // Two activities in mediator A's logbook in 2026, both guided (« faire avec »).
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-01-15")
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-03-20")
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let html = try await browser.get("/enquete/rapports/dit-fait").body.string
            let section = try #require(html.components(separatedBy: "Par répondant relié").last)
            #expect(section.contains("Conseillère Dehors (Hors bibliothèque), carnet de l'année 2026"))
            let row = try #require(Self.row(containing: "Posture › faire avec", in: section))
            #expect(row.contains("<td>oui</td><td>2 sur 2 activités (100 %)</td><td>dit et fait</td>"))
            let unsaid = try #require(Self.row(containing: "Demandes › e-mail, documents, photos", in: section))
            #expect(unsaid.contains("<td>non</td><td>2 sur 2 activités (100 %)</td><td>fait sans être dit (≥ 25 %)</td>"))
            // Respondents not linked to an account have no table of their own.
            #expect(!section.contains("Bibliothécaire Une"))
            #expect(html.contains("Par contexte"))
            #expect(html.contains("scope=\"col\""))
        }
    }

    @Test("Said versus done: another year of the logbooks can be chosen; a bad year is a 400 in French")
    func saidVersusDoneYear() async throws {
        try await TestApp.run { t in
            _ = try await Self.corpus(t)
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-01-15")
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2025-06-10")
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let byDefault = try await browser.get("/enquete/rapports/dit-fait").body.string
            #expect(byDefault.contains("<option value=\"\" selected>L&#39;année de chaque entretien</option>")
                    || byDefault.contains("<option value=\"\" selected>L'année de chaque entretien</option>"))
            #expect(byDefault.contains("<label for=\"annee\">Année des carnets</label>"))
            let html = try await browser.get("/enquete/rapports/dit-fait?annee=2025").body.string
            #expect(html.contains("<option value=\"2025\" selected>2025</option>"))
            let section = try #require(html.components(separatedBy: "Par répondant relié").last)
            #expect(section.contains("Conseillère Dehors (Hors bibliothèque), carnet de l'année 2025"))
            let row = try #require(Self.row(containing: "Posture › faire avec", in: section))
            #expect(row.contains("1 sur 1 activité"), "only 2025's activity is read: \(row)")
            #expect(html.contains("Par contexte"))
            #expect(!html.contains("année 2026"))
            for bad in ["abc", "1990", "2999"] {
                let refused = try await browser.get("/enquete/rapports/dit-fait?annee=\(bad)")
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.body.string.contains("n&#39;est pas valable") || refused.body.string.contains("n'est pas valable"), "\(bad)")
            }
        }
    }

    /// The `<tr>` holding `text`.
    static func row(containing text: String, in html: String) -> String? {
        guard let hit = html.range(of: text) else { return nil }
        let start = html[..<hit.lowerBound].range(of: "<tr", options: .backwards)?.lowerBound ?? hit.lowerBound
        let end = html[hit.upperBound...].range(of: "</tr>")?.upperBound ?? html.endIndex
        return String(html[start..<end])
    }
}
