import Foundation
import TandemCore
import Vapor

/// `GET /activites/export?format=csv-fr|csv|xlsx&from=AAAA-MM-JJ&to=AAAA-MM-JJ`: the records of the
/// account's list (`Policy.activityScope`) as a file, one row per activity (see `ActivityExport`).
/// The list page links to it with its own period, place and kind.
struct ActivityExportController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("activites", "export", use: export)
    }

    @Sendable func export(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard Policy.canListActivities(actor) else {
            throw Abort(.forbidden, reason: "Votre rôle donne accès aux statistiques, pas aux activités une à une : l'export ligne par ligne ne vous est pas ouvert.")
        }
        let query: ActivityExportQuery
        switch ActivityExportQuery.parse(FormBody.parse(req.url.query ?? "")) {
        case let .success(value): query = value
        case let .failure(failure): throw Abort(.badRequest, reason: failure.errors.map(\.message).joined(separator: " "))
        }
        let selection = ActivityExport.Selection.forActor(actor, query: query)
        let export = ActivityExport(db: req.db)
        let headers = Download.headers(contentType: query.format.contentType, fileName: query.fileName)
        guard let flavour = query.format.csvFlavour else {
            let workspace = try ExportWorkspace()
            defer { workspace.remove() }
            let file = workspace.file(query.fileName)
            let rows = try await export.writeXLSX(selection, to: file, threadPool: req.application.threadPool)
            try await req.journal.record(.activitiesExported(query, rows: rows, by: actor, structure: actor.structureId))
            return try Download.file(at: file, headers: headers)
        }
        // Journaled before the first row leaves, so that an export cut short (or a client that
        // stops reading) is journaled too; its count is not known yet.
        try await req.journal.record(.activitiesExported(query, rows: nil, by: actor, structure: actor.structureId))
        return Download.streamed(headers, logger: req.logger, what: "activités") { write in
            try await export.writeCSV(flavour, selection, write: write)
        }
    }
}

extension JournalEntry {
    /// An export of activities, on the web or the command line: the format, the number of rows
    /// when known, the period asked; never a record's content.
    static func activitiesExported(_ query: ActivityExportQuery, rows: Int?, by actor: Actor?, structure: UUID?,
                                   note: String? = nil) -> JournalEntry {
        let parts: [String?] = [
            query.format.rawValue,
            rows.map { "\(French.integer($0)) ligne\($0 > 1 ? "s" : "")" },
            query.from.map { "du \($0.french)" },
            query.to.map { "au \($0.french)" },
            note,
        ]
        return JournalEntry(.activitiesExported, by: actor, structure: structure, detail: parts.compactMap { $0 }.joined(separator: ", "))
    }
}
