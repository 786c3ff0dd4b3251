import Fluent
import Foundation
import TandemCore
import Vapor

/// `/gestion/ateliers`: mediators and coordinators plan their structure's workshops, one session
/// or a weekly series, and change or cancel each session on its own.
struct WorkshopAdminController {
    func register(_ routes: any RoutesBuilder) {
        let workshops = routes.grouped("gestion", "ateliers")
        workshops.get(use: list)
        workshops.get("nouveau", use: newForm)
        workshops.post("nouveau", use: create)
        workshops.get(":id", use: editForm)
        workshops.post(":id", use: update)
        workshops.post("calendrier", use: renewCalendar)
        workshops.get(":id", "annuler", use: confirmCancel)
        workshops.post(":id", "annuler", use: cancel)
    }

    struct Row: Encodable {
        let date: String
        let time: String
        let title: String
        let place: String
        let capacity: Int
        let isCancelled: Bool
        let isSeries: Bool
        let audience: String
        let editHref: String
        let cancelHref: String
        /// Registrations, sign-in sheet and closing (`WorkshopAttendanceViews.swift`).
        var links: SessionLinks?
    }

    struct ListPage: Encodable {
        let layout: Layout
        var rows: [Row]
        /// The signed-in person's private calendar of the sessions they lead.
        let calendarURL: String
        /// People given a freed seat, to warn, across the coming sessions.
        var toNotify: [RegistrantView] = []
        /// Sessions of the last weeks, whose attendance may still be taken.
        var recent: [Row] = []
    }

    struct FormPage: Encodable {
        let layout: Layout
        let heading: String
        let action: String
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let sections: [FormSection]
    }

    struct CancelPage: Encodable {
        let layout: Layout
        let row: Row
        let action: String
        /// Everyone registered, with their contact: the mediator warns them.
        var toWarn: [RegistrantView] = []
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let (actor, structureId) = try planner(req)
        let sessions = try await req.workshops.upcoming(structureId: structureId, from: LocalDate.today())
        let names = try await req.places.names(of: Set(sessions.map(\.placeId)))
        let link = try await CalendarLinkModel.link(for: actor.id, on: req.db)
        var page = ListPage(layout: Layout(request: req, title: "Ateliers à venir"), rows: sessions.map { row($0, names: names) },
                            calendarURL: CalendarController.origin(req) + "/calendrier/mediateurs/\(link.token).ics")
        try await addRegistrations(to: &page, sessions: sessions, structureId: structureId, req: req)
        return try await req.view.render("Workshops/admin-list", page)
    }

    /// A new private calendar link; the old one stops working at once.
    @Sendable func renewCalendar(_ req: Request) async throws -> Response {
        let (actor, _) = try planner(req)
        _ = try req.verifiedForm()
        let link = try await CalendarLinkModel.link(for: actor.id, on: req.db)
        link.token = CalendarLinkModel.newToken()
        try await link.update(on: req.db)
        req.flash("Nouveau lien de calendrier créé : l'ancien ne fonctionne plus.")
        return req.redirect(to: WebPath.manageWorkshops)
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        let (actor, structureId) = try planner(req)
        var input = WorkshopInput()
        input.mediatorIds = [actor.id.uuidString.lowercased()]
        input.weeks = 1
        return try await render(req, structureId: structureId, heading: "Planifier un atelier", action: WebPath.newWorkshop,
                                input: input, failure: nil, isNew: true)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let (_, structureId) = try planner(req)
        let input = WorkshopInput(form: try req.verifiedForm())
        switch try await validate(input, req: req, structureId: structureId) {
        case let .failure(failure):
            return try await errorResponse(req, structureId: structureId, heading: "Planifier un atelier", action: WebPath.newWorkshop,
                                           input: input, failure: failure, isNew: true)
        case let .success(plan):
            let sessions = try await req.workshops.plan(plan, structureId: structureId)
            req.flash(sessions.count == 1 ? "Atelier planifié." : "\(sessions.count) séances planifiées.")
            return req.redirect(to: WebPath.manageWorkshops)
        }
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        let (_, structureId) = try planner(req)
        let session = try await findSession(req, structureId: structureId)
        let input = session.input(mediators: try await req.workshops.leaders(ofSession: session.id!))
        return try await render(req, structureId: structureId, heading: "Modifier la séance du \(LocalDate(iso: session.date)?.french ?? session.date)",
                                action: WebPath.manageWorkshop(session.id!), input: input, failure: nil, isNew: false)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let (_, structureId) = try planner(req)
        let session = try await findSession(req, structureId: structureId)
        var input = WorkshopInput(form: try req.verifiedForm())
        input.weeks = 1
        let heading = "Modifier la séance du \(LocalDate(iso: session.date)?.french ?? session.date)"
        switch try await validate(input, req: req, structureId: structureId) {
        case let .failure(failure):
            return try await errorResponse(req, structureId: structureId, heading: heading, action: WebPath.manageWorkshop(session.id!),
                                           input: input, failure: failure, isNew: false)
        case let .success(plan):
            try await req.workshops.update(session, with: plan)
            req.flash("Séance modifiée.")
            return req.redirect(to: WebPath.manageWorkshops)
        }
    }

    @Sendable func confirmCancel(_ req: Request) async throws -> View {
        let (_, structureId) = try planner(req)
        let session = try await findSession(req, structureId: structureId)
        let names = try await req.places.names(of: [session.placeId])
        var page = CancelPage(layout: Layout(request: req, title: "Annuler une séance"), row: row(session, names: names),
                              action: WebPath.cancelWorkshop(session.id!))
        page.toWarn = try await Self.peopleToWarn(of: session, req: req)
        return try await req.view.render("Workshops/cancel", page)
    }

    @Sendable func cancel(_ req: Request) async throws -> Response {
        let (_, structureId) = try planner(req)
        let session = try await findSession(req, structureId: structureId)
        _ = try req.verifiedForm()
        try await req.workshops.cancel(session)
        // The registrations page of a cancelled session lists the people to warn.
        req.flash("Séance annulée.")
        return req.redirect(to: WebPath.workshopRegistrations(session.id!))
    }

    // MARK: Helpers

    /// Mediators and coordinators of a structure plan its workshops.
    func planner(_ req: Request) throws -> (Actor, UUID) {
        let actor = try req.requireActor()
        guard Policy.canRecordActivities(actor), let structureId = actor.structureId else {
            throw Abort(.forbidden, reason: "Les ateliers se planifient avec un compte de médiateur ou de coordination d'une structure.")
        }
        return (actor, structureId)
    }

    func findSession(_ req: Request, structureId: UUID) async throws -> WorkshopModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let session = try await req.workshops.find(id, structureId: structureId) else { throw Abort(.notFound) }
        return session
    }

    private func validate(_ input: WorkshopInput, req: Request, structureId: UUID) async throws -> Result<WorkshopPlan, ValidationFailure> {
        switch WorkshopValidator().validate(input) {
        case let .failure(failure): return .failure(failure)
        case let .success(plan):
            let errors = try await req.workshops.check(plan, structureId: structureId)
            return errors.isEmpty ? .success(plan) : .failure(ValidationFailure(errors))
        }
    }

    func row(_ session: WorkshopModel, names: [UUID: String]) -> Row {
        let start = TimeOfDay(minutes: session.startMinutes)
        let end = TimeOfDay(minutes: min(1439, session.startMinutes + session.durationMinutes))
        let audiences: [InternalAudience] = CodeList.split(session.audiences)
        return Row(date: LocalDate(iso: session.date)?.french ?? session.date,
                   time: FrenchText.unbreakable("\(FrenchTime.text(minutes: start?.minutes ?? 0)) – \(FrenchTime.text(minutes: end?.minutes ?? 0))"),
                   title: session.title, place: names[session.placeId] ?? "", capacity: session.capacity,
                   isCancelled: session.isCancelled, isSeries: session.seriesId != nil,
                   audience: session.isPublic ? "Ouvert au public" : "Interne : " + audiences.map(\.label).joined(separator: ", "),
                   editHref: WebPath.manageWorkshop(session.id!), cancelHref: WebPath.cancelWorkshop(session.id!))
    }

    private func errorResponse(_ req: Request, structureId: UUID, heading: String, action: String, input: WorkshopInput,
                               failure: ValidationFailure, isNew: Bool) async throws -> Response {
        let view = try await render(req, structureId: structureId, heading: heading, action: action, input: input, failure: failure, isNew: isNew)
        let response = try await view.encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func render(_ req: Request, structureId: UUID, heading: String, action: String, input: WorkshopInput,
                        failure: ValidationFailure?, isNew: Bool) async throws -> View {
        let places = try await req.places.places(of: structureId, for: try req.requireActor())
        let leaders = try await req.workshops.leaders(of: structureId)
        let sections = WorkshopForm.sections(input: input, failure: failure, places: places, leaders: leaders, isNew: isNew)
        let summary = FormAnchor.errorLinks(for: failure, in: sections)
        let page = FormPage(layout: Layout(request: req, title: failure == nil ? heading : "Erreur — " + heading),
                            heading: heading, action: action, errorSummary: summary, sections: sections)
        return try await req.view.render("Workshops/admin-form", page)
    }
}

/// The sections of the workshop form.
enum WorkshopForm {
    static func sections(input: WorkshopInput, failure: ValidationFailure?, places: [PlaceSummary],
                         leaders: [WorkshopLeader], isNew: Bool) -> [FormSection] {
        func error(_ field: String) -> String? { failure?.message(for: field) }
        var title = FormField(type: "text", name: "title", id: "atelier-title", label: "Titre", hint: "Par exemple : Premiers pas sur la tablette.",
                              error: error("title"), value: input.title ?? "", required: true)
        title.maxLength = String(WorkshopLimits.titleLength)
        var description = FormField(type: "textarea", name: "description", id: "atelier-description", label: "Description (facultatif)",
                                    error: error("description"), value: input.description ?? "")
        description.maxLength = String(WorkshopLimits.descriptionLength)
        let themes = FormFields.choice("checkbox", name: "themes", label: "Thématiques", Theme.self, selected: input.themes,
                                       error: error("themes"), required: true)
        let level = FormFields.choice("radio", name: "level", label: "Niveau (facultatif)", WorkshopLevel.self,
                                      selected: [input.level ?? ""], error: error("level"))
        let selectedPlace = (input.placeId ?? "").lowercased()
        var placeOptions = [FormOption(value: "", label: "— Choisir un lieu —", id: "atelier-placeId-aucun", checked: selectedPlace.isEmpty)]
        placeOptions += places.map { place in
            let id = place.id.uuidString.lowercased()
            return FormOption(value: id, label: "\(place.name) (\(place.commune))", id: "atelier-placeId-\(id)", checked: selectedPlace == id)
        }
        let place = FormField(type: "select", name: "placeId", id: "atelier-placeId", label: "Lieu", error: error("placeId"),
                              options: placeOptions, required: true)
        var date = FormField(type: "date", name: "date", id: "atelier-date", label: isNew ? "Date (de la première séance)" : "Date",
                             error: error("date"), value: input.date ?? "", required: true)
        date.min = ActivityLimits.earliestDate.iso
        let start = FormField(type: "time", name: "startTime", id: "atelier-startTime", label: "Heure de début",
                              error: error("startTime"), value: input.startTime ?? "", required: true)
        var duration = FormField(type: "number", name: "durationMinutes", id: "atelier-durationMinutes", label: "Durée en minutes",
                                 error: error("durationMinutes"), value: input.durationMinutes.map(String.init) ?? "", required: true)
        duration.min = "15"
        duration.max = "600"
        var capacity = FormField(type: "number", name: "capacity", id: "atelier-capacity", label: "Nombre de places",
                                 error: error("capacity"), value: input.capacity.map(String.init) ?? "", required: true)
        capacity.min = "1"
        capacity.max = "500"
        var sessionFields = [date, start, duration, capacity]
        if isNew {
            var weeks = FormField(type: "number", name: "weeks", id: "atelier-weeks", label: "Nombre de séances, une par semaine",
                                  hint: "1 pour un atelier unique ; 6 pour « tous les mardis pendant six semaines ».",
                                  error: error("weeks"), value: String(input.weeks ?? 1))
            weeks.min = "1"
            weeks.max = "52"
            sessionFields.append(weeks)
        }
        let chosen = Set(input.mediatorIds.map { $0.lowercased() })
        let leadersField = FormField(type: "checkbox", name: "mediatorIds", id: "atelier-mediatorIds", label: "Animé par",
                                     error: error("mediatorIds"), options: leaders.map { leader in
                                         let id = leader.id.uuidString.lowercased()
                                         return FormOption(value: id, label: leader.name, id: "atelier-mediatorIds-\(id)", checked: chosen.contains(id))
                                     }, required: true)
        let audience = FormField(type: "radio", name: "public", id: "atelier-public", label: "Pour qui", error: error("public"), options: [
            FormOption(value: "oui", label: "Ouvert au public (inscription sur le site)", id: "atelier-public-oui", checked: input.isPublic),
            FormOption(value: "non", label: "Interne (agents, élus)", id: "atelier-public-non", checked: !input.isPublic),
        ])
        var internalAudience = FormFields.choice("checkbox", name: "audiences", label: "Public interne", InternalAudience.self,
                                                 selected: input.audiences, error: error("audiences"))
        internalAudience.showWhen = "public=non"
        return [
            FormSection(title: "L'atelier", fields: [title, description, themes, level]),
            FormSection(title: "Quand et où", fields: [place] + sessionFields),
            FormSection(title: "Qui", fields: [leadersField, audience, internalAudience]),
        ]
    }
}
