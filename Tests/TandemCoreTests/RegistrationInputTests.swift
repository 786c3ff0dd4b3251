import Testing
@testable import TandemCore

@Suite("Registration to a workshop: first name, a phone or an e-mail, consent")
struct RegistrationInputTests {
    func errors(_ input: RegistrationInput) -> [String: String] {
        guard case let .failure(failure) = RegistrationValidator().validate(input) else { return [:] }
        return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("A form with a first name, a phone and consent is a registration, written the French way")
    func valid() throws {
        let form = FormBody.parse("firstName=++Marie-H%C3%A9l%C3%A8ne++&phone=06.12.34.56.78&email=&consent=oui&_csrf=x")
        let contact = try RegistrationValidator().validate(RegistrationInput(form: form)).get()
        #expect(contact == RegistrationContact(firstName: "Marie-Hélène", phone: "06 12 34 56 78", email: nil))
        let mail = try RegistrationValidator().validate(RegistrationInput(firstName: "N'Diaye", email: "awa@exemple.fr", consent: true)).get()
        #expect(mail.email == "awa@exemple.fr" && mail.phone == nil)
    }

    @Test("Phone numbers as people type them", arguments: [
        ("0612345678", "06 12 34 56 78"), ("06 12 34 56 78", "06 12 34 56 78"), ("06-12-34-56-78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"), ("+33 (0)1 45 67 89 10", "01 45 67 89 10"), ("0033612345678", "06 12 34 56 78"),
        ("+44 20 7946 0958", "+442079460958"),
    ])
    func phones(typed: String, stored: String) {
        #expect(PhoneNumber.normalized(typed) == stored)
    }

    @Test("Absurd phone numbers are refused", arguments: ["12345", "061234567", "06123456789", "0012", "00 00 00 00 00", "06 12 34 56 7a", "+1234", "tel:0612345678"])
    func badPhones(typed: String) {
        #expect(PhoneNumber.normalized(typed) == nil)
    }

    @Test("E-mail addresses: plausible ones pass, others do not", arguments: [
        ("a@b.fr", true), ("prenom.nom+atelier@mairie-exemple.fr", true), ("sans-arobase.fr", false), ("a@b", false),
        ("a@@b.fr", false), ("a b@c.fr", false), ("<script>@x.fr", false), ("a@-b.fr", false), ("a@b.f1", false),
    ])
    func emails(text: String, plausible: Bool) {
        #expect(EmailAddress.isPlausible(text) == plausible)
    }

    @Test("Every missing or absurd part is named, in French")
    func invalid() {
        let empty = errors(RegistrationInput())
        #expect(empty["firstName"] == "Indiquez votre prénom.")
        #expect(empty["phone"]?.hasPrefix("Indiquez un numéro de téléphone ou une adresse e-mail") == true)
        #expect(empty["consent"] != nil)
        #expect(errors(RegistrationInput(firstName: "12345", phone: "0612345678", consent: true))["firstName"] != nil)
        #expect(errors(RegistrationInput(firstName: "http://spam.example", phone: "0612345678", consent: true))["firstName"] != nil)
        #expect(errors(RegistrationInput(firstName: String(repeating: "a", count: 61), phone: "0612345678", consent: true))["firstName"] != nil)
        #expect(errors(RegistrationInput(firstName: "Jean", phone: "123", consent: true))["phone"]?.contains("10 chiffres") == true)
        #expect(errors(RegistrationInput(firstName: "Jean", email: "jean", consent: true))["email"] != nil)
        #expect(errors(RegistrationInput(firstName: "Jean", phone: "0612345678"))["consent"] != nil)
        let repeated = RegistrationInput(form: FormBody.parse("firstName=a&firstName=b&phone=0612345678&consent=oui"))
        #expect(errors(repeated)["firstName"] == "Ce champ est répété.")
    }
}

@Suite("NUL characters never reach the database")
struct NulCharacterTests {
    @Test("A form drops %00; JSON refuses \\u0000; an e-mail with a control character is refused")
    func nul() {
        #expect(FormBody.parse("email=a%00b%40c.fr").value("email") == "ab@c.fr")
        #expect(throws: (any Error).self) { try JSONValue.parse(Array(#"{"notes":"a\u0000b"}"#.utf8)) }
        #expect(!EmailAddress.isPlausible("a\u{0}b@c.fr"))
        #expect(!EmailAddress.isPlausible("a\u{7}b@c.fr"))
    }
}

@Suite("Invisible characters in a registration")
struct InvisibleCharacterTests {
    @Test("A control character in any field is named, in French")
    func controlCharacters() {
        guard case let .failure(failure) = RegistrationValidator().validate(RegistrationInput(firstName: "Ma\u{1}rie", phone: "06\u{7}12345678", consent: true)) else {
            Issue.record("accepted")
            return
        }
        #expect(failure.message(for: "firstName") == "Ce champ contient un caractère invisible : effacez-le et tapez-le à nouveau.")
        #expect(failure.message(for: "phone") == "Ce champ contient un caractère invisible : effacez-le et tapez-le à nouveau.")
    }
}
