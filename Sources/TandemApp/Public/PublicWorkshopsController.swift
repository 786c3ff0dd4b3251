import Fluent
import Foundation
import TandemCore
import Vapor

/// The public workshops: `/ateliers` (what is coming, with filters), `/ateliers/{id}` (one
/// session and its registration form) and the confirmation after registering. No account: a
/// first name and a phone or an e-mail. Internal sessions answer 404, as if they did not exist.
struct PublicWorkshopsController {
    /// The listing shows this many sessions at most, then asks to narrow the search.
    static let listLimit = 100
    /// Where the confirmation finds the private link, once (see `docs/decisions.md`).
    static let confirmationKey = "inscription"

    /// Registrations per client address: 5 in any 10 minutes.
    let limiter: RateLimiter

    init(limiter: RateLimiter = RateLimiter(limit: 5, window: .seconds(600))) {
        self.limiter = limiter
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get("ateliers", use: list)
        routes.get("ateliers", ":id", use: show)
        routes.post("ateliers", ":id", use: registerPerson)
        routes.get("ateliers", ":id", "inscription-confirmee", use: confirmation)
    }

    // MARK: The listing

    struct ListPage: Encodable {
        let layout: Layout
        let filters: [FormField]
        let notices: [String]
        let resultSentence: String
        let days: [PublicWorkshopDay]
        let tooMany: Bool
        let calendarHref: String
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let now = Date()
        let today = LocalDate.today(now: now)
        var search = WorkshopSearch(req.url.query, today: today)
        var places = try await placesWithWorkshops(req, now: now)
        if let id = search.placeId, places[id] == nil {
            // A place without workshops to come stays chosen in the form, and lists none.
            if let place = try await PlaceModel.find(id, on: req.db) { places[id] = place } else {
                search.placeId = nil
                search.notices.append(WorkshopSearch.unknownPlace)
            }
        }
        let found = try await sessions(req, search: search, now: now)
        let shown = Array(found.prefix(Self.listLimit))
        let seats = try await req.registrations.seats(of: shown)
        let sortedPlaces = places.values.sorted { ($0.commune, $0.name) < ($1.commune, $1.name) }
        let page = ListPage(layout: Layout(request: req, title: "Les ateliers numériques"),
                            filters: search.fields(places: sortedPlaces, today: today), notices: search.notices,
                            resultSentence: Self.sentence(count: shown.count, filtered: !search.isEmpty),
                            days: PublicWorkshopDay.days(shown, places: places, seats: seats),
                            tooMany: found.count > Self.listLimit, calendarHref: WebPath.workshopsCalendar)
        return try await req.view.render("Public/workshops", page)
    }

    /// The places that hold public workshops to come, for the filter and the cards.
    private func placesWithWorkshops(_ req: Request, now: Date) async throws -> [UUID: PlaceModel] {
        let ids = try await WorkshopModel.upcomingPublic(on: req.db, now: now).unique().all(\.$placeId)
        guard !ids.isEmpty else { return [:] }
        let places = try await PlaceModel.query(on: req.db).filter(\.$id ~~ Array(Set(ids))).all()
        return Dictionary(places.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// One more than the page shows, to know whether there are more.
    private func sessions(_ req: Request, search: WorkshopSearch, now: Date) async throws -> [WorkshopModel] {
        let query = WorkshopModel.upcomingPublic(on: req.db, now: now)
        if let placeId = search.placeId { query.filter(\.$placeId == placeId) }
        if let from = search.from { query.filter(\.$date >= from.iso) }
        if let to = search.to { query.filter(\.$date <= to.iso) }
        if let theme = search.theme?.code {
            // Themes are stored as `a|b|c`: match whole codes only ("ai" is inside "maintenance").
            let first = theme + "|", last = "|" + theme, middle = "|" + theme + "|"
            query.group(.or) { one in
                one.filter(\.$themes == theme).filter(\.$themes =~ first).filter(\.$themes ~= last).filter(\.$themes ~~ middle)
            }
        }
        return try await query.sort(\.$date).sort(\.$startMinutes).sort(\.$title).limit(Self.listLimit + 1).all()
    }

    static func sentence(count: Int, filtered: Bool) -> String {
        switch count {
        case 0: filtered ? "Aucun atelier ne correspond à votre recherche." : "Aucun atelier public n'est prévu pour le moment."
        case 1: "Un atelier à venir."
        default: "\(count) ateliers à venir."
        }
    }

    // MARK: One session and its form

    struct SessionPage: Encodable {
        let layout: Layout
        let workshop: PublicWorkshopDetails
        let isCancelled: Bool
        let hasStarted: Bool
        /// A refusal of the store (already registered, just started…), above the form.
        let refusal: String?
        let form: RegistrationFormView?
    }

    struct RegistrationFormView: Encodable {
        let action: String
        let csrf: String
        let fields: [FormField]
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        /// When the session is full: where the person would be on the waiting list.
        let waitingNote: String?
        let submitLabel: String
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let session = try await publicSession(req)
        return try await render(req, session, input: RegistrationInput(), failure: nil, refusal: nil, status: .ok)
    }

    @Sendable func registerPerson(_ req: Request) async throws -> Response {
        let session = try await publicSession(req)
        let input = RegistrationInput(form: try req.verifiedForm())
        let contact: RegistrationContact
        switch Self.validate(input) {
        case let .failure(failure):
            return try await render(req, session, input: input, failure: failure, refusal: nil, status: .unprocessableEntity)
        case let .success(valid): contact = valid
        }
        // Only forms that would write count: a person correcting a typo is not held back.
        let decision = limiter.attempt(req.clientAddress)
        guard decision.isAllowed else { return try await tooManyAttempts(req, decision) }
        switch try await req.registrations.register(contact, to: session.requireID(), source: .online, by: nil) {
        case let .failure(refusal):
            return try await render(req, session, input: input, failure: nil, refusal: refusal.message, status: .conflict)
        case let .success(outcome):
            req.session.data[Self.confirmationKey] = StoredConfirmation(outcome).text
            return req.redirect(to: WebPath.registrationConfirmed(try session.requireID()))
        }
    }

    private func tooManyAttempts(_ req: Request, _ decision: RateLimiter.Decision) async throws -> Response {
        req.logger.notice("Inscriptions en ligne refusées : trop d'essais depuis une même adresse")
        let response = try await PublicErrorPage.response(
            req, status: .tooManyRequests, title: "Trop d'inscriptions",
            message: "Trop d'inscriptions depuis cette connexion : réessayez dans quelques minutes.")
        response.headers.replaceOrAdd(name: .retryAfter, value: String(max(1, Int(decision.retryAfter.components.seconds) + 1)))
        return response
    }

    private func render(_ req: Request, _ session: WorkshopModel, input: RegistrationInput, failure: ValidationFailure?,
                        refusal: String?, status: HTTPResponseStatus) async throws -> Response {
        let seats = try await req.registrations.seats(of: session)
        let place = try await PlaceModel.find(session.placeId, on: req.db)
        let hasStarted = session.hasStarted()
        let title = (failure == nil && refusal == nil ? "" : "Erreur — ") + session.title
        let page = SessionPage(layout: Layout(request: req, title: title), workshop: PublicWorkshopDetails(session, place: place, seats: seats),
                               isCancelled: session.isCancelled, hasStarted: hasStarted, refusal: refusal,
                               form: session.isCancelled || hasStarted ? nil : try form(req, session, seats: seats, input: input, failure: failure))
        let response = try await req.view.render("Public/workshop", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    private func form(_ req: Request, _ session: WorkshopModel, seats: SeatCount, input: RegistrationInput,
                      failure: ValidationFailure?) throws -> RegistrationFormView {
        let fields = PublicRegistrationForm.fields(input: input, failure: failure)
        let waitingNote = seats.isFull
            ? "Cet atelier est complet : en vous inscrivant, vous serez \(WorkshopWording.position(seats.waiting + 1)) sur la liste d'attente ; \(WorkshopWording.waitingPromise)"
            : nil
        return RegistrationFormView(action: WebPath.workshop(try session.requireID()), csrf: CSRF.token(for: req), fields: fields,
                                    errorSummary: FormAnchor.errorLinks(for: failure, in: [FormSection(title: "", fields: fields)]),
                                    waitingNote: waitingNote,
                                    submitLabel: seats.isFull ? "M'inscrire sur la liste d'attente" : "M'inscrire")
    }

    // MARK: The confirmation

    struct ConfirmationPage: Encodable {
        let layout: Layout
        let workshop: PublicWorkshopDetails
        /// False when the page is shown again: the link was shown once, and is not kept.
        let isFirstShow: Bool
        let isConfirmed: Bool
        let waitingSentence: String?
        let cancelURL: String?
    }

    /// Shows the private cancellation link once, from the session (never from the URL, which
    /// logs and browser histories keep), then forgets it.
    @Sendable func confirmation(_ req: Request) async throws -> Response {
        let session = try await publicSession(req)
        let id = try session.requireID()
        let stored = req.session.data[Self.confirmationKey].flatMap(StoredConfirmation.init(text:))
        let shown = stored?.workshopId == id ? stored : nil
        if shown != nil { req.session.data[Self.confirmationKey] = nil }
        let seats = try await req.registrations.seats(of: session)
        let place = try await PlaceModel.find(session.placeId, on: req.db)
        let page = ConfirmationPage(
            layout: Layout(request: req, title: "Inscription enregistrée"), workshop: PublicWorkshopDetails(session, place: place, seats: seats),
            isFirstShow: shown != nil, isConfirmed: shown?.waitingPosition == nil,
            waitingSentence: shown?.waitingPosition.map { "Vous êtes \(WorkshopWording.position($0)) sur la liste d'attente : \(WorkshopWording.waitingPromise)" },
            cancelURL: shown.map { CalendarController.origin(req) + WebPath.registrationCancellation(token: $0.token) })
        return try await req.view.render("Public/registered", page).encodeResponse(for: req).keepPrivate()
    }

    // MARK: Helpers

    /// The validator's verdict (it also refuses invisible control characters, which PostgreSQL
    /// would refuse to store).
    static func validate(_ input: RegistrationInput) -> Result<RegistrationContact, ValidationFailure> {
        RegistrationValidator().validate(input)
    }

    /// The session of the path if it is public; 404 otherwise (unknown, internal, bad id).
    private func publicSession(_ req: Request) async throws -> WorkshopModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let session = try await WorkshopModel.find(id, on: req.db), session.isPublic else { throw Abort(.notFound) }
        return session
    }
}

/// What the confirmation page needs, kept in the session between the form and that page.
struct StoredConfirmation: Equatable {
    let workshopId: UUID
    let token: String
    let waitingPosition: Int?

    init(_ outcome: RegistrationOutcome) {
        workshopId = outcome.registration.workshopId
        token = outcome.cancelToken
        waitingPosition = outcome.waitingPosition
    }

    init?(text: String) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let id = UUID(uuidString: parts[0]), let position = Int(parts[2]) else { return nil }
        workshopId = id
        token = parts[1]
        waitingPosition = position > 0 ? position : nil
    }

    var text: String { "\(workshopId.uuidString) \(token) \(waitingPosition ?? 0)" }
}
