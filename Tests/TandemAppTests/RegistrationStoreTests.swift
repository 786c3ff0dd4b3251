import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Workshop seats, waiting list and contacts")
struct RegistrationStoreTests {
    /// A public session of structure A at place A1, `days` from today at 14:00.
    static func session(_ t: TestApp, capacity: Int, days: Int = 7, isPublic: Bool = true) async throws -> WorkshopModel {
        var input = WorkshopInput()
        input.title = "Premiers pas sur la tablette"
        input.themes = [Theme.deviceHandling.code]
        input.placeId = t.fixture.placeA1.uuidString
        input.date = LocalDate.today().adding(days: days).iso
        input.startTime = "14:00"
        input.durationMinutes = 120
        input.capacity = capacity
        input.mediatorIds = [t.fixture.mediatorA.id.uuidString]
        input.isPublic = isPublic
        input.audiences = isPublic ? [] : [InternalAudience.allCases[0].code]
        let plan = try WorkshopValidator(today: LocalDate.today().adding(days: min(0, days))).validate(input).get()
        let session = WorkshopModel(structureId: t.fixture.structureA, seriesId: nil, plan: plan, date: plan.date)
        try await session.create(on: t.db)
        return session
    }

    static func contact(_ n: Int) -> RegistrationContact {
        RegistrationContact(firstName: "Personne \(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"][n % 12])",
                            phone: String(format: "06 12 34 56 %02d", n), email: nil)
    }

    @Test("Two people taking the last seat at once: exactly one gets it, the other waits (10 at once on a 1-seat session)")
    func lastSeatRace() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, capacity: 1)
            let store = RegistrationStore(db: t.db)
            let id = try session.requireID()
            let outcomes = try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
                for n in 0..<10 {
                    group.addTask { try await store.register(Self.contact(n), to: id, source: .online, by: nil).get() }
                }
                return try await group.reduce(into: [RegistrationOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter(\.isConfirmed).count == 1)
            #expect(Set(outcomes.compactMap(\.waitingPosition)) == Set(1...9))
            let rows = try await RegistrationModel.query(on: t.db).all()
            #expect(rows.filter(\.isConfirmed).count == 1)
            #expect(Set(rows.map(\.rank)).count == 10, "every arrival has its own rank")
            #expect(try await store.seats(of: session) == SeatCount(capacity: 1, confirmed: 1, waiting: 9))
        }
    }

    @Test("A cancellation gives the seat to the first on the waiting list, who is to be warned; a second cancel changes nothing")
    func cancellationPromotes() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, capacity: 2)
            let store = RegistrationStore(db: t.db)
            let id = try session.requireID()
            var outcomes: [RegistrationOutcome] = []
            for n in 0..<4 { outcomes.append(try await store.register(Self.contact(n), to: id, source: .online, by: nil).get()) }
            #expect(outcomes.map(\.waitingPosition) == [nil, nil, 1, 2])

            let cancelled = try #require(try await store.cancel(token: outcomes[0].cancelToken))
            #expect(cancelled.promoted.map(\.id) == [outcomes[2].registration.id])
            let promoted = try #require(try await RegistrationModel.find(outcomes[2].registration.id, on: t.db))
            #expect(promoted.isConfirmed && promoted.toNotify)
            #expect(try await store.toNotify(structureId: t.fixture.structureA, from: .today()).map(\.0.id) == [promoted.id])
            try await store.markNotified(promoted)
            #expect(try await store.toNotify(structureId: t.fixture.structureA, from: .today()).isEmpty)

            let again = try #require(try await store.cancel(token: outcomes[0].cancelToken))
            #expect(again.wasAlreadyCancelled && again.promoted.isEmpty)
            #expect(try await store.seats(of: session) == SeatCount(capacity: 2, confirmed: 2, waiting: 1))
            #expect(try await store.cancel(token: "not-a-token") == nil)
            // A waiting person who cancels frees no seat.
            let waiting = try #require(try await store.cancel(token: outcomes[3].cancelToken))
            #expect(waiting.promoted.isEmpty)
        }
    }

    @Test("More seats planned: the waiting list moves up at once")
    func capacityRaised() async throws {
        try await TestApp.run { t in
            let session = try await Self.session(t, capacity: 1)
            let store = RegistrationStore(db: t.db)
            for n in 0..<3 { _ = try await store.register(Self.contact(n), to: session.requireID(), source: .desk, by: t.fixture.mediatorA.id) }
            var input = session.input(mediators: [t.fixture.mediatorA.id])
            input.capacity = 3
            let plan = try WorkshopValidator().validate(input).get()
            let promoted = try await WorkshopStore(db: t.db).update(session, with: plan)
            #expect(promoted.count == 2)
            #expect(try await store.seats(of: session) == SeatCount(capacity: 3, confirmed: 3, waiting: 0))
        }
    }

    @Test("Refusals: cancelled, started, internal online, the same person twice")
    func refusals() async throws {
        try await TestApp.run { t in
            let store = RegistrationStore(db: t.db)
            let past = try await Self.session(t, capacity: 5, days: -1)
            #expect(try await store.register(Self.contact(1), to: past.requireID(), source: .online, by: nil) == .failure(.started))
            #expect(try await store.register(Self.contact(1), to: past.requireID(), source: .desk, by: nil) == .failure(.started))
            let staffOnly = try await Self.session(t, capacity: 5, isPublic: false)
            #expect(try await store.register(Self.contact(1), to: staffOnly.requireID(), source: .online, by: nil) == .failure(.notPublic))
            #expect(try await store.register(Self.contact(1), to: staffOnly.requireID(), source: .desk, by: nil).isSuccess)
            let open = try await Self.session(t, capacity: 5)
            #expect(try await store.register(Self.contact(1), to: open.requireID(), source: .online, by: nil).isSuccess)
            var same = Self.contact(1)
            same.firstName = same.firstName.uppercased()
            #expect(try await store.register(same, to: open.requireID(), source: .online, by: nil) == .failure(.alreadyRegistered))
            var sibling = Self.contact(1)
            sibling.firstName = "Jeanne"
            #expect(try await store.register(sibling, to: open.requireID(), source: .online, by: nil).isSuccess, "a family shares a phone")
            try await WorkshopStore(db: t.db).cancel(open)
            #expect(try await store.register(Self.contact(2), to: open.requireID(), source: .online, by: nil) == .failure(.cancelled))
            #expect(try await RegistrationModel.query(on: t.db).count() == 3)
        }
    }

    @Test("Contacts are erased after the retention period; the counts stay")
    func erasure() async throws {
        try await TestApp.run { t in
            let store = RegistrationStore(db: t.db)
            let old = try await Self.session(t, capacity: 5, days: 3)
            let recent = try await Self.session(t, capacity: 5, days: 10)
            for n in 0..<3 { _ = try await store.register(Self.contact(n), to: old.requireID(), source: .online, by: nil) }
            _ = try await store.register(Self.contact(9), to: recent.requireID(), source: .online, by: nil)
            // As if 35 days had passed since `old` (30 days of retention).
            let erased = try await store.eraseContacts(ofSessionsBefore: LocalDate.today().adding(days: 5))
            #expect(erased == 3)
            let rows = try await RegistrationModel.query(on: t.db).filter(\.$workshopId == old.requireID()).all()
            #expect(rows.count == 3 && rows.allSatisfy { $0.firstName == nil && $0.phone == nil && $0.email == nil && $0.contactErasedAt != nil })
            #expect(try await store.seats(of: old).confirmed == 3)
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$workshopId == recent.requireID()).first()?.firstName != nil)
            #expect(try await store.eraseContacts(ofSessionsBefore: LocalDate.today().adding(days: 5)) == 0, "already erased")
        }
    }
}

extension Result where Success == RegistrationOutcome, Failure == RegistrationRefusal {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.failure(a), .failure(b)): a == b
        case let (.success(a), .success(b)): a.registration.id == b.registration.id
        default: false
        }
    }
}

@Suite("Retention of registrants' contacts")
struct RetentionTests {
    @Test("`Retention.run` erases the contacts of sessions older than the configured days, and only those")
    func retentionRun() async throws {
        try await TestApp.run { t in
            let store = RegistrationStore(db: t.db)
            let old = try await RegistrationStoreTests.session(t, capacity: 5, days: -31)
            let kept = try await RegistrationStoreTests.session(t, capacity: 5, days: -29)
            for (n, session) in [old, kept, old].enumerated() {
                let registration = RegistrationModel()
                registration.id = UUID.random()
                registration.workshopId = try session.requireID()
                registration.firstName = "Personne"
                registration.phone = String(format: "06 39 98 00 %02d", n)
                registration.consent = true
                registration.status = "confirmed"
                registration.source = "desk"
                registration.rank = n + 1
                registration.cancelTokenHash = RegistrationModel.hash(token: RegistrationModel.newToken())
                registration.toNotify = false
                try await registration.create(on: t.db)
            }
            var config = t.app.tandemConfig
            config.registrationRetentionDays = 30
            let report = try await Retention(db: t.db, config: config, logger: t.app.logger).run()
            #expect(report.registrationContactsErased == 2)
            #expect(report.summary.contains("2 contact(s)"))
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$phone != nil).count() == 1)
            #expect(try await store.seats(of: old).confirmed == 2, "the counts stay")
        }
    }
}

@Suite("The last seat over HTTP")
struct LastSeatHTTPTests {
    @Test("Four people send the registration form for the last seat at the same moment: one seat, three on the waiting list")
    func concurrentRequests() async throws {
        try await TestApp.run { t in
            let session = try await RegistrationStoreTests.session(t, capacity: 1)
            let path = "/ateliers/\(session.id!.uuidString.lowercased())"
            let people = (0..<4).map { _ in t.browser() }
            for person in people { _ = try await person.get(path) }
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (n, person) in people.enumerated() {
                    let form = [("firstName", ["Alice", "Bruno", "Chantal", "Driss"][n]), ("phone", "06 39 98 11 0\(n)"), ("consent", "oui")]
                    group.addTask { try await person.post(path, form: form).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses == [303, 303, 303, 303], "\(statuses)")
            let rows = try await RegistrationModel.query(on: t.db).all()
            #expect(rows.filter(\.isConfirmed).count == 1)
            #expect(rows.filter(\.isWaiting).count == 3)
        }
    }
}
