import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/questionnaires`: list, read a version, create, edit. A version that has answers is
/// never changed in place: saving it creates the next version.
struct QuestionnaireController {
    func register(_ routes: any RoutesBuilder) {
        let questionnaires = routes.grouped("enquete", "questionnaires")
        questionnaires.get(use: list)
        questionnaires.get("nouveau", use: newForm)
        questionnaires.post("nouveau", use: create)
        questionnaires.get(":id", use: show)
        questionnaires.get(":id", "modifier", use: editForm)
        questionnaires.post(":id", "modifier", use: update)
    }

    // MARK: List and read

    struct ListPage: Encodable {
        struct Row: Encodable {
            let title: String
            let href: String
            let version: Int
            let questionCount: Int
        }

        let layout: Layout
        let rows: [Row]
        let newHref: String
    }

    @Sendable func list(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        var rows: [ListPage.Row] = []
        for model in try await req.survey.questionnaires() {
            guard let id = model.id, let latest = try await req.survey.latestVersion(of: id) else { continue }
            rows.append(ListPage.Row(title: model.title, href: SurveyPath.questionnaire(id), version: latest.number,
                                     questionCount: latest.questionnaire.questions.count))
        }
        return try await req.view.render("Survey/questionnaire-list", ListPage(layout: Layout(request: req, title: "Questionnaires"),
                                                                                 rows: rows, newHref: SurveyPath.newQuestionnaire))
    }

    struct ShowPage: Encodable {
        struct Question: Encodable {
            let key: String
            let text: String
            let kind: String
            let choices: String
            let library: String?
            let outsideLibrary: String?
        }

        struct Section: Encodable {
            let title: String
            let questions: [Question]
        }

        struct VersionLink: Encodable {
            let label: String
            let href: String
            let current: Bool
        }

        let layout: Layout
        let title: String
        let introduction: String
        let versionLabel: String
        let sections: [Section]
        let versions: [VersionLink]
        let editHref: String
        let respondentCount: Int
    }

    @Sendable func show(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let (model, versions) = try await find(req)
        let wanted = req.query[Int.self, at: "version"]
        guard let version = wanted.map({ number in versions.first { $0.number == number } }) ?? versions.last else {
            throw Abort(.notFound, reason: "Cette version du questionnaire n'existe pas.")
        }
        let content = version.questionnaire
        let sections = content.sections.map { section in
            ShowPage.Section(title: section.title, questions: section.questions.map { question in
                ShowPage.Question(key: question.key, text: question.text, kind: question.kind.label, choices: question.choices.joined(separator: " · "),
                                  library: question.variants[.library], outsideLibrary: question.variants[.outsideLibrary])
            })
        }
        let links = versions.reversed().map { other in
            ShowPage.VersionLink(label: "Version \(other.number)", href: SurveyPath.questionnaire(model.id!) + "?version=\(other.number)",
                                 current: other.number == version.number)
        }
        let respondents = try await SurveyRespondentModel.query(on: req.db).filter(\.$versionId == version.id!).count()
        let page = ShowPage(layout: Layout(request: req, title: model.title), title: content.title, introduction: content.introduction,
                            versionLabel: "Version \(version.number)", sections: sections, versions: links,
                            editHref: SurveyPath.editQuestionnaire(model.id!), respondentCount: respondents)
        return try await req.view.render("Survey/questionnaire-view", page)
    }

    // MARK: Editor

    struct EditorPage: Encodable {
        struct Question: Encodable {
            let number: Int
            let keyName: String
            let keyId: String
            let key: String
            let keyError: String?
            let textName: String
            let textId: String
            let text: String
            let textError: String?
            let kindName: String
            let kindId: String
            let kinds: [FormOption]
            let kindError: String?
            let choicesName: String
            let choicesId: String
            let choices: String
            let choicesError: String?
            let libraryName: String
            let libraryId: String
            let library: String
            let outsideName: String
            let outsideId: String
            let outside: String
            let upOp: String?
            let downOp: String?
            let removeOp: String
        }

        struct Section: Encodable {
            let number: Int
            let titleName: String
            let titleId: String
            let title: String
            let titleError: String?
            let questions: [Question]
            let addOp: String
            let upOp: String?
            let downOp: String?
            let removeOp: String
        }

        let layout: Layout
        let heading: String
        let action: String
        let notice: String?
        let errors: [SurveyErrorLink]
        let title: String
        let titleError: String?
        let introduction: String
        let sections: [Section]
        let cancelHref: String
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        return try await renderEditor(req, heading: "Nouveau questionnaire", action: SurveyPath.newQuestionnaire, cancel: SurveyPath.questionnaires,
                                      draft: .blank, notice: nil, failure: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let form = try req.verifiedForm()
        var draft = QuestionnaireDraft(form: form)
        let op = form.value("op") ?? "save"
        guard op == "save" else {
            draft.apply(op)
            return try await renderEditor(req, heading: "Nouveau questionnaire", action: SurveyPath.newQuestionnaire, cancel: SurveyPath.questionnaires,
                                          draft: draft, notice: nil, failure: nil).encodeResponse(for: req)
        }
        do {
            let content = try draft.content().get()
            let version = try await req.survey.saveQuestionnaire(nil, title: content.title, content: content)
            req.flash("Questionnaire « \(content.title) » créé.")
            return req.redirect(to: SurveyPath.questionnaire(version.questionnaireId))
        } catch let failure as ValidationFailure {
            return try await renderEditor(req, heading: "Nouveau questionnaire", action: SurveyPath.newQuestionnaire, cancel: SurveyPath.questionnaires,
                                          draft: draft, notice: nil, failure: failure).response(.badRequest, for: req)
        }
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let (model, versions) = try await find(req)
        guard let latest = versions.last else { throw Abort(.notFound) }
        return try await renderEditor(req, heading: "Modifier « \(model.title) »", action: SurveyPath.editQuestionnaire(model.id!),
                                      cancel: SurveyPath.questionnaire(model.id!), draft: QuestionnaireDraft(latest.questionnaire),
                                      notice: try await notice(req, latest), failure: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let (model, versions) = try await find(req)
        guard let latest = versions.last else { throw Abort(.notFound) }
        let form = try req.verifiedForm()
        var draft = QuestionnaireDraft(form: form)
        let heading = "Modifier « \(model.title) »"
        let op = form.value("op") ?? "save"
        guard op == "save" else {
            draft.apply(op)
            return try await renderEditor(req, heading: heading, action: SurveyPath.editQuestionnaire(model.id!), cancel: SurveyPath.questionnaire(model.id!),
                                          draft: draft, notice: try await notice(req, latest), failure: nil).encodeResponse(for: req)
        }
        do {
            let content = try draft.content().get()
            let version = try await req.survey.saveQuestionnaire(model.id!, title: content.title, content: content)
            req.flash(version.number == latest.number ? "Questionnaire enregistré (version \(version.number))."
                : "Questionnaire enregistré : version \(version.number) créée ; les entretiens déjà menés gardent la version \(latest.number).")
            return req.redirect(to: SurveyPath.questionnaire(model.id!))
        } catch let failure as ValidationFailure {
            return try await renderEditor(req, heading: heading, action: SurveyPath.editQuestionnaire(model.id!), cancel: SurveyPath.questionnaire(model.id!),
                                          draft: draft, notice: try await notice(req, latest), failure: failure).response(.badRequest, for: req)
        }
    }

    private func notice(_ req: Request, _ latest: SurveyVersionModel) async throws -> String? {
        guard try await req.survey.hasAnswers(version: latest.id!) else { return nil }
        return "Cette version a déjà des réponses : vos changements créent la version \(latest.number + 1)."
    }

    private func find(_ req: Request) async throws -> (SurveyQuestionnaireModel, [SurveyVersionModel]) {
        guard let model = try await req.survey.questionnaire(try SurveyAccess.uuid(req)) else {
            throw Abort(.notFound, reason: "Ce questionnaire n'existe pas.")
        }
        return (model, try await req.survey.versions(of: model.id!))
    }

    private func renderEditor(_ req: Request, heading: String, action: String, cancel: String, draft: QuestionnaireDraft,
                              notice: String?, failure: ValidationFailure?) async throws -> View {
        func error(_ field: String) -> String? { failure?.message(for: field) }
        let sections = draft.sections.enumerated().map { s, section in
            let questions = section.questions.enumerated().map { q, question in
                let name = "sections.\(s).questions.\(q)."
                let id = "sections-\(s)-questions-\(q)-"
                let field = "sections[\(s)].questions[\(q)]."
                let kinds = QuestionKind.allCases.map { kind in
                    FormOption(value: kind.code, label: kind.label, id: id + "kind-" + kind.code, checked: question.kind == kind.code)
                }
                return EditorPage.Question(
                    number: q + 1, keyName: name + "key", keyId: id + "key", key: question.key, keyError: error(field + "key"),
                    textName: name + "text", textId: id + "text", text: question.text, textError: error(field + "text"),
                    kindName: name + "kind", kindId: id + "kind", kinds: kinds, kindError: error(field + "kind"),
                    choicesName: name + "choices", choicesId: id + "choices", choices: question.choices, choicesError: error(field + "choices"),
                    libraryName: name + "library", libraryId: id + "library", library: question.library,
                    outsideName: name + "outside_library", outsideId: id + "outside_library", outside: question.outsideLibrary,
                    upOp: q > 0 ? "question-up:\(s):\(q)" : nil, downOp: q < section.questions.count - 1 ? "question-down:\(s):\(q)" : nil,
                    removeOp: "remove-question:\(s):\(q)")
            }
            return EditorPage.Section(number: s + 1, titleName: "sections.\(s).title", titleId: "sections-\(s)-title", title: section.title,
                                      titleError: error("sections[\(s)].title"), questions: questions, addOp: "add-question:\(s)",
                                      upOp: s > 0 ? "section-up:\(s)" : nil, downOp: s < draft.sections.count - 1 ? "section-down:\(s)" : nil,
                                      removeOp: "remove-section:\(s)")
        }
        let page = EditorPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading), heading: heading,
                              action: action, notice: notice, errors: SurveyErrorLink.links(failure), title: draft.title,
                              titleError: error("title") ?? error("sections"), introduction: draft.introduction, sections: sections, cancelHref: cancel)
        return try await req.view.render("Survey/questionnaire-form", page)
    }
}
