import Fluent
import Foundation
import TandemCore
import Vapor

/// `/gestion/ateliers/{id}/cloture`: attendance is taken and the held session becomes one
/// activity of the logbook (`WorkshopClosing` builds it). Closing again shows what was recorded
/// and updates the same activity.
struct WorkshopClosingController {
    private let planning = WorkshopAdminController()

    func register(_ routes: any RoutesBuilder) {
        let session = routes.grouped("gestion", "ateliers", ":id")
        session.get("cloture", use: show)
        session.post("cloture", use: close)
    }

    struct ClosePage: Encodable {
        let layout: Layout
        let session: WorkshopAdminController.Row
        /// Why the session cannot be closed (then no form).
        let refusal: String?
        /// "Séance clôturée le 08/12/2026 à 16 h 10 : …" when attendance was already taken.
        let closedNote: String?
        let activityHref: String?
        /// Nothing ticked and nobody else came: the mediator confirms before closing.
        let confirmNobody: Bool
        /// Closing with nobody removes the activity an earlier closing recorded.
        let removesActivity: Bool
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let sections: [FormSection]
        let action: String
        let registrationsHref: String
        let sheetHref: String
    }

    /// What the page needs besides the form's values.
    private struct Context {
        let session: WorkshopModel
        let closing: ClosingSession
        let confirmed: [RegistrationModel]
        let activity: ActivityModel?
    }

    @Sendable func show(_ req: Request) async throws -> View {
        let context = try await load(req)
        return try await render(req, context, input: Self.previousInput(context), failure: nil)
    }

    @Sendable func close(_ req: Request) async throws -> Response {
        let (actor, _) = try planning.planner(req)
        let context = try await load(req)
        let input = WorkshopClosingInput(form: try req.verifiedForm())
        let confirmed = Set(context.confirmed.compactMap(\.id))
        let id = try context.session.requireID()
        switch WorkshopClosing.decide(context.closing, confirmed: confirmed, input: input, today: LocalDate.today()) {
        case let .failure(failure):
            return try await refused(req, context, input: input, failure: failure)
        case .success(.confirmNobody):
            return try await render(req, context, input: input, failure: nil, confirmNobody: true).encodeResponse(for: req)
        case .success(.nobody):
            _ = try await req.registrations.close(id, present: [], walkIns: 0, details: nil, mediatorId: actor.id)
            req.flash("Séance clôturée sans participant : rien n'est enregistré dans votre journal.")
        case let .success(.record(details, present, walkIns)):
            let errors = try await req.activities.checkReferences(of: details, structureId: context.session.structureId)
            if !errors.isEmpty { return try await refused(req, context, input: input, failure: ValidationFailure(errors)) }
            _ = try await req.registrations.close(id, present: present, walkIns: walkIns, details: details, mediatorId: actor.id)
            let count = details.participantCount
            req.flash("Séance clôturée : \(count) participant\(count > 1 ? "s" : "") enregistré\(count > 1 ? "s" : "") dans votre journal.")
        }
        return req.redirect(to: WebPath.closeWorkshop(id))
    }

    // MARK: Reading

    private func load(_ req: Request) async throws -> Context {
        let (_, structureId) = try planning.planner(req)
        let session = try await planning.findSession(req, structureId: structureId)
        let confirmed = try await req.registrations.active(in: try session.requireID()).filter(\.isConfirmed)
        let activity: ActivityModel? = if let id = session.activityId { try await ActivityModel.find(id, on: req.db) } else { nil }
        return Context(session: session, closing: Self.closingSession(session), confirmed: confirmed, activity: activity)
    }

    static func closingSession(_ session: WorkshopModel) -> ClosingSession {
        ClosingSession(title: session.title, date: LocalDate(iso: session.date) ?? ActivityLimits.earliestDate,
                       startTime: TimeOfDay(minutes: session.startMinutes), durationMinutes: session.durationMinutes,
                       placeId: session.placeId, themes: PlaceModel.list(session.themes), level: session.level,
                       isPublic: session.isPublic, audiences: PlaceModel.list(session.audiences), isCancelled: session.isCancelled)
    }

    /// The form as the last closing left it: who was ticked, the walk-ins, and the activity's
    /// devices, procedures and breakdowns; empty before a first closing.
    private static func previousInput(_ context: Context) -> WorkshopClosingInput {
        var input = WorkshopClosingInput()
        input.present = context.confirmed.filter { $0.attended == true }.compactMap { $0.id?.uuidString.lowercased() }
        input.walkIns = context.session.walkIns ?? 0
        if let activity = context.activity { input.activity = activity.details.input }
        return input
    }

    // MARK: Rendering

    private func refused(_ req: Request, _ context: Context, input: WorkshopClosingInput, failure: ValidationFailure) async throws -> Response {
        let response = try await render(req, context, input: input, failure: failure).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func render(_ req: Request, _ context: Context, input: WorkshopClosingInput, failure: ValidationFailure?,
                        confirmNobody: Bool = false) async throws -> View {
        let actor = try req.requireActor()
        let id = try context.session.requireID()
        let names = try await req.places.names(of: [context.session.placeId])
        let sections = ClosingForm.sections(context.closing, confirmed: context.confirmed, input: input, failure: failure)
        let activityHref = context.activity.flatMap { activity in
            Policy.canAccess(activityOf: activity.mediatorId, in: activity.structureId, actor: actor) ? activity.id.map(WebPath.editActivity) : nil
        }
        let title = failure == nil ? "Présences et clôture" : "Erreur — Présences et clôture"
        let page = ClosePage(
            layout: Layout(request: req, title: title), session: planning.row(context.session, names: names),
            refusal: WorkshopClosing.refusal(context.closing, today: LocalDate.today()),
            closedNote: context.session.closedAt.map { Self.closedNote($0, activity: context.activity) },
            activityHref: activityHref, confirmNobody: confirmNobody, removesActivity: context.activity != nil,
            errorSummary: FormAnchor.errorLinks(for: failure, in: sections), sections: sections,
            action: WebPath.closeWorkshop(id), registrationsHref: WebPath.workshopRegistrations(id), sheetHref: WebPath.signInSheet(id))
        return try await req.view.render("Workshops/close", page)
    }

    static func closedNote(_ closedAt: Date, activity: ActivityModel?) -> String {
        let parts = LocalDate.parisCalendar.dateComponents([.hour, .minute], from: closedAt)
        let time = FrenchText.unbreakable(FrenchTime.text(minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0)))
        let when = "Séance clôturée le \(LocalDate(closedAt).french) à \(time)"
        guard let activity else { return when + ", sans participant : aucune activité dans le journal." }
        let count = activity.participantCount
        return when + " : \(count) participant\(count > 1 ? "s" : "") dans le journal. "
            + "Corrigez ci-dessous si besoin : la même activité sera mise à jour."
    }
}

/// The sections of the closing form. The activity's own fields come from the activity form's
/// builder, so that their wording, codes and rules stay those of the logbook.
enum ClosingForm {
    static func sections(_ session: ClosingSession, confirmed: [RegistrationModel], input: WorkshopClosingInput,
                         failure: ValidationFailure?) -> [FormSection] {
        let activityFields = activityFields(input.activity, failure: failure)
        func field(_ name: String, showWhen: String? = nil) -> [FormField] {
            activityFields.filter { $0.name == name }.map { field in
                var field = field
                field.showWhen = showWhen
                return field
            }
        }
        var sections = [attendance(confirmed: confirmed, input: input, failure: failure),
                        FormSection(title: "Matériel", fields: field("devices") + field("deviceOwners", showWhen: "devices!=none"))]
        if session.hasAdministrativeProcedures {
            sections.append(FormSection(title: "Démarches administratives", fields: field("procedureDomains") + field("procedureName")))
        }
        if session.activityKind == .workshop {
            sections.append(FormSection(title: "Qui est venu (facultatif)", hint: "Chaque répartition compte au plus le nombre de participants.",
                                        fields: field("ageBreakdown") + field("statusBreakdown") + field("genderBreakdown")))
        }
        return sections
    }

    private static func attendance(confirmed: [RegistrationModel], input: WorkshopClosingInput, failure: ValidationFailure?) -> FormSection {
        let ticked = Set(input.present.map { $0.lowercased() })
        var fields: [FormField] = []
        if !confirmed.isEmpty {
            fields.append(FormField(type: "checkbox", name: "present", id: "present", label: "Personnes inscrites présentes",
                                    hint: "Cochez celles qui sont venues.", error: failure?.message(for: "present"),
                                    options: confirmed.compactMap { registration in
                                        guard let id = registration.id?.uuidString.lowercased() else { return nil }
                                        return FormOption(value: id, label: RegistrantView(registration).firstName, id: "present-\(id)",
                                                          checked: ticked.contains(id))
                                    }))
        }
        var walkIns = FormField(type: "number", name: "walkIns", id: "walkIns", label: "Personnes venues sans inscription",
                                hint: "0 si personne. Si personne n'est venu du tout, la séance sera clôturée sans activité dans votre journal.",
                                error: failure?.message(for: "walkIns"), value: input.walkIns.map(String.init) ?? "0", required: true)
        walkIns.min = String(WorkshopClosingLimits.walkIns.lowerBound)
        walkIns.max = String(WorkshopClosingLimits.walkIns.upperBound)
        fields.append(walkIns)
        return FormSection(title: "Présences", hint: confirmed.isEmpty ? "Personne n'était inscrit à cette séance." : nil, fields: fields)
    }

    /// The activity form's fields for what the session's planning does not say.
    private static func activityFields(_ input: ActivityInput, failure: ValidationFailure?) -> [FormField] {
        let builder = ActivityFormBuilder(input: input, failure: failure, places: [],
                                          quick: QuickChoices(lastPlaceId: nil, durations: [], themes: []), today: LocalDate.today())
        return builder.sections().flatMap(\.fields)
    }
}
