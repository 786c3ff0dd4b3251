import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TandemCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import TandemApp

// MARK: Helpers

/// Stores an individual session with notes, directly through the store.
@discardableResult
private func record(_ t: TestApp, by actor: Actor, place: UUID?, date: String = "2026-01-15", notes: String? = nil,
                    title: String? = nil, kind: ActivityKind = .individual) async throws -> ActivityModel {
    var input = ActivityInput()
    input.kind = kind.code
    input.date = date
    input.durationMinutes = 45
    input.locationKind = place == nil ? LocationKind.remote.code : LocationKind.place.code
    input.placeId = place?.uuidString
    input.themes = [Theme.email.code, Theme.health.code]
    input.devices = [Device.phone.code]
    input.deviceOwners = [DeviceOwner.beneficiary.code]
    input.interventionMode = InterventionMode.guided.code
    input.notes = notes
    if kind != .individual {
        input.participantCount = 6
        input.title = title
    } else {
        input.ageBracket = AgeBracket.age70plus.code
        input.socialStatus = SocialStatus.retired.code
        input.gender = Gender.female.code
    }
    let details = try ActivityValidator().validate(input).get()
    return try await t.app.activities.create(details, by: actor, structureId: actor.structureId!)
}

/// Records of three people in two structures, each with a note naming its author.
private func recordTerritory(_ t: TestApp) async throws {
    let f = t.fixture
    try await record(t, by: f.mediatorA, place: f.placeA1, date: "2026-01-10", notes: "note de A")
    try await record(t, by: f.mediatorA, place: f.placeA1, date: "2026-02-10", notes: "note de A, février")
    try await record(t, by: f.mediatorA2, place: f.placeA2, date: "2026-01-20", notes: "note de A2")
    try await record(t, by: f.mediatorB, place: f.placeB1, date: "2026-01-12", notes: "note de B")
}

private func csv(_ response: TestingHTTPResponse, _ delimiter: CSVDelimiter = .semicolon) throws -> [[String]] {
    try csv(bytes: Array(response.body.readableBytesView), delimiter)
}

private func csv(bytes: [UInt8], _ delimiter: CSVDelimiter = .semicolon) throws -> [[String]] {
    var reader = CSVReader(bytes: bytes, delimiter: delimiter)
    return try reader.readAll().map(\.fields)
}

/// Column `name` of each data row.
private func column(_ rows: [[String]], _ name: String) -> [String]? {
    guard let index = rows.first?.firstIndex(of: name) else { return nil }
    return rows.dropFirst().map { $0[index] }
}

/// The entries of a ZIP and the text of the sheet, read back with ZIPFoundation.
private func unzip(_ bytes: [UInt8]) throws -> (paths: [String], sheet: String) {
    let archive = try Archive(data: Data(bytes), accessMode: .read)
    var sheet = Data()
    if let entry = archive[XLSXWorkbook.sheetPath] {
        _ = try archive.extract(entry) { sheet.append($0) }
    }
    return (archive.map(\.path), String(decoding: sheet, as: UTF8.self))
}

private func occurrences(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

// MARK: Activities

@Suite("Exports: /activites/export and tandem export activities")
struct ActivityExportTests {
    @Test("A mediator exports their own records, with their notes and without a name column")
    func mediatorOwnRecords() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let browser = t.browser()
            try await browser.signIn(t.fixture.mediatorA)
            let response = try await browser.get("/activites/export?format=csv-fr")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"activites.csv\"")
            #expect(Array(response.body.readableBytesView).starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with byte order mark")
            let rows = try csv(response)
            #expect(rows.count == 3)
            #expect(column(rows, "Notes supplémentaires") == ["note de A", "note de A, février"], "date order")
            #expect(column(rows, "Médiateur") == nil)
            #expect(column(rows, "Date") == ["10/01/2026", "10/02/2026"])
            #expect(column(rows, "Nom du lieu") == ["Médiathèque centrale", "Médiathèque centrale"])
            #expect(column(rows, "Thématique(s) d’accompagnement")?.first == "E-mail, Santé (Ameli, Mon espace santé, prise de rendez-vous médical)")
        }
    }

    @Test("A coordinator exports the structure with the mediators' names and never a note")
    func coordinatorStructure() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let browser = t.browser()
            try await browser.signIn(t.fixture.coordinatorA)
            let response = try await browser.get("/activites/export?format=csv")
            let text = response.body.string
            #expect(!text.hasPrefix("\u{FEFF}"))
            let rows = try csv(response, .comma)
            #expect(rows.count == 4, "structure A's three records, not B's")
            #expect(column(rows, "Notes supplémentaires") == nil)
            #expect(!text.contains("note de"))
            #expect(column(rows, "Médiateur").map(Set.init) == ["mediatrice.a", "mediateur.a2"])
            #expect(column(rows, "Date") == ["2026-01-10", "2026-01-20", "2026-02-10"])
        }
    }

    @Test("An administrator exports every structure, with names, without notes; a researcher gets none")
    func adminAndResearcher() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let admin = t.browser()
            try await admin.signIn(t.fixture.admin)
            let rows = try csv(try await admin.get("/activites/export?format=csv-fr"))
            #expect(rows.count == 5)
            #expect(column(rows, "Notes supplémentaires") == nil)
            #expect(column(rows, "Médiateur")?.contains("mediateur.b") == true)

            let researcher = t.browser()
            try await researcher.signIn(t.fixture.researcher)
            let refused = try await researcher.get("/activites/export?format=csv")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("pas aux activités une à une"))
        }
    }

    @Test("Without a session the export asks to sign in")
    func signedOut() async throws {
        try await TestApp.run { t in
            let response = try await t.browser().get("/activites/export?format=csv")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.hasPrefix("/connexion") == true)
        }
    }

    @Test("Period, place and kind narrow the rows; bad parameters answer 400 in French")
    func filtersAndBadParameters() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            try await record(t, by: t.fixture.mediatorA, place: t.fixture.placeA1, date: "2026-01-31", kind: .workshop)
            let browser = t.browser()
            try await browser.signIn(t.fixture.coordinatorA)
            let january = try csv(try await browser.get("/activites/export?format=csv&from=2026-01-01&to=2026-01-31"), .comma)
            #expect(column(january, "Date") == ["2026-01-10", "2026-01-20", "2026-01-31"])
            let list = try await browser.get("/activites/export?format=csv&du=2026-01-15&lieu=\(t.fixture.placeA1.uuidString)&type=individual")
            #expect(column(try csv(list, .comma), "Date") == ["2026-02-10"])
            #expect(list.headers.first(name: .contentDisposition) == "attachment; filename=\"activites-du-2026-01-15.csv\"")

            for (query, message) in [("format=pdf", "pas un format d"), ("format=csv&from=2026-02-30", "AAAA-MM-JJ"),
                                     ("format=csv&from=2026-03-01&to=2026-01-01", "précède la date de début"),
                                     ("format=csv&lieu=ici", "pas un lieu")] {
                let response = try await browser.get("/activites/export?" + query)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.body.string.contains(message), "\(query)")
            }
        }
    }

    @Test("XLSX: a ZIP with the workbook's parts; the sheet has a bold header, one row per activity, dates as dates")
    func xlsx() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            try await record(t, by: t.fixture.mediatorA, place: nil, date: "2026-03-01", notes: "<b>gras</b> & \u{7}cloche")
            let browser = t.browser()
            try await browser.signIn(t.fixture.mediatorA)
            let response = try await browser.get("/activites/export?format=xlsx")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"activites.xlsx\"")
            #expect(response.headers.first(name: .contentLength) == String(response.body.readableBytes))
            let (paths, sheet) = try unzip(Array(response.body.readableBytesView))
            #expect(Set(paths) == ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml",
                                   "xl/_rels/workbook.xml.rels", "xl/styles.xml", XLSXWorkbook.sheetPath])
            #expect(occurrences("<row ", in: sheet) == 4, "the header and three records")
            #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>Date</t></is></c>"#))
            #expect(sheet.contains(#"<c r="A2" s="2"><v>46032</v></c>"#), "2026-01-10 as a serial day")
            #expect(sheet.contains("&lt;b&gt;gras&lt;/b&gt; &amp; cloche"), "escaped, the control character left out")
            #expect(sheet.contains("note de A, février"))
            #expect(XMLParser(data: Data(sheet.utf8)).parse(), "well-formed")
        }
    }

    @Test("A coordinator's XLSX has no notes either")
    func coordinatorXLSX() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let browser = t.browser()
            try await browser.signIn(t.fixture.coordinatorA)
            let (_, sheet) = try unzip(Array(try await browser.get("/activites/export?format=xlsx").body.readableBytesView))
            #expect(occurrences("<row ", in: sheet) == 4)
            #expect(!sheet.contains("note de"))
            #expect(!sheet.contains("Notes supplémentaires"))
            #expect(sheet.contains("mediateur.a2"))
        }
    }

    @Test("Reading in small chunks loses and repeats nothing, even among records of the same day, across structures")
    func keysetChunks() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for index in 0..<7 {
                try await record(t, by: f.mediatorA, place: f.placeA1, date: "2026-01-1\(index % 2)")
                try await record(t, by: f.mediatorB, place: f.placeB1, date: "2026-01-1\(index % 3)")
            }
            var export = ActivityExport(db: t.db)
            export.chunkSize = 2
            let selection = ActivityExport.Selection(scope: .all, sheet: ActivitySheet(includesMediator: false, includesNotes: false))
            var ids: [UUID] = []
            var chunks = 0
            let total = try await export.forEachChunk(selection) { records in
                chunks += 1
                ids += records.map(\.id)
                #expect(records.count <= 2)
            }
            #expect(total == 14)
            #expect(Set(ids).count == 14)
            #expect(chunks == 8, "four chunks per structure")
            let stored = try await ActivityModel.query(on: t.db).all().compactMap(\.id)
            #expect(Set(ids) == Set(stored))
        }
    }

    @Test("A finished file is unlinked as soon as it is opened, and still sent whole with its length")
    func fileUnlinkedAtOnce() async throws {
        try await TestApp.run { t in
            let workspace = try ExportWorkspace()
            defer { workspace.remove() }
            let url = workspace.file("essai.xlsx")
            let content = Data((0..<200_000).map { UInt8($0 % 251) })
            try content.write(to: url)
            let response = try Download.file(at: url, headers: Download.headers(contentType: "application/octet-stream", fileName: "essai.xlsx"))
            #expect(!FileManager.default.fileExists(atPath: url.path))
            #expect(response.body.count == content.count)
            #expect(response.headers.first(name: .cacheControl) == "private, no-store")
            var received = Data()
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            let collected = try await response.body.collect(on: request.eventLoop).get()
            if let buffer = collected { received.append(contentsOf: buffer.readableBytesView) }
            #expect(received == content)
        }
    }

    @Test("The CSV is streamed: the body has no length known in advance")
    func streamed() async throws {
        try await TestApp.run { t in
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            request.auth.login(t.fixture.coordinatorA)
            request.url = URI(string: "/activites/export?format=csv")
            let response = try await ActivityExportController().export(request)
            #expect(response.body.count == -1, "chunked")
        }
    }

    @Test("tandem export activities: every structure, no notes, names only when asked; a count at the end")
    func command() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-export-test-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            func run(_ arguments: [String]) async throws {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["tandem"] + arguments))
                context.application = t.app
                try await ExportActivitiesCommand().run(using: &context)
            }
            let plain = folder.appendingPathComponent("a.csv").path
            try await run(["--format", "csv-fr", plain])
            let text = try String(contentsOfFile: plain, encoding: .utf8)
            var reader = CSVReader(text: text, delimiter: .semicolon)
            let rows = try reader.readAll().map(\.fields)
            #expect(rows.count == 5)
            #expect(!text.contains("note de"))
            #expect(column(rows, "Médiateur") == nil)

            let named = folder.appendingPathComponent("b.csv").path
            try await run(["--structure", "France Services du Plateau", "--with-names", "--from", "2026-01-01", named])
            var namedReader = CSVReader(text: try String(contentsOfFile: named, encoding: .utf8))
            let namedRows = try namedReader.readAll().map(\.fields)
            #expect(column(namedRows, "Médiateur") == ["mediateur.b"])

            let workbook = folder.appendingPathComponent("c.xlsx").path
            try await run(["--format", "xlsx", workbook])
            try await run(["--format", "xlsx", workbook])  // over an existing file
            let (_, sheet) = try unzip(Array(try Data(contentsOf: URL(fileURLWithPath: workbook))))
            #expect(occurrences("<row ", in: sheet) == 5)

            await #expect(throws: ConfigurationError.self) { try await run(["--format", "pdf", plain]) }
            await #expect(throws: ConfigurationError.self) { try await run(["--from", "demain", plain]) }
            await #expect(throws: ConfigurationError.self) { try await run(["--format", "xlsx"]) }
            await #expect(throws: ConfigurationError.self) { try await run(["--structure", "Inconnue", plain]) }
        }
    }
}

// MARK: Statistics tables

@Suite("Exports: /statistiques/export")
struct StatisticsExportTests {
    @Test("A coordinator's table is their structure's, forced, with French headers and the file's name")
    func coordinatorTable() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let browser = t.browser()
            try await browser.signIn(t.fixture.coordinatorA)
            let other = t.fixture.structureB.uuidString
            let response = try await browser.get("/statistiques/export?table=theme&format=csv-fr&period=custom&from=2026-01&to=2026-12&structureId=\(other)")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"statistiques-themes-2026.csv\"")
            let rows = try csv(response)
            #expect(rows[0] == ["Libellé", "Activités", "Personnes", "Heures", "Part (%)"])
            #expect(rows[1] == ["E-mail", "3", "3", "2,3", "100,0"], "structure A's three records, 45 minutes each")
        }
    }

    @Test("A mediator's totals and trend are their own; JSON carries the same numbers")
    func mediatorTotalsAndTrend() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let browser = t.browser()
            try await browser.signIn(t.fixture.mediatorA)
            let totals = try csv(try await browser.get("/statistiques/export?table=totals&format=csv&period=custom&from=2026-01&to=2026-03"), .comma)
            #expect(totals[1] == ["Ensemble", "2", "2", "1.5", "100.0"])
            let trend = try await browser.get("/statistiques/export?table=trend&format=json&period=custom&from=2026-01&to=2026-03")
            #expect(trend.headers.first(name: .contentType) == "application/json; charset=utf-8")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(trend.body.readableBytesView)) as? [String: Any])
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.map { $0["code"] as? String } == ["2026-01", "2026-02", "2026-03"])
            #expect(rows.map { $0["activities"] as? Int } == [1, 1, 0])
            #expect(object["masked"] as? Bool == false)
        }
    }

    @Test("Bad table, format or filters answer 400 in French; a researcher asking for mediators 403")
    func refusals() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.signIn(t.fixture.coordinatorA)
            for (query, message) in [("format=csv", "Indiquez le tableau"), ("table=colours&format=csv", "pas un tableau des statistiques"),
                                     ("table=theme", "Indiquez le format"), ("table=theme&format=xlsx", "pas un format d"),
                                     ("table=theme&format=csv&period=hier", "une période proposée"),
                                     ("table=theme&format=csv&theme=email&ageBracket=70_plus", "une seule caractéristique")] {
                let response = try await browser.get("/statistiques/export?" + query)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.body.string.contains(message), "\(query): \(response.body.string.prefix(200))")
            }
            let researcher = t.browser()
            try await researcher.signIn(t.fixture.researcher)
            #expect(try await researcher.get("/statistiques/export?table=mediator&format=csv").status == .forbidden)
            #expect(try await researcher.get("/statistiques/export?table=theme&format=csv").status == .ok)
            #expect(try await t.browser().get("/statistiques/export?table=theme&format=csv").status == .seeOther)
        }
    }

    @Test("Places and mediators are tables of a structure: over the whole territory, 400")
    func territory() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let admin = t.browser()
            try await admin.signIn(t.fixture.admin)
            let territory = try await admin.get("/statistiques/export?table=place&format=csv&period=custom&from=2026-01&to=2026-12")
            #expect(territory.status == .badRequest)
            #expect(territory.body.string.contains("choisissez-en une"))
            let structure = try await admin.get("/statistiques/export?table=mediator&format=csv&period=custom&from=2026-01&to=2026-12&structureId=\(t.fixture.structureA.uuidString)")
            #expect(structure.status == .ok)
            let rows = try csv(structure, .comma)
            #expect(Set(rows.dropFirst().map { $0[0] }) == ["mediatrice.a", "mediateur.a2"])
        }
    }

    @Test("The shared links' responder masks every count under 5, and its hidden rows' other numbers")
    func masked() async throws {
        try await TestApp.run { t in
            try await recordTerritory(t)
            let query = ObservatoryQuery(preset: .custom, period: MonthPeriod(first: YearMonth(year: 2026, month: 1)!, last: YearMonth(year: 2026, month: 12)!),
                                         structureId: t.fixture.structureA)
            let dashboard = try await ObservatoryStore(db: t.db).dashboard(for: query)
            let labels = try await DashboardLabels.load(for: dashboard, on: t.db)
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            let response = try StatisticsExportResponder.respond(request, query: query, dashboard: dashboard, labels: labels,
                                                                 table: "theme", format: "csv-fr", masked: true)
            let rows = try csv(bytes: Array((response.body.buffer ?? ByteBuffer()).readableBytesView))
            #expect(rows[1] == ["E-mail", "< 5", "< 5", "masqué", "masqué"])
            #expect(throws: Abort.self) {
                try StatisticsExportResponder.respond(request, query: query, dashboard: dashboard, labels: labels,
                                                      table: "mediator", format: "csv", masked: true, refused: [.mediator])
            }
        }
    }
}

@Suite("Exports: the list page's export form")
struct ActivityListExportFormTests {
    @Test("The list offers the export with its own filters carried as hidden fields, XLSX first")
    func form() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.signIn(t.fixture.mediatorA)
            let page = try await browser.get("/activites?du=2026-01-01&type=workshop").body.string
            #expect(page.contains(#"<form method="get" action="/activites/export" class="export">"#))
            #expect(page.contains(#"<input type="hidden" name="du" value="2026-01-01">"#))
            #expect(page.contains(#"<input type="hidden" name="type" value="workshop">"#))
            #expect(!page.contains(#"<input type="hidden" name="au""#), "no empty filter")
            #expect(page.contains(#"value="xlsx" checked"#))
            #expect(page.contains("avec les filtres de la liste"))
        }
    }
}
