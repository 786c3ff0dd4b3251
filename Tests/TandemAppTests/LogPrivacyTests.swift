import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Issue 7, item 7: no followed person's data in the logs. Every test application logs at debug
/// level through `CapturingLogHandler` (Support/LogCapture.swift); this suite checks
///
/// 1. the traffic it drives itself on the demo territory, through every people page and flow;
/// 2. with `TANDEM_TEST_LOG_CHECK=<file>`, the capture of a whole previous run of the suite
///    (`.ci/run` runs `swift test` with `TANDEM_TEST_LOG_CAPTURE=<file>`, then this suite).
///
/// What counts as a leak (`LogPrivacy.leaks`): a first name of `DemoPeople.all` as a whole word
/// (case and accents ignored), a number of the fictional range 06 39 98 xx xx whatever its
/// spacing, a demo person's notes (or a clause of them), and the canary word « Canari ».
///
/// CONVENTION for every test that creates followed people: use the names, phones and notes of
/// `DemoPeople.all`, or put the word « Canari » in the first name or the notes, and take phones
/// from 06 39 98 xx xx. The whole-suite check then finds them if any code logs them.
@Suite("No personal data in the logs")
struct LogPrivacyTests {
    // MARK: The checker itself

    @Test("The checker finds a name, a phone in any spacing, notes and the canary")
    func checkerFindsLeaks() {
        let noelle = DemoPeople.all.first { $0.firstName == "Noëlle" }!
        let planted = [
            "debug codes.vapor.request: Running query input=[NOËLLE, 1947]",
            "info x: noelle created",
            "debug x: phone=06.39.98.12.41",
            "debug x: phone=+33 6 39 98 12 41",
            "debug x: phone=0639981241",
            "debug x: notes=\(noelle.notes!.uppercased())",
            "debug x: \(noelle.notes!.components(separatedBy: " ; ")[0])",
            "debug x: name=Canari-Test",
        ]
        for line in planted {
            #expect(!LogPrivacy.leaks(in: [line]).isEmpty, "\(line)")
        }
        let clean = [
            "info codes.vapor.request: GET /personnes/:id 200 ms=3.2 request-id=0639981x",
            "debug x: Running query input=[5f1c0639-9812-4a41-9f00-000000000000]",
            "info x: Sophie Marty connected; Noëllement is not a name; 0639981241999 is too long",
        ]
        #expect(LogPrivacy.leaks(in: clean).isEmpty, "\(LogPrivacy.leaks(in: clean))")
    }

    @Test("Fluent's query records keep their shape and lose their values")
    func queryRecordsAreRedacted() {
        var event = LogEvent(level: .debug, message: "Running query", metadata: [
            "action": "update", "schema": "followed_people",
            "input": [["first_name": "Noëlle", "phone": "0639981241"]],
            "filters": [["field": "followed_people.name_key", "method": "startswith", "value": "noel"],
                        ["group": [["field": "followed_people.id", "method": "=", "value": "x"]], "relation": "or"],
                        .stringConvertible("custom(Noëlle)")],
        ], source: nil, file: #fileID, function: #function, line: #line)
        LogRedaction.redact(&event)
        let text = CapturingLogHandler.line(event, label: "test", metadata: event.metadata ?? [:])
        #expect(LogPrivacy.findings(in: text).isEmpty, "\(text)")
        #expect(!text.contains("noel") && !text.contains("\"x\""))
        for kept in ["first_name", "phone", "followed_people.name_key", "startswith", "followed_people.id", "update", "or"] {
            #expect(text.contains(kept), "\(kept) in \(text)")
        }
        var other = LogEvent(level: .info, message: "GET /personnes 200", metadata: ["ms": "1.0"], source: nil,
                             file: #fileID, function: #function, line: #line)
        LogRedaction.redact(&other)
        #expect(other.metadata == ["ms": "1.0"])
    }

    // MARK: This suite's own traffic

    @Test("Driving every people page and flow at debug level logs no personal data")
    func peopleTrafficLogsNothingPersonal() async throws {
        try await TestApp.run(recordingLogs: true) { t in
            // The demo goes into an empty database, as `tandem demo` does.
            try await t.app.autoRevert()
            try await t.app.autoMigrate()
            let demo = try await DemoLoader(db: t.db, logger: t.app.logger)
                .load(seed: 7, activities: 1_200, passwordHash: try Bcrypt.hash(DemoTerritory.password, cost: 4))
            let territory = demo.territory
            let mediator = try #require(territory.mediators.first)
            let structureId = try #require(mediator.structureId)
            let people = try await FollowedPersonModel.query(on: t.db).filter(\.$structureId == structureId).all()
            try #require(people.count >= 4)

            let browser = t.browser()
            #expect(try await Self.signIn(browser, mediator.email).status == .seeOther)
            try await Self.browsePeople(browser, people: people, territory: territory, mediator: mediator)
            try await Self.createPeople(browser)
            try await Self.mergeAndErase(browser, people: people)
            try await Self.otherActors(t, territory: territory, person: people[0])

            let lines = t.logs.lines
            #expect(lines.count > 200)
            #expect(lines.contains { $0.contains("GET /personnes/:id ") }, "the capture holds the request lines")
            #expect(lines.contains { $0.contains("POST /personnes/:id/modifier ") })
            #expect(lines.contains { $0.hasPrefix("debug ") }, "the capture holds debug records")
            let leaks = LogPrivacy.leaks(in: lines)
            let leakCount = leaks.count
            #expect(leakCount == 0, "log lines hold personal data, e.g.:\n\(leaks.prefix(8).joined(separator: "\n"))")
        }
    }

    static func signIn(_ browser: Browser, _ email: String) async throws -> TestingHTTPResponse {
        try await browser.get("/connexion")
        return try await browser.post("/connexion", form: [("email", email), ("password", DemoTerritory.password)])
    }

    /// Lists, search, each person's page, edit (bad, then good), data pages, a session with them.
    static func browsePeople(_ browser: Browser, people: [FollowedPersonModel], territory: DemoTerritory,
                             mediator: DemoTerritory.Account) async throws {
        #expect(try await browser.get(WebPath.people).status == .ok)
        #expect(try await browser.get(WebPath.people + "?q=" + Browser.encode(people[0].firstName)).status == .ok)
        #expect(try await browser.get(WebPath.peopleSearch + "?q=" + Browser.encode(String(String(repeating: "x", count: 300)))).status == .ok)
        for person in people {
            let id = try person.requireID()
            for query in [person.firstName, String(person.firstName.prefix(2)), PersonName.key(person.firstName)] {
                let found = try await browser.get(WebPath.peopleSearch + "?q=" + Browser.encode(query))
                #expect(found.status == .ok)
            }
            #expect(try await browser.get(WebPath.person(id)).status == .ok)
            #expect(try await browser.get(WebPath.editPerson(id)).status == .ok)
            let bad = try await browser.post(WebPath.editPerson(id), form: personForm(person, ["birthYear": "18" + "4x", "phone": "06 39 98"]))
            #expect(bad.status == .unprocessableEntity)
            let good = try await browser.post(WebPath.editPerson(id), form: personForm(person, [:]))
            #expect(good.status == .seeOther, "\(good.body.string.prefix(300))")
            #expect(try await browser.get(WebPath.personData(id)).status == .ok)
            #expect(try await browser.get(WebPath.personDataJSON(id)).status == .ok)
            #expect(try await browser.get(WebPath.newActivity(for: id)).status == .ok)
            var session = ActivityFormTests.validForm(place: mediator.placeIds[0], date: LocalDate.today().iso)
                .filter { $0.0 != "ageBracket" }
            session.append(("personId", id.uuidString.lowercased()))
            let created = try await browser.post(WebPath.newActivity, form: session)
            #expect(created.status == .seeOther, "\(created.body.string.prefix(300))")
        }
        // A session with someone who does not exist, and pages of no one.
        var orphan = ActivityFormTests.validForm(place: mediator.placeIds[0], date: LocalDate.today().iso)
        orphan.append(("personId", UUID().uuidString))
        #expect(try await browser.post(WebPath.newActivity, form: orphan).status == .unprocessableEntity)
        #expect(try await browser.get(WebPath.people + "/pas-un-identifiant").status == .notFound)
        #expect(try await browser.get(WebPath.person(UUID())).status == .notFound)
    }

    /// New people from the form, with the demo's data (names of another structure), good and bad.
    static func createPeople(_ browser: Browser) async throws {
        #expect(try await browser.get(WebPath.newPerson).status == .ok)
        for person in DemoPeople.all.suffix(3) {
            var form = [("firstName", person.firstName), ("lastInitial", person.lastInitial ?? ""),
                        ("birthYear", String(person.birthYear)), ("commune", person.commune),
                        ("phone", person.phone.map(FrenchPhone.display) ?? ""), ("notes", person.notes ?? ""),
                        ("consentGiven", "oui"), ("consentDate", LocalDate.today().iso),
                        ("consentPurpose", person.consentPurpose)]
            let created = try await browser.post(WebPath.newPerson, form: form)
            #expect(created.status == .seeOther, "\(created.body.string.prefix(300))")
            form[2] = ("birthYear", "vers 1950")
            form[4] = ("phone", person.phone.map { "+33 " + String($0.dropFirst()) + "9" } ?? "06 39 98")
            #expect(try await browser.post(WebPath.newPerson, form: form).status == .unprocessableEntity)
            #expect(try await browser.post(WebPath.newPersonForActivity, form: form.filter { $0.0 != "consentGiven" }).status == .unprocessableEntity)
        }
    }

    /// The demo duplicate pair merged (and a bad merge), one person erased.
    static func mergeAndErase(_ browser: Browser, people: [FollowedPersonModel]) async throws {
        #expect(try await browser.get(WebPath.peopleDuplicates).status == .ok)
        let keep = try #require(people.first { $0.firstName == "Noëlle" })
        let absorb = try #require(people.first { $0.firstName == "Noelle" })
        let same = [("keep", try keep.requireID().uuidString), ("absorb", try keep.requireID().uuidString)]
        #expect(try await browser.post(WebPath.peopleMerge, form: same).status == .unprocessableEntity)
        let merged = try await browser.post(WebPath.peopleMerge, form: [("keep", try keep.requireID().uuidString),
                                                                        ("absorb", try absorb.requireID().uuidString)])
        #expect(merged.status == .seeOther, "\(merged.body.string.prefix(300))")
        let erased = try #require(people.first { $0.firstName == "Paulette" })
        #expect(try await browser.get(WebPath.erasePerson(try erased.requireID())).status == .ok)
        #expect(try await browser.post(WebPath.erasePerson(try erased.requireID()), form: []).status == .seeOther)
        #expect(try await browser.get(WebPath.person(try erased.requireID())).status == .notFound)
    }

    /// The coordinator reads the pages, a mediator of another structure gets 404, the admin reads
    /// the journal.
    static func otherActors(_ t: TestApp, territory: DemoTerritory, person: FollowedPersonModel) async throws {
        let id = try person.requireID()
        let coordinator = try #require(territory.accounts.first { $0.role == .coordinator && $0.structureId == person.structureId })
        let reader = t.browser()
        #expect(try await signIn(reader, coordinator.email).status == .seeOther)
        #expect(try await reader.get(WebPath.people).status == .ok)
        #expect(try await reader.get(WebPath.person(id)).status == .ok)
        let stranger = try #require(territory.mediators.first { $0.structureId != person.structureId })
        let outsider = t.browser()
        #expect(try await signIn(outsider, stranger.email).status == .seeOther)
        #expect(try await outsider.get(WebPath.person(id)).status == .notFound)
        #expect(try await outsider.get(WebPath.peopleSearch + "?q=" + Browser.encode(person.firstName)).status == .ok)
        let admin = try #require(territory.accounts.first { $0.role == .admin })
        let journal = t.browser()
        #expect(try await signIn(journal, admin.email).status == .seeOther)
        #expect(try await journal.get(WebPath.journal).status == .ok)
        #expect(try await journal.get(WebPath.people).status != .ok)
    }

    /// The edit form of `person`, as the page fills it, with some fields replaced.
    static func personForm(_ person: FollowedPersonModel, _ changes: [String: String]) -> [(String, String)] {
        let fields = [("firstName", person.firstName), ("lastInitial", person.lastInitial ?? ""),
                      ("birthYear", String(person.birthYear)), ("commune", person.commune),
                      ("phone", person.phone.map(FrenchPhone.display) ?? ""), ("notes", person.notes ?? ""),
                      ("consentGiven", "oui"), ("consentDate", person.consentDate), ("consentPurpose", person.consentPurpose)]
        return fields.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    // MARK: The whole suite's traffic

    static let checkFile = ProcessInfo.processInfo.environment["TANDEM_TEST_LOG_CHECK"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("The whole test suite's traffic, captured at debug level, logs no personal data",
          .enabled(if: checkFile != nil, "set TANDEM_TEST_LOG_CHECK to the capture of a full run"))
    func wholeSuiteLogsNothingPersonal() throws {
        let path = try #require(Self.checkFile)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.count > 5_000, "a full run logs many thousand lines; is \(path) the capture of one?")
        #expect(lines.contains { $0.hasPrefix("debug ") })
        #expect(lines.contains { $0.contains("GET /personnes/:id ") }, "the people pages were driven")
        let leaks = LogPrivacy.leaks(in: lines)
        let leakCount = leaks.count
        #expect(leakCount == 0, "log lines hold personal data, e.g.:\n\(leaks.prefix(12).joined(separator: "\n"))")
    }
}

/// Finds followed people's data in log lines.
enum LogPrivacy {
    /// The word every test person carries when it is not one of `DemoPeople.all`.
    static let canary = "Canari"

    /// Whole words, compared folded (case, accents and apostrophes ignored).
    static let names: [String] = Array(Set(DemoPeople.all.map { PersonName.key($0.firstName) } + [PersonName.key(canary)]))

    /// The notes, and every clause of them long enough to be telling, folded.
    static let notes: [String] = DemoPeople.all.compactMap(\.notes).flatMap { note -> [String] in
        let clauses = note.components(separatedBy: CharacterSet(charactersIn: ";:.,!?"))
            .map { PersonName.key($0) }
            .filter { $0.count >= 15 }
        return [PersonName.key(note)] + clauses
    }

    static let nameExpression = try! NSRegularExpression(
        pattern: "(?<![\\p{L}\\p{N}])(" + names.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|") + ")(?![\\p{L}\\p{N}])")

    /// Any number of the fiction range 06 39 98 xx xx: `0639981241`, `06 39 98 12 41`,
    /// `06.39.98.12.41`, `+33 6 39 98 12 41`, `+33 (0)6…`, `%20` for a space.
    static let phoneExpression = try! NSRegularExpression(
        pattern: "(?<![0-9A-Za-z])(?:(?:\\+|00)33(?:[\\s.\\-]|%20)*(?:\\(0\\))?(?:[\\s.\\-]|%20)*|0)6(?:[\\s.\\-]|%20)*39(?:[\\s.\\-]|%20)*98(?:(?:[\\s.\\-]|%20)*[0-9]{2}){2}(?![0-9])")

    /// The lines holding personal data, each with what was found.
    static func leaks(in lines: [String]) -> [String] {
        lines.compactMap { line in
            let found = findings(in: line)
            return found.isEmpty ? nil : "[\(found.joined(separator: ", "))] \(line.prefix(400))"
        }
    }

    static func findings(in line: String) -> [String] {
        var found: [String] = []
        if let match = phoneExpression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) {
            found.append("phone " + (line as NSString).substring(with: match.range))
        }
        let folded = PersonName.key(line)
        if let match = nameExpression.firstMatch(in: folded, range: NSRange(folded.startIndex..., in: folded)) {
            found.append("name " + (folded as NSString).substring(with: match.range))
        }
        if let note = notes.first(where: { folded.contains($0) }) {
            found.append("notes « \(note) »")
        }
        return found
    }
}
