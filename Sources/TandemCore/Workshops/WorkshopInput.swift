import Foundation

/// The limits of a planned workshop.
public enum WorkshopLimits {
    public static let titleLength = 150
    public static let descriptionLength = 2_000
    public static let durationMinutes = 15...600
    public static let capacity = 1...500
    /// A series is planned week by week, at most a year ahead.
    public static let weeks = 1...52
}

/// What a mediator typed to plan a workshop (or a weekly series of them), before validation.
public struct WorkshopInput: Equatable, Sendable {
    public var title: String?
    public var description: String?
    public var themes: [String] = []
    public var level: String?
    public var placeId: String?
    public var date: String?
    public var startTime: String?
    public var durationMinutes: Int?
    public var capacity: Int?
    public var mediatorIds: [String] = []
    /// Open to the public (registration on the public site), or internal (staff, elected officials).
    public var isPublic: Bool = true
    public var audiences: [String] = []
    /// How many weekly sessions to plan, the first on `date` (1 for a single workshop).
    public var weeks: Int?
    public var readErrors: [FieldError] = []

    public init() {}

    /// Reads a posted form: checkboxes `themes`, `mediatorIds`, `audiences`; `public` is `oui` or `non`.
    public init(form: FormBody) {
        self.init()
        let single: Set<String> = ["title", "description", "level", "placeId", "date", "startTime", "durationMinutes", "capacity", "public", "weeks"]
        for name in form.repeatedNames(among: single) { readErrors.append(FieldError(name, "Ce champ est répété.")) }
        func text(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String) -> Int? {
            guard let raw = text(name)?.trimmingCharacters(in: .whitespaces) else { return nil }
            guard let value = Int(raw) else {
                readErrors.append(FieldError(name, "Un nombre entier est attendu."))
                return nil
            }
            return value
        }
        title = text("title")
        description = text("description")
        themes = form.values("themes").filter { !$0.isEmpty }
        level = text("level")
        placeId = text("placeId")
        date = text("date")
        startTime = text("startTime")
        durationMinutes = number("durationMinutes")
        capacity = number("capacity")
        mediatorIds = form.values("mediatorIds").filter { !$0.isEmpty }
        switch text("public") {
        case nil, "oui": isPublic = true
        case "non": isPublic = false
        default: readErrors.append(FieldError("public", "Répondez par oui ou par non."))
        }
        audiences = form.values("audiences").filter { !$0.isEmpty }
        weeks = number("weeks")
    }
}

/// A valid workshop plan: one session, or the first of a weekly series.
public struct WorkshopPlan: Equatable, Sendable {
    public var title: String
    public var description: String?
    public var themes: [Theme]
    public var level: WorkshopLevel?
    public var placeId: UUID
    public var date: LocalDate
    public var startTime: TimeOfDay
    public var durationMinutes: Int
    public var capacity: Int
    public var mediatorIds: [UUID]
    public var isPublic: Bool
    public var audiences: [InternalAudience]
    public var weeks: Int

    /// The day of each session: the same weekday, week after week.
    public var sessionDates: [LocalDate] {
        (0..<weeks).map { date.adding(days: 7 * $0) }
    }
}

/// Checks a workshop plan. The store checks that the place and the mediators belong to the
/// structure; the core knows neither.
public struct WorkshopValidator: Sendable {
    public let today: LocalDate

    public init(today: LocalDate = .today()) {
        self.today = today
    }

    public func validate(_ input: WorkshopInput) -> Result<WorkshopPlan, ValidationFailure> {
        var errors = input.readErrors
        func fail(_ field: String, _ message: String) {
            if !errors.contains(where: { $0.field == field }) { errors.append(FieldError(field, message)) }
        }
        func trimmed(_ text: String?) -> String? {
            text?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        }
        let title = trimmed(input.title)
        if title == nil { fail("title", "Donnez un titre à l'atelier.") }
        if let title, title.count > WorkshopLimits.titleLength { fail("title", "Le titre dépasse \(WorkshopLimits.titleLength) caractères.") }
        let description = trimmed(input.description)
        if let description, description.count > WorkshopLimits.descriptionLength {
            fail("description", "La description dépasse \(French.integer(WorkshopLimits.descriptionLength)) caractères.")
        }
        var themes: [Theme] = []
        if input.themes.isEmpty { fail("themes", "Choisissez au moins une thématique.") }
        for code in input.themes {
            guard let theme = Theme(code: code) else { fail("themes", "« \(code.prefix(50)) » n'est pas une thématique."); break }
            if !themes.contains(theme) { themes.append(theme) }
        }
        themes = Theme.allCases.filter(themes.contains)
        var level: WorkshopLevel?
        if let raw = input.level {
            level = WorkshopLevel(code: raw)
            if level == nil { fail("level", "« \(raw.prefix(50)) » n'est pas un niveau.") }
        }
        let placeId = input.placeId.flatMap(UUID.init(uuidString:))
        if placeId == nil { fail("placeId", input.placeId == nil ? "Choisissez le lieu de l'atelier." : "Ce lieu n'existe pas.") }
        let date = input.date.flatMap(LocalDate.init(iso:))
        if input.date == nil { fail("date", "Indiquez la date de l'atelier.") }
        else if date == nil { fail("date", "La date doit être une date réelle au format AAAA-MM-JJ.") }
        else if let date, date < ActivityLimits.earliestDate { fail("date", "La date ne peut pas être antérieure au 1er janvier 2015.") }
        else if let date, date > today.adding(days: 366) { fail("date", "Un atelier se planifie au plus un an à l'avance.") }
        let start = input.startTime.flatMap(TimeOfDay.init(text:))
        if input.startTime == nil { fail("startTime", "Indiquez l'heure de début.") }
        else if start == nil { fail("startTime", "L'heure doit être au format HH:MM (par exemple 14:00).") }
        let duration = input.durationMinutes
        if duration == nil { fail("durationMinutes", "Indiquez la durée en minutes.") }
        else if let duration, !WorkshopLimits.durationMinutes.contains(duration) {
            fail("durationMinutes", "La durée d'un atelier va de 15 minutes à 10 heures.")
        }
        let capacity = input.capacity
        if capacity == nil { fail("capacity", "Indiquez le nombre de places.") }
        else if let capacity, !WorkshopLimits.capacity.contains(capacity) { fail("capacity", "Le nombre de places va de 1 à 500.") }
        var mediators: [UUID] = []
        if input.mediatorIds.isEmpty { fail("mediatorIds", "Choisissez au moins un médiateur.") }
        for raw in input.mediatorIds {
            guard let id = UUID(uuidString: raw) else { fail("mediatorIds", "Un médiateur choisi n'existe pas."); break }
            if !mediators.contains(id) { mediators.append(id) }
        }
        var audiences: [InternalAudience] = []
        if input.isPublic {
            if !input.audiences.isEmpty { fail("audiences", "Le public interne ne s'indique que pour un atelier interne.") }
        } else {
            if input.audiences.isEmpty { fail("audiences", "Indiquez le public de l'atelier interne (agents, élus).") }
            for code in input.audiences {
                guard let audience = InternalAudience(code: code) else { fail("audiences", "« \(code.prefix(50)) » n'est pas un public interne."); break }
                if !audiences.contains(audience) { audiences.append(audience) }
            }
            audiences = InternalAudience.allCases.filter(audiences.contains)
        }
        let weeks = input.weeks ?? 1
        if !WorkshopLimits.weeks.contains(weeks) { fail("weeks", "Une série compte de 1 à 52 séances hebdomadaires.") }
        guard errors.isEmpty, let title, let placeId, let date, let start, let duration, let capacity else {
            return .failure(ValidationFailure(errors))
        }
        if start.minutes + duration > 24 * 60 {
            return .failure(ValidationFailure([FieldError("durationMinutes", "L'atelier doit finir le jour même.")]))
        }
        return .success(WorkshopPlan(title: title, description: description, themes: themes, level: level, placeId: placeId,
                                     date: date, startTime: start, durationMinutes: duration, capacity: capacity,
                                     mediatorIds: mediators, isPublic: input.isPublic, audiences: audiences, weeks: weeks))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
