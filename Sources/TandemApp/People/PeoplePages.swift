import Foundation
import TandemCore

/// A label and its value, as a `dl` line.
struct PersonFact: Encodable {
    let label: String
    let value: String
}

/// How a followed person is named on the mediators' pages: « Marie D. ».
enum PersonLabel {
    static func short(_ person: FollowedPersonModel) -> String {
        person.lastInitial.map { "\(person.firstName) \($0)." } ?? person.firstName
    }
}

// MARK: - The list

/// One person of the list.
struct PersonRow: Encodable {
    let id: String
    let name: String
    let ageBracket: String
    let commune: String
    /// « 3 séances, la dernière le 12/01/2026 », or « Aucune séance ».
    let sessions: String
    let href: String
    let possibleDuplicate: Bool

    init(_ person: FollowedPersonModel, tally: SessionTally?, today: LocalDate, possibleDuplicate: Bool) {
        let id = person.id!
        self.id = id.uuidString.lowercased()
        name = PersonLabel.short(person)
        ageBracket = AgeBracket.forBirthYear(person.birthYear, on: today).label
        commune = person.commune
        sessions = tally.map(\.french) ?? "Aucune séance"
        href = WebPath.person(id)
        self.possibleDuplicate = possibleDuplicate
    }
}

/// How many sessions a person had and when the last one was.
struct SessionTally: Equatable {
    let count: Int
    let last: LocalDate?

    var french: String {
        guard count > 0 else { return "Aucune séance" }
        let sessions = count == 1 ? "1 séance" : "\(French.integer(count)) séances"
        return last.map { sessions + (count == 1 ? ", le " : ", la dernière le ") + $0.french } ?? sessions
    }
}

struct PeopleListPage: Encodable {
    let layout: Layout
    let query: String
    let rows: [PersonRow]
    /// « 12 personnes suivies », « 2 personnes trouvées pour « Mar » ».
    let summary: String
    let duplicatesHref: String?
    let newPersonHref: String
    let previousHref: String?
    let nextHref: String?
    let pageNumber: Int
}

// MARK: - The form

struct PersonFormPage: Encodable {
    let layout: Layout
    let heading: String
    let action: String
    let submitLabel: String
    let errorSummary: [ActivityFormPage.FieldErrorLink]
    let sections: [FormSection]
    let cancelHref: String
}

/// The person form's fields from what was typed and the errors.
struct PersonFormBuilder {
    let input: PersonInput
    let failure: ValidationFailure?
    let today: LocalDate

    func error(_ field: String) -> String? { failure?.message(for: field) }

    func sections() -> [FormSection] { [who(), consent()] }

    func errorLinks() -> [ActivityFormPage.FieldErrorLink] {
        FormAnchor.errorLinks(for: failure, in: sections(), label: Self.label(of:))
    }

    /// The field's name in the error summary, so that « Obligatoire » says which field.
    static func label(of field: String) -> String? {
        switch field {
        case "firstName": "Prénom ou surnom"
        case "lastInitial": "Initiale du nom"
        case "birthYear": "Année de naissance"
        case "commune": "Commune"
        case "phone": "Téléphone"
        case "notes": "Notes"
        case "consentGiven": "Accord de la personne"
        case "consentDate": "Date de l'accord"
        case "consentPurpose": "Ce qu'elle a accepté"
        default: nil
        }
    }

    private func text(_ name: String, _ label: String, value: String?, type: String = "text", required: Bool = false,
                      hint: String? = nil, maxLength: Int? = nil) -> FormField {
        var field = FormField(type: type, name: name, id: name, label: label, hint: hint, error: error(name),
                              value: value ?? "", required: required)
        field.maxLength = maxLength.map(String.init)
        // A shared computer of a library must not offer one person's details to the next.
        field.autocomplete = "off"
        return field
    }

    private func who() -> FormSection {
        let first = text("firstName", "Prénom ou surnom", value: input.firstName, required: true,
                         hint: "Le nom de famille n'est pas noté : seulement son initiale, si elle aide à ne pas confondre.", maxLength: PersonLimits.firstNameLength.upperBound)
        let initial = text("lastInitial", "Initiale du nom (facultatif)", value: input.lastInitial, maxLength: 2)
        var year = text("birthYear", "Année de naissance", value: input.birthYear, type: "number", required: true,
                        hint: "Sa tranche d'âge en est déduite pour les statistiques.")
        year.min = String(today.year - PersonLimits.maximumAge)
        year.max = String(today.year)
        let commune = text("commune", "Commune où elle habite", value: input.commune, required: true, maxLength: PersonLimits.communeLength)
        let phone = text("phone", "Téléphone (facultatif)", value: input.phone, type: "tel",
                         hint: "Pour la rappeler, par exemple pour un rendez-vous.", maxLength: 20)
        var notes = FormField(type: "textarea", name: "notes", id: "notes", label: "Notes (facultatif)",
                              hint: "Seulement ce qui aide à l'accompagner : la personne peut demander à lire ces notes. Pas de jugement, rien sur sa santé.",
                              error: error("notes"), value: input.notes ?? "")
        notes.maxLength = String(PersonLimits.notesLength)
        return FormSection(title: "La personne", fields: [first, initial, year, commune, phone, notes])
    }

    private func consent() -> FormSection {
        let box = FormField(type: "checkbox", name: "consentGiven", id: "consentGiven", label: "Accord de la personne",
                            error: error("consentGiven"),
                            options: [FormOption(value: "oui", label: "La personne a donné son accord pour être suivie",
                                                 id: "consentGiven-oui", checked: input.consentGiven)],
                            required: true)
        var date = text("consentDate", "Date de l'accord", value: input.consentDate ?? today.iso, type: "date", required: true)
        date.max = today.iso
        let purpose = text("consentPurpose", "Ce qu'elle a accepté", value: input.consentPurpose ?? PersonValidator.defaultConsentPurpose,
                           required: true, maxLength: PersonLimits.consentPurposeLength)
        return FormSection(title: "Son accord",
                           hint: "Sans son accord, ne créez pas de fiche : enregistrez l'activité de façon anonyme.",
                           fields: [box, date, purpose])
    }
}

// MARK: - The person's page

/// One session with the person, as a table row.
struct PersonSessionRow: Encodable {
    let date: String
    let kind: String
    let themes: String
    let duration: String
    let autonomy: String
    let mediator: String
    let editHref: String
}

/// One referral made during a session.
struct PersonReferralRow: Encodable {
    let date: String
    let target: String
    let resource: String
}

/// One line of the autonomy table under the chart.
struct AutonomyRow: Encodable {
    let date: String
    let level: String
}

struct PersonPage: Encodable {
    let layout: Layout
    let heading: String
    let identity: [PersonFact]
    let consent: [PersonFact]
    let newActivityHref: String
    let editHref: String
    let dataHref: String
    let eraseHref: String
    /// The duplicates page, when this person is in a likely pair.
    let duplicatesHref: String?
    let sessions: [PersonSessionRow]
    /// The SVG chart, nil when no session has an autonomy level.
    let chart: String?
    let autonomySummary: String
    let autonomyRows: [AutonomyRow]
    let referrals: [PersonReferralRow]
}

// MARK: - Data, erasure, duplicates

/// The printable page of a person's data (right of access): exactly what the JSON download holds.
struct PersonDataPage: Encodable {
    struct Session: Encodable {
        let date: String
        let kind: String
        let themes: String
        let duration: String
        let place: String
        let autonomy: String
        let referral: String
        let mediator: String
    }

    let layout: Layout
    let heading: String
    let generatedOn: String
    let identity: [PersonFact]
    let consent: [PersonFact]
    let sessions: [Session]
    let personHref: String
    let jsonHref: String

    init(layout: Layout, heading: String, export: PersonDataExport, personHref: String, jsonHref: String) {
        self.layout = layout
        self.heading = heading
        generatedOn = LocalDate.today().frenchLong
        identity = [
            PersonFact(label: "Prénom ou surnom", value: export.firstName),
            PersonFact(label: "Initiale du nom", value: export.lastInitial ?? "Non renseignée"),
            PersonFact(label: "Année de naissance", value: "\(export.birthYear) (\(export.ageBracket))"),
            PersonFact(label: "Commune", value: export.commune),
            PersonFact(label: "Téléphone", value: export.phone ?? "Non renseigné"),
            PersonFact(label: "Notes", value: export.notes ?? "Aucune"),
        ]
        consent = [
            PersonFact(label: "Date de l'accord", value: LocalDate(iso: export.consent.date)?.frenchLong ?? export.consent.date),
            PersonFact(label: "Recueilli par", value: export.consent.recordedBy),
            PersonFact(label: "Pour", value: export.consent.purpose),
        ]
        sessions = export.sessions.map { entry in
            let referral = [entry.referralTarget, entry.resource].compactMap { $0 }.joined(separator: " — ")
            return Session(date: LocalDate(iso: entry.date)?.french ?? entry.date, kind: entry.kind,
                           themes: entry.themes.joined(separator: ", "), duration: French.duration(minutes: entry.durationMinutes),
                           place: entry.place ?? "—", autonomy: entry.autonomy ?? "Non noté",
                           referral: referral.isEmpty ? "—" : referral, mediator: entry.mediator)
        }
        self.personHref = personHref
        self.jsonHref = jsonHref
    }
}

struct PersonErasePage: Encodable {
    let layout: Layout
    let name: String
    /// What becomes of the sessions, in one sentence.
    let sessionsSentence: String
    let action: String
    let personHref: String
}

/// One person of a likely duplicate pair, as the duplicates page shows them side by side.
struct DuplicateSide: Encodable {
    let id: String
    let name: String
    let facts: [PersonFact]
    let href: String
}

struct DuplicatePair: Encodable {
    let number: Int
    let first: DuplicateSide
    let second: DuplicateSide
}

struct DuplicatesPage: Encodable {
    let layout: Layout
    let pairs: [DuplicatePair]
    let action: String
    let error: String?
    let peopleHref: String
}
