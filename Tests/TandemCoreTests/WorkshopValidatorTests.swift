import Foundation
import Testing
@testable import TandemCore

@Suite("Planning workshops")
struct WorkshopValidatorTests {
    static let today = LocalDate(year: 2026, month: 11, day: 30)!
    static let place = UUID()
    static let mediator = UUID()

    static func input(_ change: (inout WorkshopInput) -> Void = { _ in }) -> WorkshopInput {
        var input = WorkshopInput()
        input.title = "Premiers pas sur la tablette"
        input.themes = ["device_handling"]
        input.level = "beginner"
        input.placeId = place.uuidString
        input.date = "2026-12-08"
        input.startTime = "14:00"
        input.durationMinutes = 120
        input.capacity = 8
        input.mediatorIds = [mediator.uuidString]
        change(&input)
        return input
    }

    static func fields(_ input: WorkshopInput) -> Set<String> {
        guard case let .failure(failure) = WorkshopValidator(today: today).validate(input) else { return [] }
        return Set(failure.errors.map(\.field))
    }

    @Test("A public workshop plans one session; a series plans one a week on the same weekday")
    func series() throws {
        let one = try WorkshopValidator(today: Self.today).validate(Self.input()).get()
        #expect(one.sessionDates == [LocalDate(iso: "2026-12-08")!])
        #expect(one.isPublic)
        let six = try WorkshopValidator(today: Self.today).validate(Self.input { $0.weeks = 6 }).get()
        #expect(six.sessionDates.map(\.iso) == ["2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29", "2027-01-05", "2027-01-12"])
        #expect(six.sessionDates.allSatisfy { $0.isoWeekday == 2 })
    }

    @Test("An internal workshop needs its audience; a public one has none")
    func audiences() throws {
        #expect(Self.fields(Self.input { $0.isPublic = false }) == ["audiences"])
        let internalPlan = try WorkshopValidator(today: Self.today).validate(Self.input { $0.isPublic = false; $0.audiences = ["elected", "staff"] }).get()
        #expect(internalPlan.audiences == [.staff, .elected])
        #expect(Self.fields(Self.input { $0.audiences = ["staff"] }) == ["audiences"])
        #expect(Self.fields(Self.input { $0.isPublic = false; $0.audiences = ["public"] }) == ["audiences"])
    }

    @Test("Each rule is reported on its field", arguments: [(String, WorkshopInput)]([
        ("title", WorkshopValidatorTests.input { i in i.title = "  " }),
        ("title", WorkshopValidatorTests.input { i in i.title = String(repeating: "a", count: 151) }),
        ("themes", WorkshopValidatorTests.input { i in i.themes = [] }),
        ("themes", WorkshopValidatorTests.input { i in i.themes = ["knitting"] }),
        ("level", WorkshopValidatorTests.input { i in i.level = "expert" }),
        ("placeId", WorkshopValidatorTests.input { i in i.placeId = nil }),
        ("placeId", WorkshopValidatorTests.input { i in i.placeId = "ici" }),
        ("date", WorkshopValidatorTests.input { i in i.date = "2026-02-30" }),
        ("date", WorkshopValidatorTests.input { i in i.date = "2014-12-31" }),
        ("date", WorkshopValidatorTests.input { i in i.date = "2028-01-01" }),
        ("startTime", WorkshopValidatorTests.input { i in i.startTime = "14h" }),
        ("durationMinutes", WorkshopValidatorTests.input { i in i.durationMinutes = 10 }),
        ("durationMinutes", WorkshopValidatorTests.input { i in i.durationMinutes = 601 }),
        ("durationMinutes", WorkshopValidatorTests.input { i in i.startTime = "23:00"; i.durationMinutes = 120 }),
        ("capacity", WorkshopValidatorTests.input { i in i.capacity = 0 }),
        ("capacity", WorkshopValidatorTests.input { i in i.capacity = 501 }),
        ("mediatorIds", WorkshopValidatorTests.input { i in i.mediatorIds = [] }),
        ("mediatorIds", WorkshopValidatorTests.input { i in i.mediatorIds = ["quelqu'un"] }),
        ("weeks", WorkshopValidatorTests.input { i in i.weeks = 0 }),
        ("weeks", WorkshopValidatorTests.input { i in i.weeks = 53 }),
    ]))
    func rule(field: String, input: WorkshopInput) {
        #expect(Self.fields(input) == [field])
    }

    @Test("Reading the form: repeated single fields, numbers, public yes/no")
    func formReading() {
        let form = FormBody.parse("title=A&title=B&capacity=huit&public=peut-etre&themes=email&themes=ai&mediatorIds=x")
        let input = WorkshopInput(form: form)
        #expect(Set(input.readErrors.map(\.field)) == ["title", "capacity", "public"])
        #expect(input.themes == ["email", "ai"])
        #expect(WorkshopInput(form: FormBody.parse("public=non")).isPublic == false)
    }
}
