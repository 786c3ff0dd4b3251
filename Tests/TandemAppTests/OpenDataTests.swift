import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The records of a CSV export, read back with the core reader and checked with the standard's rules.
private func readCSV(_ text: String) throws -> (header: [String], rows: [[String]]) {
    var reader = CSVReader(text: text)
    let records = try reader.readAll()
    let header = try #require(records.first).fields
    return (header, records.dropFirst().map(\.fields))
}

private func readRecord(_ fields: [String], header: [String]) throws -> PlaceRecord {
    try PlaceRecord.validate(PlaceStandard.checkHeader(header).row(fields)).get()
}

/// The standard's row of a JSON object of the export: lists joined with `|`, numbers as text.
private func row(fromJSON object: [String: Any]) -> [String: String] {
    var row: [String: String] = [:]
    for (key, value) in object {
        switch value {
        case let list as [String]: if !list.isEmpty { row[key] = list.joined(separator: "|") }
        case let text as String: row[key] = text
        case let number as NSNumber: row[key] = PlaceRecord.decimalText(number.doubleValue)
        default: break // null
        }
    }
    return row
}

@Suite("Open data: /opendata/lieux.csv and .json")
struct OpenDataTests {
    @Test("The CSV has the standard's 32 columns in order, one valid row per place, and the right headers")
    func csvExport() async throws {
        try await TestApp.run { t in
            let response = try await t.app.testing().sendRequest(.GET, "/opendata/lieux.csv")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"lieux.csv\"")
            let bytes = Array(response.body.readableBytesView)
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 without byte order mark")
            let text = response.body.string
            #expect(text.hasPrefix(PlaceStandard.fields.joined(separator: ",") + "\r\n"))
            let (header, rows) = try readCSV(text)
            #expect(header == PlaceStandard.fields)
            #expect(header.count == 32)
            #expect(rows.count == 3)
            #expect(rows.allSatisfy { $0.count == 32 })
            let places = try await PlaceModel.query(on: t.db).all()
            let expected = Dictionary(uniqueKeysWithValues: places.map { ($0.standardId, $0.record) })
            for fields in rows {
                let exported = try readRecord(fields, header: header)
                #expect(expected[exported.id] == exported, "the row reads back as the stored place")
            }
            #expect(Set(rows.map { $0[0] }) == Set(expected.keys))
        }
    }

    @Test("The response body is streamed, and the export pages through the table without losing or repeating a place")
    func streamedAndPaged() async throws {
        try await TestApp.run { t in
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            let response = OpenDataController.places(request, format: .csv)
            #expect(response.body.description == "<async stream>")
            #expect(response.body.count == -1, "no length known in advance: chunked")

            // 3 fixture places + 9 more, read 2 at a time: 6 pages and an empty one.
            let models = (1...9).map { index in
                let place = PlaceModel(id: UUID.random(), structureId: t.fixture.structureA, name: "Lieu \(index)", typology: .epn,
                                       address: "\(index) rue Haute", postalCode: "87000", commune: "Valbourg")
                place.standardId = "lieu-\(index)"
                return place
            }
            try await models.create(on: t.db)
            var chunks: [String] = []
            let export = PlaceExport(db: t.db, logger: t.app.logger, pageSize: 2)
            let summary = try await export.run(.csv) { chunks.append($0) }
            #expect(summary == PlaceExport.Summary(written: 12, skipped: 0))
            #expect(chunks.count == 1 + 6, "the header, then one chunk per page")
            let (_, rows) = try readCSV(chunks.joined())
            #expect(rows.count == 12)
            #expect(Set(rows.map { $0[0] }).count == 12)
        }
    }

    @Test("A stored place that no longer passes the standard is left out, so the file stays valid")
    func invalidStoredPlaceIsLeftOut() async throws {
        try await TestApp.run { t in
            let place = try #require(try await PlaceModel.find(t.fixture.placeA2, on: t.db))
            place.postalCode = "870"
            try await place.update(on: t.db)
            let (_, rows) = try readCSV(try await t.app.testing().sendRequest(.GET, "/opendata/lieux.csv").body.string)
            #expect(rows.count == 2)
            #expect(!rows.contains { $0[0] == place.standardId })
        }
    }

    @Test("The JSON gives the same records as the CSV: 32 keys, lists as arrays, numbers as numbers, absent as null")
    func jsonExport() async throws {
        try await TestApp.run { t in
            let place = try #require(try await PlaceModel.find(t.fixture.placeA1, on: t.db))
            var record = place.record
            record.latitude = 45.8336
            record.longitude = 1.2611
            record.services = ["Aide aux démarches administratives", "Accès internet et matériel informatique"]
            record.presentationDetail = "Ligne 1\nLigne 2 : « guillemets » \"doubles\" \\ et tabulation\t."
            place.apply(record)
            try await place.update(on: t.db)

            let response = try await t.app.testing().sendRequest(.GET, "/opendata/lieux.json")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/json; charset=utf-8")
            #expect(response.headers.first(name: .contentDisposition) == "attachment; filename=\"lieux.json\"")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            #expect(objects.count == 3)
            for object in objects { #expect(Set(object.keys) == Set(PlaceStandard.fields)) }
            // Keys in the schema's order in the text itself.
            let text = response.body.string
            let positions = PlaceStandard.fields.map { text.range(of: "\"\($0)\":")!.lowerBound }
            #expect(positions == positions.sorted())

            let mine = try #require(objects.first { $0["id"] as? String == place.standardId })
            #expect(mine["latitude"] as? Double == 45.8336)
            #expect(mine["services"] as? [String] == record.services)
            #expect(mine["site_web"] as? [String] == [])
            #expect(mine["complement_adresse"] is NSNull)
            #expect(mine["date_maj"] as? String == record.dateMaj.iso)
            #expect(mine["presentation_detail"] as? String == record.presentationDetail)

            let (header, rows) = try readCSV(try await t.app.testing().sendRequest(.GET, "/opendata/lieux.csv").body.string)
            let fromCSV = Dictionary(uniqueKeysWithValues: try rows.map { try readRecord($0, header: header) }.map { ($0.id, $0) })
            let fromJSON = Dictionary(uniqueKeysWithValues: try objects.map { try PlaceRecord.validate(row(fromJSON: $0)).get() }.map { ($0.id, $0) })
            #expect(fromJSON == fromCSV)
        }
    }

    @Test("An empty table gives a header alone, and an empty JSON array")
    func emptyExport() async throws {
        try await TestApp.run { t in
            try await UserPlaceModel.query(on: t.db).delete()
            try await PlaceModel.query(on: t.db).delete()
            let csv = try await t.app.testing().sendRequest(.GET, "/opendata/lieux.csv").body.string
            #expect(csv == PlaceStandard.fields.joined(separator: ",") + "\r\n")
            let json = try await t.app.testing().sendRequest(.GET, "/opendata/lieux.json").body
            #expect((try JSONSerialization.jsonObject(with: Data(json.readableBytesView)) as? [Any])?.isEmpty == true)
        }
    }

    @Test("JSON strings escape quotes, backslashes and control characters")
    func jsonStrings() throws {
        #expect(PlaceExport.jsonString("a\"b\\c\nd\u{01}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(("[" + PlaceExport.jsonString("x\u{1F}\u{7F}\u{2028}y") + "]").utf8)) as? [String]
        #expect(decoded == ["x\u{1F}\u{7F}\u{2028}y"])
    }
}
