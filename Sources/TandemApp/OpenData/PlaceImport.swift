import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Reads a CSV file of the places standard (`standard-mediation-num` v1.0.2) into the places of
/// one structure. Shared by `tandem import places` and the upload page `/gestion/lieux/import`.
///
/// Two passes over the file, each reading it in blocks (memory stays flat whatever the number of
/// rows; only the ids of the rows are kept, to find duplicates):
/// 1. check: the file as a whole (size, text, CSV syntax, header), then every row — the
///    standard's rules (`PlaceRecord.validate`), an `id` seen twice in the file, an `id` that
///    belongs to a place of another structure. A problem with the file as a whole stops here with
///    one message (`PlaceImportError`) and nothing is written.
/// 2. write: the valid rows, in one transaction, by chunks of statements; matched on the
///    standard's `id` within the structure: a new id is created, a changed place updated, an
///    identical one left alone — so importing the same file twice writes nothing the second time.
/// Invalid rows are reported with their line number and reason; the valid ones are written.
struct PlaceImporter: Sendable {
    static let maxFileBytes = 50 * 1024 * 1024
    /// The most bytes one record (one "line" of the file, with its quoted line breaks) may take.
    static let maxRecordBytes = 1024 * 1024
    /// Errors kept for the report; the others are only counted.
    static let maxReportedErrors = 200
    /// Rows per chunk of statements in the writing pass: 500 new places × 38 columns = 19,000 bound
    /// parameters per INSERT, under PostgreSQL's 65,535 and SQLite's 32,766.
    static let writeChunk = 500
    /// Ids checked per query against the places of other structures.
    static let lookupChunk = 1_000

    let db: any Database
    let structureId: UUID

    /// One refused row's problem: "ligne N : champ — raison".
    struct RowError: Sendable, Equatable, Encodable {
        let line: Int
        /// The standard's field name, or nil when the problem is the row as a whole.
        let field: String?
        let message: String

        var text: String {
            "ligne \(line) : " + (field.map { "\($0) — " } ?? "") + message
        }
    }

    struct Report: Sendable, Equatable {
        var created = 0
        var updated = 0
        var unchanged = 0
        /// Rows not written.
        var refusedRows = 0
        /// The first `maxReportedErrors` problems, in file order.
        var errors: [RowError] = []
        /// Every problem found (several per row are possible).
        var errorCount = 0

        var unreportedErrors: Int { errorCount - errors.count }

        /// "3 lieux créés, 0 modifié, 12 inchangés ; 2 lignes refusées."
        var summary: String {
            func count(_ n: Int, _ one: String, _ many: String) -> String {
                "\(French.integer(n)) \(n > 1 ? many : one)"
            }
            return "\(count(created, "lieu créé", "lieux créés")), \(count(updated, "modifié", "modifiés")), "
                + "\(count(unchanged, "inchangé", "inchangés")) ; \(count(refusedRows, "ligne refusée", "lignes refusées"))."
        }
    }

    /// Imports the file at `path`. Throws `PlaceImportError` (one French message, nothing written)
    /// when the file as a whole cannot be used.
    func importFile(at path: String) async throws -> Report {
        let source = try Self.openSource(path)
        var check = try await checkRows(source)
        let refused = check.refusedLines
        let expected = check.validRows
        let structureId = structureId
        let written: Written
        do {
            written = try await db.writeTransaction { tx in
                try await Self.write(source, skipping: refused, expected: expected, structureId: structureId, on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another import or a form created one of these ids in between: the transaction is undone.
            throw PlaceImportError.changedDuringImport
        }
        check.report.created = written.created
        check.report.updated = written.updated
        check.report.unchanged = written.unchanged
        return check.report
    }

    // MARK: The file as a whole

    /// Checks what can be checked before reading rows: size, kind of file, encoding hints, and the
    /// delimiter (`,` as the standard writes it, or `;` as French spreadsheets do).
    static func openSource(_ path: String) throws -> CSVFileSource {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw PlaceImportError("Le fichier « \(path) » est introuvable ou illisible.")
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw PlaceImportError("« \(path) » n'est pas un fichier.")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > maxFileBytes {
            throw PlaceImportError("Le fichier pèse \(megabytes(size)) : la limite est de 50 Mo. Découpez-le en plusieurs fichiers.")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PlaceImportError("Le fichier « \(path) » est illisible.")
        }
        let head = [UInt8]((try? handle.read(upToCount: 8_192)) ?? Data())
        try? handle.close()
        if let problem = kindProblem(head) { throw PlaceImportError(problem) }
        return CSVFileSource(path: path, delimiter: CSVReader.detectDelimiter(in: head.prefix(4_096)),
                             maxRecordBytes: maxRecordBytes, maxFields: PlaceStandard.fields.count * 2)
    }

    /// Files that are plainly not a CSV in UTF-8: empty, a spreadsheet, a PDF, UTF-16, binary.
    static func kindProblem(_ head: [UInt8]) -> String? {
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return "Le fichier est vide : il n'y a rien à importer."
        }
        let saveAsCSV = "Dans votre tableur, enregistrez le fichier au format « CSV UTF-8 (délimité par des virgules) » puis importez ce fichier .csv."
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "Ce fichier est un classeur (.xlsx ou .ods), pas un fichier CSV. " + saveAsCSV
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "Ce fichier est un classeur Excel (.xls), pas un fichier CSV. " + saveAsCSV
        }
        if head.starts(with: Array("%PDF".utf8)) {
            return "Ce fichier est un PDF, pas un fichier CSV : importez le fichier CSV des lieux."
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return "Le fichier est encodé en UTF-16 : il doit l'être en UTF-8. " + saveAsCSV
        }
        if head.contains(0) {
            return "Ce fichier n'est pas un fichier texte CSV (il contient des données binaires) : importez le fichier CSV des lieux."
        }
        return nil
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10),\(tenths % 10) Mo"
    }

    /// The one message for a CSV syntax problem (the whole file is refused: past such an error,
    /// where rows start and end is a guess).
    static func syntaxMessage(_ error: CSVError) -> String {
        switch error.kind {
        case .invalidUTF8:
            "Le fichier n'est pas encodé en UTF-8 (premier caractère illisible à la ligne \(error.line)). "
                + "Dans votre tableur, enregistrez-le au format « CSV UTF-8 » puis importez-le à nouveau. Rien n'a été importé."
        case .fieldTooLong, .tooManyFields:
            "Ligne \(error.line) trop longue : une ligne ne peut pas dépasser 1 Mo ni compter plus de \(PlaceStandard.fields.count * 2) colonnes. Rien n'a été importé."
        default:
            "Le fichier n'est pas un CSV valide : \(error.message). Rien n'a été importé."
        }
    }

    /// The header must name the standard's 32 columns, each once, and nothing else (in any order).
    static func headerProblem(_ header: PlaceStandard.HeaderCheck) -> String? {
        guard header.looksLikeStandard else {
            return "Ce fichier n'est pas un CSV du standard des lieux de médiation numérique : sa première ligne doit être l'en-tête "
                + "des 32 colonnes du standard (id, pivot, nom, commune, code_postal…), séparées par des virgules."
        }
        var problems: [String] = []
        if !header.unknown.isEmpty {
            problems.append("colonne\(header.unknown.count > 1 ? "s" : "") inconnue\(header.unknown.count > 1 ? "s" : "") du standard : "
                + header.unknown.map { "« \(shown($0)) »" }.joined(separator: ", "))
        }
        let present = Set(header.columns)
        let missing = PlaceStandard.fields.filter { !present.contains($0) }
        if !missing.isEmpty {
            problems.append("colonne\(missing.count > 1 ? "s" : "") absente\(missing.count > 1 ? "s" : "") : " + missing.joined(separator: ", "))
        }
        if !header.duplicated.isEmpty {
            problems.append("colonne\(header.duplicated.count > 1 ? "s" : "") en double : " + header.duplicated.map { "« \(shown($0)) »" }.joined(separator: ", "))
        }
        guard !problems.isEmpty else { return nil }
        return "L'en-tête du fichier ne correspond pas au standard v1.0.2 (32 colonnes) — " + problems.joined(separator: " ; ") + ". Rien n'a été importé."
    }

    private static func shown(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }

    // MARK: Pass 1: check every row

    struct Check: Sendable {
        var report = Report()
        var refusedLines = Set<Int>()
        var validRows = 0
    }

    func checkRows(_ source: CSVFileSource) async throws -> Check {
        var check = Check()
        var header: PlaceStandard.HeaderCheck?
        var firstLine: [String: Int] = [:]
        var pending: [(id: String, line: Int)] = []
        let db = db, structureId = structureId

        func refuse(_ line: Int, _ errors: [RowError]) {
            check.refusedLines.insert(line)
            check.report.refusedRows += 1
            check.report.errorCount += errors.count
            check.report.errors += errors
            // Rows of another structure are found a batch later: keep the first errors by line.
            if check.report.errors.count >= 2 * Self.maxReportedErrors { keepFirstErrors() }
        }

        func keepFirstErrors() {
            check.report.errors = check.report.errors.enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            if check.report.errors.count > Self.maxReportedErrors { check.report.errors.removeLast(check.report.errors.count - Self.maxReportedErrors) }
        }

        /// Ids of the pending valid rows that name a place of another structure.
        func lookUpPending() async throws {
            guard !pending.isEmpty else { return }
            let taken = try await Self.idsInOtherStructures(pending.map(\.id), structureId: structureId, on: db)
            for row in pending {
                if taken.contains(row.id) {
                    refuse(row.line, [RowError(line: row.line, field: "id",
                                               message: "« \(Self.shown(row.id)) » est l'identifiant d'un lieu d'une autre structure : cette ligne n'est pas importée")])
                } else {
                    check.validRows += 1
                }
            }
            pending.removeAll(keepingCapacity: true)
        }

        try await source.forEachRecord { record in
            guard let known = header else {
                let parsed = PlaceStandard.checkHeader(record.fields)
                if let problem = Self.headerProblem(parsed) { throw PlaceImportError(problem) }
                header = parsed
                return
            }
            if let mismatch = known.countMismatch(record.fields) {
                refuse(record.line, [RowError(line: record.line, field: nil, message: mismatch)])
                return
            }
            let row = known.row(record.fields)
            var errors: [RowError] = []
            let id = row["id"].map(Self.trimSpaces) ?? ""
            if !id.isEmpty {
                if let first = firstLine[id] {
                    errors.append(RowError(line: record.line, field: "id",
                                           message: "« \(Self.shown(id)) » figure déjà à la ligne \(first) du fichier : chaque lieu n'y figure qu'une fois"))
                } else {
                    firstLine[id] = record.line
                }
            }
            if case let .failure(failure) = PlaceRecord.validate(row) {
                errors += failure.errors.map { RowError(line: record.line, field: $0.field, message: $0.message) }
            }
            if errors.isEmpty {
                pending.append((id, record.line))
                if pending.count >= Self.lookupChunk { try await lookUpPending() }
            } else {
                refuse(record.line, errors)
            }
        }
        try await lookUpPending()
        keepFirstErrors()
        guard header != nil else { throw PlaceImportError("Le fichier est vide : il n'y a rien à importer.") }
        if check.validRows == 0 && check.report.refusedRows == 0 {
            throw PlaceImportError("Le fichier ne contient que la ligne d'en-tête : aucun lieu à importer.")
        }
        return check
    }

    static func idsInOtherStructures(_ ids: [String], structureId: UUID, on db: any Database) async throws -> Set<String> {
        struct Row: Decodable { let standard_id: String }
        let rows = try await sql(db).select().column("standard_id").from(PlaceModel.schema)
            .where("standard_id", .in, ids)
            .where("structure_id", .notEqual, structureId)
            .all(decoding: Row.self)
        return Set(rows.map(\.standard_id))
    }

    static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database expected") }
        return sql
    }

    /// `RowCheck.trimSpaces` of TandemCore: the id as `validate` reads it.
    static func trimSpaces(_ text: String) -> String {
        guard text.first == " " || text.last == " " else { return text }
        var slice = Substring(text)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }

    // MARK: Pass 2: write the valid rows (inside the caller's transaction)

    struct Written: Sendable {
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    static func write(_ source: CSVFileSource, skipping refused: Set<Int>, expected: Int, structureId: UUID,
                      on db: any Database) async throws -> Written {
        var written = Written()
        var header: PlaceStandard.HeaderCheck?
        var chunk: [PlaceRecord] = []
        chunk.reserveCapacity(writeChunk)
        try await source.forEachRecord { record in
            guard let known = header else {
                header = PlaceStandard.checkHeader(record.fields)
                return
            }
            guard !refused.contains(record.line) else { return }
            guard case let .success(place) = PlaceRecord.validate(known.row(record.fields)) else { throw PlaceImportError.changedDuringImport }
            chunk.append(place)
            if chunk.count == writeChunk {
                try await writeChunk(chunk, structureId: structureId, into: &written, on: db)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try await writeChunk(chunk, structureId: structureId, into: &written, on: db) }
        guard written.created + written.updated + written.unchanged == expected else { throw PlaceImportError.changedDuringImport }
        return written
    }

    /// One chunk: the places already known are read in one query, the changed ones updated one by
    /// one, the new ones inserted in one statement (SQLKit, see `PlaceRows`).
    private static func writeChunk(_ records: [PlaceRecord], structureId: UUID, into written: inout Written, on db: any Database) async throws {
        let sql = try sql(db)
        let existing = try await sql.select().columns(PlaceRows.Stored.columns).from(PlaceModel.schema)
            .where("standard_id", .in, records.map(\.id))
            .all(decoding: PlaceRows.Stored.self)
        let byId = Dictionary(existing.map { ($0.standardId, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Date()
        var columns: [String] = []
        var rows: [[any Encodable & Sendable]] = []
        for record in records {
            if let stored = byId[record.id] {
                // Checked in the first pass; a place moved since then stops the whole import.
                guard stored.structureId == structureId else { throw PlaceImportError.changedDuringImport }
                let place = stored.model
                if place.record == record {
                    written.unchanged += 1
                    continue
                }
                let wasLibrary = RollupContexts.isLibrary(typology: place.typology)
                place.apply(record)
                let update = sql.update(PlaceModel.schema)
                for (column, value) in PlaceRows.standardValues(of: place) { update.set(column, to: value) }
                try await update.set("updated_at", to: now).where("id", .equal, stored.id).run()
                if RollupContexts.isLibrary(typology: place.typology) != wasLibrary {
                    try await Rollups.placeContextChanged(stored.id, wasLibrary: wasLibrary, on: db)
                }
                written.updated += 1
            } else {
                let place = PlaceModel(id: UUID.random(), structureId: structureId, name: record.nom, typology: .bib,
                                       address: record.adresse, postalCode: record.codePostal, commune: record.commune)
                place.apply(record)
                let values = PlaceRows.insertValues(of: place, now: now)
                columns = values.map(\.column)
                rows.append(values.map(\.value))
                written.created += 1
            }
        }
        guard !rows.isEmpty else { return }
        let insert = sql.insert(into: PlaceModel.schema).columns(columns)
        for row in rows { insert.values(row) }
        try await insert.run()
    }
}

/// A file that cannot be imported at all, told in one French sentence; nothing was written.
struct PlaceImportError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }

    static let changedDuringImport = PlaceImportError(
        "Le fichier ou les lieux ont changé pendant l'import : rien n'a été enregistré. Recommencez l'import.")
}

/// A CSV file read record by record in blocks, so that memory stays flat whatever its size.
///
/// Blocks are cut only between records: at a line end outside quotes (an even number of double
/// quotes since the start of the record), which is exactly where `CSVReader` ends a record in a
/// valid file; in an invalid one, the reader meets the error before the cuts can disagree. Each
/// piece goes through `CSVReader`, whose line numbers are shifted to the file's.
struct CSVFileSource: Sendable {
    let path: String
    let delimiter: CSVDelimiter
    let maxRecordBytes: Int
    let maxFields: Int
    var blockSize = 1 << 20

    /// Calls `body` with each record, in order, with the file's line numbers. Throws
    /// `PlaceImportError` for a CSV syntax error or a record over `maxRecordBytes`.
    func forEachRecord(_ body: (CSVRecord) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PlaceImportError("Le fichier « \(path) » est illisible.")
        }
        defer { try? handle.close() }
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var pending: [UInt8] = []
        var scanned = 0 // bytes of `pending` already scanned
        var inQuotes = false
        var recordStart = 0 // where the record being scanned starts (just after the last line end outside quotes)
        var lineOffset = 0 // physical lines before `pending`
        var atEnd = false

        /// Hands the complete records of `pending[..<end]` to `body`.
        func feed(_ end: Int) async throws {
            var reader = CSVReader(bytes: pending[0..<end], delimiter: delimiter, maxFieldLength: maxRecordBytes, maxFields: maxFields)
            while true {
                let next: CSVRecord?
                do {
                    next = try reader.next()
                } catch {
                    throw PlaceImportError(PlaceImporter.syntaxMessage(CSVError(error.kind, line: error.line + lineOffset)))
                }
                guard var record = next else { break }
                record.line += lineOffset
                try await body(record)
            }
            lineOffset += reader.currentLine - 1
            pending.removeFirst(end)
            scanned -= end
            recordStart -= end
        }

        /// The record starting at `recordStart` is too long: its line is the one after those before it.
        func tooLong() -> PlaceImportError {
            var lines = 0
            var index = 0
            while index < recordStart {
                if pending[index] == lf || (pending[index] == cr && !(index + 1 < pending.count && pending[index + 1] == lf)) { lines += 1 }
                index += 1
            }
            return PlaceImportError(PlaceImporter.syntaxMessage(CSVError(.fieldTooLong(limit: maxRecordBytes), line: lineOffset + lines + 1)))
        }

        while !atEnd {
            let block: Data
            do {
                block = try handle.read(upToCount: blockSize) ?? Data()
            } catch {
                throw PlaceImportError("La lecture du fichier a échoué : rien n'a été importé.")
            }
            if block.isEmpty { atEnd = true } else { pending.append(contentsOf: block) }
            // The last byte waits for the next block unless the file ends: a CR may be half of a CRLF.
            let limit = atEnd ? pending.count : pending.count - 1
            var index = scanned
            while index < limit {
                let byte = pending[index]
                if byte == quote {
                    inQuotes.toggle()
                } else if !inQuotes && (byte == lf || byte == cr) {
                    if byte == cr && index + 1 < pending.count && pending[index + 1] == lf { index += 1 }
                    if index + 1 - recordStart > maxRecordBytes + 2 { throw tooLong() }
                    recordStart = index + 1
                }
                index += 1
            }
            scanned = max(scanned, index)
            if pending.count - recordStart > maxRecordBytes + 2 { throw tooLong() }
            if atEnd {
                try await feed(pending.count)
            } else if recordStart > 0 {
                try await feed(recordStart)
            }
        }
    }
}
