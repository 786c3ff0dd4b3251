import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// One person offered by the person picker of the activity form.
struct PersonChoice: Content, Equatable {
    let id: UUID
    /// « Ginette M. — 1948 — Arlène »: enough to tell two people apart, shown to the structure's own
    /// mediators only.
    let label: String

    init(id: UUID, label: String) {
        self.id = id
        self.label = label
    }

    init(_ person: FollowedPersonModel) {
        self.init(id: person.id!, label: Self.label(firstName: person.firstName, lastInitial: person.lastInitial,
                                                     birthYear: person.birthYear, commune: person.commune))
    }

    static func label(firstName: String, lastInitial: String?, birthYear: Int, commune: String) -> String {
        let name = lastInitial.map { "\(firstName) \($0)." } ?? firstName
        return "\(name) — \(birthYear) — \(commune)"
    }
}

/// Why a person is erased: on their request (a mediator acts), or by the retention task.
enum ErasureReason: Sendable {
    case request
    case retention

    var action: JournalAction { self == .request ? .personErased : .personAnonymised }
}

/// Reads and writes followed people. Every change that touches several rows (a merge, an
/// erasure) is one transaction with its journal entry, so that nothing is half-done and nothing
/// is done unrecorded. Nothing here logs a person's data.
struct PersonStore {
    let db: any Database

    // MARK: Create and change

    func create(_ details: PersonDetails, structureId: UUID, by actor: Actor) async throws -> FollowedPersonModel {
        let person = FollowedPersonModel()
        person.id = UUID.random()
        person.structureId = structureId
        person.apply(details)
        person.consentBy = actor.id
        try await db.writeTransaction { db in
            try await person.create(on: db)
            try await JournalStore(db: db).record(JournalEntry(.personCreated, by: actor, record: person.id, structure: structureId))
        }
        return person
    }

    /// Changes the record. Whoever changes the consent (its date or purpose) becomes the one who
    /// recorded it.
    func update(_ person: FollowedPersonModel, with details: PersonDetails, by actor: Actor) async throws {
        let consentChanged = person.consentDate != details.consentDate.iso || person.consentPurpose != details.consentPurpose
        person.apply(details)
        if consentChanged { person.consentBy = actor.id }
        try await db.writeTransaction { db in
            try await person.update(on: db)
            try await JournalStore(db: db).record(JournalEntry(.personUpdated, by: actor, record: person.id, structure: person.structureId))
        }
    }

    // MARK: Read

    /// The person, or nil when it does not exist or the actor may not see it (another structure,
    /// a researcher, the administrator): callers answer 404 either way.
    func find(_ id: UUID, for actor: Actor) async throws -> FollowedPersonModel? {
        guard Policy.canFollowPeople(actor), let person = try await FollowedPersonModel.find(id, on: db),
              Policy.canAccess(personOf: person.structureId, actor: actor) else { return nil }
        return person
    }

    /// A page of the structure's people in name order; `search` keeps the names that contain it
    /// (accents and case ignored).
    func list(structureId: UUID, search: String?, offset: Int, limit: Int) async throws -> [FollowedPersonModel] {
        var query = FollowedPersonModel.query(on: db).filter(\.$structureId == structureId)
        if let search {
            let key = Self.searchKey(search)
            if !key.isEmpty { query = query.filter(\.$nameKey, .contains(inverse: false, .anywhere), key) }
        }
        return try await query.sort(\.$nameKey).sort(\.$id).offset(max(0, offset)).limit(max(0, limit)).all()
    }

    func count(structureId: UUID) async throws -> Int {
        try await FollowedPersonModel.query(on: db).filter(\.$structureId == structureId).count()
    }

    /// Search as you type: names that start with the text first, then names that contain it,
    /// each in name order.
    func search(_ text: String, structureId: UUID, limit: Int = 10) async throws -> [PersonChoice] {
        let key = Self.searchKey(text)
        guard !key.isEmpty, limit > 0 else { return [] }
        let starting = try await FollowedPersonModel.query(on: db).filter(\.$structureId == structureId)
            .filter(\.$nameKey, .contains(inverse: false, .prefix), key)
            .sort(\.$nameKey).sort(\.$id).limit(limit).all()
        var found = starting
        if found.count < limit {
            let containing = try await FollowedPersonModel.query(on: db).filter(\.$structureId == structureId)
                .filter(\.$nameKey, .contains(inverse: false, .anywhere), key)
                .filter(\.$nameKey, .contains(inverse: true, .prefix), key)
                .sort(\.$nameKey).sort(\.$id).limit(limit - found.count).all()
            found += containing
        }
        return found.map(PersonChoice.init)
    }

    /// Every person of the structure, in name order, for the picker without JavaScript.
    func choices(structureId: UUID) async throws -> [PersonChoice] {
        try await FollowedPersonModel.query(on: db).filter(\.$structureId == structureId)
            .sort(\.$nameKey).sort(\.$id).all().map(PersonChoice.init)
    }

    /// The person's sessions, oldest first.
    func sessions(of personId: UUID) async throws -> [ActivityModel] {
        try await ActivityModel.query(on: db).filter(\.$personId == personId)
            .sort(\.$date).sort(\.$startMinutes).sort(\.$createdAt).sort(\.$id).all()
    }

    func sessions(of person: FollowedPersonModel) async throws -> [ActivityModel] {
        try await sessions(of: person.requireID())
    }

    /// The key a search is compared with: the name key, without what a LIKE pattern would read
    /// as a wildcard (a name never holds one).
    static func searchKey(_ text: String) -> String {
        PersonName.key(text).filter { $0.isLetter || $0.isNumber || $0 == " " }
    }

    // MARK: Duplicates

    /// Likely duplicates in the structure (`DuplicateDetector`), in a stable order.
    func duplicates(structureId: UUID) async throws -> [(FollowedPersonModel, FollowedPersonModel)] {
        let pairs = try await duplicatePairs(structureId: structureId)
        guard !pairs.isEmpty else { return [] }
        let ids = Array(Set(pairs.flatMap { [$0.0, $0.1] }))
        let people = try await FollowedPersonModel.query(on: db).filter(\.$id ~~ ids).all()
        let byId = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        return pairs.compactMap { pair in
            guard let first = byId[pair.0], let second = byId[pair.1] else { return nil }
            return (first, second)
        }
    }

    /// The people of the structure that are in some likely pair, to flag them in the list.
    func duplicateIds(structureId: UUID) async throws -> Set<UUID> {
        Set(try await duplicatePairs(structureId: structureId).flatMap { [$0.0, $0.1] })
    }

    /// Reads only what the comparison needs (no phone, no notes).
    private func duplicatePairs(structureId: UUID) async throws -> [(UUID, UUID)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            let id: UUID
            let name_key: String
            let last_initial: String?
            let birth_year: Int
            let commune: String
        }
        let rows = try await sql.select().columns("id", "name_key", "last_initial", "birth_year", "commune")
            .from(FollowedPersonModel.schema).where("structure_id", .equal, SQLBind(structureId))
            .all(decoding: Row.self)
        return DuplicateDetector.pairs(rows.map {
            DuplicateCandidate(id: $0.id, nameKey: $0.name_key, lastInitial: $0.last_initial,
                               birthYear: $0.birth_year, communeKey: PersonName.key($0.commune))
        })
    }

    // MARK: Merge

    /// Merges two records of the same person: `absorb`'s sessions move to `keep`, what `keep`
    /// lacks (initial, phone) is taken from `absorb`, notes are put together, the earlier consent
    /// is kept, and `absorb` is deleted — in one transaction with its journal entry. Answers how
    /// many sessions moved. Both must be the actor's structure's and distinct: otherwise 404 or
    /// 400, and nothing changes.
    @discardableResult
    func merge(keep keepId: UUID, absorb absorbId: UUID, by actor: Actor) async throws -> Int {
        guard keepId != absorbId else {
            throw Abort(.badRequest, reason: "Une fiche ne peut pas être fusionnée avec elle-même.")
        }
        return try await db.writeTransaction { db in
            try await Self.lock([keepId, absorbId], on: db)
            // Read again under the lock: the records may have changed since the page was shown.
            guard let keep = try await FollowedPersonModel.find(keepId, on: db),
                  let absorb = try await FollowedPersonModel.find(absorbId, on: db),
                  Policy.canAccess(personOf: keep.structureId, actor: actor),
                  Policy.canAccess(personOf: absorb.structureId, actor: actor) else {
                throw Abort(.notFound, reason: "Une des deux fiches n'existe pas ou plus : elle a peut-être déjà été fusionnée ou effacée.")
            }
            let moved = try await Self.sessionCount(of: absorbId, on: db)
            if let sql = db as? any SQLDatabase {
                try await sql.update(ActivityModel.schema).set("person_id", to: SQLBind(keepId))
                    .where("person_id", .equal, SQLBind(absorbId)).run()
            }
            keep.absorb(absorb)
            try await keep.update(on: db)
            try await absorb.delete(on: db)
            try await JournalStore(db: db).record(JournalEntry(.personMerged, by: actor, record: keepId, structure: keep.structureId,
                                                               detail: "absorbé: \(absorbId.uuidString.lowercased())"))
            return moved
        }
    }

    @discardableResult
    func merge(keep: FollowedPersonModel, absorb: FollowedPersonModel, by actor: Actor) async throws -> Int {
        try await merge(keep: keep.requireID(), absorb: absorb.requireID(), by: actor)
    }

    // MARK: Erasure

    /// Erases a person: their sessions lose the link but keep their anonymous attributes (age
    /// bracket, status, gender…), so the statistics do not change; the record is deleted. One
    /// transaction with its journal entry: `.personErased` when an actor acts on the person's
    /// request, `.personAnonymised` when the retention task does (no actor).
    func erase(_ person: FollowedPersonModel, by actor: Actor?) async throws {
        let id = try person.requireID()
        let structureId = person.structureId
        let reason: ErasureReason = actor == nil ? .retention : .request
        try await db.writeTransaction { db in
            try await Self.erase([(id, structureId)], reason: reason, by: actor, on: db)
        }
    }

    /// Unlinks the sessions, deletes the rows and writes one journal entry per person actually
    /// deleted, on the transaction's database; answers how many. Only the rows this transaction
    /// deleted are journalled (DELETE … RETURNING): on PostgreSQL two servers running retention
    /// at once both select the same people, and the second finds them gone.
    @discardableResult
    private static func erase(_ people: [(id: UUID, structureId: UUID)], reason: ErasureReason, by actor: Actor?, on db: any Database) async throws -> Int {
        guard !people.isEmpty, let sql = db as? any SQLDatabase else { return 0 }
        let ids = people.map(\.id)
        try await sql.update(ActivityModel.schema).set("person_id", to: SQLLiteral.null)
            .where("person_id", .in, SQLBind.group(ids)).run()
        struct Deleted: Decodable { let id: UUID }
        let deleted = Set(try await sql.delete(from: FollowedPersonModel.schema).where("id", .in, SQLBind.group(ids))
            .returning("id").all(decoding: Deleted.self).map(\.id))
        let journal = JournalStore(db: db)
        for person in people where deleted.contains(person.id) {
            try await journal.record(JournalEntry(reason.action, by: actor, record: person.id, structure: person.structureId))
        }
        return deleted.count
    }

    // MARK: Retention

    /// Anonymises the people whose latest session — or, without one, whose record's creation —
    /// is older than `monthsWithoutSession` months before `today`. Answers how many. They are
    /// found in one query, then erased in chunks of a bounded transaction each; each chunk checks
    /// again under the write lock, so that a session linked meanwhile keeps its person.
    func anonymiseInactive(monthsWithoutSession: Int, today: LocalDate) async throws -> Int {
        let cutoff = PeopleRetention.cutoff(today: today, months: monthsWithoutSession)
        let candidates = try await Self.inactive(before: cutoff, among: nil, on: db)
        var erased = 0
        for start in stride(from: 0, to: candidates.count, by: Self.erasureChunk) {
            let chunk = Array(candidates[start..<min(start + Self.erasureChunk, candidates.count)])
            erased += try await db.writeTransaction { db in
                let still = try await Self.inactive(before: cutoff, among: chunk.map(\.id), on: db)
                return try await Self.erase(still, reason: .retention, by: nil, on: db)
            }
        }
        return erased
    }

    static let erasureChunk = 200

    /// The people without a session since `cutoff` (or created before it and never seen), one
    /// grouped query: followed_people LEFT JOIN activities, GROUP BY person.
    private static func inactive(before cutoff: LocalDate, among ids: [UUID]?, on db: any Database) async throws -> [(id: UUID, structureId: UUID)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        if let ids, ids.isEmpty { return [] }
        struct Row: Decodable { let id: UUID; let structure_id: UUID }
        // The day the cutoff starts, in Paris: a record created before it is older than the cutoff.
        let cutoffInstant = LocalDate.parisCalendar.date(from: DateComponents(year: cutoff.year, month: cutoff.month, day: cutoff.day))!
        let person = "p", activity = "a"
        let lastSession = SQLFunction("MAX", args: SQLColumn("date", table: activity))
        var query = sql.select()
            .column(SQLColumn("id", table: person), as: "id")
            .column(SQLColumn("structure_id", table: person), as: "structure_id")
            .from(SQLAlias(SQLIdentifier(FollowedPersonModel.schema), as: SQLIdentifier(person)))
            .join(SQLAlias(SQLIdentifier(ActivityModel.schema), as: SQLIdentifier(activity)), method: SQLJoinMethod.left,
                  on: SQLColumn("person_id", table: activity), .equal, SQLColumn("id", table: person))
        if let ids { query = query.where(SQLColumn("id", table: person), .in, SQLBind.group(ids)) }
        let rows = try await query
            .groupBy(SQLColumn("id", table: person)).groupBy(SQLColumn("structure_id", table: person))
            .groupBy(SQLColumn("created_at", table: person))
            .having(lastSession, .lessThan, SQLBind(cutoff.iso))
            .orHaving { group in
                group.having(lastSession, .is, SQLLiteral.null)
                    .having(SQLColumn("created_at", table: person), .lessThan, SQLBind(cutoffInstant))
            }
            .orderBy(SQLColumn("id", table: person))
            .all(decoding: Row.self)
        return rows.map { ($0.id, $0.structure_id) }
    }

    // MARK: Data export (right of access)

    /// Everything Tandem holds about the person, for them. The caller writes the journal entry.
    func exportData(_ person: FollowedPersonModel, now: Date = Date()) async throws -> PersonDataExport {
        let sessions = try await sessions(of: person)
        let userIds = Set(sessions.map(\.mediatorId)).union([person.consentBy])
        let placeIds = Set(sessions.compactMap(\.placeId))
        let resourceIds = Set(sessions.compactMap(\.resourceId))
        let users = try await UserModel.query(on: db).filter(\.$id ~~ Array(userIds)).all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.displayName) })
        let places = placeIds.isEmpty ? [] : try await PlaceModel.query(on: db).filter(\.$id ~~ Array(placeIds)).all()
        let placeNames = Dictionary(uniqueKeysWithValues: places.map { ($0.id!, $0.name) })
        let resources = resourceIds.isEmpty ? [] : try await LocalResourceModel.query(on: db).filter(\.$id ~~ Array(resourceIds)).all()
        let resourceNames = Dictionary(uniqueKeysWithValues: resources.map { ($0.id!, $0.name) })
        return PersonDataExport(
            id: try person.requireID(),
            firstName: person.firstName,
            lastInitial: person.lastInitial,
            birthYear: person.birthYear,
            ageBracket: AgeBracket.forBirthYear(person.birthYear, on: LocalDate(now)).label,
            commune: person.commune,
            phone: person.phone.map(FrenchPhone.display),
            notes: person.notes,
            consent: .init(date: person.consentDate, recordedBy: names[person.consentBy] ?? "Compte supprimé", purpose: person.consentPurpose),
            createdAt: person.createdAt.map(Self.iso),
            updatedAt: person.updatedAt.map(Self.iso),
            generatedAt: Self.iso(now),
            sessions: sessions.map { session in
                let details = session.details
                return PersonDataExport.SessionEntry(
                    date: session.date,
                    kind: details.kind.label,
                    durationMinutes: session.durationMinutes,
                    themes: details.themes.map(\.label),
                    place: session.placeId.flatMap { placeNames[$0] } ?? session.commune,
                    autonomy: details.autonomy?.label,
                    referralTarget: details.referralTarget?.label,
                    resource: session.resourceId.flatMap { resourceNames[$0] },
                    mediator: names[session.mediatorId] ?? "Compte supprimé")
            })
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    // MARK: Helpers

    private static func sessionCount(of personId: UUID, on db: any Database) async throws -> Int {
        try await ActivityModel.query(on: db).filter(\.$personId == personId).count()
    }

    /// On PostgreSQL, locks the rows until the transaction ends, in id order so that two merges
    /// never wait on each other; SQLite's BEGIN IMMEDIATE already holds the write lock.
    private static func lock(_ ids: [UUID], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.select().column("id").from(FollowedPersonModel.schema)
            .where("id", .in, SQLBind.group(ids)).orderBy("id").for(.update).run()
    }
}

/// A person's data as they receive it (right of access): JSON keys in English, values as the
/// person reads them (French labels, dates `AAAA-MM-JJ`, instants ISO 8601).
struct PersonDataExport: Content, Equatable {
    struct Consent: Content, Equatable {
        let date: String
        /// The display name of the account that recorded it.
        let recordedBy: String
        let purpose: String
    }

    struct SessionEntry: Content, Equatable {
        let date: String
        let kind: String
        let durationMinutes: Int
        let themes: [String]
        /// The place's name, or the commune of a session elsewhere.
        let place: String?
        let autonomy: String?
        let referralTarget: String?
        let resource: String?
        /// The display name of the mediator.
        let mediator: String
    }

    let id: UUID
    let firstName: String
    let lastInitial: String?
    let birthYear: Int
    let ageBracket: String
    let commune: String
    let phone: String?
    let notes: String?
    let consent: Consent
    let createdAt: String?
    let updatedAt: String?
    let generatedAt: String
    let sessions: [SessionEntry]
}

extension FollowedPersonModel {
    /// Copies a validated record (the consent's recorder is set by the store).
    func apply(_ details: PersonDetails) {
        firstName = details.firstName
        nameKey = PersonName.key(details.firstName)
        lastInitial = details.lastInitial
        birthYear = details.birthYear
        commune = details.commune
        phone = details.phone
        notes = details.notes
        consentDate = details.consentDate.iso
        consentPurpose = details.consentPurpose
    }

    /// The record as validated values, e.g. to refill the edit form with `details.input`.
    var details: PersonDetails {
        PersonDetails(firstName: firstName, lastInitial: lastInitial, birthYear: birthYear, commune: commune, phone: phone,
                      notes: notes, consentDate: LocalDate(iso: consentDate) ?? LocalDate(year: birthYear, month: 1, day: 1)!,
                      consentPurpose: consentPurpose)
    }

    /// Takes from a duplicate what this record lacks: the initial and phone when empty, the notes
    /// added after a blank line when different, and the earlier consent (with who recorded it
    /// and its purpose, which go together).
    func absorb(_ other: FollowedPersonModel) {
        if lastInitial == nil { lastInitial = other.lastInitial }
        if phone == nil { phone = other.phone }
        switch (notes, other.notes) {
        case (nil, let theirs?): notes = theirs
        case (let mine?, let theirs?) where mine != theirs && !mine.contains(theirs): notes = mine + "\n\n" + theirs
        default: break
        }
        // ISO dates sort as text.
        if other.consentDate < consentDate {
            consentDate = other.consentDate
            consentBy = other.consentBy
            consentPurpose = other.consentPurpose
        }
    }
}

extension Request {
    var people: PersonStore { PersonStore(db: db) }
}

extension Application {
    var people: PersonStore { PersonStore(db: db) }
}
