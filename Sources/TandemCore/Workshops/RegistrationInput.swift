import Foundation

/// The limits of a registration to a workshop.
public enum RegistrationLimits {
    public static let firstNameLength = 60
    public static let emailLength = 254
}

/// What a person (on the public page) or a mediator (at the desk, on the phone) typed to register
/// someone to a workshop, before validation.
public struct RegistrationInput: Equatable, Sendable {
    public var firstName: String?
    public var phone: String?
    public var email: String?
    /// "I agree to be contacted about this workshop": required, since the contact is only kept
    /// to warn the person (a change, a freed seat).
    public var consent: Bool = false
    public var readErrors: [FieldError] = []

    public init(firstName: String? = nil, phone: String? = nil, email: String? = nil, consent: Bool = false) {
        self.firstName = firstName
        self.phone = phone
        self.email = email
        self.consent = consent
    }

    /// Reads a posted form: `firstName`, `phone`, `email`, and the checkbox `consent` (`oui`).
    public init(form: FormBody) {
        self.init()
        for name in form.repeatedNames(among: ["firstName", "phone", "email", "consent"]) {
            readErrors.append(FieldError(name, "Ce champ est répété."))
        }
        func text(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        firstName = text("firstName")
        phone = text("phone")
        email = text("email")
        consent = text("consent") == "oui"
    }
}

/// A valid registration's identity: a first name and at least one way to reach the person.
public struct RegistrationContact: Equatable, Sendable {
    public var firstName: String
    /// Written the French way (`06 12 34 56 78`) or `+44 …` for a number from abroad.
    public var phone: String?
    public var email: String?

    public init(firstName: String, phone: String?, email: String?) {
        self.firstName = firstName
        self.phone = phone
        self.email = email
    }
}

/// Checks a registration. Public forms meet robots and typing slips alike: every refusal says
/// what to change, and nothing absurd (a link, markup, a name of digits) is kept.
public struct RegistrationValidator: Sendable {
    public init() {}

    public func validate(_ input: RegistrationInput) -> Result<RegistrationContact, ValidationFailure> {
        var errors = input.readErrors
        func fail(_ field: String, _ message: String) {
            if !errors.contains(where: { $0.field == field }) { errors.append(FieldError(field, message)) }
        }
        // A pasted text may carry invisible control characters: name them before anything else.
        for (field, text) in [("firstName", input.firstName), ("phone", input.phone), ("email", input.email)]
        where text?.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) == true {
            fail(field, "Ce champ contient un caractère invisible : effacez-le et tapez-le à nouveau.")
        }
        let firstName = input.firstName.map(Self.collapsingSpaces) ?? ""
        if firstName.isEmpty { fail("firstName", "Indiquez votre prénom.") }
        else if firstName.count > RegistrationLimits.firstNameLength {
            fail("firstName", "Le prénom dépasse \(RegistrationLimits.firstNameLength) caractères.")
        } else if !Self.isPlausibleName(firstName) {
            fail("firstName", "Le prénom ne peut contenir que des lettres, des espaces, des traits d'union et des apostrophes.")
        }
        let phoneText = input.phone.map(Self.collapsingSpaces) ?? ""
        let emailText = input.email.map(Self.collapsingSpaces) ?? ""
        var phone: String?
        var email: String?
        if !phoneText.isEmpty {
            phone = PhoneNumber.normalized(phoneText)
            if phone == nil { fail("phone", "Le numéro de téléphone doit compter 10 chiffres (par exemple 06 12 34 56 78), ou commencer par + depuis l'étranger.") }
        }
        if !emailText.isEmpty {
            if EmailAddress.isPlausible(emailText) { email = emailText }
            else { fail("email", "L'adresse e-mail doit ressembler à nom@exemple.fr.") }
        }
        if phoneText.isEmpty && emailText.isEmpty {
            fail("phone", "Indiquez un numéro de téléphone ou une adresse e-mail, pour être prévenu en cas de changement.")
        }
        if !input.consent { fail("consent", "Cochez la case pour accepter d'être contacté au sujet de cet atelier.") }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(RegistrationContact(firstName: firstName, phone: phone, email: email))
    }

    static func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Letters of any alphabet, with spaces, hyphens, apostrophes and dots (« Marie-Hélène »,
    /// « N'Diaye », « J. »), and at least one letter.
    static func isPlausibleName(_ name: String) -> Bool {
        let allowed = CharacterSet.letters.union(CharacterSet(charactersIn: " -'’."))
        return name.unicodeScalars.allSatisfy(allowed.contains) && name.unicodeScalars.contains(where: CharacterSet.letters.contains)
    }
}

/// Telephone numbers as people type them: `06 12 34 56 78`, `06.12.34.56.78`, `+33 6 12 34 56 78`.
public enum PhoneNumber {
    /// The number written the French way, or nil if it cannot be one.
    public static func normalized(_ text: String) -> String? {
        let allowed = CharacterSet(charactersIn: "0123456789+ .-()")
        guard text.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        let international = text.hasPrefix("+") || text.hasPrefix("00")
        var digits = text.filter(\.isASCII).filter(\.isNumber)
        if text.hasPrefix("00") { digits.removeFirst(2) }
        if international {
            // French numbers from abroad (+33 6 …) are written the French way.
            if digits.hasPrefix("33") {
                var national = String(digits.dropFirst(2))
                if national.hasPrefix("0") { national.removeFirst() }  // « +33 (0)6 … »
                return national.count == 9 ? grouped("0" + national) : nil
            }
            // No country code starts with 0.
            return (8...15).contains(digits.count) && digits.first != "0" ? "+" + digits : nil
        }
        guard digits.count == 10, digits.hasPrefix("0"), digits.dropFirst().first != "0" else { return nil }
        return grouped(digits)
    }

    private static func grouped(_ digits: String) -> String {
        var pairs: [String] = []
        var rest = Substring(digits)
        while !rest.isEmpty {
            pairs.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: " ")
    }
}

/// A light check of an e-mail address: one @, a name before it, a domain with a dot after it, no
/// spaces or markup. Whether the mailbox exists, only a message sent to it can tell.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
        guard text.count <= RegistrationLimits.emailLength, !text.contains(where: { $0.isWhitespace || "<>\"(),;:[]\\".contains($0) }),
              !text.unicodeScalars.contains(where: CharacterSet.controlCharacters.contains) else {
            return false
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter) else { return false }
        return true
    }
}
