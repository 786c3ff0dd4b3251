import Foundation

/// A valid followed person: only `PersonValidator` makes one from input.
public struct PersonDetails: Equatable, Sendable {
    /// First name or nickname, as typed (spaces collapsed).
    public var firstName: String
    /// One upper-case letter, or nil.
    public var lastInitial: String?
    public var birthYear: Int
    public var commune: String
    /// Ten digits starting with 0 (`0612345678`); `FrenchPhone.display` shows it grouped.
    public var phone: String?
    public var notes: String?
    /// The day the person agreed to be followed.
    public var consentDate: LocalDate
    /// What they agreed to.
    public var consentPurpose: String

    public init(firstName: String, lastInitial: String? = nil, birthYear: Int, commune: String, phone: String? = nil,
                notes: String? = nil, consentDate: LocalDate, consentPurpose: String = PersonValidator.defaultConsentPurpose) {
        self.firstName = firstName
        self.lastInitial = lastInitial
        self.birthYear = birthYear
        self.commune = commune
        self.phone = phone
        self.notes = notes
        self.consentDate = consentDate
        self.consentPurpose = consentPurpose
    }

    /// The input that describes this person, to fill the edit form.
    public var input: PersonInput {
        var input = PersonInput()
        input.firstName = firstName
        input.lastInitial = lastInitial
        input.birthYear = String(birthYear)
        input.commune = commune
        input.phone = phone.map(FrenchPhone.display)
        input.notes = notes
        input.consentGiven = true
        input.consentDate = consentDate.iso
        input.consentPurpose = consentPurpose
        return input
    }

    /// The age bracket today's statistics would count them in.
    public func ageBracket(on date: LocalDate) -> AgeBracket {
        AgeBracket.forBirthYear(birthYear, on: date)
    }
}

extension AgeBracket {
    /// The bracket of a person born in `year`, on `date`. Only the year of birth is known, so the
    /// age is the one reached during `date`'s year (`date.year - year`): someone born in 1956 counts
    /// as 70 for the whole of 2026, even before their birthday. A bracket is never typed for a
    /// followed person.
    public static func forBirthYear(_ year: Int, on date: LocalDate) -> AgeBracket {
        AgeBracket(birthYear: year, in: date.year)
    }
}

extension LocalDate {
    /// « 3 mars 2025 », « 1er juin 2026 ».
    public var frenchLong: String {
        (day == 1 ? "1er" : "\(day)") + " " + FrenchMonths.names[month - 1] + " \(year)"
    }
}
