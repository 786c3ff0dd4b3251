import Foundation
import Testing
@testable import TandemCore

/// The optional local resource of an activity (TAXONOMY.md: with a referral, the record may name
/// a resource of the territory's catalogue).
@Suite("Activity: the local resource of a referral")
struct ActivityResourceTests {
    static let validator = ActivityValidator(today: LocalDate(year: 2026, month: 6, day: 15)!)
    static let resourceID = UUID(uuidString: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")!

    /// The valid individual sample, with a referral to a library (or another target) and a resource.
    static func input(referral: String? = "library", resource: String? = resourceID.uuidString) -> ActivityInput {
        var input = Sample.individualInput()
        input.referralTarget = referral
        input.resourceId = resource
        return input
    }

    static func errors(_ input: ActivityInput) -> [String: String] {
        guard case let .failure(failure) = validator.validate(input) else { return [:] }
        return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("With a referral, any target, a resource id is kept; the input round-trips",
          arguments: ["library", "other_mediation", "other"])
    func kept(referral: String) throws {
        let details = try Self.validator.validate(Self.input(referral: referral)).get()
        #expect(details.resourceId == Self.resourceID)
        #expect(details.input.resourceId == Self.resourceID.uuidString.lowercased())
        #expect(try Self.validator.validate(details.input).get() == details)
    }

    @Test("A resource is optional with a referral")
    func optional() throws {
        #expect(try Self.validator.validate(Self.input(resource: nil)).get().resourceId == nil)
        #expect(try Self.validator.validate(Self.input(resource: "")).get().resourceId == nil)
    }

    @Test("Without a referral it does not apply: the API is told, the form drops it")
    func withoutReferral() throws {
        let input = Self.input(referral: nil)
        #expect(Self.errors(input) == ["resourceId": "Une ressource ne s'indique qu'avec une orientation de la personne."])
        let kept = input.keepingApplicableFields()
        #expect(kept.resourceId == nil)
        #expect(try Self.validator.validate(kept).get().resourceId == nil)
        // With a referral the form keeps it.
        #expect(Self.input().keepingApplicableFields().resourceId == Self.resourceID.uuidString)
    }

    @Test("A resource id that is not a UUID is reported on resourceId", arguments: ["abc", "12", "0a1b2c3d-4e5f"])
    func notAUUID(raw: String) {
        #expect(Self.errors(Self.input(resource: raw)) == ["resourceId": "Cette ressource n'existe pas."])
    }

    @Test("Read from JSON and from the form, once only")
    func reading() {
        let id = Self.resourceID.uuidString.lowercased()
        let json = ActivityInput(json: Array("{\"referralTarget\":\"library\",\"resourceId\":\"\(id)\"}".utf8))
        #expect(json.resourceId == id)
        #expect(json.readErrors.isEmpty)
        let wrongType = ActivityInput(json: Array("{\"resourceId\":12}".utf8))
        #expect(wrongType.readErrors.map(\.field) == ["resourceId"])
        let form = ActivityInput(form: FormBody.parse("referralTarget=library&resourceId=\(id)"))
        #expect(form.resourceId == id)
        let empty = ActivityInput(form: FormBody.parse("referralTarget=library&resourceId="))
        #expect(empty.resourceId == nil)
        let twice = ActivityInput(form: FormBody.parse("resourceId=\(id)&resourceId=\(id)"))
        #expect(twice.readErrors.map(\.field) == ["resourceId"])
    }
}
