import Fluent
import Foundation
import TandemCore
import Vapor

/// The logbook's pages: the quick form, the list, editing, "refaire la même" and deletion.
struct ActivityWebController {
    static let pageSize = 30

    func register(_ routes: any RoutesBuilder) {
        routes.get("activites", use: list)
        routes.get("activites", "nouvelle", use: newForm)
        routes.post("activites", "nouvelle", use: create)
        routes.get("activites", ":id", use: show)
        routes.get("activites", ":id", "modifier", use: editForm)
        routes.post("activites", ":id", "modifier", use: update)
        routes.get("activites", ":id", "refaire", use: duplicate)
        routes.get("activites", ":id", "supprimer", use: confirmDelete)
        routes.post("activites", ":id", "supprimer", use: delete)
    }

    // MARK: New

    @Sendable func newForm(_ req: Request) async throws -> View {
        let actor = try recorder(req)
        let quick = try await req.activities.quickChoices(for: actor)
        var input = ActivityInput()
        input.date = LocalDate.today().iso
        if let place = quick.lastPlaceId {
            input.locationKind = LocationKind.place.code
            input.placeId = place.uuidString.lowercased()
        }
        if let personId = try await preselectedPerson(req, actor: actor) {
            input.kind = ActivityKind.individual.code
            input.personId = personId.uuidString.lowercased()
        }
        // Shown once, like the flash message that goes with it.
        let answered = req.session.data[SessionKeys.answeredFormKey]
        if answered != nil { req.session.data[SessionKeys.answeredFormKey] = nil }
        return try await renderForm(req, actor: actor, input: input, failure: nil, quick: quick, mode: .new, answeredKey: answered)
    }

    /// `?personne=<id>` (from a person's page, or after creating one from this form) chooses
    /// that person — when the actor may see them; any other value is ignored without a word, so
    /// that the page tells nothing of people out of reach.
    private func preselectedPerson(_ req: Request, actor: Actor) async throws -> UUID? {
        guard let raw = req.query[String.self, at: "personne"], let id = UUID(uuidString: raw),
              let person = try await FollowedPersonModel.find(id, on: req.db),
              Policy.canAccess(personOf: person.structureId, actor: actor) else { return nil }
        return id
    }

    @Sendable func duplicate(_ req: Request) async throws -> View {
        let actor = try recorder(req)
        let model = try await findActivity(req, actor: actor)
        var input = model.details.input
        input.date = LocalDate.today().iso
        let quick = try await req.activities.quickChoices(for: actor)
        return try await renderForm(req, actor: actor, input: input, failure: nil, quick: quick, mode: .duplicate)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try recorder(req)
        let input = try formInput(req)
        switch try await Self.validate(input, req: req, structureId: actor.structureId!) {
        case let .failure(failure):
            return try await errorResponse(req, actor: actor, input: input, failure: failure, mode: .new, answeredKey: req.formKey)
        case let .success(details):
            try await createOnce(details, actor: actor, req: req)
            req.flash("Activité enregistrée.")
            if let key = req.formKey { req.session.data[SessionKeys.answeredFormKey] = key }
            return req.redirect(to: WebPath.newActivity)
        }
    }

    /// What a form's key records instead of a hash of the request: the form is answered by a
    /// page, so a second send only needs to know that the first was recorded.
    static let formRequestHash = "formulaire"

    /// Each new-activity form carries a one-time key (`_cle`): a form sent twice (a double tap,
    /// a resend after a lost answer on a weak network) records the activity once. The phone may
    /// also send the same form through `/activites/synchronisation` with this key
    /// (`ActivitySyncController`) when the answer did not come: still once.
    private func createOnce(_ details: ActivityDetails, actor: Actor, req: Request) async throws {
        let store = req.activities
        guard let key = req.formKey else {
            _ = try await store.create(details, by: actor, structureId: actor.structureId!)
            return
        }
        if try await store.idempotencyRecord(userId: actor.id, key: key) != nil { return }
        do {
            _ = try await store.create(details, by: actor, structureId: actor.structureId!, key: key, requestHash: Self.formRequestHash) { _ in "{}" }
        } catch {
            // The same form arrived twice at once: the other copy was recorded.
            if try await store.idempotencyRecord(userId: actor.id, key: key) != nil { return }
            throw error
        }
    }

    // MARK: Edit

    @Sendable func show(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        return req.redirect(to: WebPath.editActivity(model.id!))
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        let quick = try await req.activities.quickChoices(for: actor)
        return try await renderForm(req, actor: actor, input: model.details.input, failure: nil, quick: quick, mode: .edit(model.id!), structureId: model.structureId)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        let input = try formInput(req)
        switch try await Self.validate(input, req: req, structureId: model.structureId) {
        case let .failure(failure):
            return try await errorResponse(req, actor: actor, input: input, failure: failure, mode: .edit(model.id!), structureId: model.structureId)
        case let .success(details):
            try await req.activities.update(model, with: details)
            req.flash("Activité modifiée.")
            return req.redirect(to: WebPath.activities)
        }
    }

    // MARK: Delete

    @Sendable func confirmDelete(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        let names = try await req.places.names(of: Set([model.placeId].compactMap { $0 }))
        let page = DeletePage(layout: Layout(request: req, title: "Supprimer une activité"),
                              activity: ActivityRow(model, placeNames: names, showMediator: nil),
                              action: WebPath.deleteActivity(model.id!))
        return try await req.view.render("Activities/delete", page)
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let model = try await findActivity(req, actor: actor)
        _ = try req.verifiedForm()
        try await req.activities.delete(model)
        req.flash("Activité supprimée.")
        return req.redirect(to: WebPath.activities)
    }

    // MARK: List

    @Sendable func list(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard Policy.canListActivities(actor) else {
            throw Abort(.forbidden, reason: "Votre rôle donne accès aux statistiques, pas aux activités une à une.")
        }
        let query = ActivityListQuery(req.url.query)
        let rows = try await req.activities.list(for: actor, filter: query.filter, offset: (query.page - 1) * Self.pageSize, limit: Self.pageSize)
        let page = Array(rows.prefix(Self.pageSize))
        let names = try await req.places.names(of: Set(page.compactMap(\.placeId)))
        let mediatorNames = actor.role == .mediator ? nil : try await mediatorNames(Set(page.map(\.mediatorId)), req: req)
        var places: [PlaceSummary] = []
        if let structureId = actor.structureId { places = try await req.places.places(of: structureId, for: actor) }
        let view = ActivityListPage(
            layout: Layout(request: req, title: actor.role == .mediator ? "Mes activités" : "Activités de la structure"),
            heading: actor.role == .mediator ? "Mes activités" : "Activités de la structure",
            filters: query.fields(places: places),
            filtersActive: query.isFiltering,
            filterErrors: query.errors,
            rows: page.map { ActivityRow($0, placeNames: names, showMediator: mediatorNames,
                                         showPerson: Policy.canAccess(personOf: $0.structureId, actor: actor)) },
            previousHref: query.page > 1 ? query.href(page: query.page - 1) : nil,
            nextHref: rows.count > Self.pageSize ? query.href(page: query.page + 1) : nil,
            pageNumber: query.page,
            canRecord: Policy.canRecordActivities(actor))
        return try await req.view.render("Activities/list", view)
    }

    // MARK: Helpers

    enum Mode {
        case new, duplicate, edit(UUID)
    }

    private func recorder(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canRecordActivities(actor) else {
            throw Abort(.forbidden, reason: "Seuls les médiateurs et coordinateurs rattachés à une structure enregistrent des activités.")
        }
        return actor
    }

    private func findActivity(_ req: Request, actor: Actor) async throws -> ActivityModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let model = try await req.activities.find(id, for: actor) else {
            throw Abort(.notFound)
        }
        return model
    }

    /// The posted form as input. The duration is chosen among quick values or typed in the
    /// "other" box, which wins when filled. Fields that do not apply are dropped.
    private func formInput(_ req: Request) throws -> ActivityInput {
        Self.input(from: try req.verifiedForm())
    }

    /// The activity a posted form describes (also read by the offline sync, `ActivitySyncController`).
    static func input(from form: FormBody) -> ActivityInput {
        var form = form
        if let other = form.value("durationOther"), !other.trimmingCharacters(in: .whitespaces).isEmpty {
            form = FormBody(pairs: form.pairs.filter { $0.name != "durationMinutes" && $0.name != "durationOther" } + [("durationMinutes", other)])
        }
        return ActivityInput(form: form).keepingApplicableFields()
    }

    /// The checks of the form: the fields, then the places, resource and person of the structure.
    static func validate(_ input: ActivityInput, req: Request, structureId: UUID) async throws -> Result<ActivityDetails, ValidationFailure> {
        switch ActivityValidator().validate(input) {
        case let .failure(failure): return .failure(failure)
        case let .success(details):
            let errors = try await req.activities.checkReferences(of: details, structureId: structureId)
            if !errors.isEmpty { return .failure(ValidationFailure(errors)) }
            return .success(details)
        }
    }

    private func errorResponse(_ req: Request, actor: Actor, input: ActivityInput, failure: ValidationFailure, mode: Mode, structureId: UUID? = nil,
                               answeredKey: String? = nil) async throws -> Response {
        let quick = try await req.activities.quickChoices(for: actor)
        let view = try await renderForm(req, actor: actor, input: input, failure: failure, quick: quick, mode: mode, structureId: structureId,
                                        answeredKey: answeredKey)
        let response = try await view.encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func renderForm(_ req: Request, actor: Actor, input: ActivityInput, failure: ValidationFailure?, quick: QuickChoices, mode: Mode,
                            structureId: UUID? = nil, answeredKey: String? = nil) async throws -> View {
        let structure = structureId ?? actor.structureId
        var places: [PlaceSummary] = []
        var resources: [ResourceChoice] = []
        if let structure {
            places = try await req.places.places(of: structure, for: actor)
            resources = try await req.localResources.choices(of: structure, keeping: input.resourceId.flatMap(UUID.init(uuidString:)))
        }
        // The person field lists the structure's people only for those who may see them.
        let canPick = structure.map { Policy.canAccess(personOf: $0, actor: actor) } ?? false
        var people: [PersonChoice]?
        if canPick, let structure { people = try await req.people.choices(structureId: structure) }
        let builder = ActivityFormBuilder(input: input, failure: failure, places: places, quick: quick, today: LocalDate.today(),
                                          resources: resources, people: people)
        let (title, action, submit): (String, String, String)
        switch mode {
        case .new: (title, action, submit) = ("Nouvelle activité", WebPath.newActivity, "Enregistrer l'activité")
        case .duplicate: (title, action, submit) = ("Refaire la même activité", WebPath.newActivity, "Enregistrer l'activité")
        case let .edit(id): (title, action, submit) = ("Modifier l'activité", WebPath.editActivity(id), "Enregistrer les modifications")
        }
        let page = ActivityFormPage(
            layout: Layout(request: req, title: failure == nil ? title : "Erreur — " + title),
            heading: title, action: action, submitLabel: submit, errorSummary: builder.errorLinks(),
            sections: builder.sections(), cancelHref: WebPath.activities,
            formKey: { if case .edit = mode { return "" } else { return "form-" + UUID.random().uuidString.lowercased() } }(),
            personPicker: PersonPicker(canPick: canPick),
            offlineSync: { if case .edit = mode { return "" } else { return ActivitySyncController.path } }(),
            answeredKey: answeredKey ?? "")
        return try await req.view.render("Activities/form", page)
    }

    private func mediatorNames(_ ids: Set<UUID>, req: Request) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserModel.query(on: req.db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
    }
}

extension Request {
    /// The one-time key a new-activity form carries, when well formed.
    var formKey: String? {
        guard let body = body.data else { return nil }
        let form = FormBody.parse(String(decoding: body.readableBytesView, as: UTF8.self))
        guard form.count("_cle") == 1, let key = form.value("_cle"), key.hasPrefix("form-"),
              (10...80).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return key
    }
}
