import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
@testable import TandemApp

@Suite("Demo people in the database")
struct DemoPeopleLoaderTests {
    @Test("The demo loads its people once and links each to sessions that fit them, autonomy growing")
    func peopleAndTheirSessions() async throws {
        try await TestApp.run { t in
            try await t.app.autoRevert()
            try await t.app.autoMigrate()
            let result = try await DemoLoader(db: t.db, logger: t.app.logger)
                .load(seed: 7, activities: 1_200, passwordHash: try Bcrypt.hash(DemoTerritory.password, cost: 4))
            let placed = DemoPeople.people(in: result.territory)
            let stored = try await FollowedPersonModel.query(on: t.db).all()
            #expect(stored.count == DemoPeople.all.count)
            #expect(Set(stored.compactMap(\.id)) == Set(placed.map(\.id)))

            var counts: [Int] = []
            for person in placed {
                let model = try #require(stored.first { $0.id == person.id })
                #expect(model.nameKey == PersonName.key(person.person.firstName))
                #expect(model.consentDate == person.consentDate.iso)
                let sessions = try await ActivityModel.query(on: t.db).filter(\.$personId == person.id)
                    .sort(\.$date).all()
                counts.append(sessions.count)
                #expect(sessions.count <= person.person.sessions)
                var previous = -1
                for session in sessions {
                    #expect(session.structureId == person.structureId)
                    #expect(session.kind == ActivityKind.individual.code)
                    #expect(session.date >= person.consentDate.iso)
                    let date = try #require(LocalDate(iso: session.date))
                    #expect(session.ageBracket == AgeBracket.forBirthYear(person.person.birthYear, on: date).code)
                    #expect(session.gender == person.person.gender.code)
                    let level = try #require(session.autonomy.flatMap(Autonomy.init(code:)).flatMap { Autonomy.allCases.firstIndex(of: $0) })
                    #expect(level >= previous, "autonomy never goes down")
                    previous = level
                }
            }
            // 1,200 activities leave few sessions that fit each person (gender, age, status) in
            // each part of the follow-up, yet everyone has a history (the demo has 20,000).
            #expect(counts.allSatisfy { $0 >= 2 }, "\(counts)")
            #expect(counts.reduce(0, +) >= 45, "\(counts)")
            // The sessions are still counted once each: no activity was added or lost.
            #expect(try await ActivityModel.query(on: t.db).count() == 1_200)
        }
    }
}
