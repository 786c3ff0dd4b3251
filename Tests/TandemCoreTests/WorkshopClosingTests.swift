import Foundation
import Testing
@testable import TandemCore

@Suite("Closing a workshop session")
struct WorkshopClosingTests {
    static let today = LocalDate(year: 2026, month: 12, day: 10)!
    static let place = UUID()
    static let anna = UUID()
    static let bruno = UUID()
    static let chloe = UUID()
    static let confirmed: Set<UUID> = [anna, bruno, chloe]

    static func session(_ change: (inout ClosingSession) -> Void = { _ in }) -> ClosingSession {
        var session = ClosingSession(title: "Premiers pas sur la tablette", date: LocalDate(year: 2026, month: 12, day: 8)!,
                                     startTime: TimeOfDay(minutes: 14 * 60), durationMinutes: 120, placeId: place,
                                     themes: ["device_handling", "email"], level: "beginner", isPublic: true, audiences: [])
        change(&session)
        return session
    }

    static func form(_ pairs: [(String, String)]) -> WorkshopClosingInput {
        WorkshopClosingInput(form: FormBody(pairs: pairs.map { (name: $0.0, value: $0.1) }))
    }

    static let tablets: [(String, String)] = [("devices", "tablet"), ("deviceOwners", "structure")]

    static func decide(_ session: ClosingSession, _ pairs: [(String, String)]) -> Result<ClosingDecision, ValidationFailure> {
        WorkshopClosing.decide(session, confirmed: confirmed, input: form(pairs), today: today)
    }

    static func decide(_ pairs: [(String, String)]) -> Result<ClosingDecision, ValidationFailure> {
        decide(session(), pairs)
    }

    static func fields(_ result: Result<ClosingDecision, ValidationFailure>) -> Set<String> {
        guard case let .failure(failure) = result else { return [] }
        return Set(failure.errors.map(\.field))
    }

    @Test("A public session becomes a workshop activity: the planning's date, time, place, themes, level and title, present plus walk-ins")
    func publicWorkshop() throws {
        let pairs = [("present", Self.anna.uuidString.lowercased()), ("present", Self.chloe.uuidString), ("walkIns", "5")] + Self.tablets
            + [("ageBreakdown.70_plus", "4"), ("genderBreakdown.female", "6")]
        guard case let .record(details, present, walkIns) = try Self.decide(pairs).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(present == [Self.anna, Self.chloe])
        #expect(walkIns == 5)
        #expect(details.kind == .workshop)
        #expect(details.date.iso == "2026-12-08")
        #expect(details.startTime?.text == "14:00")
        #expect(details.durationMinutes == 120)
        #expect(details.locationKind == .place && details.placeId == Self.place)
        #expect(details.themes == [.deviceHandling, .email])
        #expect(details.workshopLevel == .beginner)
        #expect(details.title == "Premiers pas sur la tablette")
        #expect(details.participantCount == 7)
        #expect(details.devices == [.tablet] && details.deviceOwners == [.structure])
        guard case let .group(group) = details.participants else {
            Issue.record("expected a group")
            return
        }
        #expect(group.ageBreakdown == [.age70plus: 4])
        #expect(group.genderBreakdown == [.female: 6])
    }

    @Test("An internal session becomes an internal training with the planning's audiences; breakdowns and level are not kept")
    func internalTraining() throws {
        let session = Self.session { $0.isPublic = false; $0.audiences = ["elected"]; $0.themes = ["office_software"] }
        let pairs = [("present", Self.bruno.uuidString), ("walkIns", "0"), ("devices", "computer"), ("deviceOwners", "structure"),
                     ("ageBreakdown.70_plus", "1")]
        guard case let .record(details, _, _) = try Self.decide(session, pairs).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(details.kind == .internalTraining)
        #expect(details.workshopLevel == nil)
        #expect(details.participants == .training(TrainingParticipants(count: 1, audiences: [.elected])))
    }

    @Test("Devices are required; owners too unless there was no device, and an owner ticked with « Pas de matériel » is dropped")
    func devices() throws {
        #expect(Self.fields(Self.decide([("walkIns", "3")])) == ["devices"])
        #expect(Self.fields(Self.decide([("walkIns", "3"), ("devices", "phone")])) == ["deviceOwners"])
        #expect(Self.fields(Self.decide([("walkIns", "3"), ("devices", "none"), ("devices", "phone")])) == ["devices"])
        guard case let .record(details, _, _) = try Self.decide([("walkIns", "3"), ("devices", "none"), ("deviceOwners", "mediator")]).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(details.devices == [.none] && details.deviceOwners.isEmpty)
    }

    @Test("Procedure domains are asked only when the session's themes include administrative procedures")
    func procedures() throws {
        let procedures = Self.session { $0.themes = ["admin_procedures", "health"] }
        #expect(Self.fields(Self.decide(procedures, [("walkIns", "2")] + Self.tablets)) == ["procedureDomains"])
        let pairs = [("walkIns", "2"), ("procedureDomains", "social_health"), ("procedureName", "Ameli")] + Self.tablets
        guard case let .record(details, _, _) = try Self.decide(procedures, pairs).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(details.procedureDomains == [.socialHealth] && details.procedureName == "Ameli")
        guard case let .record(plain, _, _) = try Self.decide(pairs).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(plain.procedureDomains.isEmpty && plain.procedureName == nil, "the form cannot add what the session's themes exclude")
    }

    @Test("Nobody came: ask first, then close with no activity; nothing else is checked then")
    func nobody() throws {
        #expect(try Self.decide([("walkIns", "0")]).get() == .confirmNobody)
        #expect(try Self.decide([]).get() == .confirmNobody, "an empty walk-in box counts as 0")
        #expect(try Self.decide([("walkIns", "0"), ("aucun", "oui")]).get() == .nobody)
    }

    static let badCases: [(pairs: [(String, String)], field: String)] = [
        ([("walkIns", "-1")] + tablets, "walkIns"),
        ([("walkIns", "501")] + tablets, "walkIns"),
        ([("walkIns", "trois")] + tablets, "walkIns"),
        ([("walkIns", "1"), ("walkIns", "2")] + tablets, "walkIns"),
        ([("present", UUID().uuidString)] + tablets, "present"),
        ([("present", "pas-un-id")] + tablets, "present"),
        ([("walkIns", "2"), ("ageBreakdown.70_plus", "3")] + tablets, "ageBreakdown"),
    ]

    @Test("Bad attendance is refused on its field", arguments: WorkshopClosingTests.badCases)
    func badAttendance(pairs: [(String, String)], field: String) {
        #expect(Self.fields(Self.decide(pairs)) == [field])
    }

    @Test("A session is closed on its day or after, never before, and never when cancelled")
    func when() {
        let tomorrow = Self.session { $0.date = Self.today.adding(days: 1) }
        #expect(WorkshopClosing.refusal(tomorrow, today: Self.today)?.contains("11/12/2026") == true)
        #expect(Self.fields(Self.decide(tomorrow, [("walkIns", "3")] + Self.tablets)) == ["date"])
        #expect(WorkshopClosing.refusal(Self.session { $0.date = Self.today }, today: Self.today) == nil)
        #expect(WorkshopClosing.refusal(Self.session(), today: Self.today) == nil)
        let cancelled = Self.session { $0.isCancelled = true }
        #expect(WorkshopClosing.refusal(cancelled, today: Self.today) != nil)
        #expect(Self.fields(Self.decide(cancelled, [("walkIns", "0"), ("aucun", "oui")])) == ["date"])
    }

    @Test("The form cannot change what planning fixed: kind, date, place, title and count come from the session")
    func planningWins() throws {
        let pairs = [("walkIns", "2"), ("kind", "individual"), ("date", "2026-12-01"), ("placeId", UUID().uuidString),
                     ("title", "Autre chose"), ("participantCount", "40")] + Self.tablets
        guard case let .record(details, _, _) = try Self.decide(pairs).get() else {
            Issue.record("expected a record")
            return
        }
        #expect(details.kind == .workshop && details.date.iso == "2026-12-08" && details.placeId == Self.place)
        #expect(details.title == "Premiers pas sur la tablette" && details.participantCount == 2)
    }
}
