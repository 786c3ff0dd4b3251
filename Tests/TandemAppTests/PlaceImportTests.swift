import Fluent
import Foundation
import NIOConcurrencyHelpers
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

// MARK: - Files for the tests

/// `exemple-valide.csv` of the standard, from shared/reference (beside the package root).
private func exampleFile(filePath: String = #filePath) throws -> [UInt8] {
    let relative = "../shared/reference/standard-mediation-num/exemple-valide.csv"
    if let data = FileManager.default.contents(atPath: relative) { return [UInt8](data) }
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return [UInt8](try Data(contentsOf: root.deletingLastPathComponent()
        .appendingPathComponent("shared/reference/standard-mediation-num/exemple-valide.csv")))
}

/// The example's header and its one row.
private func exampleRows() throws -> (header: [String], row: [String]) {
    if let cached = exampleCache.withLockedValue({ $0 }) { return cached }
    var reader = CSVReader(bytes: try exampleFile())
    let records = try reader.readAll()
    let rows = (records[0].fields, records[1].fields)
    exampleCache.withLockedValue { $0 = rows }
    return rows
}

private let exampleCache = NIOLockedValueBox<(header: [String], row: [String])?>(nil)

/// The example's row with another id and some cells changed, by field name.
private func variant(_ id: String, _ changes: [String: String] = [:]) throws -> [String] {
    let (header, row) = try exampleRows()
    var fields = row
    fields[header.firstIndex(of: "id")!] = id
    for (name, value) in changes { fields[header.firstIndex(of: name)!] = value }
    return fields
}

private func csv(_ rows: [[String]], delimiter: CSVDelimiter = .comma) throws -> [UInt8] {
    let header = try exampleRows().header
    return Array(([header] + rows).map { CSVWriter.line($0, delimiter: delimiter) }.joined().utf8)
}

private func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString).csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

extension TestApp {
    func importPlaces(_ bytes: [UInt8], into structure: UUID) async throws -> PlaceImporter.Report {
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await PlaceImporter(db: db, structureId: structure).importFile(at: path)
    }

    /// The message of a file refused as a whole.
    func refusal(_ bytes: [UInt8], into structure: UUID) async throws -> String? {
        do {
            _ = try await importPlaces(bytes, into: structure)
            return nil
        } catch let error as PlaceImportError {
            return error.message
        }
    }

    func placeCount() async throws -> Int { try await PlaceModel.query(on: db).count() }

    func place(standardId: String) async throws -> PlaceModel? {
        try await PlaceModel.query(on: db).filter(\.$standardId == standardId).first()
    }
}

// MARK: - The importer

@Suite("Import of places from the standard's CSV")
struct PlaceImportTests {
    @Test("exemple-valide.csv creates its place in the structure; importing it again changes nothing")
    func exampleImportsOnce() async throws {
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let first = try await t.importPlaces(try exampleFile(), into: t.fixture.structureA)
            #expect(first == PlaceImporter.Report(created: 1))
            #expect(first.summary == "1 lieu créé, 0 modifié, 0 inchangé ; 0 ligne refusée.")
            let place = try #require(try await t.place(standardId: "structure-1"))
            #expect(place.$structure.id == t.fixture.structureA)
            let (header, row) = try exampleRows()
            let expected = try PlaceRecord.validate(PlaceStandard.checkHeader(header).row(row)).get()
            #expect(place.record == expected)
            #expect(place.name == "Anonymal")
            #expect(place.typology == "TIERS_LIEUX|ASSO")
            let updatedAt = place.updatedAt

            let second = try await t.importPlaces(try exampleFile(), into: t.fixture.structureA)
            #expect(second == PlaceImporter.Report(unchanged: 1))
            #expect(second.summary == "0 lieu créé, 0 modifié, 1 inchangé ; 0 ligne refusée.")
            #expect(try await t.placeCount() == before + 1)
            #expect(try await t.place(standardId: "structure-1")?.updatedAt == updatedAt, "an unchanged place is not written")
        }
    }

    @Test("A changed row updates its place, matched on id; new ids are created")
    func changedRowUpdates() async throws {
        try await TestApp.run { t in
            _ = try await t.importPlaces(try csv([try variant("p-1"), try variant("p-2")]), into: t.fixture.structureA)
            let report = try await t.importPlaces(
                try csv([try variant("p-1", ["nom": "Nouveau nom", "services": ""]), try variant("p-2"), try variant("p-3")]),
                into: t.fixture.structureA)
            #expect(report == PlaceImporter.Report(created: 1, updated: 1, unchanged: 1))
            let place = try #require(try await t.place(standardId: "p-1"))
            #expect(place.name == "Nouveau nom")
            #expect(place.services == "")
            #expect(place.searchText.contains("nouveau nom"))
        }
    }

    @Test("A file with bad rows writes the good ones and reports each bad line with its reason")
    func badRowsAreReported() async throws {
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let file = try csv([
                try variant("ok-1"),
                try variant("bad-cp", ["code_postal": "7500"]),
                try variant("bad-formula", ["nom": "=HYPERLINK(\"http://exemple.invalid\",\"clic\")"]),
                try variant("ok-2"),
                try variant("ok-1"),
                ["trop", "peu"],
            ])
            let report = try await t.importPlaces(file, into: t.fixture.structureA)
            #expect(report.created == 2)
            #expect(report.refusedRows == 4)
            #expect(report.errors.map(\.line) == [3, 4, 6, 7])
            #expect(report.errors[0].field == "code_postal")
            #expect(report.errors[0].text == "ligne 3 : code_postal — « 7500 » doit comporter exactement 5 chiffres")
            #expect(report.errors[1].field == "nom")
            #expect(report.errors[1].message.contains("formule"))
            #expect(report.errors[2].field == "id")
            #expect(report.errors[2].message.contains("ligne 2"))
            #expect(report.errors[3].field == nil)
            #expect(report.errors[3].message.contains("2 champ(s)"))
            #expect(try await t.placeCount() == before + 2)
            #expect(try await t.place(standardId: "bad-formula") == nil)
            #expect(try await t.place(standardId: "bad-cp") == nil)
        }
    }

    @Test("A file unusable as a whole gets one message and nothing is written", arguments: [
        ("pas UTF-8", "UTF-8"),
        ("vide", "vide"),
        ("en-tête seul", "que la ligne d'en-tête"),
        ("colonne inconnue", "colonne inconnue du standard : « couleur »"),
        ("colonne absente", "colonne absente : prise_rdv"),
        ("binaire", "données binaires"),
        ("classeur", "classeur"),
        ("pas un CSV du standard", "n'est pas un CSV du standard"),
        ("guillemet non refermé", "guillemet"),
        ("ligne trop longue", "trop longue"),
    ])
    func wholeFileRefused(kind: String, expected: String) async throws {
        let (header, row) = try exampleRows()
        var latin1 = try csv([try variant("latin-1")])
        let accent = try #require(latin1.indices.first { latin1[$0] == 0xC3 && latin1[$0 + 1] == 0xA9 })
        latin1.replaceSubrange(accent..<(accent + 2), with: [0xE9]) // "é" in ISO-8859-1
        let files: [String: [UInt8]] = [
            "pas UTF-8": latin1,
            "vide": [],
            "en-tête seul": Array(CSVWriter.line(header).utf8),
            "colonne inconnue": Array((CSVWriter.line(header + ["couleur"]) + CSVWriter.line(row + ["bleu"])).utf8),
            "colonne absente": Array((CSVWriter.line(Array(header.dropLast())) + CSVWriter.line(Array(row.dropLast()))).utf8),
            "binaire": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + [UInt8](repeating: 7, count: 100),
            "classeur": [0x50, 0x4B, 0x03, 0x04] + Array("[Content_Types].xml".utf8),
            "pas un CSV du standard": Array("Bonjour,\nceci est une lettre.\n".utf8),
            "guillemet non refermé": Array((CSVWriter.line(header) + "\"structure-9,abc\n").utf8),
            "ligne trop longue": Array((CSVWriter.line(header) + String(repeating: "a", count: 1_100_000) + "\n").utf8),
        ]
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let file = try #require(files[kind])
            let message = try #require(try await t.refusal(file, into: t.fixture.structureA), "\(kind) is refused")
            #expect(message.contains(expected), "\(kind): \(message)")
            #expect(try await t.placeCount() == before)
        }
    }

    @Test("A file over 50 MB is refused before it is read")
    func hugeFileRefused() async throws {
        let path = try temporaryFile(try csv([try variant("gros")]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(PlaceImporter.maxFileBytes + 1)) // sparse: nothing is written to disk
        try handle.close()
        try await TestApp.run { t in
            do {
                _ = try await PlaceImporter(db: t.db, structureId: t.fixture.structureA).importFile(at: path)
                Issue.record("a file over 50 MB was read")
            } catch let error as PlaceImportError {
                #expect(error.message.contains("50 Mo"))
            }
            #expect(try await t.place(standardId: "gros") == nil)
        }
    }

    @Test("The line of a bad byte is the file's line, even far into the file")
    func lineNumbersOfWholeFileErrors() async throws {
        var file = try csv((1...3_000).map { try variant("l-\($0)") })
        file += Array("l-x,".utf8) + [0xFF] + Array("\n".utf8)
        try await TestApp.run { t in
            let message = try #require(try await t.refusal(file, into: t.fixture.structureA))
            #expect(message.contains("ligne 3002"), "\(message)")
            #expect(try await t.place(standardId: "l-1") == nil)
        }
    }

    @Test("A place id of another structure refuses that row and leaves the place alone")
    func otherStructuresIdIsRefused() async throws {
        try await TestApp.run { t in
            let foreign = try #require(try await PlaceModel.find(t.fixture.placeB1, on: t.db))
            let report = try await t.importPlaces(
                try csv([try variant("mine-1"), try variant(foreign.standardId, ["nom": "Pris"]), try variant("mine-2")]),
                into: t.fixture.structureA)
            #expect(report.created == 2)
            #expect(report.refusedRows == 1)
            #expect(report.errors.first?.line == 3)
            #expect(report.errors.first?.field == "id")
            #expect(report.errors.first?.message.contains("autre structure") == true)
            let after = try #require(try await PlaceModel.find(t.fixture.placeB1, on: t.db))
            #expect(after.name == foreign.name)
            #expect(after.$structure.id == t.fixture.structureB)
        }
    }

    @Test("An export of the places imports back unchanged into their structure")
    func exportRoundTrip() async throws {
        try await TestApp.run { t in
            let file = try await t.app.testing().sendRequest(.GET, "/opendata/lieux.csv").body
            let report = try await t.importPlaces(Array(file.readableBytesView), into: t.fixture.structureA)
            #expect(report.unchanged == 2)
            #expect(report.created == 0 && report.updated == 0)
            #expect(report.refusedRows == 1, "the place of structure B")
        }
    }

    @Test("A semicolon-separated file with a byte order mark, as French spreadsheets save it, imports")
    func spreadsheetCSV() async throws {
        try await TestApp.run { t in
            let file = [0xEF, 0xBB, 0xBF] + (try csv([try variant("tableur-1"), try variant("tableur-2")], delimiter: .semicolon))
            let report = try await t.importPlaces(file, into: t.fixture.structureA)
            #expect(report == PlaceImporter.Report(created: 2))
        }
    }

    @Test("More rows than one chunk of statements: all written in one go, then all unchanged")
    func severalChunks() async throws {
        try await TestApp.run { t in
            let count = PlaceImporter.lookupChunk + PlaceImporter.writeChunk + 7
            let file = try csv((1...count).map { try variant("lot-\($0)") })
            #expect(try await t.importPlaces(file, into: t.fixture.structureA) == PlaceImporter.Report(created: count))
            #expect(try await t.importPlaces(file, into: t.fixture.structureA) == PlaceImporter.Report(unchanged: count))
            #expect(try await PlaceModel.query(on: t.db).filter(\.$structure.$id == t.fixture.structureA).count() == count + 2)
        }
    }

    @Test("Reading in blocks gives the same records and line numbers as reading the whole text")
    func blocksMatchWholeReading() async throws {
        let text = "a,b,c\r\n\"x\ny\",2,3\n\n\"q \"\"uote\"\"\",\"\r\n\",\r\n\rlast,1,\"2\"\n4,5,6"
        var whole = CSVReader(text: text)
        let expected = try whole.readAll()
        let path = try temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockSize in [1, 2, 3, 5, 7, 64] {
            var source = CSVFileSource(path: path, delimiter: .comma, maxRecordBytes: 1_000, maxFields: 10)
            source.blockSize = blockSize
            var records: [CSVRecord] = []
            try await source.forEachRecord { records.append($0) }
            #expect(records == expected, "block size \(blockSize)")
        }
    }
}

// MARK: - The upload page

private typealias UploadClient = ByteBrowser

extension ByteBrowser {
    /// Posts the place import form: text fields, then the file part.
    fileprivate func upload(_ file: [UInt8]?, fileName: String = "lieux.csv", fields: [(String, String)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if csrf { all.insert(("_csrf", try await self.csrf()), at: 0) }
        return try await multipart(PlaceImportController.path, fields: all, file: file, fileName: fileName)
    }
}

@Suite("The place import page /gestion/lieux/import")
struct PlaceImportPageTests {
    @Test("A coordinator sends the example file and sees what was created; the places are theirs")
    func coordinatorUploads() async throws {
        try await TestApp.run { t in
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.coordinatorA)
            let page = try await client.send(.GET, PlaceImportController.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("enctype=\"multipart/form-data\""))
            #expect(page.body.string.contains("Médiathèques du Val"))

            let response = try await client.upload(try exampleFile())
            #expect(response.status == .ok)
            #expect(response.body.string.contains("1 lieu créé"))
            let place = try #require(try await t.place(standardId: "structure-1"))
            #expect(place.$structure.id == t.fixture.structureA)

            let again = try await client.upload(try exampleFile())
            #expect(again.body.string.contains("1 lieu inchangé"))
            #expect(again.body.string.contains("0 lieu créé"))
        }
    }

    @Test("Refused rows are listed with their line numbers")
    func refusedRowsListed() async throws {
        try await TestApp.run { t in
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.coordinatorA)
            let file = try csv([try variant("ok-1"), try variant("bad", ["code_postal": "ABCDE", "nom": "@SOMME(A1)"])])
            let body = try await client.upload(file).body.string
            #expect(body.contains("1 lieu créé"))
            #expect(body.contains("1 ligne refusée"))
            #expect(body.contains("ligne 3 : code_postal — « ABCDE » doit comporter exactement 5 chiffres"))
            #expect(body.contains("ligne 3 : nom — commence par un caractère de formule"))
        }
    }

    @Test("A file unusable as a whole shows one message, with nothing written", arguments: [
        ([0x69, 0x64, 0xE9, 0x0A] as [UInt8], "UTF-8"),
        ([], "vide"),
        (Array("%PDF-1.7\n".utf8), "PDF"),
    ])
    func wholeFileProblem(file: [UInt8], expected: String) async throws {
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.coordinatorA)
            let response = try await client.upload(file)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("id=\"erreurs\""))
            #expect(response.body.string.contains(expected))
            #expect(try await t.placeCount() == before)
        }
    }

    @Test("No file chosen, or a body that is not multipart, is a message and not an error page")
    func missingFile() async throws {
        try await TestApp.run { t in
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.coordinatorA)
            let none = try await client.upload(nil)
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("Choisissez le fichier CSV"))
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let form = try await client.send(.POST, PlaceImportController.path, headers: headers, body: Array("a=b".utf8))
            #expect(form.status == .badRequest)
            #expect(form.body.string.contains("multipart/form-data"))
        }
    }

    @Test("Without the CSRF token nothing is imported")
    func csrfRequired() async throws {
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.coordinatorA)
            let missing = try await client.upload(try exampleFile(), csrf: false)
            #expect(missing.status == .forbidden)
            let wrong = try await client.upload(try exampleFile(), fields: [("_csrf", "pas-le-bon")], csrf: false)
            #expect(wrong.status == .forbidden)
            #expect(try await t.placeCount() == before)
        }
    }

    @Test("A mediator is refused; a visitor is sent to sign in")
    func onlyCoordinators() async throws {
        try await TestApp.run { t in
            let before = try await t.placeCount()
            let client = UploadClient(app: t.app)
            let anonymous = try await client.send(.GET, PlaceImportController.path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            try await client.signIn(t.fixture.mediatorA)
            #expect(try await client.send(.GET, PlaceImportController.path).status == .forbidden)
            #expect(try await client.upload(try exampleFile()).status == .forbidden)
            #expect(try await t.placeCount() == before)
        }
    }

    @Test("An administrator chooses the structure")
    func adminChoosesStructure() async throws {
        try await TestApp.run { t in
            let client = UploadClient(app: t.app)
            try await client.signIn(t.fixture.admin)
            let page = try await client.send(.GET, PlaceImportController.path)
            #expect(page.body.string.contains("France Services du Plateau"))
            let unchosen = try await client.upload(try exampleFile())
            #expect(unchosen.status == .unprocessableEntity)
            #expect(unchosen.body.string.contains("Choisissez la structure"))
            #expect(try await t.place(standardId: "structure-1") == nil)
            let chosen = try await client.upload(try exampleFile(), fields: [("structure", t.fixture.structureB.uuidString)])
            #expect(chosen.status == .ok)
            #expect(try await t.place(standardId: "structure-1")?.$structure.id == t.fixture.structureB)
        }
    }
}
