import Fluent
import Foundation
import TandemCore
import Vapor

/// `/gestion/ressources`: the coordination keeps the catalogue of local resources that mediators
/// recommend (administrators, every structure's).
struct ResourceAdminController {
    func register(_ routes: any RoutesBuilder) {
        let resources = routes.grouped("gestion", "ressources")
        resources.get(use: list)
        resources.get("nouvelle", use: newForm)
        resources.post("nouvelle", use: create)
        resources.get(":id", use: editForm)
        resources.post(":id", use: update)
        resources.post(":id", "publication", use: publish)
        resources.get(":id", "supprimer", use: confirmDelete)
        resources.post(":id", "supprimer", use: delete)
    }

    // MARK: Pages

    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String
            let kind: String
            let provider: String?
            let structure: String?
            let url: String?
            let isPublished: Bool
            let editHref: String
            let publishAction: String
            let deleteHref: String
        }

        let layout: Layout
        let canCreate: Bool
        let rows: [Row]
    }

    struct FormPage: Encodable {
        let layout: Layout
        let heading: String
        let action: String
        let submitLabel: String
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let fields: [FormField]
    }

    struct DeletePage: Encodable {
        let layout: Layout
        let name: String
        let kind: String
        let isPublished: Bool
        let activitySentence: String?
        let action: String
        let publishAction: String
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let actor = try manager(req)
        let rows = try await req.localResources.managed(by: actor).map { model in
            ListPage.Row(name: model.name, kind: (ResourceKind(code: model.kind) ?? .other).label, provider: model.provider,
                         structure: actor.role == .admin ? model.structure.name : nil, url: model.url,
                         isPublished: model.isPublished, editHref: WebPath.manageResource(model.id!),
                         publishAction: WebPath.publishResource(model.id!), deleteHref: WebPath.deleteResource(model.id!))
        }
        let page = ListPage(layout: Layout(request: req, title: "Gérer les ressources"), canCreate: actor.structureId != nil, rows: rows)
        return try await req.view.render("Resources/admin-list", page)
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        let actor = try manager(req)
        guard actor.structureId != nil else { throw Self.noStructure }
        return try await render(req, heading: "Nouvelle ressource", action: WebPath.newResource, submit: "Enregistrer la ressource",
                                input: ResourceInput(), failure: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let structureId = actor.structureId else { throw Self.noStructure }
        let input = ResourceInput(form: try req.verifiedForm())
        switch input.validate() {
        case let .failure(failure):
            return try await errorResponse(req, heading: "Nouvelle ressource", action: WebPath.newResource,
                                           submit: "Enregistrer la ressource", input: input, failure: failure)
        case let .success(resource):
            _ = try await req.localResources.create(resource, structureId: structureId)
            req.flash("Ressource «\u{00A0}\(resource.name)\u{00A0}» enregistrée.")
            return req.redirect(to: WebPath.manageResources)
        }
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        let actor = try manager(req)
        let model = try await findResource(req, actor: actor)
        return try await render(req, heading: "Modifier «\u{00A0}\(model.name)\u{00A0}»", action: WebPath.manageResource(model.id!),
                                submit: "Enregistrer les modifications", input: model.resource.input, failure: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        let model = try await findResource(req, actor: actor)
        let input = ResourceInput(form: try req.verifiedForm())
        switch input.validate() {
        case let .failure(failure):
            return try await errorResponse(req, heading: "Modifier «\u{00A0}\(model.name)\u{00A0}»", action: WebPath.manageResource(model.id!),
                                           submit: "Enregistrer les modifications", input: input, failure: failure)
        case let .success(resource):
            try await req.localResources.update(model, with: resource)
            req.flash("Ressource «\u{00A0}\(resource.name)\u{00A0}» modifiée.")
            return req.redirect(to: WebPath.manageResources)
        }
    }

    /// Withdraws a resource from the public page and the logbook's choices, or publishes it again.
    @Sendable func publish(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        let model = try await findResource(req, actor: actor)
        let form = try req.verifiedForm()
        guard let value = form.value("isPublished"), value == "1" || value == "0", form.count("isPublished") == 1 else {
            throw Abort(.badRequest, reason: "Indiquez s'il faut publier la ressource ou la retirer du site.")
        }
        try await req.localResources.setPublished(model, value == "1")
        req.flash(value == "1" ? "«\u{00A0}\(model.name)\u{00A0}» est publiée sur le site." : "«\u{00A0}\(model.name)\u{00A0}» est retirée du site public.")
        return req.redirect(to: WebPath.manageResources)
    }

    @Sendable func confirmDelete(_ req: Request) async throws -> View {
        let actor = try manager(req)
        let model = try await findResource(req, actor: actor)
        let count = try await req.localResources.activityCount(naming: model.id!)
        let sentence: String? = switch count {
        case 0: nil
        case 1: "Une activité cite cette ressource : elle gardera son orientation, sans la ressource."
        default: "\(French.integer(count)) activités citent cette ressource : elles garderont leur orientation, sans la ressource."
        }
        let page = DeletePage(layout: Layout(request: req, title: "Supprimer «\u{00A0}\(model.name)\u{00A0}»"), name: model.name,
                              kind: (ResourceKind(code: model.kind) ?? .other).label, isPublished: model.isPublished,
                              activitySentence: sentence, action: WebPath.deleteResource(model.id!),
                              publishAction: WebPath.publishResource(model.id!))
        return try await req.view.render("Resources/delete", page)
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        let model = try await findResource(req, actor: actor)
        _ = try req.verifiedForm()
        let name = model.name
        try await req.localResources.delete(model)
        req.flash("Ressource «\u{00A0}\(name)\u{00A0}» supprimée.")
        return req.redirect(to: WebPath.manageResources)
    }

    // MARK: Helpers

    static let noStructure = Abort(.forbidden, reason: "Une ressource appartient à une structure : connectez-vous avec le compte de sa coordination.")

    private func manager(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canManageResources(actor) else {
            throw Abort(.forbidden, reason: "Seule la coordination de la structure gère son catalogue de ressources.")
        }
        return actor
    }

    private func findResource(_ req: Request, actor: Actor) async throws -> LocalResourceModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let model = try await req.localResources.find(id, managedBy: actor) else { throw Abort(.notFound) }
        return model
    }

    private func errorResponse(_ req: Request, heading: String, action: String, submit: String, input: ResourceInput,
                               failure: ValidationFailure) async throws -> Response {
        let view = try await render(req, heading: heading, action: action, submit: submit, input: input, failure: failure)
        let response = try await view.encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func render(_ req: Request, heading: String, action: String, submit: String, input: ResourceInput,
                        failure: ValidationFailure?) async throws -> View {
        let fields = ResourceForm.fields(input: input, failure: failure)
        let summary = FormAnchor.errorLinks(for: failure, in: [FormSection(title: "", fields: fields)], label: ResourceForm.label(of:))
        let page = FormPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading),
                            heading: heading, action: action, submitLabel: submit, errorSummary: summary, fields: fields)
        return try await req.view.render("Resources/admin-form", page)
    }
}

/// The fields of the resource form, in French, from what was typed and the errors.
enum ResourceForm {
    static let labels = [
        "name": "Nom",
        "provider": "Proposée par",
        "kind": "Type de ressource",
        "url": "Adresse web",
        "description": "Description",
        "isPublished": "Publication",
    ]

    static func label(of field: String) -> String { labels[field] ?? field }

    static func fields(input: ResourceInput, failure: ValidationFailure?) -> [FormField] {
        func error(_ field: String) -> String? { failure?.message(for: field) }
        var name = FormField(type: "text", name: "name", id: "name", label: "Nom", hint: "Par exemple : Tout apprendre en ligne.",
                             error: error("name"), value: input.name ?? "", required: true)
        name.maxLength = String(ResourceLimits.nameLength)
        var provider = FormField(type: "text", name: "provider", id: "provider", label: "Proposée par (facultatif)",
                                 hint: "Le réseau, la bibliothèque ou le partenaire qui offre la ressource.",
                                 error: error("provider"), value: input.provider ?? "")
        provider.maxLength = String(ResourceLimits.providerLength)
        var kind = FormFields.choice("select", name: "kind", label: "Type de ressource", ResourceKind.self,
                                     selected: [input.kind ?? ""], error: error("kind"), required: true)
        kind.options.insert(FormOption(value: "", label: "— Choisir un type —", id: "kind-aucun", checked: (input.kind ?? "").isEmpty), at: 0)
        var url = FormField(type: "text", name: "url", id: "url", label: "Adresse web (facultatif)",
                            hint: "Commence par https:// ou http://.", error: error("url"), value: input.url ?? "")
        url.maxLength = String(ResourceLimits.urlLength)
        url.autocomplete = "url"
        var description = FormField(type: "textarea", name: "description", id: "description", label: "Description (facultatif)",
                                    hint: "Ce qu'on y trouve et comment y accéder : 2 000 caractères au plus.",
                                    error: error("description"), value: input.description ?? "")
        description.maxLength = String(ResourceLimits.descriptionLength)
        let published = FormField(type: "checkbox", name: "isPublished", id: "isPublished", label: "Publication", error: error("isPublished"),
                                  options: [FormOption(value: "1", label: "Afficher sur la page publique «\u{00A0}Ressources\u{00A0}» et la proposer dans le carnet de bord",
                                                       id: "isPublished-1", checked: input.isPublished)])
        return [name, provider, kind, url, description, published]
    }
}
