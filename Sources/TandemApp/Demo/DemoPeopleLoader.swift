import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Writes the demo's followed people (`DemoPeople`) and links each of them to existing individual
/// sessions of their structure. Activities are linked as they are: only sessions whose anonymous
/// attributes already fit the person (age bracket for the person's year of birth on that day,
/// gender, social status) are chosen, so no attribute changes and the rollups stay right.
///
/// Everything goes through SQLKit, whose statements are logged at trace level: Fluent logs the
/// values of every query at debug level, and a person's name, phone and notes must never reach
/// a log (issue 7, item 7; `LogPrivacyTests`).
struct DemoPeopleLoader {
    let db: any Database

    /// How many candidates one window of a person's follow-up reads: enough to find the autonomy
    /// wanted, few enough to stay quick with a million activities.
    static let candidatesPerWindow = 40

    struct Result: Equatable {
        let people: Int
        let sessions: Int
    }

    @discardableResult
    func load(_ territory: DemoTerritory) async throws -> Result {
        let people = DemoPeople.people(in: territory)
        return try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return Result(people: 0, sessions: 0) }
            var sessions = 0
            for placed in people {
                try await insert(placed, on: sql)
                let chosen = try await chooseSessions(for: placed, today: territory.today, on: sql)
                if !chosen.isEmpty {
                    try await sql.update(ActivityModel.schema)
                        .set("person_id", to: SQLBind(placed.id))
                        .where("id", .in, chosen)
                        .run()
                }
                sessions += chosen.count
            }
            return Result(people: people.count, sessions: sessions)
        }
    }

    private func insert(_ placed: DemoPeople.Placed, on sql: any SQLDatabase) async throws {
        let person = placed.person
        let now = Date()
        try await sql.insert(into: FollowedPersonModel.schema)
            .columns("id", "structure_id", "first_name", "name_key", "last_initial", "birth_year", "commune", "phone",
                     "notes", "consent_date", "consent_by", "consent_purpose", "created_at", "updated_at")
            .values(sqlValue(placed.id), sqlValue(placed.structureId), sqlValue(person.firstName),
                    sqlValue(PersonName.key(person.firstName)), sqlValue(person.lastInitial), sqlValue(person.birthYear),
                    sqlValue(person.commune), sqlValue(person.phone), sqlValue(person.notes), sqlValue(placed.consentDate.iso),
                    sqlValue(placed.consentBy), sqlValue(person.consentPurpose), sqlValue(now), sqlValue(now))
            .run()
    }

    /// One session per window of the follow-up at most, in date order, never decreasing in autonomy.
    private func chooseSessions(for placed: DemoPeople.Placed, today: LocalDate, on sql: any SQLDatabase) async throws -> [UUID] {
        let windows = placed.windows(today: today)
        let brackets = placed.ageBrackets(today: today).map(\.code)
        var chosen: [UUID] = []
        var previous: Autonomy?
        for (step, window) in windows.enumerated() {
            let rows = try await sql.select()
                .columns("id", "date", "age_bracket", "autonomy")
                .from(ActivityModel.schema)
                .where("structure_id", .equal, placed.structureId)
                .where("kind", .equal, ActivityKind.individual.code)
                .where("person_id", .is, SQLLiteral.null)
                .where("gender", .equal, placed.person.gender.code)
                .where("social_status", .equal, placed.person.socialStatus.code)
                .where("age_bracket", .in, brackets)
                .where("date", .greaterThanOrEqual, window.lowerBound.iso)
                .where("date", .lessThanOrEqual, window.upperBound.iso)
                .orderBy("date").orderBy("start_minutes").orderBy("mediator_id").orderBy("id")
                .limit(Self.candidatesPerWindow)
                .all()
            let candidates = try rows.compactMap { row -> DemoPeople.Candidate? in
                // A follow-up crossing a birthday decade reads two brackets: keep each session's own.
                guard let date = LocalDate(iso: try row.decode(column: "date", as: String.self)),
                      try row.decode(column: "age_bracket", as: String.self) == AgeBracket.forBirthYear(placed.person.birthYear, on: date).code
                else { return nil }
                return DemoPeople.Candidate(id: try row.decode(column: "id", as: UUID.self), date: date,
                                            autonomy: try row.decode(column: "autonomy", as: String?.self).flatMap(Autonomy.init(code:)))
            }
            if let session = DemoPeople.choose(candidates, step: step, of: windows.count, atLeast: previous) {
                chosen.append(session.id)
                previous = session.autonomy
            }
        }
        return chosen
    }
}
