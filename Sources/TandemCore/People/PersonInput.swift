import Foundation

/// What the form sent for one followed person, before validation: everything is still text and
/// anything may be missing. `PersonValidator` turns it into `PersonDetails` or field errors. The
/// property names are the form's input names.
public struct PersonInput: Equatable, Sendable {
    public var firstName: String?
    public var lastInitial: String?
    public var birthYear: String?
    public var commune: String?
    public var phone: String?
    public var notes: String?
    /// The box « La personne est d'accord » was ticked.
    public var consentGiven = false
    /// ISO `AAAA-MM-JJ`.
    public var consentDate: String?
    public var consentPurpose: String?

    /// Problems met while reading the form (a field sent twice), reported with the validation errors.
    public var readErrors: [FieldError] = []

    public init() {}

    static let fieldNames: Set<String> = [
        "firstName", "lastInitial", "birthYear", "commune", "phone", "notes",
        "consentGiven", "consentDate", "consentPurpose",
    ]

    /// Reads a form post. Empty inputs count as absent. The consent box counts as ticked whatever
    /// value a checkbox sends (`on` by default, `oui`…), except an explicit `non`, `false` or `0`.
    public init(form: FormBody) {
        self.init()
        for name in form.repeatedNames(among: Self.fieldNames) {
            readErrors.append(FieldError(name, "Ce champ est répété."))
        }
        func string(_ name: String) -> String? {
            guard let value = form.value(name), !value.isEmpty else { return nil }
            return value
        }
        firstName = string("firstName")
        lastInitial = string("lastInitial")
        birthYear = string("birthYear")
        commune = string("commune")
        phone = string("phone")
        notes = string("notes")
        if let box = string("consentGiven")?.trimmingCharacters(in: .whitespaces).lowercased() {
            consentGiven = !["non", "false", "0", "no"].contains(box)
        }
        consentDate = string("consentDate")
        consentPurpose = string("consentPurpose")
    }
}
