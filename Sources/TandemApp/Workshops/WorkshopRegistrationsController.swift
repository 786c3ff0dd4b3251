import Fluent
import Foundation
import TandemCore
import Vapor

/// The mediators' side of registrations: a session's seats and waiting list, registering someone
/// at the desk or on the phone, cancelling for them, the people to warn, and the printed sign-in
/// sheet. Same access rule as planning: the structure's mediators and coordinators; another
/// structure's session answers 404.
struct WorkshopRegistrationsController {
    private let planning = WorkshopAdminController()

    func register(_ routes: any RoutesBuilder) {
        let session = routes.grouped("gestion", "ateliers", ":id")
        session.get("inscriptions", use: show)
        session.post("inscriptions", use: registerAtDesk)
        session.post("inscriptions", ":registration", "annuler", use: cancel)
        session.post("inscriptions", ":registration", "prevenu", use: notified)
        session.get("emargement", use: sheet)
    }

    struct RegistrationsPage: Encodable {
        let layout: Layout
        let session: WorkshopAdminController.Row
        let seats: String
        let isCancelled: Bool
        /// Confirmed and waiting registrants of a cancelled session.
        let toWarnOfCancellation: [RegistrantView]
        /// Given a freed seat and not yet warned.
        let toNotify: [RegistrantView]
        let confirmed: [RegistrantView]
        let waiting: [RegistrantView]
        /// Why nobody can be registered any more (nil while the desk form shows).
        let closedToRegistration: String?
        let action: String
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let fields: [FormField]
        let sheetHref: String
        let closeHref: String
    }

    // MARK: The registrations page

    @Sendable func show(_ req: Request) async throws -> View {
        let session = try await planning.findSession(req, structureId: try planning.planner(req).1)
        return try await render(req, session: session, input: RegistrationInput(), failure: nil)
    }

    @Sendable func registerAtDesk(_ req: Request) async throws -> Response {
        let (actor, structureId) = try planning.planner(req)
        let session = try await planning.findSession(req, structureId: structureId)
        let input = RegistrationInput(form: try req.verifiedForm())
        let contact: RegistrationContact
        switch RegistrationValidator().validate(input) {
        case let .failure(failure): return try await refused(req, session: session, input: input, failure: failure)
        case let .success(valid): contact = valid
        }
        switch try await req.registrations.register(contact, to: session.requireID(), source: .desk, by: actor.id) {
        case let .failure(refusal):
            return try await refused(req, session: session, input: input, failure: ValidationFailure([FieldError("firstName", refusal.message)]))
        case let .success(outcome):
            req.flash(outcome.waitingPosition.map { "Inscription enregistrée : \(contact.firstName) est en liste d'attente (n° \($0))." }
                ?? "Inscription enregistrée : \(contact.firstName) a une place.")
            return req.redirect(to: WebPath.workshopRegistrations(try session.requireID()))
        }
    }

    /// A mediator cancels for someone (who phoned, say); the first on the waiting list gets the
    /// seat and joins the "à prévenir" list.
    @Sendable func cancel(_ req: Request) async throws -> Response {
        let (session, registration) = try await findRegistration(req)
        _ = try req.verifiedForm()
        let id = try session.requireID()
        if let refusal = Self.cancellationRefusal(session) { throw Abort(.unprocessableEntity, reason: refusal) }
        guard let outcome = try await req.registrations.cancel(registrationId: try registration.requireID()) else { throw Abort(.notFound) }
        var message = "Inscription de \(RegistrantView(outcome.registration).firstName) annulée."
        if !outcome.promoted.isEmpty {
            let names = outcome.promoted.map { RegistrantView($0).firstName }.joined(separator: ", ")
            message += " Place libérée : \(names) quitte la liste d'attente — à prévenir."
        }
        req.flash(message)
        return req.redirect(to: WebPath.workshopRegistrations(id))
    }

    /// The mediator warned someone of their seat. `retour=liste` comes back to the planning list.
    @Sendable func notified(_ req: Request) async throws -> Response {
        let (session, registration) = try await findRegistration(req)
        _ = try req.verifiedForm()
        try await req.registrations.markNotified(registration)
        req.flash("\(RegistrantView(registration).firstName) ne figure plus dans la liste « À prévenir ».")
        let back = req.query[String.self, at: "retour"] == "liste" ? WebPath.manageWorkshops : WebPath.workshopRegistrations(try session.requireID())
        return req.redirect(to: back)
    }

    // MARK: Sign-in sheet

    struct SheetPage: Encodable {
        let layout: Layout
        let title: String
        let when: String
        let place: String
        let leaders: String
        let audience: String
        let isCancelled: Bool
        let rows: [SheetRow]
        /// Numbers of the empty rows, for people who come without registering.
        let blankRows: [Int]
        let registrationsHref: String
        let closeHref: String
    }

    struct SheetRow: Encodable {
        let number: Int
        let firstName: String
    }

    /// The paper the participants sign: confirmed registrants only, by first name (no contact:
    /// the sheet goes round the room), then empty rows. People on the waiting list who come
    /// anyway sign an empty row, as anyone who did not register.
    @Sendable func sheet(_ req: Request) async throws -> View {
        let (_, structureId) = try planning.planner(req)
        let session = try await planning.findSession(req, structureId: structureId)
        let id = try session.requireID()
        let confirmed = try await req.registrations.active(in: id).filter(\.isConfirmed)
        let place = try await PlaceModel.find(session.placeId, on: req.db)
        let row = planning.row(session, names: [:])
        let rows = confirmed.enumerated().map { SheetRow(number: $0.offset + 1, firstName: RegistrantView($0.element).firstName) }
        let blanks = Self.blankRowCount(capacity: session.capacity, confirmed: rows.count)
        let page = SheetPage(
            layout: Layout(request: req, title: "Feuille d'émargement — \(session.title)"), title: session.title,
            when: SessionName.day(session) + ", " + row.time,
            place: place.map { "\($0.name), \($0.address), \($0.postalCode) \($0.commune)" } ?? "",
            leaders: try await leaderNames(of: id, req: req), audience: row.audience, isCancelled: session.isCancelled,
            rows: rows, blankRows: Array((rows.count + 1)...(rows.count + blanks)),
            registrationsHref: WebPath.workshopRegistrations(id), closeHref: WebPath.closeWorkshop(id))
        return try await req.view.render("Workshops/sheet", page)
    }

    /// The free seats and a few more (people come in pairs, or bring a neighbour), within one page.
    static func blankRowCount(capacity: Int, confirmed: Int) -> Int {
        min(20, max(5, capacity - confirmed + 3))
    }

    // MARK: Helpers

    /// Seats change only before the session: afterwards, attendance tells who came.
    static func cancellationRefusal(_ session: WorkshopModel) -> String? {
        if session.isCancelled { return "Cette séance est annulée : ses inscriptions ne changent plus." }
        if let day = LocalDate(iso: session.date), day < LocalDate.today() {
            return "Cette séance est passée : notez plutôt les présences à la clôture."
        }
        return nil
    }

    private func findRegistration(_ req: Request) async throws -> (WorkshopModel, RegistrationModel) {
        let (_, structureId) = try planning.planner(req)
        let session = try await planning.findSession(req, structureId: structureId)
        guard let raw = req.parameters.get("registration"), let id = UUID(uuidString: raw),
              let registration = try await req.registrations.registration(id, in: try session.requireID()) else { throw Abort(.notFound) }
        return (session, registration)
    }

    private func leaderNames(of session: UUID, req: Request) async throws -> String {
        let ids = try await req.workshops.leaders(ofSession: session)
        guard !ids.isEmpty else { return "" }
        return try await UserModel.query(on: req.db).filter(\.$id ~~ ids).sort(\.$displayName).all().map(\.displayName).joined(separator: ", ")
    }

    private func refused(_ req: Request, session: WorkshopModel, input: RegistrationInput, failure: ValidationFailure) async throws -> Response {
        let response = try await render(req, session: session, input: input, failure: failure).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func render(_ req: Request, session: WorkshopModel, input: RegistrationInput, failure: ValidationFailure?) async throws -> View {
        let id = try session.requireID()
        let registrations = try await req.registrations.active(in: id)
        let seats = try await req.registrations.seats(of: session)
        let names = try await req.places.names(of: [session.placeId])
        let canCancel = Self.cancellationRefusal(session) == nil
        func rows(_ list: [RegistrationModel]) -> [RegistrantView] {
            list.enumerated().map { index, registration in
                var row = RegistrantView(registration)
                row.position = index + 1
                row.source = registration.registrationSource == .desk ? "à l'accueil" : "en ligne"
                row.toNotify = registration.toNotify
                row.cancelAction = canCancel ? WebPath.cancelRegistration(id, registration.id!) : nil
                return row
            }
        }
        let fields = DeskRegistrationForm.fields(input: input, failure: failure)
        let title = "Inscriptions — \(session.title)"
        let page = RegistrationsPage(
            layout: Layout(request: req, title: failure == nil ? title : "Erreur — " + title),
            session: planning.row(session, names: names), seats: Self.seatsText(seats), isCancelled: session.isCancelled,
            toWarnOfCancellation: session.isCancelled ? registrations.map(RegistrantView.toWarn) : [],
            toNotify: session.isCancelled ? [] : registrations.filter { $0.toNotify && $0.isConfirmed }.map {
                RegistrantView.toNotify($0, notifiedAction: WebPath.registrationNotified(id, $0.id!))
            },
            confirmed: rows(registrations.filter(\.isConfirmed)), waiting: rows(registrations.filter(\.isWaiting)),
            closedToRegistration: RegistrationStore.refusal(for: session, source: .desk, now: Date())?.message,
            action: WebPath.workshopRegistrations(id),
            errorSummary: FormAnchor.errorLinks(for: failure, in: [FormSection(title: "", fields: fields)]),
            fields: fields, sheetHref: WebPath.signInSheet(id), closeHref: WebPath.closeWorkshop(id))
        return try await req.view.render("Workshops/registrations", page)
    }

    static func seatsText(_ seats: SeatCount) -> String {
        var parts = ["\(seats.confirmed) place\(seats.confirmed > 1 ? "s" : "") prise\(seats.confirmed > 1 ? "s" : "") sur \(seats.capacity)"]
        parts.append(seats.free == 0 ? "complet" : "\(seats.free) libre\(seats.free > 1 ? "s" : "")")
        if seats.waiting > 0 { parts.append("\(seats.waiting) en liste d'attente") }
        return parts.joined(separator: " · ")
    }
}

/// The desk registration form: the public form's fields and rules, worded for the mediator who
/// types someone else's contact (so the browser offers none of the mediator's own).
enum DeskRegistrationForm {
    static func fields(input: RegistrationInput, failure: ValidationFailure?) -> [FormField] {
        PublicRegistrationForm.fields(input: input, failure: failure).map { field in
            var field = field
            field.autocomplete = "off"
            switch field.name {
            case "phone": field.hint = "Un téléphone ou une adresse e-mail, pour prévenir la personne d'un changement ou d'une place libérée."
            case "email": field.hint = nil
            case "consent":
                field.options = field.options.map { option in
                    FormOption(value: option.value, label: "La personne accepte d'être contactée au sujet de cet atelier",
                               id: option.id, checked: option.checked)
                }
            default: break
            }
            return field
        }
    }
}
