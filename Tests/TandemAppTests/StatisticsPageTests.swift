import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Known records and helpers for the statistics page, the API and shared links.
enum StatisticsFixture {
    /// The whole of 2026: the period every test asks for, whatever today is.
    static let year = "period=custom&from=2026-01&to=2026-12"

    /// Structure A: 3 individual sessions by mediator A at place A1 in January, 1 workshop of 6 by
    /// mediator A2 at place A2 in February (4 activities, 9 people, 120 minutes). Structure B: one
    /// session by mediator B. One session of mediator A in January 2025, for the year before.
    static func records(_ t: TestApp) async throws {
        let f = t.fixture
        for day in 10...12 { try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-01-\(day)") }
        try await t.record(by: f.mediatorA2, place: f.placeA2, date: "2026-02-03", kind: .workshop)
        try await t.record(by: f.mediatorB, place: f.placeB1, date: "2026-03-04")
        try await t.record(by: f.mediatorA, place: f.placeA1, date: "2025-01-20")
    }

    /// A mediator attached to no structure: signed in, but without statistics.
    static func structureless(_ t: TestApp) async throws -> (actor: Actor, token: String) {
        let user = UserModel(email: "sans.structure@test.example", displayName: "sans.structure",
                             passwordHash: try Bcrypt.hash(Fixture.password, cost: 4), role: .mediator, structureId: nil)
        try await user.create(on: t.db)
        let token = APITokens.generate()
        try await APITokenModel(userId: user.id!, name: "tests", tokenHash: APITokens.hash(token)).create(on: t.db)
        return (try Actor(user), token)
    }

    static func page(_ t: TestApp, as actor: Actor, _ query: String = year) async throws -> (HTTPStatus, String) {
        let browser = t.browser()
        _ = try await browser.signIn(actor)
        let response = try await browser.get("/statistiques?" + query)
        return (response.status, response.body.string)
    }

    /// The value of a headline figure (`<dt>Activités</dt><dd>4</dd>`).
    static func figure(_ html: String, _ label: String) -> String? {
        let label = label.replacingOccurrences(of: "'", with: "&#39;")
        guard let range = html.range(of: "<dt>\(label)</dt><dd>") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }

    /// The rows of the table of a breakdown's section, as « label: cells ».
    static func tableRows(_ html: String, section: String) -> [String] {
        guard let start = html.range(of: "id=\"stat-\(section)\"") else { return [] }
        let rest = html[start.upperBound...]
        let body = rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)]
        return body.components(separatedBy: "<tr").dropFirst(2).map { row in
            ("<tr" + row).replacingOccurrences(of: "<[^>]+>", with: "|", options: .regularExpression)
                .split(separator: "|").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                .joined(separator: " ")
        }
    }
}

@Suite("Statistics page")
struct StatisticsPageTests {
    @Test("Signed out, the page sends to sign in and comes back")
    func signedOut() async throws {
        try await TestApp.run { t in
            let response = try await t.browser().get("/statistiques?kind=workshop")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.hasPrefix("/connexion?suite=/statistiques") == true)
        }
    }

    @Test("An account without a structure gets a French 403 page, and no navigation item")
    func withoutAccess() async throws {
        try await TestApp.run { t in
            let (actor, _) = try await StatisticsFixture.structureless(t)
            let (status, html) = try await StatisticsFixture.page(t, as: actor)
            #expect(status == .forbidden)
            #expect(html.contains("ne donne pas accès aux statistiques"))
            #expect(!html.contains("href=\"/statistiques\""))
        }
    }

    @Test("A coordinator sees the numbers of the records of their structure, with places and mediators")
    func coordinatorNumbers() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let (status, html) = try await StatisticsFixture.page(t, as: t.fixture.coordinatorA)
            #expect(status == .ok)
            #expect(StatisticsFixture.figure(html, "Activités") == "4")
            #expect(StatisticsFixture.figure(html, "Personnes accompagnées") == "9")
            #expect(StatisticsFixture.figure(html, "Heures d'accompagnement") == "2,0")
            #expect(StatisticsFixture.tableRows(html, section: "kind") == [
                "Accompagnement individuel 3 3 1,5 75,0\u{00A0}%", "Atelier collectif 1 6 0,5 25,0\u{00A0}%",
            ])
            #expect(StatisticsFixture.tableRows(html, section: "mediator").sorted() == [
                "mediateur.a2 1 6 0,5 25,0\u{00A0}%", "mediatrice.a 3 3 1,5 75,0\u{00A0}%",
            ])
            #expect(html.contains("Médiathèque centrale (Valbourg)"))
            // The trend compares January with January 2025 (one session).
            #expect(html.contains("<tr><th scope=\"row\">janvier 2026</th><td>3</td><td>1</td><td>3</td><td>1,5</td></tr>"))
            #expect(html.contains("<a href=\"/statistiques\" aria-current=\"page\">Statistiques</a>"))
            // Themes: one activity may count in several lines.
            #expect(html.contains("Une activité peut compter dans plusieurs lignes"))
            #expect(html.contains("id=\"partager\""))
        }
    }

    @Test("The page shows charts with their tables, summaries, and prints without script inline")
    func chartsAndPrint() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let (_, html) = try await StatisticsFixture.page(t, as: t.fixture.coordinatorA)
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""))
            #expect(html.contains("role=\"img\" aria-labelledby=\"graphique-theme-titre graphique-theme-desc\""))
            #expect(html.contains("<caption>Thématiques : les chiffres</caption>"))
            #expect(html.contains("Une seule ligne : «\u{00A0}E-mail\u{00A0}» (100,0\u{00A0}% des activités)."))
            #expect(html.contains("En tête : «\u{00A0}Accompagnement individuel\u{00A0}» (75,0\u{00A0}% des activités), puis «\u{00A0}Atelier collectif\u{00A0}» (25,0\u{00A0}%)."))
            #expect(html.contains("data-print hidden") && html.contains("<script src=\"/js/print.js\" defer></script>"))
            #expect(!html.contains("style="))
            #expect(!html.contains("<script>"))
            // No record has a start time: the weekday × hour grid is listed as without data.
            #expect(html.contains("Sans donnée sur la période"))
            #expect(html.components(separatedBy: "<h1").count == 2)
        }
    }

    @Test("A mediator sees only their own numbers, even when asking for another mediator or structure")
    func mediatorForced() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let other = "\(StatisticsFixture.year)&mediatorId=\(f.mediatorA2.id)&structureId=\(f.structureB)"
            let (status, html) = try await StatisticsFixture.page(t, as: f.mediatorA, other)
            #expect(status == .ok)
            #expect(StatisticsFixture.figure(html, "Activités") == "3")
            #expect(html.contains("Vos propres activités"))
            #expect(!html.contains("id=\"partager\""))
            #expect(!html.contains("mediateur.a2"))
        }
    }

    @Test("A coordinator is kept to their structure; a place of another structure is refused in French")
    func coordinatorForced() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let (_, html) = try await StatisticsFixture.page(t, as: f.coordinatorA, "\(StatisticsFixture.year)&structureId=\(f.structureB)")
            #expect(StatisticsFixture.figure(html, "Activités") == "4")
            let (status, refused) = try await StatisticsFixture.page(t, as: f.coordinatorA, "\(StatisticsFixture.year)&placeId=\(f.placeB1)")
            #expect(status == .badRequest)
            #expect(refused.contains("Ce lieu n&#39;existe pas dans cette structure."))
            #expect(refused.contains("id=\"erreurs\"") && refused.contains("href=\"#filtre-placeId\""))
            // Filtered to one place: its numbers, and no breakdown by place.
            let (_, place) = try await StatisticsFixture.page(t, as: f.coordinatorA, "\(StatisticsFixture.year)&placeId=\(f.placeA2)")
            #expect(StatisticsFixture.figure(place, "Activités") == "1")
            #expect(StatisticsFixture.figure(place, "Personnes accompagnées") == "6")
            #expect(!place.contains("id=\"stat-place\""))
        }
    }

    @Test("A researcher compares structures but never sees mediators")
    func researcher() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let (_, territory) = try await StatisticsFixture.page(t, as: f.researcher)
            #expect(StatisticsFixture.figure(territory, "Activités") == "5")
            #expect(territory.contains("Choisissez une structure pour voir les lieux."))
            let (_, structure) = try await StatisticsFixture.page(t, as: f.researcher, "\(StatisticsFixture.year)&structureId=\(f.structureA)")
            #expect(StatisticsFixture.figure(structure, "Activités") == "4")
            #expect(structure.contains("id=\"stat-place\""))
            #expect(!structure.contains("id=\"stat-mediator\"") && !structure.contains("mediatrice.a") && !structure.contains("name=\"mediatorId\""))
            let (status, refused) = try await StatisticsFixture.page(t, as: f.researcher, "\(StatisticsFixture.year)&mediatorId=\(f.mediatorA.id)")
            #expect(status == .badRequest)
            #expect(refused.contains("Les statistiques par médiateur sont réservées à leur structure."))
        }
    }

    @Test("An administrator sees the territory, and a structure's mediators when it is chosen")
    func admin() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let (_, territory) = try await StatisticsFixture.page(t, as: f.admin)
            #expect(StatisticsFixture.figure(territory, "Activités") == "5")
            #expect(territory.contains("Choisissez une structure pour voir les lieux et les médiateurs."))
            let (_, structure) = try await StatisticsFixture.page(t, as: f.admin, "\(StatisticsFixture.year)&structureId=\(f.structureB)")
            #expect(StatisticsFixture.figure(structure, "Activités") == "1")
            #expect(structure.contains("mediateur.b"))
            #expect(structure.contains("id=\"partager\""))
        }
    }

    @Test("Filters narrow the numbers")
    func filters() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let coordinator = t.fixture.coordinatorA
            let (_, workshops) = try await StatisticsFixture.page(t, as: coordinator, "\(StatisticsFixture.year)&kind=workshop")
            #expect(StatisticsFixture.figure(workshops, "Personnes accompagnées") == "6")
            #expect(workshops.contains("<option value=\"workshop\" selected>"))
            let (_, january) = try await StatisticsFixture.page(t, as: coordinator, "period=custom&from=2026-01&to=2026-01")
            #expect(StatisticsFixture.figure(january, "Activités") == "3")
            let (_, outside) = try await StatisticsFixture.page(t, as: coordinator, "\(StatisticsFixture.year)&context=outside_library")
            #expect(StatisticsFixture.figure(outside, "Activités") == "0")
            let (_, email) = try await StatisticsFixture.page(t, as: coordinator, "\(StatisticsFixture.year)&theme=email")
            #expect(StatisticsFixture.figure(email, "Activités") == "4")
        }
    }

    @Test("Wrong filters answer 400 with the form and French messages, never a 500", arguments: [
        ("period=nope", "n&#39;est pas une période proposée"),
        ("period=custom&from=2026-13&to=2026-12", "n&#39;est pas un mois au format AAAA-MM"),
        ("period=custom&to=2026-12", "Indiquez le premier mois de la période"),
        ("period=custom&from=2026-06&to=2026-01", "Le dernier mois précède le premier."),
        ("theme=email&ageBracket=70_plus", "Choisissez une seule caractéristique à la fois"),
        ("kind=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "« &lt;script&gt;alert(1)&lt;/script&gt; » n&#39;est pas un type d&#39;activité."),
        ("placeId=pas-un-id", "n&#39;est pas un lieu"),
        ("mediatorId=123", "n&#39;est pas un médiateur"),
    ])
    func badFilters(query: String, message: String) async throws {
        try await TestApp.run { t in
            let (status, html) = try await StatisticsFixture.page(t, as: t.fixture.coordinatorA, query)
            #expect(status == .badRequest)
            #expect(html.contains(message))
            #expect(html.contains("<title>Erreur — Statistiques — Tandem</title>"))
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("class=\"figures\""))
        }
    }
}

extension StatisticsPageTests {
    @Test("Odd query strings get the page or a 400, never a 500", arguments: [
        "mediatorId=%00", "period=%FF%FE", "from=" + String(repeating: "9", count: 5_000), "period=this_year&period=custom",
        "%%%&=&==", "structureId=00000000-0000-0000-0000-000000000000", "period=all&kind=workshop&context=library&theme=ai",
    ])
    func oddQueries(query: String) async throws {
        try await TestApp.run { t in
            let (status, html) = try await StatisticsFixture.page(t, as: t.fixture.admin, query)
            #expect(status == .ok || status == .badRequest)
            #expect(html.contains("<h1>Statistiques</h1>"))
        }
    }
}

@Suite("Statistics API")
struct StatisticsAPITests {
    @Test("Without a token 401, without access 403, both as the API's JSON errors")
    func refusals() async throws {
        try await TestApp.run { t in
            let anonymous = try await t.api(nil).send(.GET, "/api/v1/statistics")
            #expect(anonymous.status == .unauthorized)
            #expect(try t.api(nil).json(anonymous)["error"] as? String == "unauthorized")
            let (_, token) = try await StatisticsFixture.structureless(t)
            let refused = try await APIClient(app: t.app, token: token).send(.GET, "/api/v1/statistics")
            #expect(refused.status == .forbidden)
            #expect(try t.api(nil).json(refused)["message"] as? String == "Votre compte ne donne pas accès aux statistiques.")
        }
    }

    @Test("The coordinator's JSON: the query as applied, totals, breakdowns and the trend with the year before")
    func values() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let api = t.api(f.coordinatorA)
            let response = try await api.send(.GET, "/api/v1/statistics?\(StatisticsFixture.year)&structureId=\(f.structureB)")
            #expect(response.status == .ok)
            let json = try api.json(response)
            let query = try #require(json["query"] as? [String: Any])
            #expect(query["period"] as? String == "custom" && query["from"] as? String == "2026-01" && query["to"] as? String == "2026-12")
            #expect(query["structureId"] as? String == f.structureA.uuidString.lowercased())
            #expect(json["totals"] as? [String: Int] == ["activities": 4, "people": 9, "minutes": 120])
            let breakdowns = try #require(json["breakdowns"] as? [String: [[String: Any]]])
            let kinds = try #require(breakdowns["kind"])
            #expect(kinds.map { $0["code"] as? String } == ["individual", "workshop"])
            #expect(kinds.first?["label"] as? String == "Accompagnement individuel")
            #expect(kinds.last?["people"] as? Int == 6 && kinds.last?["minutes"] as? Int == 30)
            let mediators = try #require(breakdowns["mediator"])
            #expect(Set(mediators.compactMap { $0["label"] as? String }) == ["mediatrice.a", "mediateur.a2"])
            #expect(breakdowns["device"] != nil && breakdowns["slot"]?.isEmpty == true)
            let trend = try #require(json["trend"] as? [[String: Any]])
            #expect(trend.count == 12)
            #expect(trend.first?["month"] as? String == "2026-01" && trend.first?["activities"] as? Int == 3)
            let before = try #require(trend.first?["previousYear"] as? [String: Any])
            #expect(before["month"] as? String == "2025-01" && before["activities"] as? Int == 1 && before["minutes"] as? Int == 30)
        }
    }

    @Test("A researcher gets no breakdown by mediator and may not ask for one")
    func researcher() async throws {
        try await TestApp.run { t in
            try await StatisticsFixture.records(t)
            let f = t.fixture
            let api = t.api(f.researcher)
            let response = try await api.send(.GET, "/api/v1/statistics?\(StatisticsFixture.year)&structureId=\(f.structureA)")
            let breakdowns = try #require(try api.json(response)["breakdowns"] as? [String: Any])
            #expect(breakdowns["mediator"] == nil && breakdowns["place"] != nil)
            let refused = try await api.send(.GET, "/api/v1/statistics?mediatorId=\(f.mediatorA.id)")
            #expect(refused.status == .badRequest)
            #expect(try api.fieldErrors(refused)["mediatorId"] == "Les statistiques par médiateur sont réservées à leur structure.")
            // The territory has no breakdown by place.
            let territory = try await api.send(.GET, "/api/v1/statistics?\(StatisticsFixture.year)")
            #expect((try api.json(territory)["breakdowns"] as? [String: Any])?["place"] == nil)
        }
    }

    @Test("Wrong, unknown or repeated parameters are 400 errors naming each one")
    func badParameters() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.admin)
            let response = try await api.send(.GET, "/api/v1/statistics?kind=tea&from=2026-1&period=custom&to=2026-02&colour=red&to=2026-03")
            #expect(response.status == .badRequest)
            let fields = try api.fieldErrors(response)
            #expect(fields["colour"] == "Ce paramètre n'existe pas.")
            #expect(fields["to"] == "Ce paramètre est répété.")
            let values = try await api.send(.GET, "/api/v1/statistics?kind=tea&period=custom&from=2026-1&to=2026-02")
            let errors = try api.fieldErrors(values)
            #expect(errors["kind"] == "« tea » n'est pas un type d'activité.")
            #expect(errors["from"]?.contains("AAAA-MM") == true)
            #expect(try api.json(values)["error"] as? String == "bad_request")
        }
    }

    @Test("The session cookie works as well as a token")
    func session() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            let response = try await browser.get("/api/v1/statistics")
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .json)
        }
    }

    @Test("The OpenAPI document describes the operation, its parameters and its errors")
    func documented() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "Resources/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let operation = try #require((document["paths"] as? [String: Any])?["/api/v1/statistics"] as? [String: Any])
        let get = try #require(operation["get"] as? [String: Any])
        let responses = try #require(get["responses"] as? [String: Any])
        #expect(Set(responses.keys).isSuperset(of: ["200", "400", "401", "403"]))
        let names = (get["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ObservatoryInput.names)
    }
}
