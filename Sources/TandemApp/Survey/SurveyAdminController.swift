import Fluent
import Foundation
import TandemCore
import Vapor

/// The survey's paths, named once for routes and links.
enum SurveyPath {
    static let home = "/enquete"
    static let questionnaires = "/enquete/questionnaires"
    static let newQuestionnaire = "/enquete/questionnaires/nouveau"
    static func questionnaire(_ id: UUID) -> String { questionnaires + "/" + id.uuidString.lowercased() }
    static func editQuestionnaire(_ id: UUID) -> String { questionnaire(id) + "/modifier" }

    static let respondents = "/enquete/entretiens"
    static let newRespondent = "/enquete/entretiens/nouveau"
    static func respondent(_ id: UUID) -> String { respondents + "/" + id.uuidString.lowercased() }
    static func respondentProfile(_ id: UUID) -> String { respondent(id) + "/profil" }
    static func respondentAnswers(_ id: UUID) -> String { respondent(id) + "/reponses" }
    static func respondentStatus(_ id: UUID) -> String { respondent(id) + "/statut" }
    static func respondentLink(_ id: UUID) -> String { respondent(id) + "/lien" }
    static func deleteRespondent(_ id: UUID) -> String { respondent(id) + "/supprimer" }
    static func coding(_ id: UUID) -> String { respondent(id) + "/codage" }

    /// The respondent's private link: whoever holds it reads and answers that interview's questions.
    static func answerLink(token: String) -> String { "/enquete/reponse/" + token }

    static let codes = "/enquete/codes"
    static let newCode = "/enquete/codes/nouveau"
    static func code(_ id: UUID) -> String { codes + "/" + id.uuidString.lowercased() }
    static func deleteCode(_ id: UUID) -> String { code(id) + "/supprimer" }

    static let reports = "/enquete/rapports"
    static let exportQDPX = "/enquete/export/qdpx"
    static let exportQDC = "/enquete/export/qdc"
    static let exportCSV = "/enquete/export/csv"
    static let importCodebook = "/enquete/import/codes"
    static let importCSV = "/enquete/import/entretiens"
}

enum SurveyAccess {
    /// The signed-in researcher or administrator; others get a 403 page, signed-out people the sign-in page.
    static func researcher(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canUseSurvey(actor) else {
            throw Abort(.forbidden, reason: "L'enquête est réservée aux chargés d'enquête et aux administrateurs.")
        }
        return actor
    }

    static func uuid(_ req: Request, _ name: String = "id") throws -> UUID {
        guard let raw = req.parameters.get(name), let id = UUID(uuidString: raw) else { throw Abort(.notFound) }
        return id
    }
}

/// A page's list of errors, each a link to its field.
struct SurveyErrorLink: Encodable {
    let href: String
    let message: String

    static func links(_ failure: ValidationFailure?) -> [SurveyErrorLink] {
        (failure?.errors ?? []).map { SurveyErrorLink(href: "#" + $0.field.replacingOccurrences(of: ".", with: "-")
                                                        .replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "]", with: ""),
                                                      message: $0.message) }
    }
}

extension View {
    /// The page with a status other than 200 (a form sent back with its errors answers 400).
    func response(_ status: HTTPResponseStatus, for req: Request) async throws -> Response {
        let response = try await encodeResponse(for: req)
        response.status = status
        return response
    }
}

/// `/enquete`: the researcher's home — questionnaires, interviews, codebook, and the way to the
/// coding, the reports and the exchange pages.
struct SurveyAdminController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("enquete", use: home)
    }

    struct HomePage: Encodable {
        struct Questionnaire: Encodable {
            let title: String
            let href: String
            let versionLabel: String
        }

        struct Count: Encodable {
            let label: String
            let count: Int
        }

        let layout: Layout
        let questionnaires: [Questionnaire]
        let respondentCount: Int
        let statusCounts: [Count]
        let codeCount: Int
        let codingCount: Int
        let paths: Paths
        let links: [Link]
    }

    struct Paths: Encodable {
        let questionnaires = SurveyPath.questionnaires
        let newQuestionnaire = SurveyPath.newQuestionnaire
        let respondents = SurveyPath.respondents
        let newRespondent = SurveyPath.newRespondent
        let codes = SurveyPath.codes
    }

    struct Link: Encodable {
        let href: String
        let label: String
    }

    /// The pages other parts of the survey add (coding reports, exchange), linked only once their
    /// route exists, so that the home page never leads to a missing page.
    static let companionLinks: [(path: String, label: String)] = [
        (SurveyPath.reports, "Les rapports"),
        (SurveyPath.exportQDPX, "Exporter le corpus (REFI-QDA, .qdpx)"),
        (SurveyPath.exportQDC, "Exporter la grille de codage (.qdc)"),
        (SurveyPath.exportCSV, "Exporter les réponses (CSV)"),
        (SurveyPath.importCodebook, "Importer une grille de codage (.qdc)"),
        (SurveyPath.importCSV, "Importer des entretiens (CSV)"),
    ]

    static func availableLinks(_ app: Application) -> [Link] {
        let registered = Set(app.routes.all.filter { $0.method == .GET }.map { "/" + $0.path.map(\.description).joined(separator: "/") })
        return companionLinks.filter { registered.contains($0.path) }.map { Link(href: $0.path, label: $0.label) }
    }

    @Sendable func home(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        var questionnaires: [HomePage.Questionnaire] = []
        for model in try await req.survey.questionnaires() {
            guard let id = model.id else { continue }
            let number = try await req.survey.latestVersion(of: id)?.number ?? 1
            questionnaires.append(HomePage.Questionnaire(title: model.title, href: SurveyPath.questionnaire(id), versionLabel: "version \(number)"))
        }
        let respondents = try await req.survey.respondents()
        let counts = InterviewStatus.allCases.map { status in
            HomePage.Count(label: status.label, count: respondents.filter { $0.interviewStatus == status }.count)
        }
        let page = HomePage(layout: Layout(request: req, title: "Enquête"), questionnaires: questionnaires,
                            respondentCount: respondents.count, statusCounts: counts,
                            codeCount: try await SurveyCodeModel.query(on: req.db).count(),
                            codingCount: try await SurveyCodingModel.query(on: req.db).count(), paths: Paths(),
                            links: Self.availableLinks(req.application))
        return try await req.view.render("Survey/admin-home", page)
    }
}
