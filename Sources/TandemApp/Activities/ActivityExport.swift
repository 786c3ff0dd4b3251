import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The activities as a file, one row per activity (`/activites/export` and `tandem export
/// activities`), in CSV or XLSX.
///
/// The export streams: it reads the records a chunk at a time with a keyset on (date, id) —
/// never an offset, never the whole table — joined with the names of their place, resource and
/// (when shown) mediator, and hands each chunk's text on before reading the next, so memory stays
/// flat whatever the number of rows. A scope of every structure is read structure by structure,
/// so each query follows the index on (structure, date, id).
struct ActivityExport: Sendable {
    /// Which records, and which columns.
    struct Selection: Sendable {
        var scope: Policy.ActivityScope
        var filter = ActivityFilter()
        var sheet: ActivitySheet
    }

    let db: any Database
    /// Records read per query.
    var chunkSize = 2_000

    // MARK: Files

    /// Writes the CSV through `write`, one chunk of text per chunk of records; returns the rows written.
    @discardableResult
    func writeCSV(_ flavour: CSVFlavour, _ selection: Selection, write: (String) async throws -> Void) async throws -> Int {
        try await write(flavour.writer.header(selection.sheet.headers))
        return try await forEachChunk(selection) { records in
            var text = ""
            text.reserveCapacity(records.count * 400)
            for record in records { text += flavour.line(selection.sheet.cells(record)) }
            try await write(text)
        }
    }

    /// Writes the XLSX file at `url` (which must not exist): the sheet is streamed to a temporary
    /// file, then zipped with the workbook's fixed parts. Returns the rows written.
    @discardableResult
    func writeXLSX(_ selection: Selection, to url: URL, threadPool: NIOThreadPool) async throws -> Int {
        let workspace = try ExportWorkspace()
        defer { workspace.remove() }
        let sheetURL = workspace.file("sheet1.xml")
        let sheetFile = try workspace.create(sheetURL)
        var sheet = XLSXSheetWriter(widths: selection.sheet.columns.map(\.width))
        try sheetFile.write(contentsOf: Data((sheet.start() + sheet.header(selection.sheet.headers)).utf8))
        let count = try await forEachChunk(selection) { records in
            var xml = ""
            xml.reserveCapacity(records.count * 1_500)
            for record in records { xml += sheet.row(selection.sheet.cells(record)) }
            try sheetFile.write(contentsOf: Data(xml.utf8))
        }
        try sheetFile.write(contentsOf: Data(sheet.end().utf8))
        try sheetFile.close()
        // Compressing is CPU work on a blocking file API: off the request's executor.
        try await threadPool.runIfActive {
            try XLSXPackage.write(sheetAt: sheetURL, sheetName: "Activités", to: url)
        }
        return count
    }

    // MARK: Reading

    /// Reads the selected records in date order, a chunk at a time, and hands each chunk to
    /// `body`; returns how many records were read.
    func forEachChunk(_ selection: Selection, _ body: ([ActivityExportRecord]) async throws -> Void) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        var total = 0
        for partition in try await partitions(of: selection.scope) {
            var after: (date: String, id: UUID)?
            while true {
                let rows = try await chunk(sql, partition, selection, after: after)
                let records = try rows.map { try record($0, withMediator: selection.sheet.columns.contains(.mediator)) }
                if !records.isEmpty { try await body(records) }
                total += records.count
                guard rows.count == chunkSize, let last = records.last else { break }
                after = (last.details.date.iso, last.id)
            }
        }
        return total
    }

    /// The column and value that narrow one query: a structure, a mediator; no part for `.none`.
    private func partitions(of scope: Policy.ActivityScope) async throws -> [(column: String, id: UUID)] {
        switch scope {
        case .none: return []
        case let .mediator(id): return [("mediator_id", id)]
        case let .structure(id): return [("structure_id", id)]
        case .all:
            return try await StructureModel.query(on: db).sort(\.$name).field(\.$id).all()
                .compactMap { $0.id.map { ("structure_id", $0) } }
        }
    }

    private func chunk(_ sql: any SQLDatabase, _ partition: (column: String, id: UUID), _ selection: Selection,
                       after: (date: String, id: UUID)?) async throws -> [any SQLRow] {
        let activities = ActivityModel.schema
        func column(_ name: String, _ table: String = activities) -> SQLColumn { SQLColumn(name, table: table) }
        let query = sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier(activities)))
            .column(column("name", PlaceModel.schema), as: "export_place_name")
            .column(column("commune", PlaceModel.schema), as: "export_place_commune")
            .column(column("postal_code", PlaceModel.schema), as: "export_place_postal_code")
            .column(column("name", LocalResourceModel.schema), as: "export_resource_name")
            .from(activities)
            .join(PlaceModel.schema, method: SQLJoinMethod.left, on: column("place_id"), .equal, column("id", PlaceModel.schema))
            .join(LocalResourceModel.schema, method: SQLJoinMethod.left, on: column("resource_id"), .equal, column("id", LocalResourceModel.schema))
            .where(column(partition.column), .equal, SQLBind(partition.id))
        if selection.sheet.columns.contains(.mediator) {
            query.column(column("display_name", UserModel.schema), as: "export_mediator_name")
                .join(UserModel.schema, method: SQLJoinMethod.left, on: column("mediator_id"), .equal, column("id", UserModel.schema))
        }
        let filter = selection.filter
        if let from = filter.from { query.where(column("date"), .greaterThanOrEqual, SQLBind(from.iso)) }
        if let to = filter.to { query.where(column("date"), .lessThanOrEqual, SQLBind(to.iso)) }
        if let place = filter.placeId { query.where(column("place_id"), .equal, SQLBind(place)) }
        if let kind = filter.kind { query.where(column("kind"), .equal, SQLBind(kind.code)) }
        if let mediator = filter.mediatorId { query.where(column("mediator_id"), .equal, SQLBind(mediator)) }
        if let after {
            // `date >= d AND (date > d OR id > i)`: the first part lets the index start at d.
            query.where(column("date"), .greaterThanOrEqual, SQLBind(after.date))
                .where(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(column("date"), .greaterThan, SQLBind(after.date)), .or,
                    SQLBinaryExpression(column("id"), .greaterThan, SQLBind(after.id)))))
        }
        return try await query.orderBy(column("date")).orderBy(column("id")).limit(chunkSize).all()
    }

    private func record(_ row: any SQLRow, withMediator: Bool) throws -> ActivityExportRecord {
        let model = try ActivityModel(row: row)
        return ActivityExportRecord(
            id: model.id!, details: model.details,
            placeName: try row.decode(column: "export_place_name", as: String?.self),
            placeCommune: try row.decode(column: "export_place_commune", as: String?.self),
            placePostalCode: try row.decode(column: "export_place_postal_code", as: String?.self),
            resourceName: try row.decode(column: "export_resource_name", as: String?.self),
            mediatorName: withMediator ? try row.decode(column: "export_mediator_name", as: String?.self) : nil)
    }
}

extension ActivityExport.Selection {
    /// What an account's export holds (docs/decisions.md, "Exports"): the records of its lists;
    /// the mediator's name for coordinators and administrators, who see it in the lists; notes
    /// only in a mediator's export of their own records.
    static func forActor(_ actor: Actor, query: ActivityExportQuery) -> Self {
        let scope = Policy.activityScope(for: actor)
        let ownRecords = actor.role == .mediator && scope == .mediator(actor.id)
        let filter = ActivityFilter(from: query.from, to: query.to, placeId: query.placeId, kind: query.kind)
        return Self(scope: scope, filter: filter, sheet: ActivitySheet(includesMediator: !ownRecords, includesNotes: ownRecords))
    }
}
