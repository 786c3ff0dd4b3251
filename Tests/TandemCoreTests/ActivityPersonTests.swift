import Foundation
import Testing
@testable import TandemCore

/// Linking an individual session to a followed person: the `personId` field, where it applies,
/// how it is read and checked, and how the record gives it back.
@Suite("An activity linked to a followed person")
struct ActivityPersonTests {
    static let validator = ActivityValidator(today: LocalDate(year: 2026, month: 6, day: 15)!)
    static let personId = UUID(uuidString: "0d5b7c1e-2f3a-4b5c-9d6e-7f8091a2b3c4")!

    static func individual() -> ActivityInput {
        var input = ActivityInput()
        input.kind = "individual"
        input.date = "2026-06-10"
        input.durationMinutes = 30
        input.locationKind = "remote"
        input.themes = ["email"]
        input.devices = ["phone"]
        input.deviceOwners = ["beneficiary"]
        input.interventionMode = "guided"
        return input
    }

    static func workshop() -> ActivityInput {
        var input = individual()
        input.kind = "workshop"
        input.interventionMode = nil
        input.participantCount = 5
        return input
    }

    @Test("A person's id is kept on an individual session, in lower case once given back as input")
    func validIdKept() throws {
        var input = Self.individual()
        input.personId = Self.personId.uuidString.uppercased()
        let details = try Self.validator.validate(input).get()
        #expect(details.personId == Self.personId)
        #expect(details.input.personId == Self.personId.uuidString.lowercased())
    }

    @Test("Without a person the session stays anonymous, and an empty value means none")
    func emptyMeansAnonymous() throws {
        var input = Self.individual()
        #expect(try Self.validator.validate(input).get().personId == nil)
        input.personId = "  "
        #expect(try Self.validator.validate(input).get().personId == nil)
        #expect(try Self.validator.validate(input).get().input.personId == nil)
    }

    @Test("An id that is not a UUID is refused with a French message on personId")
    func badIdRefused() {
        var input = Self.individual()
        input.personId = "Jeanne"
        guard case let .failure(failure) = Self.validator.validate(input) else {
            Issue.record("An id that is not a UUID was accepted")
            return
        }
        #expect(failure.message(for: "personId")?.contains("personne suivie") == true)
    }

    @Test("A person applies to an individual session only: reported by the API, dropped by the form")
    func applicability() {
        var input = Self.workshop()
        input.personId = Self.personId.uuidString
        #expect(!ActivityField.applies(.personId, to: input))
        guard case let .failure(failure) = Self.validator.validate(input) else {
            Issue.record("A person on a workshop was accepted")
            return
        }
        #expect(failure.message(for: "personId") == "Une personne suivie ne s'indique que pour un accompagnement individuel.")
        let kept = input.keepingApplicableFields()
        #expect(kept.personId == nil)
        #expect((try? Self.validator.validate(kept).get())?.personId == nil)
    }

    @Test("With a person, the typed age bracket is not read: the store computes it")
    func ageBracketNotRequiredNorRead() throws {
        var input = Self.individual()
        input.personId = Self.personId.uuidString
        input.ageBracket = "18_24"
        var details = try Self.validator.validate(input).get()
        guard case let .individual(person) = details.participants else {
            Issue.record("Not an individual session")
            return
        }
        #expect(person.ageBracket == .unknown)
        // Even an unknown code typed in a hidden field does not stop the record.
        input.ageBracket = "not-a-bracket"
        details = try Self.validator.validate(input).get()
        #expect(details.personId == Self.personId)
        // Without a person the typed bracket counts, as before.
        input.personId = nil
        input.ageBracket = "18_24"
        guard case let .individual(anonymous) = try Self.validator.validate(input).get().participants else { return }
        #expect(anonymous.ageBracket == .age18to24)
    }

    @Test("personId is read from a form post and from JSON, and a repeat or a wrong type is an error")
    func reading() throws {
        let form = ActivityInput(form: FormBody.parse("kind=individual&personId=\(Self.personId.uuidString)"))
        #expect(form.personId == Self.personId.uuidString)
        #expect(form.readErrors.isEmpty)
        let repeated = ActivityInput(form: FormBody.parse("personId=a&personId=b"))
        #expect(repeated.readErrors.contains { $0.field == "personId" })
        let json = ActivityInput(json: Array(#"{"personId":"\#(Self.personId.uuidString)"}"#.utf8))
        #expect(json.personId == Self.personId.uuidString)
        #expect(json.readErrors.isEmpty)
        let number = ActivityInput(json: Array(#"{"personId":12}"#.utf8))
        #expect(number.readErrors.contains { $0.field == "personId" })
        let null = ActivityInput(json: Array(#"{"personId":null}"#.utf8))
        #expect(null.personId == nil && null.readErrors.isEmpty)
    }

    @Test("A record's input round-trips its person through validation")
    func roundTrip() throws {
        var input = Self.individual()
        input.personId = Self.personId.uuidString
        let details = try Self.validator.validate(input).get()
        let again = try Self.validator.validate(details.input).get()
        #expect(again == details)
    }

    @Test("The details initialiser keeps its former signature: no person by default")
    func sourceCompatibleInit() {
        let details = ActivityDetails(kind: .individual, date: LocalDate(year: 2026, month: 1, day: 2)!, durationMinutes: 30,
                                      locationKind: .remote, themes: [.email], devices: [.phone],
                                      participants: .individual(AnonymousPerson()))
        #expect(details.personId == nil)
        #expect(details.input.personId == nil)
    }

    @Test("The bracket of a followed person comes from their year of birth at the activity's date")
    func bracketFromBirthYear() {
        let day = LocalDate(year: 2026, month: 3, day: 1)!
        #expect(AgeBracket.forBirthYear(1950, on: day) == .age70plus)
        #expect(AgeBracket.forBirthYear(1960, on: day) == .age60to69)
    }
}
