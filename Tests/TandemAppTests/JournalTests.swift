import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Every journal line, oldest first (ties by id), for assertions.
private func entries(_ t: TestApp, _ action: JournalAction? = nil) async throws -> [JournalEntryModel] {
    let query = JournalEntryModel.query(on: t.db).sort(\.$at).sort(\.$id)
    if let action { query.filter(\.$action == action.code) }
    return try await query.all()
}

/// A line written directly, at a given instant.
@discardableResult
private func write(_ t: TestApp, _ entry: JournalEntry, at iso: String) async throws -> JournalEntryModel {
    let model = JournalEntryModel(entry, at: try #require(ISO8601DateFormatter().date(from: iso)))
    try await model.create(on: t.db)
    return model
}

private func occurrences(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Every text a journal line holds, to check that no personal data slipped in.
private func allText(_ entries: [JournalEntryModel]) -> String {
    entries.map { [$0.action, $0.actorRole ?? "", $0.recordKind ?? "", $0.detail ?? ""].joined(separator: "|") }.joined(separator: "\n")
}

@Suite("Journal: append-only, written on sign-in, exports and accounts, read by administrators")
struct JournalTests {
    // MARK: Append-only

    @Test("The database refuses to change or remove a journal line, through SQL or through Fluent")
    func appendOnly() async throws {
        try await TestApp.run { t in
            let line = try await write(t, JournalEntry(.signIn, by: t.fixture.admin, record: t.fixture.admin.id, detail: "original"),
                                       at: "2026-01-15T10:00:00Z")
            let id = try #require(line.id)
            let sql = try #require(t.db as? any SQLDatabase)
            let refused = await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE journal_entries SET detail = 'rewritten'").run()
            }
            #expect(String(reflecting: try #require(refused)).contains(CreateJournal.refusal), "refused by the trigger")
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM journal_entries").run()
            }
            if sql.dialect.name == "postgresql" {
                await #expect(throws: (any Error).self) {
                    try await sql.raw("TRUNCATE journal_entries").run()
                }
            }
            let fetched = try #require(try await JournalEntryModel.find(id, on: t.db))
            fetched.detail = "rewritten by Fluent"
            await #expect(throws: (any Error).self) { try await fetched.update(on: t.db) }
            let again = try #require(try await JournalEntryModel.find(id, on: t.db))
            await #expect(throws: (any Error).self) { try await again.delete(on: t.db) }
            await #expect(throws: (any Error).self) {
                try await JournalEntryModel.query(on: t.db).set(\.$detail, to: "bulk").update()
            }

            let after = try #require(try await JournalEntryModel.find(id, on: t.db))
            #expect(after.detail == "original")
            #expect(try await JournalEntryModel.query(on: t.db).count() == 1)
            // Adding lines still works.
            try await JournalStore(db: t.db).record(JournalEntry(.signOut, by: t.fixture.admin))
            #expect(try await JournalEntryModel.query(on: t.db).count() == 2)
        }
    }

    @Test("The migration reverts (triggers first) and applies again")
    func revertAndMigrateAgain() async throws {
        try await TestApp.run { t in
            try await write(t, JournalEntry(.signIn, by: t.fixture.admin), at: "2026-01-15T10:00:00Z")
            try await CreateJournal().revert(on: t.db)
            try await CreateJournal().prepare(on: t.db)
            #expect(try await JournalEntryModel.query(on: t.db).count() == 0)
            let sql = try #require(t.db as? any SQLDatabase)
            try await write(t, JournalEntry(.signIn, by: t.fixture.admin), at: "2026-01-15T10:00:00Z")
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM journal_entries").run() }
        }
    }

    // MARK: Writing

    @Test("Signing in, a refused sign-in and signing out are journaled with ids, never the address or the password")
    func signInIsJournaled() async throws {
        try await TestApp.run { t in
            let mediator = t.fixture.mediatorA
            let browser = t.browser()
            #expect(try await browser.signIn(mediator, password: "wrong-password-typed").status == .unauthorized)
            try await browser.get("/connexion")
            let unknown = try await browser.post("/connexion", form: [("email", "inconnue@nulle.part"), ("password", "another-secret-typed")])
            #expect(unknown.status == .unauthorized)
            #expect(try await browser.signIn(mediator).status == .seeOther)
            #expect(try await browser.post("/deconnexion", form: []).status == .seeOther)

            let failed = try await entries(t, .signInFailed)
            #expect(failed.count == 2)
            #expect(failed.allSatisfy { $0.actorId == nil && $0.actorRole == nil })
            #expect(Set(failed.map(\.recordId)) == [mediator.id, nil])
            #expect(failed.first { $0.recordId == mediator.id }?.recordKind == "account")

            let signIn = try #require(try await entries(t, .signIn).first)
            #expect(signIn.actorId == mediator.id)
            #expect(signIn.actorRole == "mediator")
            #expect(signIn.recordId == mediator.id)
            #expect(signIn.structureId == t.fixture.structureA)

            let signOut = try #require(try await entries(t, .signOut).first)
            #expect(signOut.actorId == mediator.id)

            let text = allText(try await entries(t))
            for secret in [mediator.email, "inconnue@nulle.part", "wrong-password-typed", "another-secret-typed", Fixture.password] {
                #expect(!text.contains(secret))
            }
            #expect(try await entries(t).count == 4)
        }
    }

    @Test("A web export of activities is journaled: who, their structure, the format and, for a workbook, the rows")
    func webExportIsJournaled() async throws {
        try await TestApp.run { t in
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-01-10")
            try await t.record(by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-02-10")
            let coordinator = t.fixture.coordinatorA
            let browser = t.browser()
            _ = try await browser.signIn(coordinator)
            #expect(try await browser.get("/activites/export?format=csv-fr&du=2026-01-01").status == .ok)
            #expect(try await browser.get("/activites/export?format=xlsx").status == .ok)
            let exports = try await entries(t, .activitiesExported)
            #expect(exports.count == 2)
            #expect(exports.allSatisfy { $0.actorId == coordinator.id && $0.structureId == t.fixture.structureA && $0.recordId == nil })
            #expect(exports.map(\.detail).contains("csv-fr, du 01/01/2026"))
            #expect(exports.map(\.detail).contains("xlsx, 2 lignes"))
            // A refused export (a researcher) writes nothing.
            let researcher = t.browser()
            _ = try await researcher.signIn(t.fixture.researcher)
            #expect(try await researcher.get("/activites/export?format=csv").status == .forbidden)
            #expect(try await entries(t, .activitiesExported).count == 2)
        }
    }

    @Test("tandem export activities is journaled as the command line, with the structure and the row count")
    func commandExportIsJournaled() async throws {
        try await TestApp.run { t in
            try await t.record(by: t.fixture.mediatorB, place: t.fixture.placeB1, date: "2026-01-12")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-journal-\(UUID()).csv").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            var context = CommandContext(console: Terminal(),
                                         input: CommandInput(arguments: ["tandem", "--structure", "France Services du Plateau", "--with-names", file]))
            context.application = t.app
            try await ExportActivitiesCommand().run(using: &context)
            let entry = try #require(try await entries(t, .activitiesExported).first)
            #expect(entry.actorId == nil)
            #expect(entry.structureId == t.fixture.structureB)
            #expect(entry.detail == "csv, 1 ligne, ligne de commande, avec les noms des médiateurs")
        }
    }

    @Test("tandem user create and tandem token create are journaled with the account's id; a refused creation writes nothing")
    func accountsAreJournaled() async throws {
        try await TestApp.run { t in
            let store = AccountStore(db: t.db, passwords: t.app.password)
            let user = try await store.create(NewAccount(email: "Nouvelle.Mediatrice@test.example", role: "mediator",
                                                         structure: "Médiathèques du Val", displayName: "Nouvelle", password: "a-long-enough-password"))
            let created = try #require(try await entries(t, .accountCreated).first)
            #expect(created.recordId == user.id)
            #expect(created.recordKind == "account")
            #expect(created.structureId == t.fixture.structureA)
            #expect(created.actorId == nil)
            #expect(created.detail == "ligne de commande")

            _ = try await store.createToken(email: "nouvelle.mediatrice@test.example", name: "tableur")
            let token = try #require(try await entries(t, .tokenCreated).first)
            #expect(token.recordId == user.id)
            #expect(token.detail == "ligne de commande")

            await #expect(throws: ConfigurationError.self) {
                _ = try await store.create(NewAccount(email: "nouvelle.mediatrice@test.example", role: "mediator",
                                                      structure: "Médiathèques du Val", displayName: nil, password: "a-long-enough-password"))
            }
            #expect(try await entries(t, .accountCreated).count == 1)
            #expect(!allText(try await entries(t)).contains("nouvelle.mediatrice"))
        }
    }

    // MARK: Reading

    @Test("An administrator reads the journal: names and roles, Paris time, a person by id only, command-line lines")
    func adminReadsTheJournal() async throws {
        try await TestApp.run { t in
            let person = UUID()
            try await write(t, JournalEntry(.personViewed, by: t.fixture.mediatorA, record: person, structure: t.fixture.structureA),
                            at: "2026-01-15T13:32:05Z")
            try await write(t, JournalEntry(.accountCreated, by: nil, record: t.fixture.mediatorB.id, structure: t.fixture.structureB,
                                            detail: "ligne de commande"), at: "2026-07-01T08:00:00Z")
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.admin)
            let page = try await browser.get("/gestion/journal")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<h1>Journal</h1>"))
            #expect(html.contains("15/01/2026 14:32:05"), "winter: UTC+1")
            #expect(html.contains("01/07/2026 10:00:00"), "summer: UTC+2")
            #expect(html.contains("Fiche d&#39;une personne consultée") || html.contains("Fiche d'une personne consultée"))
            #expect(html.contains("mediatrice.a (Médiateur)"))
            #expect(html.contains(person.uuidString.lowercased()))
            #expect(!html.contains("/personnes/\(person.uuidString.lowercased())"), "an admin cannot open a person's page")
            #expect(html.contains("Ligne de commande / tâche automatique"))
            #expect(html.contains("Compte — mediateur.b"))
            #expect(html.contains("France Services du Plateau"))
            #expect(html.contains("Connexion"), "the admin's own sign-in is listed")
            // Newest first.
            let july = try #require(html.range(of: "01/07/2026"))
            let january = try #require(html.range(of: "15/01/2026"))
            #expect(july.lowerBound < january.lowerBound)
        }
    }

    @Test("The journal filters by action, account, record, structure and period, and pages by 50")
    func filters() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = UUID()
            try await write(t, JournalEntry(.personViewed, by: f.mediatorA, record: person, structure: f.structureA), at: "2026-01-15T10:00:00Z")
            try await write(t, JournalEntry(.personUpdated, by: f.mediatorA, record: person, structure: f.structureA), at: "2026-02-15T10:00:00Z")
            try await write(t, JournalEntry(.personViewed, by: f.mediatorB, record: UUID(), structure: f.structureB), at: "2026-03-15T10:00:00Z")
            try await write(t, JournalEntry(.signInFailed, by: nil, record: f.mediatorB.id, structure: f.structureB), at: "2026-03-31T22:30:00Z")
            let browser = t.browser()
            _ = try await browser.signIn(f.admin)
            func rows(_ query: String) async throws -> Int {
                let response = try await browser.get("/gestion/journal?" + query)
                #expect(response.status == .ok, "\(query)")
                return occurrences("<time datetime", in: response.body.string)
            }
            #expect(try await rows("action=person.viewed") == 2)
            #expect(try await rows("action=sign_in.failed") == 1)
            #expect(try await rows("enregistrement=\(person.uuidString.lowercased())") == 2)
            #expect(try await rows("enregistrement=\(person.uuidString)") == 2, "upper case too")
            #expect(try await rows("compte=\(f.mediatorA.id.uuidString.lowercased())") == 2)
            #expect(try await rows("structure=\(f.structureB.uuidString.lowercased())") == 2)
            #expect(try await rows("du=2026-02-01&au=2026-03-15") == 2, "both days included")
            // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time since 29 March).
            #expect(try await rows("du=2026-04-01&au=2026-04-01") == 1)
            #expect(try await rows("du=2026-03-31&au=2026-03-31") == 0)
            #expect(try await rows("action=person.viewed&structure=\(f.structureA.uuidString.lowercased())") == 1)

            for minute in 0..<55 {
                try await write(t, JournalEntry(.tokenCreated, by: nil, record: f.researcher.id),
                                at: String(format: "2025-06-01T10:%02d:00Z", minute))
            }
            let first = try await browser.get("/gestion/journal?action=token.created")
            #expect(occurrences("<time datetime", in: first.body.string) == 50)
            #expect(first.body.string.contains("/gestion/journal?action=token.created&amp;page=2") || first.body.string.contains("/gestion/journal?action=token.created&page=2"))
            #expect(!first.body.string.contains("rel=\"prev\""))
            let second = try await browser.get("/gestion/journal?action=token.created&page=2")
            #expect(occurrences("<time datetime", in: second.body.string) == 5)
            #expect(second.body.string.contains("rel=\"prev\""))
            #expect(!second.body.string.contains("rel=\"next\""))
            #expect(second.body.string.contains("01/06/2025 12:00:00"), "the oldest line is on the last page")
        }
    }

    @Test("Only administrators read the journal: others get 403, a signed-out visitor is sent to sign in")
    func onlyAdministrators() async throws {
        try await TestApp.run { t in
            for actor in [t.fixture.mediatorA, t.fixture.coordinatorA, t.fixture.researcher] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                #expect(try await browser.get("/gestion/journal").status == .forbidden)
                #expect(try await browser.get("/gestion/journal.csv").status == .forbidden)
            }
            let visitor = try await t.browser().get("/gestion/journal")
            #expect(visitor.status == .seeOther)
            #expect(visitor.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            #expect(try await t.browser().get("/gestion/journal.csv").status == .seeOther)
        }
    }

    @Test("Wrong filter values answer 400 with a French message beside each field, and no list")
    func badFilters() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.admin)
            let response = try await browser.get("/gestion/journal?action=nimporte&enregistrement=abc&du=2026-13-45&compte=x&structure=y")
            #expect(response.status == .badRequest)
            let html = response.body.string
            #expect(html.contains("Cette action n&#39;existe pas") || html.contains("Cette action n'existe pas"))
            #expect(html.contains("Un identifiant compte 36 caractères"))
            #expect(html.contains("La date de début n&#39;est pas une date valide") || html.contains("La date de début n'est pas une date valide"))
            #expect(html.contains("Ce compte n&#39;existe pas") || html.contains("Ce compte n'existe pas"))
            #expect(html.contains("Cette structure n&#39;existe pas") || html.contains("Cette structure n'existe pas"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("value=\"abc\""), "the value typed is shown again")
            #expect(!html.contains("<table"))
            let reversed = try await browser.get("/gestion/journal?du=2026-03-01&au=2026-02-01")
            #expect(reversed.status == .badRequest)
            #expect(reversed.body.string.contains("La date de fin précède la date de début."))
            #expect(try await browser.get("/gestion/journal.csv?du=hier").status == .badRequest)
        }
    }

    @Test("The CSV export: byte order mark, semicolons, French headers, the page's filter, every line once")
    func csvExport() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = UUID()
            try await write(t, JournalEntry(.personErased, by: f.coordinatorA, record: person, structure: f.structureA, detail: "=HYPERLINK(1)"),
                            at: "2026-01-15T13:32:05Z")
            try await write(t, JournalEntry(.signIn, by: f.mediatorB, record: f.mediatorB.id, structure: f.structureB), at: "2026-01-16T08:00:00Z")
            let browser = t.browser()
            _ = try await browser.signIn(f.admin)
            let response = try await browser.get("/gestion/journal.csv?structure=\(f.structureA.uuidString.lowercased())")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(response.headers.first(name: .contentDisposition)?.contains("journal-") == true)
            let bytes = Array(response.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            var reader = CSVReader(bytes: bytes, delimiter: .semicolon)
            let rows = try reader.readAll().map(\.fields)
            #expect(rows.first == JournalCSV.headers)
            #expect(rows.count == 2)
            let line = rows[1]
            #expect(line[0] == "15/01/2026 14:32:05")
            #expect(line[1] == JournalAction.personErased.label)
            #expect(line[2] == "person.erased")
            #expect(line[3] == "coordination.a")
            #expect(line[5] == "Coordinateur")
            #expect(line[6] == "Personne suivie")
            #expect(line[7] == person.uuidString.lowercased())
            #expect(line[8] == "Médiathèques du Val")
            #expect(!line[10].hasPrefix("="), "a formula is neutralised")
        }
    }

    @Test("The CSV reads the journal a chunk at a time without skipping or repeating lines written at the same instant")
    func csvChunks() async throws {
        try await TestApp.run { t in
            for _ in 0..<5 { try await write(t, JournalEntry(.tokenCreated, by: nil), at: "2026-01-15T10:00:00Z") }
            for hour in 11..<14 { try await write(t, JournalEntry(.tokenCreated, by: nil), at: "2026-01-15T\(hour):00:00Z") }
            var text = ""
            let names = try await JournalNames.load(on: t.db)
            let count = try await JournalCSV.write(store: JournalStore(db: t.db), filter: JournalFilter(action: .tokenCreated), names: names,
                                                   chunkSize: 2) { text += $0 }
            #expect(count == 8)
            var reader = CSVReader(text: text, delimiter: .semicolon)
            #expect(try reader.readAll().count == 9)
            var ids: [UUID] = []
            try await JournalStore(db: t.db).forEachChunk(filter: JournalFilter(action: .tokenCreated), size: 3) { chunk in
                ids += chunk.compactMap(\.id)
            }
            #expect(ids.count == 8)
            #expect(Set(ids).count == 8)
            let paged = try await JournalStore(db: t.db).page(filter: JournalFilter(action: .tokenCreated), offset: 0, limit: 8).compactMap(\.id)
            #expect(ids == paged, "the same order as the pages")
        }
    }
}
