import Fluent
import Foundation
import TandemCore
import Vapor

/// A registered person as the mediators' pages show them: first name, contact and what can be
/// done for them (cancel, mark warned). Shown only to the structure's mediators, never on a
/// public page nor in a log.
struct RegistrantView: Encodable {
    let firstName: String
    let phone: String?
    /// `tel:` link, so that a mediator on a phone calls with one tap.
    let phoneHref: String?
    let email: String?
    /// Place in the confirmed list or on the waiting list.
    var position: Int?
    /// "en ligne" or "à l'accueil".
    var source: String?
    var toNotify = false
    /// The session, for the lists that span several ("mardi 08/12/2026, 14 h — Premiers pas").
    var session: String?
    /// "place confirmée" or "liste d'attente", for the cancellation list.
    var status: String?
    var cancelAction: String?
    /// The "Prévenu(e)" button's action, when the person is on the "à prévenir" list.
    var notifiedAction: String?

    init(_ registration: RegistrationModel) {
        firstName = registration.firstName ?? "Personne inscrite (coordonnées effacées)"
        phone = registration.phone
        phoneHref = registration.phone.map { "tel:" + $0.filter { $0 != " " } }
        email = registration.email
    }

    /// Someone to warn of a cancelled session, with where they stood.
    static func toWarn(_ registration: RegistrationModel) -> RegistrantView {
        var view = RegistrantView(registration)
        view.status = registration.isWaiting ? "liste d'attente" : "place confirmée"
        return view
    }

    /// Someone given a freed seat, with the button that takes them off the "à prévenir" list.
    static func toNotify(_ registration: RegistrationModel, notifiedAction: String, session: String? = nil) -> RegistrantView {
        var view = RegistrantView(registration)
        view.session = session
        view.notifiedAction = notifiedAction
        return view
    }
}

/// The registration and attendance links of one session on the planning list.
struct SessionLinks: Encodable {
    let registrationsHref: String
    /// "Inscriptions (5/8, 2 en attente)".
    let registrationsLabel: String
    let sheetHref: String
    let closeHref: String
    /// "clôturée" once attendance was taken.
    let closedTag: String?
}

/// How a session is named in lists that span several sessions.
enum SessionName {
    static func of(_ session: WorkshopModel) -> String {
        let time = FrenchText.unbreakable(FrenchTime.text(minutes: session.startMinutes))
        return "\(day(session)), \(time) — \(session.title)"
    }

    /// "mardi 08/12/2026".
    static func day(_ session: WorkshopModel) -> String {
        guard let day = LocalDate(iso: session.date) else { return session.date }
        return FrenchTime.weekdayName(day.isoWeekday) + " " + day.french
    }
}

extension WorkshopAdminController {
    /// Adds to the planning list what registrations need: per session its counts and links, the
    /// people to warn across the structure's coming sessions, and the recent sessions to close.
    func addRegistrations(to page: inout ListPage, sessions: [WorkshopModel], structureId: UUID, req: Request) async throws {
        let today = LocalDate.today()
        let recent = try await req.workshops.held(structureId: structureId, from: today.adding(days: -WorkshopAttendance.recentDays), before: today)
        let seats = try await req.registrations.seats(of: sessions + recent)
        let names = try await req.places.names(of: Set(recent.map(\.placeId)))
        page.rows = zip(page.rows, sessions).map { row, session in
            var row = row
            row.links = WorkshopAttendance.links(session, seats: seats[session.id!])
            return row
        }
        page.recent = recent.map { session in
            var row = row(session, names: names)
            row.links = WorkshopAttendance.links(session, seats: seats[session.id!])
            return row
        }
        page.toNotify = try await req.registrations.toNotify(structureId: structureId, from: today).map { registration, session in
            RegistrantView.toNotify(registration, notifiedAction: WebPath.registrationNotified(session.id!, registration.id!) + "?retour=liste",
                                    session: SessionName.of(session))
        }
    }

    /// Everyone registered to a session (seat or waiting list), to warn of its cancellation.
    static func peopleToWarn(of session: WorkshopModel, req: Request) async throws -> [RegistrantView] {
        try await req.registrations.active(in: session.requireID()).map(RegistrantView.toWarn)
    }
}

enum WorkshopAttendance {
    /// Past sessions shown on the planning list, to take their attendance a few days late.
    static let recentDays = 30

    static func links(_ session: WorkshopModel, seats: SeatCount?) -> SessionLinks? {
        guard let id = session.id else { return nil }
        let seats = seats ?? SeatCount(capacity: session.capacity, confirmed: 0, waiting: 0)
        let waiting = seats.waiting > 0 ? ", \(seats.waiting) en attente" : ""
        // A cancelled session's page lists the people to warn (the template shows no other link).
        let label = session.isCancelled ? "Personnes à prévenir de l'annulation" : "Inscriptions (\(seats.confirmed)/\(seats.capacity)\(waiting))"
        return SessionLinks(registrationsHref: WebPath.workshopRegistrations(id), registrationsLabel: label,
                            sheetHref: WebPath.signInSheet(id), closeHref: WebPath.closeWorkshop(id),
                            closedTag: session.closedAt == nil ? nil : "clôturée")
    }
}

extension WorkshopStore {
    /// The structure's sessions held from `day` to the day before `end`, newest first, cancelled
    /// ones left out: the ones whose attendance may still be taken.
    func held(structureId: UUID, from day: LocalDate, before end: LocalDate, limit: Int = 100) async throws -> [WorkshopModel] {
        try await WorkshopModel.query(on: db).filter(\.$structureId == structureId)
            .filter(\.$date >= day.iso).filter(\.$date < end.iso)
            .filter(\.$status == WorkshopModel.Status.scheduled.rawValue)
            .sort(\.$date, .descending).sort(\.$startMinutes, .descending).limit(limit).all()
    }
}
