import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
@testable import TandemApp

/// The store of followed people: who sees them, search, duplicates, merge, erasure and
/// retention. Runs on SQLite, and on PostgreSQL when `TANDEM_TEST_DATABASE_URL` is set.
@Suite("Followed people: the store")
struct PersonStoreTests {
    static let today = LocalDate.today()

    static func details(_ firstName: String, initial: String? = nil, year: Int = 1948, commune: String = "Arlène",
                        phone: String? = nil, notes: String? = nil, consent: LocalDate = LocalDate.today().adding(days: -10)) -> PersonDetails {
        PersonDetails(firstName: firstName, lastInitial: initial, birthYear: year, commune: commune, phone: phone, notes: notes,
                      consentDate: consent)
    }

    /// An individual session at place A1, recorded through the activity store (so it is in the
    /// statistics), then linked to the person as the activity form does.
    @discardableResult
    static func session(_ t: TestApp, for person: FollowedPersonModel?, on date: LocalDate, by actor: Actor? = nil,
                        autonomy: Autonomy? = .fullyAssisted, age: AgeBracket = .age70plus) async throws -> ActivityModel {
        let f = t.fixture
        let details = ActivityDetails(
            kind: .individual, date: date, durationMinutes: 45, locationKind: .place, placeId: f.placeA1,
            themes: [.email, .health], devices: [.phone], deviceOwners: [.beneficiary], interventionMode: .guided,
            autonomy: autonomy, participants: .individual(AnonymousPerson(ageBracket: age, socialStatus: .retired, gender: .female)),
            referralTarget: .administration)
        let activity = try await t.app.activities.create(details, by: actor ?? f.mediatorA, structureId: f.structureA)
        if let person {
            try await (t.db as! any SQLDatabase).update(ActivityModel.schema).set("person_id", to: SQLBind(person.id!))
                .where("id", .equal, SQLBind(activity.id!)).run()
        }
        return activity
    }

    static func journal(_ t: TestApp, _ action: JournalAction) async throws -> [JournalEntryModel] {
        try await JournalEntryModel.query(on: t.db).filter(\.$action == action.code).sort(\.$at).all()
    }

    static func linked(_ t: TestApp, to id: UUID) async throws -> Int {
        try await ActivityModel.query(on: t.db).filter(\.$personId == id).count()
    }

    // MARK: Create, update, find

    @Test("Creating writes the name key, who recorded the consent, and one journal entry without personal data")
    func create() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Gisèle", initial: "M", phone: "0639981234", notes: "Vient le mardi"),
                                                       structureId: f.structureA, by: f.mediatorA)
            let stored = try #require(try await FollowedPersonModel.find(person.id!, on: t.db))
            #expect(stored.nameKey == "gisele")
            #expect(stored.consentBy == f.mediatorA.id)
            #expect(stored.structureId == f.structureA)
            #expect(stored.details == Self.details("Gisèle", initial: "M", phone: "0639981234", notes: "Vient le mardi"))
            let entries = try await Self.journal(t, .personCreated)
            #expect(entries.count == 1)
            #expect(entries.first?.recordId == person.id && entries.first?.actorId == f.mediatorA.id && entries.first?.structureId == f.structureA)
            #expect(entries.first?.detail == nil)
        }
    }

    @Test("Updating changes the record and the key, journals it; changing the consent changes who recorded it")
    func update() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Gisele"), structureId: f.structureA, by: f.mediatorA)
            try await t.app.people.update(person, with: Self.details("Ginette", commune: "Valbourg"), by: f.mediatorA2)
            var stored = try #require(try await FollowedPersonModel.find(person.id!, on: t.db))
            #expect(stored.firstName == "Ginette" && stored.nameKey == "ginette" && stored.commune == "Valbourg")
            #expect(stored.consentBy == f.mediatorA.id)
            try await t.app.people.update(stored, with: Self.details("Ginette", commune: "Valbourg", consent: Self.today), by: f.coordinatorA)
            stored = try #require(try await FollowedPersonModel.find(person.id!, on: t.db))
            #expect(stored.consentBy == f.coordinatorA.id)
            let entries = try await Self.journal(t, .personUpdated)
            #expect(entries.map(\.actorId) == [f.mediatorA2.id, f.coordinatorA.id])
        }
    }

    @Test("Only the structure's mediators and coordinator find a person: not another structure, a researcher or the admin")
    func find() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Gisèle"), structureId: f.structureA, by: f.mediatorA)
            for actor in [f.mediatorA, f.mediatorA2, f.coordinatorA] {
                #expect(try await t.app.people.find(person.id!, for: actor)?.id == person.id)
            }
            for actor in [f.mediatorB, f.coordinatorB, f.researcher, f.admin] {
                #expect(try await t.app.people.find(person.id!, for: actor) == nil)
            }
            #expect(try await t.app.people.find(UUID(), for: f.mediatorA) == nil)
        }
    }

    // MARK: List and search

    @Test("List, count and search stay in the structure; search ignores accents and case, names starting with it first")
    func search() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.people
            for name in ["Gisèle", "Marie-Gisèle", "Hélène", "Odette"] {
                _ = try await store.create(Self.details(name), structureId: f.structureA, by: f.mediatorA)
            }
            _ = try await store.create(Self.details("Gisele"), structureId: f.structureB, by: f.mediatorB)
            #expect(try await store.count(structureId: f.structureA) == 4)
            #expect(try await store.list(structureId: f.structureA, search: nil, offset: 0, limit: 10).map(\.firstName)
                    == ["Gisèle", "Hélène", "Marie-Gisèle", "Odette"])
            #expect(try await store.list(structureId: f.structureA, search: nil, offset: 1, limit: 2).map(\.firstName) == ["Hélène", "Marie-Gisèle"])
            #expect(try await store.list(structureId: f.structureA, search: "GISELE", offset: 0, limit: 10).map(\.firstName) == ["Gisèle", "Marie-Gisèle"])
            #expect(try await store.list(structureId: f.structureA, search: "hel", offset: 0, limit: 10).map(\.firstName) == ["Hélène"])
            let found = try await store.search("gisè", structureId: f.structureA)
            #expect(found.map(\.label) == ["Gisèle — 1948 — Arlène", "Marie-Gisèle — 1948 — Arlène"])
            #expect(try await store.search("gis", structureId: f.structureA, limit: 1).map(\.label) == ["Gisèle — 1948 — Arlène"])
            #expect(try await store.search("%", structureId: f.structureA).isEmpty)
            #expect(try await store.search("zzz", structureId: f.structureA).isEmpty)
            #expect(try await store.choices(structureId: f.structureA).count == 4)
        }
    }

    @Test("A choice's label: first name, initial, year of birth, commune")
    func label() async throws {
        try await TestApp.run { t in
            let person = try await t.app.people.create(Self.details("Ginette", initial: "M"), structureId: t.fixture.structureA, by: t.fixture.mediatorA)
            #expect(PersonChoice(person).label == "Ginette M. — 1948 — Arlène")
        }
    }

    // MARK: Duplicates

    @Test("« Gisèle » and « gisele » born the same year in the same commune are flagged; another year is not")
    func duplicates() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.people
            let a = try await store.create(Self.details("Gisèle"), structureId: f.structureA, by: f.mediatorA)
            let b = try await store.create(Self.details("gisele", commune: "ARLENE"), structureId: f.structureA, by: f.mediatorA2)
            let other = try await store.create(Self.details("Gisèle", year: 1950), structureId: f.structureA, by: f.mediatorA)
            _ = try await store.create(Self.details("Gisèle"), structureId: f.structureB, by: f.mediatorB)
            let pairs = try await store.duplicates(structureId: f.structureA)
            #expect(pairs.count == 1)
            #expect(Set(pairs.flatMap { [$0.0.id!, $0.1.id!] }) == [a.id!, b.id!])
            #expect(try await store.duplicateIds(structureId: f.structureA) == [a.id!, b.id!])
            #expect(!(try await store.duplicateIds(structureId: f.structureA)).contains(other.id!))
            #expect(try await store.duplicateIds(structureId: f.structureB).isEmpty)
        }
    }

    // MARK: Merge

    @Test("A merge moves every session, leaves no orphan, completes the record and writes one journal entry")
    func merge() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.people
            let keep = try await store.create(Self.details("Gisèle", notes: "Vient le mardi", consent: Self.today.adding(days: -5)),
                                              structureId: f.structureA, by: f.mediatorA)
            let absorb = try await store.create(Self.details("Gisele", initial: "M", phone: "0639981234", notes: "Petite-fille à Lyon",
                                                             consent: Self.today.adding(days: -40)),
                                                structureId: f.structureA, by: f.mediatorA2)
            try await Self.session(t, for: keep, on: Self.today.adding(days: -3))
            for days in [30, 20, 10] { try await Self.session(t, for: absorb, on: Self.today.adding(days: -days)) }
            let moved = try await store.merge(keep: keep.id!, absorb: absorb.id!, by: f.coordinatorA)
            #expect(moved == 3)
            #expect(try await Self.linked(t, to: keep.id!) == 4)
            #expect(try await Self.linked(t, to: absorb.id!) == 0)
            #expect(try await FollowedPersonModel.find(absorb.id!, on: t.db) == nil)
            let merged = try #require(try await FollowedPersonModel.find(keep.id!, on: t.db))
            #expect(merged.firstName == "Gisèle")
            #expect(merged.lastInitial == "M" && merged.phone == "0639981234")
            #expect(merged.notes == "Vient le mardi\n\nPetite-fille à Lyon")
            #expect(merged.consentDate == Self.today.adding(days: -40).iso && merged.consentBy == f.mediatorA2.id)
            #expect(try await store.sessions(of: keep.id!).map(\.date) == [30, 20, 10, 3].map { Self.today.adding(days: -$0).iso })
            let entries = try await Self.journal(t, .personMerged)
            #expect(entries.count == 1)
            #expect(entries.first?.recordId == keep.id && entries.first?.detail == "absorbé: \(absorb.id!.uuidString.lowercased())")
            #expect(try await store.duplicateIds(structureId: f.structureA).isEmpty)
        }
    }

    @Test("A merge across structures, of a record with itself, or by someone outside is refused and changes nothing")
    func mergeRefused() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.people
            let mine = try await store.create(Self.details("Gisèle"), structureId: f.structureA, by: f.mediatorA)
            let theirs = try await store.create(Self.details("Gisèle"), structureId: f.structureB, by: f.mediatorB)
            try await Self.session(t, for: mine, on: Self.today)
            await #expect(throws: Abort.self) { try await store.merge(keep: mine.id!, absorb: theirs.id!, by: f.mediatorA) }
            await #expect(throws: Abort.self) { try await store.merge(keep: theirs.id!, absorb: mine.id!, by: f.mediatorB) }
            await #expect(throws: Abort.self) { try await store.merge(keep: mine.id!, absorb: mine.id!, by: f.mediatorA) }
            let other = try await store.create(Self.details("Gisele"), structureId: f.structureA, by: f.mediatorA)
            await #expect(throws: Abort.self) { try await store.merge(keep: mine.id!, absorb: other.id!, by: f.admin) }
            await #expect(throws: Abort.self) { try await store.merge(keep: mine.id!, absorb: other.id!, by: f.researcher) }
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 3)
            #expect(try await Self.linked(t, to: mine.id!) == 1)
            #expect(try await Self.journal(t, .personMerged).isEmpty)
        }
    }

    // MARK: Erasure

    @Test("Erasure unlinks the sessions, which keep their age bracket; the statistics rollups do not change; it is journalled")
    func erase() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Gisèle"), structureId: f.structureA, by: f.mediatorA)
            let sessions = [
                try await Self.session(t, for: person, on: Self.today.adding(days: -60), age: .age70plus),
                try await Self.session(t, for: person, on: Self.today.adding(days: -2), age: .age70plus),
            ]
            let anonymous = try await Self.session(t, for: nil, on: Self.today.adding(days: -2), age: .age25to39)
            let before = try await RollupTests.stored(t.db)
            try await t.app.people.erase(person, by: f.mediatorA2)
            #expect(try await FollowedPersonModel.find(person.id!, on: t.db) == nil)
            for session in sessions {
                let stored = try #require(try await ActivityModel.find(session.id!, on: t.db))
                #expect(stored.personId == nil)
                #expect(stored.ageBracket == AgeBracket.age70plus.code && stored.gender == Gender.female.code)
            }
            #expect(try await ActivityModel.find(anonymous.id!, on: t.db) != nil)
            #expect(try await RollupTests.stored(t.db) == before)
            try await RollupTests.expectConsistent(t.db, "erasure")
            let entries = try await Self.journal(t, .personErased)
            #expect(entries.count == 1 && entries.first?.recordId == person.id && entries.first?.actorId == f.mediatorA2.id)
        }
    }

    @Test("Erasure without an actor is the retention task's: journalled as an anonymisation")
    func eraseWithoutActor() async throws {
        try await TestApp.run { t in
            let person = try await t.app.people.create(Self.details("Gisèle"), structureId: t.fixture.structureA, by: t.fixture.mediatorA)
            try await t.app.people.erase(person, by: nil)
            #expect(try await Self.journal(t, .personErased).isEmpty)
            let entries = try await Self.journal(t, .personAnonymised)
            #expect(entries.count == 1 && entries.first?.actorId == nil && entries.first?.structureId == t.fixture.structureA)
        }
    }

    // MARK: Retention

    /// Puts a person's creation back in time, as if recorded long ago.
    static func backdate(_ t: TestApp, _ person: FollowedPersonModel, days: Int) async throws {
        let instant = Date().addingTimeInterval(-Double(days) * 86_400)
        try await (t.db as! any SQLDatabase).update(FollowedPersonModel.schema).set("created_at", to: SQLBind(instant))
            .where("id", .equal, SQLBind(person.id!)).run()
    }

    @Test("Retention anonymises exactly the people without a recent session, and counts them")
    func anonymiseInactive() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let store = t.app.people
            let today = Self.today
            // Old sessions only: anonymised.
            let lapsed = try await store.create(Self.details("Odette"), structureId: f.structureA, by: f.mediatorA)
            try await Self.backdate(t, lapsed, days: 1000)
            try await Self.session(t, for: lapsed, on: today.adding(days: -900))
            try await Self.session(t, for: lapsed, on: today.adding(days: -800))
            // An old session and a recent one: kept.
            let active = try await store.create(Self.details("Gisèle"), structureId: f.structureA, by: f.mediatorA)
            try await Self.backdate(t, active, days: 1000)
            try await Self.session(t, for: active, on: today.adding(days: -900))
            try await Self.session(t, for: active, on: today.adding(days: -30))
            // Never seen, recorded long ago: anonymised; recorded recently: kept.
            let neverSeen = try await store.create(Self.details("Hélène"), structureId: f.structureB, by: f.mediatorB)
            try await Self.backdate(t, neverSeen, days: 800)
            let newcomer = try await store.create(Self.details("Marcel"), structureId: f.structureA, by: f.mediatorA)
            try await Self.backdate(t, newcomer, days: 30)
            // Recorded long ago, seen recently: kept.
            let back = try await store.create(Self.details("Paulette"), structureId: f.structureA, by: f.mediatorA)
            try await Self.backdate(t, back, days: 1000)
            try await Self.session(t, for: back, on: today.adding(days: -1))

            let before = try await RollupTests.stored(t.db)
            let count = try await store.anonymiseInactive(monthsWithoutSession: 24, today: today)
            #expect(count == 2)
            let left = try await FollowedPersonModel.query(on: t.db).all().map(\.firstName).sorted()
            #expect(left == ["Gisèle", "Marcel", "Paulette"])
            #expect(try await Self.linked(t, to: lapsed.id!) == 0)
            #expect(try await Self.linked(t, to: active.id!) == 2)
            #expect(try await RollupTests.stored(t.db) == before)
            let entries = try await Self.journal(t, .personAnonymised)
            #expect(Set(entries.compactMap(\.recordId)) == [lapsed.id!, neverSeen.id!])
            #expect(entries.allSatisfy { $0.actorId == nil })
            // Running again finds nobody: the task is idempotent.
            #expect(try await store.anonymiseInactive(monthsWithoutSession: 24, today: today) == 0)
        }
    }

    @Test("`Retention.run` reports the people anonymised, with the configured months")
    func retentionRun() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Odette"), structureId: f.structureA, by: f.mediatorA)
            try await Self.session(t, for: person, on: Self.today.adding(days: -100))
            var config = t.app.tandemConfig
            config.peopleRetentionMonths = 24
            var report = try await Retention(db: t.db, config: config, logger: t.app.logger).run()
            #expect(report.peopleAnonymised == 0)
            config.peopleRetentionMonths = 3
            report = try await Retention(db: t.db, config: config, logger: t.app.logger).run()
            #expect(report.peopleAnonymised == 1)
            #expect(report.summary.contains("1 personne(s) suivie(s)"))
            #expect(try await FollowedPersonModel.query(on: t.db).count() == 0)
        }
    }

    @Test("TANDEM_PEOPLE_RETENTION_MONTHS: 24 by default, read when set, a clear French line when wrong")
    func retentionSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-conf-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder]).peopleRetentionMonths == 24)
        #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "TANDEM_PEOPLE_RETENTION_MONTHS": "36"]).peopleRetentionMonths == 36)
        for bad in ["0", "121", "deux ans", "-3"] {
            do {
                _ = try AppConfig.fromEnvironment(["TANDEM_DATA": folder, "TANDEM_PEOPLE_RETENTION_MONTHS": bad])
                Issue.record("accepted \(bad)")
            } catch let error as ConfigurationError {
                #expect(error.message.contains("TANDEM_PEOPLE_RETENTION_MONTHS") && error.message.contains("entre 1 et 120"))
            }
        }
    }

    // MARK: Export

    @Test("The data export holds the record, the consent and every session with readable labels")
    func export() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await t.app.people.create(Self.details("Gisèle", initial: "M", phone: "0639981234", notes: "Vient le mardi"),
                                                       structureId: f.structureA, by: f.mediatorA)
            try await Self.session(t, for: person, on: Self.today.adding(days: -2), by: f.mediatorA2, autonomy: .autonomous)
            try await Self.session(t, for: person, on: Self.today.adding(days: -20))
            try await Self.session(t, for: nil, on: Self.today)
            let export = try await t.app.people.exportData(person)
            #expect(export.firstName == "Gisèle" && export.lastInitial == "M" && export.phone == "06 39 98 12 34")
            #expect(export.consent.recordedBy == "mediatrice.a" && export.consent.purpose == PersonValidator.defaultConsentPurpose)
            #expect(export.sessions.count == 2)
            let last = try #require(export.sessions.last)
            #expect(last.date == Self.today.adding(days: -2).iso)
            #expect(last.kind == "Accompagnement individuel" && last.durationMinutes == 45)
            #expect(last.themes == [Theme.email.label, Theme.health.label])
            #expect(last.place == "Médiathèque centrale" && last.autonomy == "Autonome" && last.mediator == "mediateur.a2")
            #expect(last.referralTarget == ReferralTarget.administration.label)
            let json = String(decoding: try JSONEncoder().encode(export), as: UTF8.self)
            #expect(json.contains("\"firstName\"") && json.contains("\"generatedAt\"") && json.contains("\"recordedBy\""))
            #expect(try await Self.journal(t, .personExported).isEmpty)
        }
    }
}
