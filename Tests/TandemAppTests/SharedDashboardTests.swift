import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Shared links: created by the coordination, read without an account, small counts masked,
/// mediators named only when chosen, revocable.
@Suite("Shared statistics links")
struct SharedDashboardTests {
    /// Structure A: 6 sessions by mediator A at place A1, 2 by mediator A2 at place A2, in 2026.
    static func records(_ t: TestApp) async throws {
        let f = t.fixture
        for day in 10...15 { try await t.record(by: f.mediatorA, place: f.placeA1, date: "2026-03-\(day)") }
        for day in 16...17 { try await t.record(by: f.mediatorA2, place: f.placeA2, date: "2026-03-\(day)") }
    }

    /// Signs `actor` in and publishes the view of `parameters`; the new link.
    static func share(_ t: TestApp, by actor: Actor, _ parameters: [(String, String)] = [("period", "custom"), ("from", "2026-01"), ("to", "2026-12")],
                      names: Bool = false) async throws -> (TestingHTTPResponse, SharedDashboardModel?) {
        let browser = t.browser()
        _ = try await browser.signIn(actor)
        let response = try await browser.post(WebPath.statisticsShares, form: parameters + (names ? [("showMediators", "oui")] : []))
        let share = try await SharedDashboardModel.query(on: t.db).sort(\.$createdAt, .descending).first()
        return (response, share)
    }

    @Test("A coordinator publishes the current view: a 64-character token, the months frozen, names off by default")
    func create() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let (response, stored) = try await Self.share(t, by: f.coordinatorA, [("period", "this_year"), ("structureId", f.structureB.uuidString)])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == WebPath.statisticsShares)
            let share = try #require(stored)
            #expect(SharedDashboardModel.isWellFormed(share.token))
            #expect(share.structureId == f.structureA)
            #expect(!share.showsMediators && !share.isRevoked && share.createdBy == f.coordinatorA.id)
            let year = LocalDate.today().year
            #expect(share.parameters == "period=custom&from=\(year)-01&to=\(YearMonth(LocalDate.today()).iso)&structureId=\(f.structureA.uuidString.lowercased())")
            let (_, second) = try await Self.share(t, by: f.coordinatorA)
            #expect(second?.token != share.token)
            // The list shows the link to the coordination.
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let list = try await browser.get(WebPath.statisticsShares)
            #expect(list.status == .ok)
            #expect(list.body.string.contains("/partage/\(share.token)"))
            #expect(list.body.string.contains("Médiathèques du Val"))
        }
    }

    @Test("Only the coordination and the administrator publish; a form without its CSRF token is refused")
    func whoPublishes() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for actor in [f.mediatorA, f.researcher] {
                let (response, share) = try await Self.share(t, by: actor)
                #expect(response.status == .forbidden)
                #expect(share == nil)
            }
            let browser = t.browser()
            _ = try await browser.signIn(f.coordinatorA)
            let forged = try await browser.post(WebPath.statisticsShares, form: [("period", "this_year")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await SharedDashboardModel.query(on: t.db).count() == 0)
            #expect(try await browser.get(WebPath.statistics + "?" + StatisticsFixture.year).body.string.contains("Créer le lien de partage"))
            let mediator = t.browser()
            _ = try await mediator.signIn(f.mediatorA)
            #expect(try await mediator.get(WebPath.statisticsShares).status == .forbidden)
            let (adminResponse, adminShare) = try await Self.share(t, by: f.admin)
            #expect(adminResponse.status == .seeOther && adminShare?.structureId == nil)
        }
    }

    @Test("The shared page needs no account, stays out of search engines, masks counts under 5 and names no mediator")
    func sharedPageMasks() async throws {
        try await TestApp.run { t in
            try await Self.records(t)
            let (_, stored) = try await Self.share(t, by: t.fixture.coordinatorA)
            let share = try #require(stored)
            let response = try await t.browser().get(WebPath.sharedDashboard(token: share.token))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
            #expect(response.headers.first(name: .cacheControl) == "no-store")
            let html = response.body.string
            #expect(StatisticsFixture.figure(html, "Activités") == "8")
            #expect(StatisticsFixture.tableRows(html, section: "place") == [
                "Médiathèque centrale (Valbourg) 6 6 3,0 75,0\u{00A0}%", "Bibliothèque de quartier (Valbourg) &lt; 5 &lt; 5 masqué masqué",
            ])
            #expect(html.contains("<tr class=\"masked\">"))
            for name in ["mediatrice.a", "mediateur.a2", "coordination.a", "id=\"stat-mediator\""] { #expect(!html.contains(name), "\(name)") }
            #expect(!html.contains("name=\"_csrf\"") && !html.contains("id=\"partager\""))
            // The chart of places draws one bar: the masked place has none.
            let places = try #require(html.range(of: "id=\"graphique-place-titre\"").map { html[$0.lowerBound...] })
            let chart = places[..<(places.range(of: "</svg>")?.lowerBound ?? places.endIndex)]
            #expect(chart.components(separatedBy: "<rect").count - 1 == 1)
            #expect(html.contains("/partage/\(share.token)/export?table=place&amp;format=csv-fr"))
        }
    }

    @Test("Mediators are named when the author chose so, their small counts still masked")
    func namesWhenChosen() async throws {
        try await TestApp.run { t in
            try await Self.records(t)
            let (_, stored) = try await Self.share(t, by: t.fixture.coordinatorA, names: true)
            let share = try #require(stored)
            #expect(share.showsMediators)
            let html = try await t.browser().get(WebPath.sharedDashboard(token: share.token)).body.string
            #expect(StatisticsFixture.tableRows(html, section: "mediator") == [
                "mediatrice.a 6 6 3,0 75,0\u{00A0}%", "mediateur.a2 &lt; 5 &lt; 5 masqué masqué",
            ])
        }
    }

    @Test("One mediator's view names them only when the author chose so")
    func oneMediator() async throws {
        try await TestApp.run { t in
            try await Self.records(t)
            let f = t.fixture
            let view = [("period", "custom"), ("from", "2026-01"), ("to", "2026-12"), ("mediatorId", f.mediatorA.id.uuidString)]
            let (_, anonymous) = try await Self.share(t, by: f.coordinatorA, view)
            let hidden = try await t.browser().get(WebPath.sharedDashboard(token: try #require(anonymous).token)).body.string
            #expect(StatisticsFixture.figure(hidden, "Activités") == "6")
            #expect(hidden.contains("Un seul médiateur (nom non publié)") && !hidden.contains("mediatrice.a"))
            let (_, named) = try await Self.share(t, by: f.coordinatorA, view, names: true)
            let shown = try await t.browser().get(WebPath.sharedDashboard(token: try #require(named).token)).body.string
            #expect(shown.contains("<dt>Médiateur</dt><dd>mediatrice.a</dd>"))
        }
    }

    @Test("Names cannot be asked for where the view shows no mediator")
    func namesNeedTheBreakdown() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let (_, stored) = try await Self.share(t, by: f.admin, [("period", "this_year")], names: true)
            // The territory's view has no breakdown by mediator: no names to show.
            #expect(stored?.showsMediators == false)
        }
    }

    @Test("The shared exports keep the masking and refuse the mediators' table without names")
    func exports() async throws {
        try await TestApp.run { t in
            try await Self.records(t)
            let (_, stored) = try await Self.share(t, by: t.fixture.coordinatorA)
            let share = try #require(stored)
            let base = WebPath.sharedDashboardExport(token: share.token)
            let csv = try await t.browser().get(base + "?table=place&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
            #expect(csv.body.string.contains("Bibliothèque de quartier (Valbourg),< 5,< 5,masqué,masqué"))
            #expect(csv.body.string.contains("Médiathèque centrale (Valbourg),6,6,3.0,75.0"))
            #expect(try await t.browser().get(base + "?table=mediator&format=json").status == .forbidden)
            let wrong = try await t.browser().get(base + "?table=place&format=pdf")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.string.contains("n&#39;est pas un format d&#39;export"))
        }
    }

    @Test("A revoked link answers 404 with a French page, as an unknown one; only its structure revokes it")
    func revoke() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let (_, stored) = try await Self.share(t, by: f.coordinatorA)
            let share = try #require(stored)
            // Another structure's coordination neither sees nor revokes it.
            let other = t.browser()
            _ = try await other.signIn(f.coordinatorB)
            #expect(!(try await other.get(WebPath.statisticsShares).body.string.contains(share.token)))
            #expect(try await other.post(WebPath.revokeStatisticsShare(share.id!), form: []).status == .notFound)
            #expect(try await t.browser().get(WebPath.sharedDashboard(token: share.token)).status == .ok)
            let owner = t.browser()
            _ = try await owner.signIn(f.coordinatorA)
            let revoked = try await owner.post(WebPath.revokeStatisticsShare(share.id!), form: [])
            #expect(revoked.status == .seeOther)
            #expect(try await SharedDashboardModel.find(share.id, on: t.db)?.isRevoked == true)
            let gone = try await t.browser().get(WebPath.sharedDashboard(token: share.token))
            #expect(gone.status == .notFound)
            #expect(gone.body.string.contains("Ce lien de partage n&#39;existe pas ou a été retiré"))
            #expect(try await t.browser().get(WebPath.sharedDashboardExport(token: share.token) + "?table=totals&format=csv").status == .notFound)
            let list = try await owner.get(WebPath.statisticsShares).body.string
            #expect(list.contains("Retiré le") && !list.contains("/partage/\(share.token)"))
            for token in [String(repeating: "0", count: 64), "court", share.token.uppercased()] {
                #expect(try await t.browser().get("/partage/" + token).status == .notFound)
            }
        }
    }
}
