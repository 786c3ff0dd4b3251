import Foundation

/// The limits of a followed person's record (issue 7: the data kept minimal).
public enum PersonLimits {
    public static let firstNameLength = 1...40
    public static let communeLength = 80
    public static let notesLength = 2_000
    public static let consentPurposeLength = 200
    /// The oldest person followed is at most this old.
    public static let maximumAge = 110
}

/// Checks every rule of a followed person and builds the record, reporting all the problems at
/// once, each named by its form field, in French.
public struct PersonValidator: Sendable {
    /// What the form proposes as the purpose of the consent; the mediator may change it.
    public static let defaultConsentPurpose = "Suivre ses séances d'accompagnement et ses progrès vers l'autonomie"

    /// Said when the consent box is not ticked: the person is then accompanied anonymously.
    public static let consentRequiredMessage =
        "Sans l'accord de la personne, rien ne peut être gardé à son nom : seules les informations anonymes de l'accompagnement sont conservées."

    /// The day it is now in Paris: no consent after it, no birth after it.
    public let today: LocalDate

    public init(today: LocalDate = .today()) {
        self.today = today
    }

    public func validate(_ input: PersonInput) -> Result<PersonDetails, ValidationFailure> {
        var check = PersonCheck(input: input, today: today)
        let details = check.run()
        if let details, check.errors.isEmpty { return .success(details) }
        return .failure(ValidationFailure(check.errors))
    }
}

/// One validation pass; collects errors as it goes.
private struct PersonCheck {
    let input: PersonInput
    let today: LocalDate
    var errors: [FieldError]

    init(input: PersonInput, today: LocalDate) {
        self.input = input
        self.today = today
        self.errors = input.readErrors
    }

    mutating func fail(_ field: String, _ message: String) {
        if !errors.contains(where: { $0.field == field }) {
            errors.append(FieldError(field, message))
        }
    }

    mutating func run() -> PersonDetails? {
        let firstName = checkFirstName()
        let initial = checkLastInitial()
        let birthYear = checkBirthYear()
        let commune = checkCommune()
        let phone = checkPhone()
        let notes = checkNotes()
        if !input.consentGiven { fail("consentGiven", PersonValidator.consentRequiredMessage) }
        let consentDate = checkConsentDate(birthYear: birthYear)
        let purpose = checkConsentPurpose()
        guard let firstName, let birthYear, let commune, let consentDate, let purpose, errors.isEmpty else { return nil }
        return PersonDetails(firstName: firstName, lastInitial: initial, birthYear: birthYear, commune: commune,
                             phone: phone, notes: notes, consentDate: consentDate, consentPurpose: purpose)
    }

    /// Trimmed, inner runs of white space made one space; empty is nil.
    static func clean(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let words = raw.split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    mutating func checkFirstName() -> String? {
        guard let name = Self.clean(input.firstName) else {
            fail("firstName", "Indiquez le prénom ou le surnom de la personne.")
            return nil
        }
        guard PersonLimits.firstNameLength.contains(name.count) else {
            fail("firstName", "Le prénom ou le surnom ne doit pas dépasser \(PersonLimits.firstNameLength.upperBound) caractères.")
            return nil
        }
        let allowed = name.allSatisfy { $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "’" }
        guard allowed, name.contains(where: \.isLetter) else {
            fail("firstName", "Le prénom ou le surnom ne peut contenir que des lettres, des espaces, des traits d'union et des apostrophes.")
            return nil
        }
        return name
    }

    /// One letter; « M. » is read as « M ».
    mutating func checkLastInitial() -> String? {
        guard var text = Self.clean(input.lastInitial) else { return nil }
        if text.hasSuffix(".") { text.removeLast() }
        guard text.count == 1, let letter = text.first, letter.isLetter else {
            fail("lastInitial", "Indiquez seulement la première lettre du nom de famille (par exemple « M »).")
            return nil
        }
        return String(letter).uppercased()
    }

    mutating func checkBirthYear() -> Int? {
        guard let text = Self.clean(input.birthYear) else {
            fail("birthYear", "Indiquez l'année de naissance de la personne.")
            return nil
        }
        let earliest = today.year - PersonLimits.maximumAge
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text) else {
            fail("birthYear", "L'année de naissance s'écrit avec quatre chiffres, par exemple 1948.")
            return nil
        }
        guard (earliest...today.year).contains(year) else {
            fail("birthYear", "L'année de naissance doit être comprise entre \(earliest) et \(today.year).")
            return nil
        }
        return year
    }

    mutating func checkCommune() -> String? {
        requiredText(input.commune, "commune", missing: "Indiquez la commune où vit la personne.",
                     limit: PersonLimits.communeLength, tooLong: "Le nom de la commune")
    }

    /// A text that must be there, cleaned, and at most `limit` characters; nil after an error.
    mutating func requiredText(_ raw: String?, _ field: String, missing: String, limit: Int, tooLong subject: String) -> String? {
        guard let text = Self.clean(raw) else {
            fail(field, missing)
            return nil
        }
        guard text.count <= limit else {
            fail(field, "\(subject) ne doit pas dépasser \(limit) caractères.")
            return nil
        }
        return text
    }

    mutating func checkPhone() -> String? {
        guard let raw = Self.clean(input.phone) else { return nil }
        guard let phone = FrenchPhone.normalise(raw) else {
            fail("phone", "Ce numéro n'est pas un numéro français : 10 chiffres commençant par 0 (06 12 34 56 78) ou +33 suivi de 9 chiffres.")
            return nil
        }
        return phone
    }

    mutating func checkNotes() -> String? {
        guard let notes = input.notes?.trimmingCharacters(in: .whitespacesAndNewlines), !notes.isEmpty else { return nil }
        guard notes.count <= PersonLimits.notesLength else {
            fail("notes", "Les notes ne doivent pas dépasser \(French.integer(PersonLimits.notesLength)) caractères.")
            return nil
        }
        return notes
    }

    mutating func checkConsentDate(birthYear: Int?) -> LocalDate? {
        guard let raw = Self.clean(input.consentDate) else {
            fail("consentDate", "Indiquez la date à laquelle la personne a donné son accord.")
            return nil
        }
        guard let date = LocalDate(iso: raw) else {
            fail("consentDate", "La date de l'accord doit être une date réelle au format AAAA-MM-JJ.")
            return nil
        }
        if date > today {
            fail("consentDate", "La date de l'accord ne peut pas être dans le futur.")
            return nil
        }
        if let birthYear, date.year < birthYear {
            fail("consentDate", "La date de l'accord ne peut pas précéder l'année de naissance.")
            return nil
        }
        return date
    }

    mutating func checkConsentPurpose() -> String? {
        requiredText(input.consentPurpose, "consentPurpose", missing: "Indiquez à quoi la personne a donné son accord.",
                     limit: PersonLimits.consentPurposeLength, tooLong: "L'objet de l'accord")
    }
}
