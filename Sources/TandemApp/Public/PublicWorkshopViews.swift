import Fluent
import Foundation
import TandemCore
import Vapor

extension WorkshopModel {
    /// Public sessions still to come at `now`: later days, and today's that have not started.
    /// Internal sessions (staff, elected officials) and cancelled ones never show.
    static func upcomingPublic(on db: any Database, now: Date = Date()) -> QueryBuilder<WorkshopModel> {
        let today = LocalDate.today(now: now).iso
        let minutes = RegistrationStore.minutesNow(now)
        return WorkshopModel.query(on: db).filter(\.$isPublic == true)
            .filter(\.$status == WorkshopModel.Status.scheduled.rawValue)
            .group(.or) { later in
                later.filter(\.$date > today)
                later.group(.and) { $0.filter(\.$date == today).filter(\.$startMinutes > minutes) }
            }
    }
}

extension SeatCount {
    /// A session nobody has registered to yet.
    init(emptyOf session: WorkshopModel) {
        self.init(capacity: session.capacity, confirmed: 0, waiting: 0)
    }

    /// "3 places restantes", as the public reads it.
    var publicSentence: String {
        switch free {
        case 0: "Complet — liste d'attente"
        case 1: "1 place restante"
        default: "\(free) places restantes"
        }
    }
}

/// French wording of a session's day and hours.
enum WorkshopWording {
    /// "Mardi 12 mai 2026".
    static func day(_ session: WorkshopModel) -> String {
        guard let date = LocalDate(iso: session.date) else { return session.date }
        let text = FrenchTime.longDate(date) + " \(date.year)"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// "14 h – 16 h", never broken inside "16 h 30".
    static func hours(_ session: WorkshopModel) -> String {
        FrenchText.unbreakable(FrenchTime.text(range: session.startMinutes..<(session.startMinutes + session.durationMinutes)))
    }

    static func themes(_ session: WorkshopModel) -> [String] {
        (CodeList.split(session.themes) as [Theme]).map(\.label)
    }

    static func level(_ session: WorkshopModel) -> String? {
        session.level.flatMap { WorkshopLevel(code: $0)?.label }
    }

    /// What the waiting list promises (the store gives a freed seat to the first who waits).
    static let waitingPromise = "si une place se libère, elle vous est attribuée automatiquement et l'équipe vous prévient."

    /// "en 1re position", "en 2e position".
    static func position(_ rank: Int) -> String {
        "en \(rank)\(rank == 1 ? "re" : "e") position"
    }
}

/// The sessions of one day, under its heading.
struct PublicWorkshopDay: Encodable {
    let heading: String
    let workshops: [PublicWorkshopDetails]

    /// Groups sessions already in time order by their day.
    static func days(_ sessions: [WorkshopModel], places: [UUID: PlaceModel], seats: [UUID: SeatCount]) -> [PublicWorkshopDay] {
        let dates = sessions.map(\.date).reduce(into: [String]()) { dates, date in if dates.last != date { dates.append(date) } }
        let byDate = Dictionary(grouping: sessions, by: \.date)
        return dates.compactMap { date in
            guard let group = byDate[date], let first = group.first else { return nil }
            return PublicWorkshopDay(heading: WorkshopWording.day(first), workshops: group.map { session in
                PublicWorkshopDetails(session, place: places[session.placeId], seats: seats[session.id!] ?? SeatCount(emptyOf: session))
            })
        }
    }
}

/// Everything the public reads about one session: in the listing, on its page, on the
/// confirmation and on the cancellation page. Nothing about who registered.
struct PublicWorkshopDetails: Encodable {
    let href: String
    let title: String
    let paragraphs: [String]
    let day: String
    let hours: String
    let duration: String
    let placeName: String
    let placeHref: String
    let street: String
    let complement: String?
    let postalCode: String
    let commune: String
    let level: String?
    let themes: [String]
    let seats: String
    let isFull: Bool
    let calendarHref: String

    init(_ session: WorkshopModel, place: PlaceModel?, seats: SeatCount) {
        href = WebPath.workshop(session.id!)
        title = session.title
        paragraphs = (session.about ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        day = WorkshopWording.day(session)
        hours = WorkshopWording.hours(session)
        duration = FrenchText.unbreakable(French.duration(minutes: session.durationMinutes))
        placeName = place?.name ?? ""
        placeHref = WebPath.place(session.placeId)
        street = place?.address ?? ""
        complement = place?.complementAdresse
        postalCode = place?.postalCode ?? ""
        commune = place?.commune ?? ""
        level = WorkshopWording.level(session)
        themes = WorkshopWording.themes(session)
        self.seats = seats.publicSentence
        isFull = seats.isFull
        calendarHref = WebPath.workshopCalendar(session.id!)
    }
}

/// The public registration form: a first name and a way to reach the person.
enum PublicRegistrationForm {
    static func fields(input: RegistrationInput, failure: ValidationFailure?) -> [FormField] {
        func error(_ field: String) -> String? { failure?.message(for: field) }
        var firstName = FormField(type: "text", name: "firstName", id: "inscription-prenom", label: "Prénom",
                                  error: error("firstName"), value: input.firstName ?? "", required: true)
        firstName.maxLength = String(RegistrationLimits.firstNameLength)
        firstName.autocomplete = "given-name"
        var phone = FormField(type: "tel", name: "phone", id: "inscription-telephone", label: "Téléphone",
                              hint: "Un téléphone ou une adresse e-mail : l'un des deux suffit. L'équipe s'en sert seulement pour vous prévenir d'un changement ou d'une place libérée ; il est effacé quelques jours après l'atelier.",
                              error: error("phone"), value: input.phone ?? "")
        phone.autocomplete = "tel"
        var email = FormField(type: "email", name: "email", id: "inscription-email", label: "Adresse e-mail",
                              hint: "Facultative si vous avez donné un téléphone.", error: error("email"), value: input.email ?? "")
        email.maxLength = String(RegistrationLimits.emailLength)
        email.autocomplete = "email"
        let consent = FormField(type: "checkbox", name: "consent", id: "inscription-accord", label: "Être prévenu(e)",
                                error: error("consent"), options: [
                                    FormOption(value: "oui", label: "J'accepte d'être contacté(e) au sujet de cet atelier",
                                               id: "inscription-accord-oui", checked: input.consent),
                                ], required: true)
        return [firstName, phone, email, consent]
    }
}

/// A page of its own for a refusal that is not a form's (too many attempts, an unknown link).
enum PublicErrorPage {
    static func response(_ req: Request, status: HTTPResponseStatus, title: String, message: String) async throws -> Response {
        let page = ErrorPage(layout: Layout(request: req, title: title), status: Int(status.code), message: message)
        let response = try await req.view.render("error", page).encodeResponse(for: req)
        response.status = status
        return response
    }
}

extension Response {
    /// For pages that hold or follow a private link: kept out of search engines and caches.
    func keepPrivate() -> Response {
        headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex, nofollow")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return self
    }
}
