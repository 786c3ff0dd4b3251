import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/entretiens`: the respondents, their profiles, their answers, the status of each
/// interview and its private answer link.
struct RespondentController {
    func register(_ routes: any RoutesBuilder) {
        let respondents = routes.grouped("enquete", "entretiens")
        respondents.get(use: list)
        respondents.get("nouveau", use: newForm)
        respondents.post("nouveau", use: create)
        respondents.get(":id", use: show)
        respondents.get(":id", "profil", use: editForm)
        respondents.post(":id", "profil", use: update)
        respondents.get(":id", "reponses", use: answersForm)
        respondents.post(":id", "reponses", use: saveAnswers)
        respondents.post(":id", "statut", use: setStatus)
        respondents.post(":id", "lien", use: issueLink)
        respondents.get(":id", "supprimer", use: confirmDelete)
        respondents.post(":id", "supprimer", use: delete)
    }

    // MARK: List

    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String
            let post: String
            let context: String
            let status: String
            let date: String
            let tags: String
            let href: String
        }

        let layout: Layout
        let rows: [Row]
        let filters: [FormField]
        let newHref: String
    }

    @Sendable func list(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let context = req.query[String.self, at: "contexte"].flatMap { RespondentContext(code: $0) }
        let status = req.query[String.self, at: "statut"].flatMap { InterviewStatus(code: $0) }
        let tag = req.query[String.self, at: "etiquette"].flatMap { $0.isEmpty ? nil : $0 }
        let all = try await req.survey.respondents(context: context, tag: tag)
        let shown = status.map { status in all.filter { $0.interviewStatus == status } } ?? all
        let rows = shown.map { model in
            ListPage.Row(name: model.displayName, post: model.post, context: model.respondentContext.label, status: model.interviewStatus.label,
                         date: model.profile.interviewDate?.french ?? "", tags: model.tagList.joined(separator: ", "),
                         href: SurveyPath.respondent(model.id!))
        }
        let tags = Set(try await req.survey.respondents().flatMap(\.tagList)).sorted()
        var contextField = FormFields.choice("select", name: "contexte", label: "Contexte", RespondentContext.self,
                                             selected: [context?.code ?? ""], error: nil)
        contextField.options.insert(FormOption(value: "", label: "Tous", id: "contexte-tous", checked: context == nil), at: 0)
        var statusField = FormFields.choice("select", name: "statut", label: "Statut", InterviewStatus.self, selected: [status?.code ?? ""], error: nil)
        statusField.options.insert(FormOption(value: "", label: "Tous", id: "statut-tous", checked: status == nil), at: 0)
        var tagField = FormField(type: "select", name: "etiquette", id: "etiquette", label: "Étiquette")
        tagField.options = [FormOption(value: "", label: "Toutes", id: "etiquette-toutes", checked: tag == nil)]
            + tags.enumerated().map { FormOption(value: $1, label: $1, id: "etiquette-\($0)", checked: $1 == tag) }
        let page = ListPage(layout: Layout(request: req, title: "Entretiens"), rows: rows, filters: [contextField, statusField, tagField],
                            newHref: SurveyPath.newRespondent)
        return try await req.view.render("Survey/respondent-list", page)
    }

    // MARK: Profile

    struct FormPage: Encodable {
        let layout: Layout
        let heading: String
        let action: String
        let errors: [SurveyErrorLink]
        let fields: [FormField]
        let cancelHref: String
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        var draft = RespondentDraft()
        draft.consent = PublicationConsent.none.code
        if let portrait = try await req.survey.questionnaires().first(where: { $0.slug == SurveyStore.defaultQuestionnaireSlug }),
           let latest = try await req.survey.latestVersion(of: portrait.id!) {
            draft.versionId = latest.id!.uuidString.lowercased()
        }
        return try await renderForm(req, heading: "Nouvel entretien", action: SurveyPath.newRespondent, cancel: SurveyPath.respondents,
                                    draft: draft, failure: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let draft = RespondentDraft(form: try req.verifiedForm())
        do {
            let parsed = try draft.parse().get()
            let model = try await req.survey.saveRespondent(nil, versionId: parsed.versionId, profile: parsed.profile,
                                                            tags: parsed.tags, mediatorId: parsed.mediatorId)
            req.flash("Entretien ajouté : saisissez maintenant les réponses.")
            return req.redirect(to: SurveyPath.respondentAnswers(model.id!))
        } catch let failure as ValidationFailure {
            return try await renderForm(req, heading: "Nouvel entretien", action: SurveyPath.newRespondent, cancel: SurveyPath.respondents,
                                        draft: draft, failure: failure).response(.badRequest, for: req)
        }
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        return try await renderForm(req, heading: "Profil de \(model.displayName)", action: SurveyPath.respondentProfile(model.id!),
                                    cancel: SurveyPath.respondent(model.id!), draft: RespondentDraft(model), failure: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        let draft = RespondentDraft(form: try req.verifiedForm())
        do {
            let parsed = try draft.parse().get()
            try await req.survey.saveRespondent(model.id!, versionId: parsed.versionId, profile: parsed.profile,
                                                tags: parsed.tags, mediatorId: parsed.mediatorId)
            req.flash("Profil enregistré.")
            return req.redirect(to: SurveyPath.respondent(model.id!))
        } catch let failure as ValidationFailure {
            return try await renderForm(req, heading: "Profil de \(model.displayName)", action: SurveyPath.respondentProfile(model.id!),
                                        cancel: SurveyPath.respondent(model.id!), draft: draft, failure: failure).response(.badRequest, for: req)
        }
    }

    private func renderForm(_ req: Request, heading: String, action: String, cancel: String, draft: RespondentDraft,
                            failure: ValidationFailure?) async throws -> View {
        var versions: [FormOption] = []
        for questionnaire in try await req.survey.questionnaires() {
            for version in try await req.survey.versions(of: questionnaire.id!).reversed() {
                let value = version.id!.uuidString.lowercased()
                versions.append(FormOption(value: value, label: "\(questionnaire.title) — version \(version.number)", id: "versionId-" + value))
            }
        }
        let accounts = try await req.survey.linkableAccounts().compactMap { user -> FormOption? in
            guard let id = user.id?.uuidString.lowercased() else { return nil }
            return FormOption(value: id, label: "\(user.displayName) (\((Role(code: user.role) ?? .mediator).label))", id: "mediatorId-" + id)
        }
        let page = FormPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading), heading: heading,
                            action: action, errors: SurveyErrorLink.links(failure),
                            fields: draft.fields(failure: failure, versions: versions, accounts: accounts), cancelHref: cancel)
        return try await req.view.render("Survey/respondent-form", page)
    }

    // MARK: One interview

    struct ShowPage: Encodable {
        struct Item: Encodable {
            let label: String
            let value: String
        }

        struct Answer: Encodable {
            let key: String
            let question: String
            let text: String
        }

        struct StatusAction: Encodable {
            let value: String
            let label: String
        }

        let layout: Layout
        let name: String
        let profile: [Item]
        let status: String
        let statusActions: [StatusAction]
        let consentNone: Bool
        let answers: [Answer]
        let answeredCount: Int
        let questionCount: Int
        let errors: [SurveyErrorLink]
        let newLink: String?
        let hasLink: Bool
        let csrf: String
        let profileHref: String
        let deleteHref: String
        let answersHref: String
        let codingHref: String
        let statusAction: String
        let linkAction: String
        let portraitHref: String?
    }

    @Sendable func show(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        return try await renderShow(req, model: try await find(req), failure: nil, newLink: nil)
    }

    private func renderShow(_ req: Request, model: SurveyRespondentModel, failure: ValidationFailure?, newLink: String?) async throws -> View {
        let id = model.id!
        let profile = model.profile
        let content = try await req.survey.version(model.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let answers = try await req.survey.answers(of: id)
        var mediator = ""
        if let mediatorId = model.mediatorId { mediator = try await UserModel.find(mediatorId, on: req.db)?.displayName ?? "" }
        let items: [ShowPage.Item] = [
            .init(label: "Poste", value: profile.post), .init(label: "Employeur", value: profile.employer),
            .init(label: "Contexte", value: profile.context.label), .init(label: "Territoire", value: profile.territory),
            .init(label: "Département", value: profile.departement), .init(label: "Date de l'entretien", value: profile.interviewDate?.french ?? ""),
            .init(label: "Accord de publication", value: profile.consent.label), .init(label: "Étiquettes", value: model.tagList.joined(separator: ", ")),
            .init(label: "Compte lié", value: mediator), .init(label: "Questionnaire", value: content.title),
        ].filter { !$0.value.isEmpty }
        // Without consent there is nothing to publish: the button is not offered (the store refuses it anyway).
        let actions = InterviewStatus.allCases.filter { $0 != model.interviewStatus && !($0 == .published && profile.consent == .none) }.map { status in
            ShowPage.StatusAction(value: status.code, label: Self.actionLabel(status))
        }
        let shownAnswers = content.questions.compactMap { question in
            answers[question.key].map { ShowPage.Answer(key: question.key, question: question.text(for: profile.context), text: $0) }
        }
        let page = ShowPage(layout: Layout(request: req, title: model.displayName), name: model.displayName, profile: items,
                            status: model.interviewStatus.label, statusActions: actions, consentNone: profile.consent == .none, answers: shownAnswers,
                            answeredCount: shownAnswers.count, questionCount: content.questions.count,
                            errors: SurveyErrorLink.links(failure), newLink: newLink, hasLink: model.answerTokenHash != nil,
                            csrf: CSRF.token(for: req), profileHref: SurveyPath.respondentProfile(id), deleteHref: SurveyPath.deleteRespondent(id), answersHref: SurveyPath.respondentAnswers(id),
                            codingHref: SurveyPath.coding(id), statusAction: SurveyPath.respondentStatus(id), linkAction: SurveyPath.respondentLink(id),
                            portraitHref: model.interviewStatus == .published && model.publicationConsent != .none ? "/portraits/" + model.slug : nil)
        return try await req.view.render("Survey/respondent-view", page)
    }

    static func actionLabel(_ status: InterviewStatus) -> String {
        switch status {
        case .draft: "Repasser en brouillon"
        case .validated: "Marquer comme relu"
        case .published: "Publier le portrait"
        }
    }

    @Sendable func setStatus(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        let form = try req.verifiedForm()
        guard form.count("status") == 1, let status = form.value("status").flatMap({ InterviewStatus(code: $0) }) else {
            return try await renderShow(req, model: model, failure: ValidationFailure([FieldError("status", "Choisissez un statut parmi ceux proposés.")]),
                                        newLink: nil).response(.badRequest, for: req)
        }
        do {
            try await req.survey.setStatus(model.id!, status)
        } catch let failure as ValidationFailure {
            return try await renderShow(req, model: model, failure: failure, newLink: nil).response(.badRequest, for: req)
        }
        req.flash("Statut de l'entretien : \(status.label).")
        return req.redirect(to: SurveyPath.respondent(model.id!))
    }

    /// Creates (or renews) the private link and shows it this once: only its hash is kept.
    @Sendable func issueLink(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        _ = try req.verifiedForm()
        let token = try await req.survey.issueAnswerLink(model.id!)
        let refreshed = try await find(req)
        let link = req.absoluteURL(SurveyPath.answerLink(token: token))
        let response = try await renderShow(req, model: refreshed, failure: nil, newLink: link).encodeResponse(for: req)
        // The page carries a secret: no cache keeps it.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: Deletion

    struct DeletePage: Encodable {
        let layout: Layout
        let name: String
        let answerCount: Int
        let codingCount: Int
        let action: String
        let cancelHref: String
    }

    @Sendable func confirmDelete(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        let page = DeletePage(layout: Layout(request: req, title: "Supprimer l'entretien de \(model.displayName)"), name: model.displayName,
                              answerCount: try await req.survey.answers(of: model.id!).count,
                              codingCount: try await req.survey.codings(of: model.id!).count,
                              action: SurveyPath.deleteRespondent(model.id!), cancelHref: SurveyPath.respondent(model.id!))
        return try await req.view.render("Survey/respondent-delete", page)
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        _ = try req.verifiedForm()
        try await req.survey.deleteRespondent(model.id!)
        req.flash("L'entretien de \(model.displayName) est supprimé, avec ses réponses et son codage.")
        return req.redirect(to: SurveyPath.respondents)
    }

    // MARK: Answers

    struct AnswersPage: Encodable {
        let layout: Layout
        let heading: String
        let introduction: String
        let action: String
        let errors: [SurveyErrorLink]
        let sections: [AnswerFormSection]
        let cancelHref: String
        let versionNote: String?
    }

    @Sendable func answersForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        return try await renderAnswers(req, model: model, answers: try await req.survey.answers(of: model.id!), failure: nil)
    }

    @Sendable func saveAnswers(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        let form = try req.verifiedForm()
        let content = try await req.survey.version(model.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let answers = AnswerFormSection.answers(from: form, content: content)
        do {
            try await req.survey.saveAnswers(model.id!, answers)
        } catch let failure as ValidationFailure {
            var shown = try await req.survey.answers(of: model.id!)
            shown.merge(answers) { _, typed in typed }
            return try await renderAnswers(req, model: model, answers: shown, failure: failure).response(.badRequest, for: req)
        }
        req.flash("Réponses enregistrées.")
        return req.redirect(to: SurveyPath.respondent(model.id!))
    }

    private func renderAnswers(_ req: Request, model: SurveyRespondentModel, answers: [String: String], failure: ValidationFailure?) async throws -> View {
        let content = try await req.survey.version(model.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let heading = "Réponses de \(model.displayName)"
        let page = AnswersPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading), heading: heading,
                               introduction: content.introduction, action: SurveyPath.respondentAnswers(model.id!),
                               errors: SurveyErrorLink.links(failure),
                               sections: AnswerFormSection.sections(content, context: model.respondentContext, answers: answers, failure: failure),
                               cancelHref: SurveyPath.respondent(model.id!),
                               versionNote: "Questions de « \(content.title) », dans la formulation « \(model.respondentContext.label) ».")
        return try await req.view.render("Survey/respondent-answers", page)
    }

    private func find(_ req: Request) async throws -> SurveyRespondentModel {
        guard let model = try await req.survey.respondent(try SurveyAccess.uuid(req)) else {
            throw Abort(.notFound, reason: "Cet entretien n'existe pas.")
        }
        return model
    }
}

extension Request {
    /// An absolute address on this server, for a link that is copied elsewhere (an e-mail).
    func absoluteURL(_ path: String) -> String {
        let config = application.tandemConfig
        let host = headers.first(name: .host) ?? "localhost"
        // Secure cookies mean the site is served over HTTPS; behind a trusted proxy, its header says so.
        let forwarded = config.trustProxy && headers.first(name: "X-Forwarded-Proto") == "https"
        let scheme = config.secureCookies || forwarded ? "https" : "http"
        return "\(scheme)://\(host)\(path)"
    }
}
