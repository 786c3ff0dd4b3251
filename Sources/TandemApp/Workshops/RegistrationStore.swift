import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Why a registration was refused, in words for the person.
struct RegistrationRefusal: Error, Equatable {
    let message: String

    static let cancelled = RegistrationRefusal(message: "Cet atelier est annulé : il n'est plus possible de s'y inscrire.")
    static let started = RegistrationRefusal(message: "Cet atelier a déjà commencé : il n'est plus possible de s'y inscrire.")
    static let notPublic = RegistrationRefusal(message: "Cet atelier est réservé aux agents et aux élus : l'inscription se fait auprès de la structure.")
    static let alreadyRegistered = RegistrationRefusal(message: "Cette personne est déjà inscrite à cet atelier (même prénom et même contact).")
}

/// What a registration gave: a seat, or a place on the waiting list.
struct RegistrationOutcome: Sendable {
    let registration: RegistrationModel
    /// The private cancellation token, shown once to the person (only its hash is stored).
    let cancelToken: String
    /// 1 for the first on the waiting list; nil when the seat is confirmed.
    let waitingPosition: Int?

    var isConfirmed: Bool { waitingPosition == nil }
}

/// What a cancellation did: who cancelled, and who took the freed seat.
struct CancellationOutcome: Sendable {
    let registration: RegistrationModel
    let workshop: WorkshopModel
    let wasAlreadyCancelled: Bool
    let promoted: [RegistrationModel]
}

/// How full a session is.
struct SeatCount: Sendable, Equatable {
    let capacity: Int
    let confirmed: Int
    let waiting: Int

    var free: Int { max(0, capacity - confirmed) }
    var isFull: Bool { confirmed >= capacity }
}

/// Registrations to workshop sessions: seats, the waiting list, cancellations, attendance and the
/// erasure of contacts. Every change that counts seats runs in a write transaction that first
/// locks the session (BEGIN IMMEDIATE on SQLite, SELECT … FOR UPDATE on PostgreSQL), so two
/// people can never both take the last seat, whichever process serves them.
struct RegistrationStore {
    let db: any Database

    // MARK: Registering

    /// Registers someone: a confirmed seat while there are some, else the waiting list.
    /// `source` is `.online` for the public page (only public sessions that have not started) or
    /// `.desk` when a mediator registers someone (internal sessions too, until the day ends).
    func register(_ contact: RegistrationContact, to workshopId: UUID, source: RegistrationModel.Source, by userId: UUID?,
                  now: Date = Date()) async throws -> Result<RegistrationOutcome, RegistrationRefusal> {
        let token = RegistrationModel.newToken()
        return try await db.writeTransaction { db in
            guard let workshop = try await Self.lockedSession(workshopId, on: db) else { throw Abort(.notFound) }
            if let refusal = Self.refusal(for: workshop, source: source, now: now) { return .failure(refusal) }
            let active = try await RegistrationModel.query(on: db).filter(\.$workshopId == workshopId)
                .filter(\.$status ~~ [RegistrationModel.Status.confirmed.rawValue, RegistrationModel.Status.waiting.rawValue]).all()
            if active.contains(where: { Self.isSamePerson($0, contact) }) { return .failure(.alreadyRegistered) }
            let confirmed = active.filter(\.isConfirmed).count
            let registration = RegistrationModel()
            registration.id = UUID.random()
            registration.workshopId = workshopId
            registration.firstName = contact.firstName
            registration.phone = contact.phone
            registration.email = contact.email
            registration.consent = true
            registration.status = (confirmed < workshop.capacity ? RegistrationModel.Status.confirmed : .waiting).rawValue
            registration.source = source.rawValue
            registration.registeredBy = userId
            registration.rank = try await Self.nextRank(workshopId, on: db)
            registration.cancelTokenHash = RegistrationModel.hash(token: token)
            registration.toNotify = false
            try await registration.create(on: db)
            let position = registration.isWaiting ? active.filter(\.isWaiting).count + 1 : nil
            return .success(RegistrationOutcome(registration: registration, cancelToken: token, waitingPosition: position))
        }
    }

    static func refusal(for workshop: WorkshopModel, source: RegistrationModel.Source, now: Date) -> RegistrationRefusal? {
        if workshop.isCancelled { return .cancelled }
        switch source {
        case .online:
            if !workshop.isPublic { return .notPublic }
            if workshop.hasStarted(now: now) { return .started }
        case .desk:
            // At the desk, until the day is over.
            guard let day = LocalDate(iso: workshop.date), day >= LocalDate.today(now: now) else { return .started }
        }
        return nil
    }

    /// The same first name (case and accents aside) with the same phone or e-mail: a second
    /// click, not a second person. A family sharing one phone registers each first name.
    static func isSamePerson(_ registration: RegistrationModel, _ contact: RegistrationContact) -> Bool {
        func folded(_ text: String?) -> String? {
            text?.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
        }
        guard folded(registration.firstName) == folded(contact.firstName) else { return false }
        if let phone = contact.phone, registration.phone == phone { return true }
        if let email = contact.email, folded(registration.email) == folded(email) { return true }
        return false
    }

    // MARK: Cancelling

    /// Cancels with the private link's token. Nil when no registration has this token.
    func cancel(token: String) async throws -> CancellationOutcome? {
        let hash = RegistrationModel.hash(token: token)
        guard let found = try await RegistrationModel.query(on: db).filter(\.$cancelTokenHash == hash).first() else { return nil }
        return try await cancel(registrationId: found.id!)
    }

    /// Cancels a registration (the person's link, or a mediator for them); a freed seat goes to
    /// the first on the waiting list, who is then marked "à prévenir".
    func cancel(registrationId: UUID) async throws -> CancellationOutcome? {
        try await db.writeTransaction { db in
            guard let first = try await RegistrationModel.find(registrationId, on: db),
                  let workshop = try await Self.lockedSession(first.workshopId, on: db),
                  // Read again under the lock: another request may have changed it meanwhile.
                  let registration = try await RegistrationModel.find(registrationId, on: db) else { return nil }
            if registration.registrationStatus == .cancelled {
                return CancellationOutcome(registration: registration, workshop: workshop, wasAlreadyCancelled: true, promoted: [])
            }
            registration.status = RegistrationModel.Status.cancelled.rawValue
            registration.toNotify = false
            try await registration.update(on: db)
            let promoted = workshop.isCancelled ? [] : try await Self.fillSeats(of: workshop, on: db)
            return CancellationOutcome(registration: registration, workshop: workshop, wasAlreadyCancelled: false, promoted: promoted)
        }
    }

    /// Gives free seats to the waiting list, first come first served; returns who got one.
    /// Call inside a write transaction that locked the session (capacity raised, seat freed).
    static func fillSeats(of workshop: WorkshopModel, on db: any Database) async throws -> [RegistrationModel] {
        let id = try workshop.requireID()
        let confirmed = try await RegistrationModel.query(on: db).filter(\.$workshopId == id)
            .filter(\.$status == RegistrationModel.Status.confirmed.rawValue).count()
        let free = workshop.capacity - confirmed
        guard free > 0 else { return [] }
        let lucky = try await RegistrationModel.query(on: db).filter(\.$workshopId == id)
            .filter(\.$status == RegistrationModel.Status.waiting.rawValue).sort(\.$rank).limit(free).all()
        for registration in lucky {
            registration.status = RegistrationModel.Status.confirmed.rawValue
            registration.toNotify = true
            try await registration.update(on: db)
        }
        return lucky
    }

    /// The mediator warned this person of their seat: they leave the "à prévenir" list.
    func markNotified(_ registration: RegistrationModel) async throws {
        registration.toNotify = false
        try await registration.update(on: db)
    }

    // MARK: Reading

    func registration(_ id: UUID, in workshopId: UUID) async throws -> RegistrationModel? {
        guard let registration = try await RegistrationModel.find(id, on: db), registration.workshopId == workshopId else { return nil }
        return registration
    }

    /// Confirmed and waiting registrations of a session, in order of arrival (cancelled ones left out).
    func active(in workshopId: UUID) async throws -> [RegistrationModel] {
        try await RegistrationModel.query(on: db).filter(\.$workshopId == workshopId)
            .filter(\.$status != RegistrationModel.Status.cancelled.rawValue).sort(\.$rank).all()
    }

    func seats(of workshop: WorkshopModel) async throws -> SeatCount {
        try await seats(of: [workshop])[try workshop.requireID()] ?? SeatCount(capacity: workshop.capacity, confirmed: 0, waiting: 0)
    }

    /// Seat counts of several sessions in one query.
    func seats(of workshops: [WorkshopModel]) async throws -> [UUID: SeatCount] {
        let ids = workshops.compactMap(\.id)
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable {
            let workshop_id: UUID
            let status: String
            let n: Int
        }
        let rows = try await sql.select().column("workshop_id").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(RegistrationModel.schema)
            .where("workshop_id", .in, ids)
            .where("status", .notEqual, RegistrationModel.Status.cancelled.rawValue)
            .groupBy("workshop_id").groupBy("status")
            .all(decoding: Row.self)
        var result: [UUID: SeatCount] = [:]
        for workshop in workshops {
            guard let id = workshop.id else { continue }
            let mine = rows.filter { $0.workshop_id == id }
            result[id] = SeatCount(capacity: workshop.capacity,
                                   confirmed: mine.first { $0.status == RegistrationModel.Status.confirmed.rawValue }?.n ?? 0,
                                   waiting: mine.first { $0.status == RegistrationModel.Status.waiting.rawValue }?.n ?? 0)
        }
        return result
    }

    /// People given a freed seat whom the mediator has not warned yet, for the structure's
    /// sessions that are still to come.
    func toNotify(structureId: UUID, from day: LocalDate) async throws -> [(RegistrationModel, WorkshopModel)] {
        let sessions = try await WorkshopModel.query(on: db).filter(\.$structureId == structureId).filter(\.$date >= day.iso)
            .filter(\.$status == WorkshopModel.Status.scheduled.rawValue).all()
        let byId = Dictionary(uniqueKeysWithValues: sessions.compactMap { session in session.id.map { ($0, session) } })
        guard !byId.isEmpty else { return [] }
        let registrations = try await RegistrationModel.query(on: db).filter(\.$workshopId ~~ Array(byId.keys))
            .filter(\.$toNotify == true).filter(\.$status == RegistrationModel.Status.confirmed.rawValue).all()
        return registrations.compactMap { registration in byId[registration.workshopId].map { (registration, $0) } }
            .sorted { ($0.1.date, $0.1.startMinutes, $0.0.rank) < ($1.1.date, $1.1.startMinutes, $1.0.rank) }
    }

    // MARK: Attendance and closing

    /// Records who came among the confirmed registrations and how many came without registering,
    /// and creates or updates the session's one activity record, in one transaction. Closing
    /// again (a forgotten person, a typo) updates the same record: never a second one. With
    /// nobody present, `details` is nil and a record made by an earlier closing is removed.
    func close(_ workshopId: UUID, present: Set<UUID>, walkIns: Int, details: ActivityDetails?, mediatorId: UUID) async throws -> ActivityModel? {
        try await db.writeTransaction { db in
            guard let workshop = try await Self.lockedSession(workshopId, on: db) else { throw Abort(.notFound) }
            let confirmed = try await RegistrationModel.query(on: db).filter(\.$workshopId == workshopId)
                .filter(\.$status == RegistrationModel.Status.confirmed.rawValue).all()
            for registration in confirmed {
                let came = present.contains(try registration.requireID())
                if registration.attended != came {
                    registration.attended = came
                    try await registration.update(on: db)
                }
            }
            let existing: ActivityModel? = if let id = workshop.activityId { try await ActivityModel.find(id, on: db) } else { nil }
            var activity: ActivityModel?
            switch (details, existing) {
            case let (details?, existing?):
                let before = existing.details
                existing.apply(details)
                try await existing.update(on: db)
                try await Rollups.changed(existing, from: before, on: db)
                activity = existing
            case let (details?, nil):
                let created = ActivityModel(id: UUID.random(), structureId: workshop.structureId, mediatorId: mediatorId, details: details)
                try await created.create(on: db)
                try await Rollups.added([created], on: db)
                TandemMetrics.shared.activitiesRecorded(1)
                activity = created
            case let (nil, existing?):
                try await existing.delete(on: db)
                try await Rollups.removed([existing], on: db)
            case (nil, nil):
                break
            }
            workshop.walkIns = walkIns
            workshop.closedAt = Date()
            workshop.activityId = activity?.id
            try await workshop.update(on: db)
            return activity
        }
    }

    // MARK: Privacy

    /// Erases the first name, phone and e-mail of every registration to a session held before
    /// `day`; the rows stay, so the counts of registrations and attendance do not change.
    /// Returns how many registrations were erased.
    func eraseContacts(ofSessionsBefore day: LocalDate, now: Date = Date()) async throws -> Int {
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            let sessions = SQLSubquery.select { $0.column("id").from(WorkshopModel.schema).where("date", .lessThan, day.iso) }
            struct Row: Decodable { let n: Int }
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(RegistrationModel.schema)
                .where("contact_erased_at", .is, SQLLiteral.null).where("workshop_id", .in, sessions)
                .first(decoding: Row.self)?.n ?? 0
            guard count > 0 else { return 0 }
            try await sql.update(RegistrationModel.schema)
                .set("first_name", to: SQLLiteral.null).set("phone", to: SQLLiteral.null).set("email", to: SQLLiteral.null)
                .set("contact_erased_at", to: now)
                .where("contact_erased_at", .is, SQLLiteral.null).where("workshop_id", .in, sessions)
                .run()
            return count
        }
    }

    // MARK: Locking

    /// The session, read after taking its lock: on PostgreSQL a row lock held until the
    /// transaction ends; on SQLite the BEGIN IMMEDIATE of `writeTransaction` already holds the
    /// database's write lock.
    static func lockedSession(_ id: UUID, on db: any Database) async throws -> WorkshopModel? {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM \(ident: WorkshopModel.schema) WHERE id = \(bind: id) FOR UPDATE").run()
        }
        return try await WorkshopModel.find(id, on: db)
    }

    static func nextRank(_ workshopId: UUID, on db: any Database) async throws -> Int {
        let last = try await RegistrationModel.query(on: db).filter(\.$workshopId == workshopId).max(\.$rank)
        return (last ?? 0) + 1
    }

    /// Minutes since midnight, Paris time.
    static func minutesNow(_ now: Date) -> Int {
        let parts = LocalDate.parisCalendar.dateComponents([.hour, .minute], from: now)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}

extension Request {
    var registrations: RegistrationStore { RegistrationStore(db: db) }
}
