import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/reponse/{token}`: the respondent's private link. Without an account, they read the
/// questions of their context, type or correct their answers and validate them; after that the
/// link shows the answers read-only. The token is the secret (unguessable, stored only as a hash),
/// so no CSRF token is needed on the form and no rate limit: a wrong token costs one indexed query.
struct AnswerLinkController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("enquete", "reponse", ":token", use: show)
        routes.post("enquete", "reponse", ":token", use: save)
    }

    struct Page: Encodable {
        let layout: Layout
        let heading: String
        let introduction: String
        let action: String
        let errors: [SurveyErrorLink]
        let sections: [AnswerFormSection]
        let readOnly: Bool
        let answers: [RespondentController.ShowPage.Answer]
        let saved: Bool
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard let (model, token) = try await find(req) else { return try await missing(req) }
        return try await render(req, model: model, token: token, answers: try await req.survey.answers(of: model.id!), failure: nil,
                                saved: req.query[String.self, at: "enregistre"] == "1")
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        guard let (model, token) = try await find(req) else { return try await missing(req) }
        guard model.interviewStatus == .draft else {
            throw Abort(.conflict, reason: "Vos réponses sont déjà validées : elles ne se modifient plus par ce lien. Écrivez à la personne qui vous a interrogé.")
        }
        let body = req.body.data.map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? ""
        let form = FormBody.parse(body)
        let content = try await req.survey.version(model.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let answers = AnswerFormSection.answers(from: form, content: content)
        do {
            try await req.survey.saveAnswers(model.id!, answers)
        } catch let failure as ValidationFailure {
            var shown = try await req.survey.answers(of: model.id!)
            shown.merge(answers) { _, typed in typed }
            return try await render(req, model: model, token: token, answers: shown, failure: failure, saved: false, status: .badRequest)
        }
        if form.value("op") == "validate" {
            try await req.survey.setStatus(model.id!, .validated)
        }
        return req.redirect(to: SurveyPath.answerLink(token: token) + "?enregistre=1")
    }

    private func find(_ req: Request) async throws -> (SurveyRespondentModel, String)? {
        guard let token = req.parameters.get("token"), let model = try await req.survey.respondent(answerToken: token) else { return nil }
        return (model, token)
    }

    /// A 404 that tells the respondent what to do (the generic one only says the page is missing).
    private func missing(_ req: Request) async throws -> Response {
        let page = ErrorPage(layout: Layout(request: req, title: "Lien introuvable"), status: 404,
                             message: "Ce lien de réponse n'existe pas ou a été remplacé. Demandez un nouveau lien à la personne qui vous a interrogé.")
        return try await req.view.render("error", page).response(.notFound, for: req)
    }

    private func render(_ req: Request, model: SurveyRespondentModel, token: String, answers: [String: String], failure: ValidationFailure?,
                        saved: Bool, status: HTTPResponseStatus = .ok) async throws -> Response {
        let content = try await req.survey.version(model.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let context = model.respondentContext
        let readOnly = model.interviewStatus != .draft
        let shown = content.questions.compactMap { question in
            answers[question.key].map { RespondentController.ShowPage.Answer(key: question.key, question: question.text(for: context), text: $0) }
        }
        let page = Page(layout: Layout(request: req, title: content.title), heading: content.title, introduction: content.introduction,
                        action: SurveyPath.answerLink(token: token), errors: SurveyErrorLink.links(failure),
                        sections: AnswerFormSection.sections(content, context: context, answers: answers, failure: failure),
                        readOnly: readOnly, answers: shown, saved: saved && failure == nil)
        let response = try await req.view.render("Survey/answer-link", page).response(status, for: req)
        // The address is a secret: no cache keeps the page (other sites never get it as a
        // referrer: the security headers' policy is same-origin).
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
