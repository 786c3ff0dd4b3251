import Foundation

/// The limits of an activity record (TAXONOMY.md and the foundation issue).
public enum ActivityLimits {
    public static let earliestDate = LocalDate(year: 2015, month: 1, day: 1)!
    public static let durationMinutes = 1...1440
    public static let participantCount = 1...10_000
    public static let notesLength = 5_000
    public static let titleLength = 200
    public static let procedureNameLength = 200
    public static let communeLength = 100
    /// The quick choices of duration every mediator gets, before their own most used values.
    public static let quickDurations = [15, 30, 45, 60, 90, 120]
}

/// Checks every rule of TAXONOMY.md "Activity" and "People accompanied" and builds the record.
/// It reports all the problems at once, each named by its field, in French. Whether a place
/// belongs to the mediator's structure is for the store to check: the core knows no places.
public struct ActivityValidator: Sendable {
    /// The day it is now in Paris: no activity can be recorded after it.
    public let today: LocalDate

    public init(today: LocalDate = .today()) {
        self.today = today
    }

    public func validate(_ input: ActivityInput) -> Result<ActivityDetails, ValidationFailure> {
        var check = Check(input: input, today: today)
        let details = check.run()
        if let details, check.errors.isEmpty { return .success(details) }
        return .failure(ValidationFailure(check.errors))
    }
}

/// One validation pass; collects errors as it goes.
private struct Check {
    let input: ActivityInput
    let today: LocalDate
    var errors: [FieldError]

    init(input: ActivityInput, today: LocalDate) {
        self.input = input
        self.today = today
        self.errors = input.readErrors
    }

    mutating func fail(_ field: String, _ message: String) {
        // One message per field is enough for a person to act on.
        if !errors.contains(where: { $0.field == field }) {
            errors.append(FieldError(field, message))
        }
    }

    mutating func run() -> ActivityDetails? {
        reportInapplicableFields()
        let kind = required(input.kind, "kind", ActivityKind.self, missing: "Choisissez le type d'activité.")
        let date = checkDate()
        let startTime = checkStartTime()
        let duration = checkDuration()
        let location = required(input.locationKind, "locationKind", LocationKind.self, missing: "Indiquez où l'activité a eu lieu.")
        let placeId = checkPlace(location)
        let commune = checkCommune(location)
        let themes = list(input.themes, "themes", Theme.self, missing: "Choisissez au moins une thématique.")
        let domains = checkProcedureDomains(themes)
        let procedureName = text(input.procedureName, "procedureName", max: ActivityLimits.procedureNameLength)
        let devices = checkDevices()
        let owners = checkDeviceOwners(devices)
        let mode = checkInterventionMode(kind)
        let mandate = checkMandate(mode)
        let autonomy = optional(input.autonomy, "autonomy", Autonomy.self)
        let level = optional(input.workshopLevel, "workshopLevel", WorkshopLevel.self)
        let title = text(input.title, "title", max: ActivityLimits.titleLength)
        let personId = checkPerson(kind)
        let participants = kind.flatMap { checkParticipants($0, linked: personId != nil) }
        let referral = optional(input.referralTarget, "referralTarget", ReferralTarget.self)
        let resourceId = checkResource(referral)
        let notes = text(input.notes, "notes", max: ActivityLimits.notesLength)

        guard let kind, let date, let duration, let location, let themes, let devices, let participants,
              errors.isEmpty else { return nil }
        return ActivityDetails(
            kind: kind, date: date, startTime: startTime, durationMinutes: duration,
            locationKind: location, placeId: placeId, commune: commune, themes: themes,
            procedureDomains: domains, procedureName: themes.contains(.adminProcedures) ? procedureName : nil,
            devices: devices, deviceOwners: owners, interventionMode: mode, mandate: mandate,
            autonomy: autonomy, workshopLevel: level, title: title, participants: participants,
            referralTarget: referral, notes: notes, resourceId: resourceId, personId: personId
        )
    }

    // MARK: Fields that depend on other choices

    mutating func reportInapplicableFields() {
        for field in ActivityField.allCases where input.isSet(field) && !ActivityField.applies(field, to: input) {
            fail(field.rawValue, Self.inapplicableMessage(field))
        }
    }

    static func inapplicableMessage(_ field: ActivityField) -> String {
        switch field {
        case .placeId: "Un lieu ne s'indique que pour une activité dans un lieu d'activité."
        case .commune: "La commune ne s'indique que pour une activité à domicile ou dans un autre lieu."
        case .procedureDomains, .procedureName: "Ne s'indique qu'avec la thématique « Aide aux démarches administratives »."
        case .deviceOwners: "Sans matériel, il n'y a pas de propriétaire du matériel."
        case .mandate: "Le mandat ne s'indique que si le médiateur a fait à la place de la personne."
        case .autonomy, .ageBracket, .socialStatus, .gender: "Ne s'indique que pour un accompagnement individuel."
        case .workshopLevel, .ageBreakdown, .statusBreakdown, .genderBreakdown: "Ne s'indique que pour un atelier collectif."
        case .title, .participantCount: "Ne s'indique que pour un atelier ou une formation interne."
        case .audiences: "Ne s'indique que pour une formation interne."
        case .resourceId: "Une ressource ne s'indique qu'avec une orientation de la personne."
        case .personId: "Une personne suivie ne s'indique que pour un accompagnement individuel."
        }
    }

    // MARK: Date, time, duration

    mutating func checkDate() -> LocalDate? {
        guard let raw = input.date, !raw.isEmpty else {
            fail("date", "Indiquez la date de l'activité.")
            return nil
        }
        guard let date = LocalDate(iso: raw) else {
            fail("date", "La date doit être une date réelle au format AAAA-MM-JJ.")
            return nil
        }
        if date > today {
            fail("date", "La date ne peut pas être dans le futur.")
            return nil
        }
        if date < ActivityLimits.earliestDate {
            fail("date", "La date ne peut pas être antérieure au 1er janvier 2015.")
            return nil
        }
        return date
    }

    mutating func checkStartTime() -> TimeOfDay? {
        guard let raw = input.startTime, !raw.isEmpty else { return nil }
        guard let time = TimeOfDay(text: raw) else {
            fail("startTime", "L'heure de début doit être au format HH:MM (par exemple 14:30).")
            return nil
        }
        return time
    }

    mutating func checkDuration() -> Int? {
        guard let minutes = input.durationMinutes else {
            fail("durationMinutes", "Indiquez la durée en minutes.")
            return nil
        }
        guard ActivityLimits.durationMinutes.contains(minutes) else {
            fail("durationMinutes", "La durée doit être comprise entre 1 et 1 440 minutes (24 heures).")
            return nil
        }
        return minutes
    }

    // MARK: Location

    mutating func checkPlace(_ location: LocationKind?) -> UUID? {
        guard location == .place else { return nil }
        guard let raw = input.placeId, !raw.isEmpty else {
            fail("placeId", "Choisissez le lieu de l'activité.")
            return nil
        }
        guard let id = UUID(uuidString: raw) else {
            fail("placeId", "Ce lieu n'existe pas.")
            return nil
        }
        return id
    }

    mutating func checkCommune(_ location: LocationKind?) -> String? {
        guard location?.requiresCommune == true else { return nil }
        guard let commune = text(input.commune, "commune", max: ActivityLimits.communeLength) else {
            if !errors.contains(where: { $0.field == "commune" }) {
                fail("commune", "Indiquez la commune où l'activité a eu lieu.")
            }
            return nil
        }
        return commune
    }

    // MARK: Referral

    /// A resource of the local catalogue, with a referral only. Whether it belongs to the
    /// structure is for the store to check: the core knows no catalogue.
    mutating func checkResource(_ referral: ReferralTarget?) -> UUID? {
        guard referral != nil, let raw = input.resourceId, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else {
            fail("resourceId", "Cette ressource n'existe pas.")
            return nil
        }
        return id
    }

    // MARK: Themes and devices

    mutating func checkProcedureDomains(_ themes: [Theme]?) -> [ProcedureDomain] {
        guard let themes, themes.contains(.adminProcedures) else { return [] }
        return list(input.procedureDomains, "procedureDomains", ProcedureDomain.self,
                    missing: "Choisissez au moins un domaine de démarche administrative.") ?? []
    }

    mutating func checkDevices() -> [Device]? {
        guard let devices = list(input.devices, "devices", Device.self, missing: "Indiquez le matériel utilisé (ou « Pas de matériel »).") else {
            return nil
        }
        if devices.contains(.none) && devices.count > 1 {
            fail("devices", "« Pas de matériel » ne peut pas être choisi avec un autre matériel.")
            return nil
        }
        return devices
    }

    mutating func checkDeviceOwners(_ devices: [Device]?) -> [DeviceOwner] {
        guard let devices, devices != [.none] else { return [] }
        return list(input.deviceOwners, "deviceOwners", DeviceOwner.self,
                    missing: "Indiquez à qui appartient le matériel utilisé.") ?? []
    }

    // MARK: How it went

    mutating func checkInterventionMode(_ kind: ActivityKind?) -> InterventionMode? {
        if kind == .individual, input.interventionMode == nil || input.interventionMode == "" {
            fail("interventionMode", "Indiquez comment s'est déroulé l'accompagnement (faire avec ou à la place).")
            return nil
        }
        return optional(input.interventionMode, "interventionMode", InterventionMode.self)
    }

    mutating func checkMandate(_ mode: InterventionMode?) -> Bool? {
        guard mode == .onBehalf else { return nil }
        guard let mandate = input.mandate else {
            fail("mandate", "Indiquez si vous avez agi sous mandat Aidants Connect.")
            return nil
        }
        return mandate
    }

    // MARK: People

    /// The followed person of an individual session, by id. Whether they exist in the
    /// structure is for the store to check: the core knows no people.
    mutating func checkPerson(_ kind: ActivityKind?) -> UUID? {
        guard kind == .individual, let raw = input.personId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else {
            fail("personId", "Cette personne suivie n'existe pas : choisissez-la dans la liste ou laissez « Personne anonyme ».")
            return nil
        }
        return id
    }

    /// `linked`: a followed person is chosen, whose age bracket the store computes from their
    /// year of birth; whatever was typed for it is not read (the form hides that field then).
    mutating func checkParticipants(_ kind: ActivityKind, linked: Bool = false) -> Participants? {
        switch kind {
        case .individual:
            let age: AgeBracket = linked ? .unknown : optional(input.ageBracket, "ageBracket", AgeBracket.self) ?? .unknown
            let status = optional(input.socialStatus, "socialStatus", SocialStatus.self) ?? .unknown
            let gender = optional(input.gender, "gender", Gender.self) ?? .unknown
            return .individual(AnonymousPerson(ageBracket: age, socialStatus: status, gender: gender))
        case .workshop:
            guard let count = checkParticipantCount() else { return nil }
            let ages = breakdown(input.ageBreakdown, "ageBreakdown", AgeBracket.self, total: count)
            let statuses = breakdown(input.statusBreakdown, "statusBreakdown", SocialStatus.self, total: count)
            let genders = breakdown(input.genderBreakdown, "genderBreakdown", Gender.self, total: count)
            guard let ages, let statuses, let genders else { return nil }
            return .group(GroupParticipants(count: count, ageBreakdown: ages, statusBreakdown: statuses, genderBreakdown: genders))
        case .internalTraining:
            let count = checkParticipantCount()
            let audiences = list(input.audiences, "audiences", InternalAudience.self, missing: "Indiquez le public de la formation (agents, élus).")
            guard let count, let audiences else { return nil }
            return .training(TrainingParticipants(count: count, audiences: audiences))
        }
    }

    mutating func checkParticipantCount() -> Int? {
        guard let count = input.participantCount else {
            fail("participantCount", "Indiquez le nombre de participants.")
            return nil
        }
        guard ActivityLimits.participantCount.contains(count) else {
            fail("participantCount", "Le nombre de participants doit être compris entre 1 et 10 000.")
            return nil
        }
        return count
    }

    /// A breakdown by code; the counts are zero or more and add up to at most the participants.
    mutating func breakdown<V: CodedVocabulary>(_ raw: [String: Int], _ field: String, _ type: V.Type, total: Int) -> [V: Int]? {
        var result: [V: Int] = [:]
        for (code, count) in raw {
            guard let value = V(code: code) else {
                fail(field, "« \(code) » n'est pas une valeur possible.")
                return nil
            }
            guard count >= 0 else {
                fail(field, "Les effectifs ne peuvent pas être négatifs.")
                return nil
            }
            // Checked one by one first, so that adding them up can never overflow.
            guard count <= total else {
                fail(field, "La répartition dépasse le nombre de participants (\(total)).")
                return nil
            }
            if count > 0 { result[value] = count }
        }
        if result.values.reduce(0, +) > total {
            fail(field, "La répartition dépasse le nombre de participants (\(total)).")
            return nil
        }
        return result
    }

    // MARK: Generic readers

    /// A required single code of a list.
    mutating func required<V: CodedVocabulary>(_ raw: String?, _ field: String, _ type: V.Type, missing: String) -> V? {
        guard let raw, !raw.isEmpty else {
            fail(field, missing)
            return nil
        }
        return optional(raw, field, type)
    }

    /// An optional single code: absent or empty is nil, an unknown code is an error.
    mutating func optional<V: CodedVocabulary>(_ raw: String?, _ field: String, _ type: V.Type) -> V? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = V(code: raw) else {
            fail(field, "« \(raw.prefix(50)) » n'est pas une valeur possible.")
            return nil
        }
        return value
    }

    /// One or more codes, returned once each in the order of the list (TAXONOMY.md).
    mutating func list<V: CodedVocabulary>(_ raw: [String], _ field: String, _ type: V.Type, missing: String) -> [V]? {
        guard !raw.isEmpty else {
            fail(field, missing)
            return nil
        }
        var chosen = Set<V>()
        for code in raw {
            guard let value = V(code: code) else {
                fail(field, "« \(code.prefix(50)) » n'est pas une valeur possible.")
                return nil
            }
            chosen.insert(value)
        }
        return V.allCases.filter(chosen.contains)
    }

    /// Free text, trimmed; empty is nil; longer than `max` characters is an error.
    mutating func text(_ raw: String?, _ field: String, max: Int) -> String? {
        guard let trimmed = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else {
            fail(field, "Ce texte dépasse \(French.integer(max)) caractères.")
            return nil
        }
        return trimmed
    }
}
