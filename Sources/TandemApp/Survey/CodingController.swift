import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/entretiens/{id}/codage`: a researcher codes an interview's answers. With the script,
/// a passage selected in an answer is posted as UTF-16 offsets (`debut16`, `fin16`); without it,
/// each answer has a form that codes it whole; a suggested passage is posted in scalars
/// (`debut`, `fin`). Every refusal shows the page again with its reason, and writes nothing.
struct CodingController {
    static let stylesheetPath = "/enquete/codes.css"

    static func page(_ respondentId: UUID) -> String { "/enquete/entretiens/\(respondentId.uuidString.lowercased())/codage" }
    static func remove(_ respondentId: UUID, _ codingId: UUID) -> String { page(respondentId) + "/\(codingId.uuidString.lowercased())/retirer" }
    static func memo(_ respondentId: UUID, _ codingId: UUID) -> String { page(respondentId) + "/\(codingId.uuidString.lowercased())/memo" }

    func register(_ routes: any RoutesBuilder) {
        routes.get("enquete", "codes.css", use: stylesheet)
        routes.get("enquete", "entretiens", ":id", "codage", use: show)
        routes.post("enquete", "entretiens", ":id", "codage", use: apply)
        routes.post("enquete", "entretiens", ":id", "codage", ":coding", "retirer", use: removeCoding)
        routes.post("enquete", "entretiens", ":id", "codage", ":coding", "memo", use: saveMemo)
    }

    // MARK: Pages

    @Sendable func show(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let respondent = try await Self.respondent(req)
        return try await render(req, respondent, refusals: [], status: .ok)
    }

    /// Codes one passage with every code chosen. All of them are checked before any is written,
    /// so a refusal for one code leaves the others unapplied too.
    @Sendable func apply(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let respondent = try await Self.respondent(req)
        let respondentId = try respondent.requireID()
        let form = try req.verifiedForm()
        let answers = try await req.survey.answers(of: respondentId)
        let existing = try await req.survey.codings(of: respondentId)
        let tree = CodebookTree(try await req.survey.codes())
        switch CodingRequest.read(form, answers: answers, tree: tree) {
        case let .failure(failure):
            return try await render(req, respondent, refusals: failure.errors.map(\.message), status: .unprocessableEntity)
        case let .success(request):
            let codings = request.codeIds.map {
                SurveyCoding(id: UUID.random(), respondentId: respondentId, questionKey: request.questionKey, range: request.range, codeId: $0)
            }
            let conflicts = codings.compactMap { coding in
                CodingRules.conflicts(adding: coding, to: existing).map { "« \(tree.label(of: coding.codeId)) » : \($0.message)" }
            }
            guard conflicts.isEmpty else {
                return try await render(req, respondent, refusals: conflicts, status: .unprocessableEntity)
            }
            do {
                for coding in codings { try await req.survey.addCoding(coding) }
            } catch let failure as ValidationFailure {
                return try await render(req, respondent, refusals: failure.errors.map(\.message), status: .unprocessableEntity)
            }
            let excerpt = CodingView.shortExcerpt(CodingRules.excerpt(of: request.range, in: answers[request.questionKey] ?? ""), limit: 80)
            req.flash(codings.count == 1
                ? "Code « \(tree.label(of: codings[0].codeId)) » appliqué à « \(excerpt) »."
                : "\(codings.count) codes appliqués à « \(excerpt) ».")
            return req.redirect(to: Self.page(respondentId) + "#" + CodingRequest.anchor(request.questionKey))
        }
    }

    @Sendable func removeCoding(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let respondent = try await Self.respondent(req)
        _ = try req.verifiedForm()
        let coding = try await Self.coding(req, of: respondent)
        try await req.survey.removeCoding(coding.id)
        req.flash("Codage retiré.")
        return req.redirect(to: Self.page(try respondent.requireID()) + "#" + CodingRequest.anchor(coding.questionKey))
    }

    @Sendable func saveMemo(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let respondent = try await Self.respondent(req)
        let form = try req.verifiedForm()
        let coding = try await Self.coding(req, of: respondent)
        do {
            try await req.survey.setCodingMemo(coding.id, form.value("memo") ?? "")
        } catch let failure as ValidationFailure {
            return try await render(req, respondent, refusals: failure.errors.map(\.message), status: .unprocessableEntity)
        }
        req.flash("Mémo enregistré.")
        return req.redirect(to: Self.page(try respondent.requireID()) + "#" + CodingRequest.anchor(coding.questionKey))
    }

    /// The colours of the codes, as classes: the site's policy allows no inline style.
    @Sendable func stylesheet(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let response = Response(status: .ok, body: .init(string: CodingView.stylesheet(try await req.survey.codes())))
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
        return response
    }

    // MARK: Rendering

    private func render(_ req: Request, _ respondent: SurveyRespondentModel, refusals: [String], status: HTTPResponseStatus) async throws -> Response {
        let respondentId = try respondent.requireID()
        let questionnaire = try await req.survey.version(respondent.versionId)?.questionnaire ?? QuestionnaireContent(title: "", sections: [])
        let answers = try await req.survey.answers(of: respondentId)
        let codings = try await req.survey.codings(of: respondentId)
        let codes = try await req.survey.codes()
        let tree = CodebookTree(codes)
        let suggestions = KeywordSuggestions.suggest(
            codes: codes, answers: answers.map { (respondentId: respondentId, questionKey: $0.key, text: $0.value) }, existing: codings)
        let context = respondent.respondentContext
        let views = questionnaire.questions.map { question -> CodingAnswerView in
            let text = answers[question.key] ?? ""
            let own = codings.filter { $0.questionKey == question.key }
            return CodingAnswerView(
                key: question.key, anchor: CodingRequest.anchor(question.key), question: question.text(for: context),
                hasText: !text.isEmpty, segments: CodingView.segments(of: text, codings: own, tree: tree),
                codings: own.map { coding in
                    AppliedCodingView(id: coding.id.uuidString.lowercased(), codeClass: CodingView.codeClass(coding.codeId),
                                      codeName: tree.label(of: coding.codeId),
                                      excerpt: CodingView.shortExcerpt(CodingRules.excerpt(of: coding.range, in: text)), memo: coding.memo,
                                      removeAction: Self.remove(respondentId, coding.id), memoAction: Self.memo(respondentId, coding.id))
                },
                suggestions: suggestions.filter { $0.questionKey == question.key }.prefix(CodingView.suggestionsPerAnswer).map { suggestion in
                    SuggestionView(excerpt: CodingView.shortExcerpt(CodingRules.excerpt(of: suggestion.range, in: text)),
                                   codeId: suggestion.codeId.uuidString.lowercased(), codeName: tree.label(of: suggestion.codeId),
                                   keyword: suggestion.keyword, start: suggestion.range.start, end: suggestion.range.end)
                })
        }
        let name = respondent.displayName
        let page = CodingPage(
            layout: Layout(request: req, title: (refusals.isEmpty ? "" : "Erreur — ") + "Codage — \(name)"),
            respondent: CodingRespondentView(name: name, post: respondent.post, context: context.label, status: respondent.interviewStatus.label,
                                             consent: respondent.publicationConsent.label),
            csrf: CSRF.token(for: req), action: Self.page(respondentId), stylesheet: Self.stylesheetPath,
            refusals: refusals, answers: views, codeGroups: CodingView.groups(tree), hasCodes: !codes.isEmpty)
        let response = try await req.view.render("Survey/coding", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    // MARK: Helpers

    private static func respondent(_ req: Request) async throws -> SurveyRespondentModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let respondent = try await req.survey.respondent(id) else { throw Abort(.notFound) }
        return respondent
    }

    /// A coding of this respondent; another respondent's answers 404 like an unknown one.
    private static func coding(_ req: Request, of respondent: SurveyRespondentModel) async throws -> SurveyCoding {
        guard let raw = req.parameters.get("coding"), let id = UUID(uuidString: raw),
              let coding = try await req.survey.codings(of: respondent.requireID()).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Ce codage n'existe plus.")
        }
        return coding
    }
}

/// A posted coding, read and checked against the answer: which question, which passage (in
/// Unicode scalars), which codes.
struct CodingRequest: Equatable {
    let questionKey: String
    let range: TextRange
    let codeIds: [UUID]

    static func anchor(_ key: String) -> String {
        "reponse-" + String(key.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static func read(_ form: FormBody, answers: [String: String], tree: CodebookTree) -> Result<CodingRequest, ValidationFailure> {
        var errors: [FieldError] = []
        let key = form.value("question") ?? ""
        let text = answers[key]
        if text == nil || text?.isEmpty == true {
            errors.append(FieldError("question", "Il n'y a pas de réponse à coder pour cette question."))
        }
        let ids = form.values("codes[]")
        var codeIds: [UUID] = []
        for raw in ids {
            if let id = UUID(uuidString: raw), tree.code(id) != nil {
                if !codeIds.contains(id) { codeIds.append(id) }
            } else {
                errors.append(FieldError("codes", "Un des codes choisis n'existe pas (ou plus) : rechargez la page."))
            }
        }
        if ids.isEmpty { errors.append(FieldError("codes", "Cochez au moins un code à appliquer.")) }
        var range: TextRange?
        if let text, !text.isEmpty {
            switch passage(form, text: text) {
            case let .success(found): range = found
            case let .failure(error): errors.append(error)
            }
        }
        guard errors.isEmpty, let range else { return .failure(ValidationFailure(errors)) }
        return .success(CodingRequest(questionKey: key, range: range, codeIds: codeIds))
    }

    /// The passage in scalars: the whole answer, a selection in UTF-16 units, or scalars.
    private static func passage(_ form: FormBody, text: String) -> Result<TextRange, FieldError> {
        let range: TextRange
        if form.value("entiere") != nil {
            range = CodingRules.wholeAnswer(text)
        } else if form.value("debut16") != nil || form.value("fin16") != nil {
            guard let start = integer(form.value("debut16")), let end = integer(form.value("fin16")) else {
                return .failure(FieldError("range", "Le passage choisi n'est pas lisible : sélectionnez-le à nouveau dans la réponse."))
            }
            guard let converted = CodingRules.scalarRange(utf16Start: start, utf16End: end, in: text) else {
                return .failure(FieldError("range", "Le passage choisi ne correspond pas au texte de la réponse (il la dépasse ou coupe un caractère) : sélectionnez-le à nouveau."))
            }
            range = converted
        } else if let start = integer(form.value("debut")), let end = integer(form.value("fin")) {
            range = TextRange(start: start, end: end)
        } else {
            return .failure(FieldError("range", "Aucun passage choisi : sélectionnez un passage dans une réponse, ou codez la réponse entière."))
        }
        do {
            try CodingRules.validate(range, in: text)
        } catch {
            return .failure(error)
        }
        return .success(range)
    }

    /// A small whole number, or nil: offsets never need more than a few digits.
    private static func integer(_ text: String?) -> Int? {
        guard let text, text.count <= 9 else { return nil }
        return Int(text)
    }
}
