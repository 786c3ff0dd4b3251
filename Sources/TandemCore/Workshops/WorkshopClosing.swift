import Foundation

/// The limits of closing a workshop session.
public enum WorkshopClosingLimits {
    /// People who came without registering: a room holds a few hundred at most.
    public static let walkIns = 0...500
}

/// What closing needs to know of a planned session, without the database.
public struct ClosingSession: Equatable, Sendable {
    public var title: String
    public var date: LocalDate
    public var startTime: TimeOfDay?
    public var durationMinutes: Int
    public var placeId: UUID
    public var themes: [String]
    public var level: String?
    public var isPublic: Bool
    public var audiences: [String]
    public var isCancelled: Bool

    public init(title: String, date: LocalDate, startTime: TimeOfDay?, durationMinutes: Int, placeId: UUID, themes: [String],
                level: String?, isPublic: Bool, audiences: [String], isCancelled: Bool = false) {
        self.title = title
        self.date = date
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.placeId = placeId
        self.themes = themes
        self.level = level
        self.isPublic = isPublic
        self.audiences = audiences
        self.isCancelled = isCancelled
    }

    /// A public session is a collective workshop; an internal one trains the structure's staff
    /// or elected officials.
    public var activityKind: ActivityKind { isPublic ? .workshop : .internalTraining }

    public var hasAdministrativeProcedures: Bool { themes.contains(Theme.adminProcedures.code) }
}

/// What the closing form sent: who came, how many came without registering, and what the
/// session's activity record needs that planning did not say (devices, procedures, breakdowns).
public struct WorkshopClosingInput: Equatable, Sendable {
    /// Ids of the confirmed registrations ticked "présent".
    public var present: [String] = []
    public var walkIns: Int?
    /// The mediator confirmed closing a session nobody came to.
    public var confirmsNobody = false
    /// Only devices, device owners, procedure domains and name, and breakdowns are read from
    /// it; everything else comes from the session, so the form cannot contradict the planning.
    public var activity = ActivityInput()
    public var readErrors: [FieldError] = []

    public init() {}

    /// Reads a posted form: checkboxes `present`, the number `walkIns`, `aucun=oui` to confirm
    /// an empty session, and the activity form's own names for the rest.
    public init(form: FormBody) {
        self.init()
        for name in form.repeatedNames(among: ["walkIns", "aucun"]) { readErrors.append(FieldError(name, "Ce champ est répété.")) }
        present = form.values("present").filter { !$0.isEmpty }
        if let raw = form.value("walkIns")?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let value = Int(raw) { walkIns = value } else {
                readErrors.append(FieldError("walkIns", "Indiquez un nombre entier de personnes (0 si personne)."))
            }
        }
        confirmsNobody = form.value("aucun") == "oui"
        activity = ActivityInput(form: form)
    }
}

/// What closing a session comes to.
public enum ClosingDecision: Equatable, Sendable {
    /// People came: these registrations were present, and the session's activity is this record.
    case record(ActivityDetails, present: Set<UUID>, walkIns: Int)
    /// Nobody came and the mediator confirmed it: the session closes with no activity.
    case nobody
    /// Nobody ticked and no walk-in: ask before closing, since a forgotten tick would otherwise
    /// remove the record of an earlier closing.
    case confirmNobody
}

/// Turns a held session and its attendance into the activity record of the logbook, so that a
/// workshop is never typed twice.
public enum WorkshopClosing {
    /// Why the session cannot be closed at all (nil when it can): attendance is taken on the day
    /// or after, and a cancelled session has none.
    public static func refusal(_ session: ClosingSession, today: LocalDate) -> String? {
        if session.isCancelled { return "Cette séance est annulée : il n'y a pas de présences à noter." }
        if session.date > today {
            return "Cette séance a lieu le \(session.date.french) : les présences se notent le jour même ou après."
        }
        return nil
    }

    /// The activity record the session becomes: its date, time, duration, place, themes, level
    /// and title, the count of people who came, and what the closing form adds.
    public static func activityInput(_ session: ClosingSession, participantCount: Int, form: ActivityInput) -> ActivityInput {
        var input = ActivityInput()
        input.kind = session.activityKind.code
        input.date = session.date.iso
        input.startTime = session.startTime?.text
        input.durationMinutes = session.durationMinutes
        input.locationKind = LocationKind.place.code
        input.placeId = session.placeId.uuidString.lowercased()
        input.themes = session.themes
        input.title = session.title
        input.participantCount = participantCount
        input.devices = form.devices
        input.deviceOwners = form.deviceOwners
        if session.hasAdministrativeProcedures {
            input.procedureDomains = form.procedureDomains
            input.procedureName = form.procedureName
        }
        switch session.activityKind {
        case .workshop:
            input.workshopLevel = session.level
            input.ageBreakdown = form.ageBreakdown
            input.statusBreakdown = form.statusBreakdown
            input.genderBreakdown = form.genderBreakdown
        case .internalTraining:
            input.audiences = session.audiences
        case .individual:
            break
        }
        input.readErrors = form.readErrors
        // As on the activity form, an owner ticked before choosing "Pas de matériel" is dropped.
        return input.keepingApplicableFields()
    }

    /// Checks the closing form against the session and its confirmed registrations and decides
    /// what to record. Every problem is reported at once, named by its field.
    public static func decide(_ session: ClosingSession, confirmed: Set<UUID>, input: WorkshopClosingInput,
                              today: LocalDate) -> Result<ClosingDecision, ValidationFailure> {
        if let refusal = refusal(session, today: today) { return .failure(ValidationFailure([FieldError("date", refusal)])) }
        var errors = input.readErrors
        var present = Set<UUID>()
        for raw in input.present {
            guard let id = UUID(uuidString: raw), confirmed.contains(id) else {
                errors.append(FieldError("present", "La liste des inscrits a changé depuis l'ouverture de la page : vérifiez les présences."))
                break
            }
            present.insert(id)
        }
        let walkIns = input.walkIns ?? 0
        if !WorkshopClosingLimits.walkIns.contains(walkIns), !errors.contains(where: { $0.field == "walkIns" }) {
            errors.append(FieldError("walkIns", "Le nombre de personnes venues sans inscription va de 0 à 500."))
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        let count = present.count + walkIns
        if count == 0 { return .success(input.confirmsNobody ? .nobody : .confirmNobody) }
        let activity = activityInput(session, participantCount: count, form: input.activity)
        switch ActivityValidator(today: today).validate(activity) {
        case let .failure(failure): return .failure(failure)
        case let .success(details): return .success(.record(details, present: present, walkIns: walkIns))
        }
    }
}
