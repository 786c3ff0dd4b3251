import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Everything a person's page and their printable data show, read once: the person, their
/// sessions (most recent first), and the names those refer to (mediators, local resources).
struct PersonContent {
    let person: FollowedPersonModel
    let sessions: [ActivityModel]
    let userNames: [UUID: String]
    let resourceNames: [UUID: String]

    static func load(_ person: FollowedPersonModel, req: Request) async throws -> PersonContent {
        let sessions = try await req.people.sessions(of: person)
            .sorted { ($0.date, $0.startMinutes ?? 0) > ($1.date, $1.startMinutes ?? 0) }
        let userIds = Set(sessions.map(\.mediatorId) + [person.consentBy])
        let users = try await UserModel.query(on: req.db).filter(\.$id ~~ Array(userIds)).all()
        let resourceIds = Set(sessions.compactMap(\.resourceId))
        let resources = resourceIds.isEmpty ? [] : try await LocalResourceModel.query(on: req.db).filter(\.$id ~~ Array(resourceIds)).all()
        return PersonContent(
            person: person, sessions: sessions,
            userNames: Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a }),
            resourceNames: Dictionary(resources.compactMap { resource in resource.id.map { ($0, resource.name) } }, uniquingKeysWith: { a, _ in a }))
    }

    /// Who the person is, in French; the optional fields say when they are not filled.
    var identity: [PersonFact] {
        let bracket = AgeBracket.forBirthYear(person.birthYear, on: LocalDate.today())
        return [
            PersonFact(label: "Prénom ou surnom", value: person.firstName),
            PersonFact(label: "Initiale du nom", value: person.lastInitial ?? "Non renseignée"),
            PersonFact(label: "Année de naissance", value: String(person.birthYear)),
            PersonFact(label: "Tranche d'âge", value: bracket.label),
            PersonFact(label: "Commune", value: person.commune),
            PersonFact(label: "Téléphone", value: person.phone.map(FrenchPhone.display) ?? "Non renseigné"),
            PersonFact(label: "Notes", value: person.notes ?? "Aucune"),
        ]
    }

    var consent: [PersonFact] {
        [
            PersonFact(label: "Date de l'accord", value: LocalDate(iso: person.consentDate)?.frenchLong ?? person.consentDate),
            PersonFact(label: "Recueilli par", value: userNames[person.consentBy] ?? "Compte supprimé"),
            PersonFact(label: "Pour", value: person.consentPurpose),
        ]
    }

    func sessionRows() -> [PersonSessionRow] {
        sessions.map { model in
            let details = model.details
            return PersonSessionRow(
                date: details.date.french,
                kind: details.kind.label,
                themes: details.themes.map(\.label).joined(separator: ", "),
                duration: French.duration(minutes: details.durationMinutes),
                autonomy: details.autonomy?.label ?? "Non noté",
                mediator: userNames[model.mediatorId] ?? "Compte supprimé",
                editHref: WebPath.editActivity(model.id!))
        }
    }

    func referralRows() -> [PersonReferralRow] {
        sessions.compactMap { model in
            let details = model.details
            guard details.referralTarget != nil || details.resourceId != nil else { return nil }
            return PersonReferralRow(
                date: details.date.french,
                target: details.referralTarget?.label ?? "—",
                resource: details.resourceId.flatMap { resourceNames[$0] } ?? "—")
        }
    }
}

/// How many sessions each person had and the date of the last one, in one grouped query for a
/// page of people.
struct SessionTallies {
    let db: any Database

    func of(_ people: [UUID]) async throws -> [UUID: SessionTally] {
        guard !people.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .column("person_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "sessions")
            .column(SQLFunction("MAX", args: SQLColumn("date")), as: "last")
            .from(ActivityModel.schema)
            .where(SQLColumn("person_id"), .in, SQLBind.group(people))
            .groupBy("person_id")
            .all()
        var tallies: [UUID: SessionTally] = [:]
        for row in rows {
            let id = try row.decode(column: "person_id", as: UUID.self)
            let count = try row.decode(column: "sessions", as: Int.self)
            let last = try row.decode(column: "last", as: String?.self).flatMap(LocalDate.init(iso:))
            tallies[id] = SessionTally(count: count, last: last)
        }
        return tallies
    }
}
