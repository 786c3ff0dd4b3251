import Fluent
import Foundation
@testable import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Every route × every role (administrator, coordinator A, mediator A, researcher) × a record of
/// the actor's own structure (A) or of the other one (B) × signed out, against the answer
/// expected. A route that the table does not list fails `everyRouteIsListed`: a new route must be
/// added here with who may reach it.
///
/// Answers are compared by class: `ok` is anything that means "you may" (2xx, a redirect that is
/// not to the sign-in page, 400/409/422 for an empty form); `in` is 401 or a redirect to sign in;
/// then 403 and 404. POSTs carry a valid CSRF token and an empty form; the API is called with
/// the role's bearer token.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Answer: String, CustomStringConvertible {
        case ok, signIn = "in", forbidden = "403", notFound = "404"
        var description: String { rawValue }
    }

    enum Who: String, CaseIterable, Sendable, CustomStringConvertible {
        case signedOut = "S", admin = "A", coordinator = "C", mediator = "M", researcher = "R"
        var description: String {
            switch self {
            case .signedOut: "signed out"
            case .admin: "admin"
            case .coordinator: "coordinator A"
            case .mediator: "mediator A"
            case .researcher: "researcher"
            }
        }
    }

    enum Scope: String { case own, other }

    /// `METHOD /path kind | rule` (lines starting with `#` are comments). The kind names the record put in the path's parameters
    /// (`-` when none); records of a kind marked scoped are tried in structure A (own) and B
    /// (other). The rule gives each of S(igned out), A(dmin), C(oordinator), M(ediator),
    /// R(esearcher) an answer: ok, in, 403, 404, or `own` (ok for structure A's record, 404 for
    /// B's); `*=` sets the others.
    static let table = """
    GET /health - | *=ok
    GET /ready - | *=ok
    # Not by role: the loopback without a proxy, or TANDEM_METRICS_TOKEN (a test request has no address).
    GET /metrics - | *=403
    GET /opendata/lieux.csv - | *=ok
    GET /opendata/lieux.json - | *=ok
    GET / - | *=ok
    GET /lieux - | *=ok
    GET /lieux/:id place | *=ok
    GET /connexion - | *=ok
    # An empty form: the refused sign-in (401), for everyone.
    POST /connexion - | *=in
    GET /deconnexion - | *=ok
    POST /deconnexion - | *=in
    GET /activites/export - | S=in R=403 *=ok
    GET /activites - | S=in R=403 *=ok
    GET /activites/nouvelle - | S=in A=403 R=403 *=ok
    POST /activites/nouvelle - | S=in A=403 R=403 *=ok
    # The offline queue (JSON answers; the empty form lacks the Idempotency-Key: 400).
    POST /activites/synchronisation - | S=in A=403 R=403 *=ok
    # A record outside what an actor may see answers 404, never 403 (Policy): a researcher's included.
    GET /activites/:id activity | S=in A=ok C=own M=own R=404
    GET /activites/:id/modifier activity | S=in A=ok C=own M=own R=404
    POST /activites/:id/modifier activity | S=in A=ok C=own M=own R=404
    GET /activites/:id/refaire activity | S=in A=403 C=own M=own R=403
    GET /activites/:id/supprimer activity | S=in A=ok C=own M=own R=404
    POST /activites/:id/supprimer activity | S=in A=ok C=own M=own R=404
    GET /personnes - | S=in A=403 R=403 *=ok
    GET /personnes/nouvelle - | S=in A=403 R=403 *=ok
    POST /personnes/nouvelle - | S=in A=403 R=403 *=ok
    GET /personnes/doublons - | S=in A=403 R=403 *=ok
    POST /personnes/doublons/fusion - | S=in A=403 R=403 *=ok
    GET /personnes/:id person | S=in A=403 R=403 *=own
    GET /personnes/:id/modifier person | S=in A=403 R=403 *=own
    POST /personnes/:id/modifier person | S=in A=403 R=403 *=own
    GET /personnes/:id/donnees person | S=in A=403 R=403 *=own
    GET /personnes/:id/donnees.json person | S=in A=403 R=403 *=own
    GET /personnes/:id/effacer person | S=in A=403 R=403 *=own
    POST /personnes/:id/effacer person | S=in A=403 R=403 *=own
    GET /personnes/recherche - | S=in A=403 R=403 *=ok
    GET /statistiques/export - | S=in *=ok
    GET /gestion/lieux - | S=in M=403 R=403 *=ok
    # A new place or resource belongs to the coordinator's structure: the administrator edits, never creates.
    GET /gestion/lieux/nouveau - | S=in A=403 M=403 R=403 *=ok
    POST /gestion/lieux/nouveau - | S=in A=403 M=403 R=403 *=ok
    GET /gestion/lieux/:id place | S=in M=403 R=403 A=ok C=own
    POST /gestion/lieux/:id place | S=in M=403 R=403 A=ok C=own
    GET /ressources - | *=ok
    GET /gestion/ressources - | S=in M=403 R=403 *=ok
    GET /gestion/ressources/nouvelle - | S=in A=403 M=403 R=403 *=ok
    POST /gestion/ressources/nouvelle - | S=in A=403 M=403 R=403 *=ok
    GET /gestion/ressources/:id resource | S=in M=403 R=403 A=ok C=own
    POST /gestion/ressources/:id resource | S=in M=403 R=403 A=ok C=own
    POST /gestion/ressources/:id/publication resource | S=in M=403 R=403 A=ok C=own
    GET /gestion/ressources/:id/supprimer resource | S=in M=403 R=403 A=ok C=own
    POST /gestion/ressources/:id/supprimer resource | S=in M=403 R=403 A=ok C=own
    GET /gestion/lieux/import - | S=in M=403 R=403 *=ok
    POST /gestion/lieux/import - | S=in M=403 R=403 *=ok
    # Planning is the structure's mediators' and coordinators' (docs/decisions.md): not the administrator's.
    GET /gestion/ateliers - | S=in A=403 R=403 *=ok
    GET /gestion/ateliers/nouveau - | S=in A=403 R=403 *=ok
    POST /gestion/ateliers/nouveau - | S=in A=403 R=403 *=ok
    GET /gestion/ateliers/:id workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/calendrier - | S=in A=403 R=403 *=ok
    GET /gestion/ateliers/:id/annuler workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id/annuler workshop | S=in A=403 R=403 *=own
    GET /gestion/ateliers/:id/inscriptions workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id/inscriptions workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id/inscriptions/:registration/annuler workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id/inscriptions/:registration/prevenu workshop | S=in A=403 R=403 *=own
    GET /gestion/ateliers/:id/emargement workshop | S=in A=403 R=403 *=own
    GET /gestion/ateliers/:id/cloture workshop | S=in A=403 R=403 *=own
    POST /gestion/ateliers/:id/cloture workshop | S=in A=403 R=403 *=own
    GET /ateliers - | *=ok
    GET /ateliers/:id workshop | *=ok
    POST /ateliers/:id workshop | *=ok
    GET /ateliers/:id/inscription-confirmee workshop | *=ok
    # Secret links, tried with a token that names nothing.
    GET /ateliers/annulation/:token - | *=404
    POST /ateliers/annulation/:token - | *=404
    GET /statistiques - | S=in *=ok
    GET /statistiques/partages - | S=in M=403 R=403 *=ok
    POST /statistiques/partages - | S=in M=403 R=403 *=ok
    POST /statistiques/partages/:id/retirer share | S=in M=403 R=403 A=ok C=own
    GET /partage/:token share | *=ok
    GET /partage/:token/export share | *=ok
    GET /calendrier/ateliers.ics - | *=ok
    GET /calendrier/ateliers/:file - | *=404
    GET /calendrier/mediateurs/:file - | *=404
    GET /lieux/:id/ateliers.ics place | *=ok
    GET /enquete/codes.css - | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/:id/codage respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/codage respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/codage/:coding/retirer respondent | S=in C=403 M=403 *=404
    POST /enquete/entretiens/:id/codage/:coding/memo respondent | S=in C=403 M=403 *=404
    GET /portraits - | *=ok
    GET /portraits/flux.atom - | *=ok
    GET /portraits/:slug respondent | *=ok
    GET /enquete/rapports - | S=in C=403 M=403 *=ok
    GET /enquete/rapports/matrice.csv - | S=in C=403 M=403 *=ok
    GET /enquete/rapports/question/:number - | S=in C=403 M=403 *=ok
    GET /enquete/rapports/dit-fait - | S=in C=403 M=403 *=ok
    GET /enquete - | S=in C=403 M=403 *=ok
    GET /enquete/questionnaires - | S=in C=403 M=403 *=ok
    GET /enquete/questionnaires/nouveau - | S=in C=403 M=403 *=ok
    POST /enquete/questionnaires/nouveau - | S=in C=403 M=403 *=ok
    GET /enquete/questionnaires/:id questionnaire | S=in C=403 M=403 *=ok
    GET /enquete/questionnaires/:id/modifier questionnaire | S=in C=403 M=403 *=ok
    POST /enquete/questionnaires/:id/modifier questionnaire | S=in C=403 M=403 *=ok
    GET /enquete/entretiens - | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/nouveau - | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/nouveau - | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/:id respondent | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/:id/profil respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/profil respondent | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/:id/reponses respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/reponses respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/statut respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/lien respondent | S=in C=403 M=403 *=ok
    GET /enquete/entretiens/:id/supprimer respondent | S=in C=403 M=403 *=ok
    POST /enquete/entretiens/:id/supprimer respondent | S=in C=403 M=403 *=ok
    GET /enquete/codes - | S=in C=403 M=403 *=ok
    GET /enquete/codes/nouveau - | S=in C=403 M=403 *=ok
    POST /enquete/codes/nouveau - | S=in C=403 M=403 *=ok
    GET /enquete/codes/:id code | S=in C=403 M=403 *=ok
    POST /enquete/codes/:id code | S=in C=403 M=403 *=ok
    POST /enquete/codes/:id/supprimer code | S=in C=403 M=403 *=ok
    GET /enquete/reponse/:token - | *=404
    POST /enquete/reponse/:token - | *=404
    GET /enquete/export/codes.qdc - | S=in C=403 M=403 *=ok
    GET /enquete/export/qdc - | S=in C=403 M=403 *=ok
    GET /enquete/export/projet.qdpx - | S=in C=403 M=403 *=ok
    GET /enquete/export/qdpx - | S=in C=403 M=403 *=ok
    GET /enquete/export/reponses.csv - | S=in C=403 M=403 *=ok
    GET /enquete/export/csv - | S=in C=403 M=403 *=ok
    GET /enquete/export/matrice.csv - | S=in C=403 M=403 *=ok
    GET /enquete/import/codes - | S=in C=403 M=403 *=ok
    POST /enquete/import/codes - | S=in C=403 M=403 *=ok
    POST /enquete/import/codes/confirmer - | S=in C=403 M=403 *=ok
    GET /enquete/import/entretiens - | S=in C=403 M=403 *=ok
    POST /enquete/import/entretiens - | S=in C=403 M=403 *=ok
    POST /enquete/import/entretiens/confirmer - | S=in C=403 M=403 *=ok
    GET /gestion/journal - | S=in A=ok *=403
    GET /gestion/journal.csv - | S=in A=ok *=403
    GET /api/v1/openapi.json - | *=ok
    GET /api/v1/activities - | S=in R=403 *=ok
    POST /api/v1/activities - | S=in A=403 R=403 *=ok
    GET /api/v1/activities/:id apiactivity | S=in A=ok C=own M=own R=404
    PUT /api/v1/activities/:id apiactivity | S=in A=ok C=own M=own R=404
    DELETE /api/v1/activities/:id apiactivity | S=in A=ok C=own M=own R=404
    # Public, for the place form's preview (and anyone); an empty query is a 400.
    GET /api/v1/opening-hours - | *=ok
    GET /api/v1/statistics - | S=in *=ok
    """

    struct Row: CustomStringConvertible {
        let method: String
        let path: String
        let kind: String
        let answers: [Who: String]

        var description: String { "\(method) \(path)" }
        var key: String { "\(method) \(path)" }

        /// Changes something for good (deletes, cancels, merges, signs out): tried after the others.
        var isDestructive: Bool {
            method == "DELETE" || (method == "POST" && ["supprimer", "effacer", "annuler", "retirer", "fusion", "cloture", "deconnexion"]
                .contains { path.hasSuffix("/" + $0) })
        }

        /// The route's order in a run: reads, then changes, then destructive ones, signing out last.
        var order: Int {
            if path == "/deconnexion" && method == "POST" { return 3 }
            if isDestructive { return 2 }
            return method == "GET" ? 0 : 1
        }

        func expected(_ who: Who, _ scope: Scope) -> Answer {
            let rule = answers[who] ?? ""
            switch rule {
            case "ok": return .ok
            case "in": return .signIn
            case "403": return .forbidden
            case "404": return .notFound
            case "own": return scope == .own ? .ok : .notFound
            default: fatalError("no rule for \(who) in \(self)")
            }
        }
    }

    static let rows: [Row] = table.split(separator: "\n").compactMap { line in
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        let halves = text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let head = halves[0].split(separator: " ").map(String.init)
        var answers: [Who: String] = [:]
        var fallback: String?
        for part in halves[1].split(separator: " ") {
            let pair = part.split(separator: "=").map(String.init)
            if pair[0] == "*" { fallback = pair[1] } else { answers[Who(rawValue: pair[0])!] = pair[1] }
        }
        for who in Who.allCases where answers[who] == nil { answers[who] = fallback }
        return Row(method: head[0], path: head[1], kind: head[2], answers: answers)
    }

    @Test("Every route of the application is in the matrix, and the matrix names no route that does not exist")
    func everyRouteIsListed() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let routes = Set(t.app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
            let listed = Set(Self.rows.map(\.key))
            #expect(Self.rows.count == listed.count, "a route is listed twice")
            for missing in routes.subtracting(listed).sorted() {
                Issue.record("\(missing) is not in AuthorizationMatrixTests.table: add it with who may reach it")
            }
            for stale in listed.subtracting(routes).sorted() {
                Issue.record("\(stale) is in the matrix but is not a route any more")
            }
            for row in Self.rows {
                for who in Who.allCases { _ = row.expected(who, .own) }
            }
        }
    }

    /// The records the routes' parameters name: structure A's (own) and B's (other).
    struct Records {
        var ids: [String: [Scope: String]] = [:]
        var registrations: [Scope: String] = [:]

        static func make(_ t: TestApp) async throws -> Records {
            let f = t.fixture
            var records = Records()
            func put(_ kind: String, _ own: UUID, _ other: UUID?) {
                records.ids[kind] = [.own: own.uuidString.lowercased(), .other: (other ?? own).uuidString.lowercased()]
            }
            put("place", f.placeA1, f.placeB1)
            let activityA = try await t.record(by: f.mediatorA, place: f.placeA1)
            let activityB = try await t.record(by: f.mediatorB, place: f.placeB1)
            put("activity", try activityA.requireID(), try activityB.requireID())
            // The API's own pair: the pages' delete route removes the first one.
            put("apiactivity", try await t.record(by: f.mediatorA, place: f.placeA1).requireID(),
                try await t.record(by: f.mediatorB, place: f.placeB1).requireID())
            put("person", try await person(t, structure: f.structureA, by: f.mediatorA), try await person(t, structure: f.structureB, by: f.mediatorB))
            put("resource", try await LocalResourceTests.resource(t, "Presse en ligne A", structure: f.structureA),
                try await LocalResourceTests.resource(t, "Presse en ligne B", structure: f.structureB))
            let workshopA = try await workshop(t, structure: f.structureA, place: f.placeA1, mediator: f.mediatorA)
            let workshopB = try await workshop(t, structure: f.structureB, place: f.placeB1, mediator: f.mediatorB)
            put("workshop", try workshopA.requireID(), try workshopB.requireID())
            for (scope, session) in [(Scope.own, workshopA), (.other, workshopB)] {
                let registration = try await WorkshopAttendanceTests.register(t, session, count: 1)[0]
                records.registrations[scope] = try registration.requireID().uuidString.lowercased()
            }
            let shareA = try await share(t, structure: f.structureA, by: f.coordinatorA)
            let shareB = try await share(t, structure: f.structureB, by: f.coordinatorB)
            put("share", try shareA.requireID(), try shareB.requireID())
            records.ids["share-token"] = [.own: shareA.token, .other: shareB.token]
            let respondent = try await SurveyPagesFixture.respondent(t, name: "Inès Matrice")
            put("respondent", try respondent.requireID(), nil)
            records.ids["slug"] = [.own: respondent.slug, .other: respondent.slug]
            let questionnaire = try #require(try await t.app.survey.questionnaires().first)
            put("questionnaire", try questionnaire.requireID(), nil)
            let code = try #require(try await t.app.survey.codes().first)
            put("code", code.id, nil)
            return records
        }

        static func person(_ t: TestApp, structure: UUID, by actor: Actor) async throws -> UUID {
            let person = FollowedPersonModel()
            person.id = UUID.random()
            person.structureId = structure
            person.firstName = "Paulette"
            person.nameKey = "paulette"
            person.lastInitial = "M"
            person.birthYear = 1950
            person.commune = "Valbourg"
            person.consentDate = "2026-01-10"
            person.consentBy = actor.id
            person.consentPurpose = "Suivi de l'accompagnement"
            try await person.create(on: t.db)
            return try person.requireID()
        }

        static func workshop(_ t: TestApp, structure: UUID, place: UUID, mediator: Actor) async throws -> WorkshopModel {
            let session = WorkshopModel()
            session.id = UUID.random()
            session.structureId = structure
            session.title = "Premiers pas sur la tablette"
            session.themes = CodeList.join([Theme.deviceHandling])
            session.level = WorkshopLevel.beginner.code
            session.placeId = place
            session.date = LocalDate.today().adding(days: 10).iso
            session.startMinutes = 14 * 60
            session.durationMinutes = 120
            session.capacity = 8
            session.isPublic = true
            session.audiences = ""
            session.status = WorkshopModel.Status.scheduled.rawValue
            try await session.create(on: t.db)
            try await WorkshopMediatorModel(workshopId: session.requireID(), userId: mediator.id).create(on: t.db)
            return session
        }

        static func share(_ t: TestApp, structure: UUID, by actor: Actor) async throws -> SharedDashboardModel {
            var input = ObservatoryInput()
            input.period = "custom"
            input.from = "2026-01"
            input.to = "2026-12"
            input.structureId = structure.uuidString
            let query = try input.validate().get()
            let share = SharedDashboardModel(query: query, createdBy: actor.id, showsMediators: false)
            try await share.create(on: t.db)
            return share
        }

        func path(_ row: Row, _ scope: Scope) -> String {
            var parts: [String] = []
            for part in row.path.split(separator: "/", omittingEmptySubsequences: false) {
                switch part {
                case ":id": parts.append(ids[row.kind]?[scope] ?? UUID().uuidString.lowercased())
                case ":registration": parts.append(registrations[scope]!)
                case ":token" where row.kind == "share": parts.append(ids["share-token"]![scope]!)
                case ":slug": parts.append(ids["slug"]![scope]!)
                case ":number": parts.append("1")
                case ":token", ":file": parts.append(String(repeating: "ab", count: 32))
                case ":coding": parts.append(UUID().uuidString.lowercased())
                default: parts.append(String(part))
                }
            }
            return parts.joined(separator: "/")
        }
    }

    static let scopedKinds: Set<String> = ["place", "activity", "apiactivity", "person", "resource", "workshop", "share"]

    static func classify(_ response: TestingHTTPResponse) -> Answer? {
        let code = Int(response.status.code)
        switch code {
        case 401: return .signIn
        case 403: return .forbidden
        case 404: return .notFound
        case 300..<400:
            return response.headers.first(name: .location)?.hasPrefix(WebPath.signInPath) == true ? .signIn : .ok
        case 200..<300, 400, 409, 422: return .ok
        default: return nil
        }
    }

    @Test("Each role reaches exactly what the matrix says, for its own structure's records and the other's", arguments: Who.allCases)
    func matrix(_ who: Who) async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let f = t.fixture
            let records = try await Records.make(t)
            let actor: Actor? = switch who {
            case .signedOut: nil
            case .admin: f.admin
            case .coordinator: f.coordinatorA
            case .mediator: f.mediatorA
            case .researcher: f.researcher
            }
            let browser = t.browser()
            if let actor { #expect(try await browser.signIn(actor).status == .seeOther) }
            let csrf = try await browser.csrfToken()
            var surprises: [String] = []
            var cells = 0
            for row in Self.rows.sorted(by: { $0.order < $1.order }) {
                for scope in Self.scopedKinds.contains(row.kind) ? [Scope.own, .other] : [.own] {
                    let path = records.path(row, scope)
                    let method = HTTPMethod(rawValue: row.method)
                    let response: TestingHTTPResponse
                    if row.path.hasPrefix("/api/") {
                        response = try await t.api(actor).send(method, path, json: row.method == "GET" || row.method == "DELETE" ? nil : "{}")
                    } else if row.method == "GET" {
                        response = try await browser.get(path)
                    } else {
                        var headers = HTTPHeaders()
                        headers.contentType = .urlEncodedForm
                        response = try await browser.send(method, path, headers: headers, body: "_csrf=\(Browser.encode(csrf))")
                    }
                    cells += 1
                    let expected = row.expected(who, scope)
                    let actual = Self.classify(response)
                    if actual != expected {
                        surprises.append("\(row.method) \(row.path) [\(scope)] as \(who): expected \(expected), got \(response.status.code)"
                                         + (response.headers.first(name: .location).map { " → \($0)" } ?? ""))
                    }
                }
            }
            #expect(cells > 150)
            for surprise in surprises { Issue.record(Comment(rawValue: surprise)) }
        }
    }
}
