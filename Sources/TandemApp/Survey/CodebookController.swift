import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/codes`: the codebook as an indented tree; create, edit and delete codes.
struct CodebookController {
    func register(_ routes: any RoutesBuilder) {
        let codes = routes.grouped("enquete", "codes")
        codes.get(use: list)
        codes.get("nouveau", use: newForm)
        codes.post("nouveau", use: create)
        codes.get(":id", use: editForm)
        codes.post(":id", use: update)
        codes.post(":id", "supprimer", use: delete)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String
            let colour: String
            let description: String
            let keywords: String
            let memo: String
            let depth: Int
            let swatchClass: String
            /// How the nested lists change before this row: `open` (a `ul` in the previous item),
            /// `end` (close the previous item), `close` (close a list and its item).
            let before: [String]
            let uses: Int
            let editHref: String
            let deleteAction: String
        }

        let layout: Layout
        let rows: [Row]
        /// What closes the nested lists after the last row.
        let after: [String]
        let errors: [SurveyErrorLink]
        let newHref: String
        let stylesheet: String
    }

    /// The list tokens that nest each row at its depth, and those that close everything at the end:
    /// an indented tree in plain nested lists, which screen readers announce by level.
    static func nesting(_ depths: [Int]) -> (before: [[String]], after: [String]) {
        var before: [[String]] = []
        var previous: Int?
        for depth in depths {
            guard let last = previous else {
                before.append([])
                previous = depth
                continue
            }
            if depth > last {
                before.append(Array(repeating: "open", count: depth - last))
            } else {
                before.append(["end"] + Array(repeating: "close", count: last - depth))
            }
            previous = depth
        }
        let after = previous.map { ["end"] + Array(repeating: "close", count: $0) } ?? []
        return (before, after)
    }

    struct FormPage: Encodable {
        let layout: Layout
        let heading: String
        let action: String
        let errors: [SurveyErrorLink]
        let fields: [FormField]
        let colour: String
        let colourError: String?
        let cancelHref: String
    }

    @Sendable func list(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        return try await renderList(req, failure: nil)
    }

    private func renderList(_ req: Request, failure: ValidationFailure?) async throws -> View {
        let models = try await req.survey.codeModels()
        let depths = CodeOrder.depths(models)
        let codings = try await SurveyCodingModel.query(on: req.db).all()
        let uses = Dictionary(grouping: codings, by: \.codeId).mapValues(\.count)
        let ordered = models.filter { $0.id != nil }
        let nesting = Self.nesting(ordered.map { depths[$0.id!] ?? 0 })
        let rows = zip(ordered, nesting.before).map { model, before in
            let id = model.id!
            return ListPage.Row(name: model.name, colour: model.colour, description: model.about,
                                keywords: model.code.keywords.joined(separator: ", "), memo: model.memo, depth: depths[id] ?? 0,
                                swatchClass: CodingView.codeClass(id), before: before, uses: uses[id] ?? 0,
                                editHref: SurveyPath.code(id), deleteAction: SurveyPath.deleteCode(id))
        }
        let page = ListPage(layout: Layout(request: req, title: failure == nil ? "Grille de codage" : "Erreur — Grille de codage"),
                            rows: rows, after: nesting.after, errors: SurveyErrorLink.links(failure), newHref: SurveyPath.newCode,
                            stylesheet: CodingController.stylesheetPath)
        return try await req.view.render("Survey/codebook", page)
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let parent = req.query[String.self, at: "parent"].flatMap(UUID.init(uuidString:))
        let draft = CodeDraft(name: "", parentId: parent?.uuidString.lowercased() ?? "", colour: "#3366cc", description: "", keywords: "", memo: "")
        return try await render(req, heading: "Nouveau code", action: SurveyPath.newCode, draft: draft, excluding: nil, failure: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let draft = CodeDraft(form: try req.verifiedForm())
        let code = draft.code(id: UUID.random())
        do {
            try await req.survey.saveCode(code, memo: draft.memo)
        } catch let failure as ValidationFailure {
            return try await render(req, heading: "Nouveau code", action: SurveyPath.newCode, draft: draft, excluding: nil, failure: failure)
                .response(.badRequest, for: req)
        }
        req.flash("Code « \(code.name.trimmingCharacters(in: .whitespaces)) » ajouté.")
        return req.redirect(to: SurveyPath.codes)
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        return try await render(req, heading: "Modifier le code « \(model.name) »", action: SurveyPath.code(model.id!),
                                draft: CodeDraft(model), excluding: model.id, failure: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        let draft = CodeDraft(form: try req.verifiedForm())
        do {
            try await req.survey.saveCode(draft.code(id: model.id!), memo: draft.memo)
        } catch let failure as ValidationFailure {
            return try await render(req, heading: "Modifier le code « \(model.name) »", action: SurveyPath.code(model.id!),
                                    draft: draft, excluding: model.id, failure: failure).response(.badRequest, for: req)
        }
        req.flash("Code « \(draft.name.trimmingCharacters(in: .whitespaces)) » enregistré.")
        return req.redirect(to: SurveyPath.codes)
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let model = try await find(req)
        _ = try req.verifiedForm()
        do {
            try await req.survey.deleteCode(model.id!)
        } catch let failure as ValidationFailure {
            return try await renderList(req, failure: failure).response(.badRequest, for: req)
        }
        req.flash("Code « \(model.name) » supprimé.")
        return req.redirect(to: SurveyPath.codes)
    }

    private func find(_ req: Request) async throws -> SurveyCodeModel {
        guard let model = try await req.survey.codeModel(try SurveyAccess.uuid(req)) else { throw Abort(.notFound, reason: "Ce code n'existe pas.") }
        return model
    }

    private func render(_ req: Request, heading: String, action: String, draft: CodeDraft, excluding: UUID?,
                        failure: ValidationFailure?) async throws -> View {
        let models = try await req.survey.codeModels()
        let depths = CodeOrder.depths(models)
        // A code cannot move under itself or one of its descendants: those are not offered.
        let excluded = Set(models.compactMap(\.id).filter { id in excluding.map { CodeOrder.ancestors(of: id, in: models).contains($0) } ?? false })
        var parentOptions = [FormOption(value: "", label: "— Aucun (famille de codes) —", id: "parentId-aucun", checked: draft.parentId.isEmpty)]
        for model in models {
            guard let id = model.id, !excluded.contains(id) else { continue }
            let value = id.uuidString.lowercased()
            parentOptions.append(FormOption(value: value, label: String(repeating: "\u{00A0}\u{00A0}", count: depths[id] ?? 0) + model.name,
                                            id: "parentId-" + value, checked: draft.parentId.lowercased() == value))
        }
        func error(_ field: String) -> String? { failure?.message(for: field) }
        var name = FormField(type: "text", name: "name", id: "name", label: "Nom", error: error("name"), value: draft.name, required: true)
        name.maxLength = "100"
        let parent = FormField(type: "select", name: "parentId", id: "parentId", label: "Code parent", error: error("parentId"), options: parentOptions)
        let description = FormField(type: "textarea", name: "description", id: "description", label: "Description (facultatif)",
                                    hint: "Ce que le code recouvre, pour coder de la même façon d'un entretien à l'autre.",
                                    error: error("description"), value: draft.description)
        let keywords = FormField(type: "text", name: "keywords", id: "keywords", label: "Mots-clés (facultatif)",
                                 hint: "Séparés par des virgules. Tandem suggère les passages qui les contiennent, sans jamais les coder seul.",
                                 error: error("keywords"), value: draft.keywords)
        let memo = FormField(type: "textarea", name: "memo", id: "memo", label: "Mémo (facultatif)", error: error("memo"), value: draft.memo)
        let page = FormPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading), heading: heading,
                            action: action, errors: SurveyErrorLink.links(failure), fields: [name, parent, description, keywords, memo],
                            colour: CodeRules.isColour(draft.colour.lowercased()) ? draft.colour.lowercased() : CodeRules.defaultColour,
                            colourError: error("colour"), cancelHref: SurveyPath.codes)
        return try await req.view.render("Survey/codebook-form", page)
    }
}

/// The code form as typed.
struct CodeDraft {
    var name: String
    var parentId: String
    var colour: String
    var description: String
    var keywords: String
    var memo: String

    init(name: String, parentId: String, colour: String, description: String, keywords: String, memo: String) {
        self.name = name
        self.parentId = parentId
        self.colour = colour
        self.description = description
        self.keywords = keywords
        self.memo = memo
    }

    init(form: FormBody) {
        self.init(name: form.value("name") ?? "", parentId: form.value("parentId") ?? "", colour: form.value("colour") ?? "",
                  description: form.value("description") ?? "", keywords: form.value("keywords") ?? "", memo: form.value("memo") ?? "")
    }

    init(_ model: SurveyCodeModel) {
        self.init(name: model.name, parentId: model.parentId?.uuidString.lowercased() ?? "", colour: model.colour,
                  description: model.about, keywords: model.code.keywords.joined(separator: ", "), memo: model.memo)
    }

    /// The code; an unreadable parent id becomes an id no code has, which the store refuses with a message.
    func code(id: UUID) -> SurveyCode {
        let parent: UUID? = parentId.isEmpty ? nil : (UUID(uuidString: parentId) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        return SurveyCode(id: id, parentId: parent, name: name, colour: colour, description: description,
                          keywords: keywords.split(separator: ",").map(String.init))
    }
}
