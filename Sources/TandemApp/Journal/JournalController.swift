import Fluent
import Foundation
import TandemCore
import Vapor

/// `GET /gestion/journal` (the filtered journal, 50 lines a page) and `GET /gestion/journal.csv`
/// (the same filter, every line, for an audit), for administrators only. Reading the journal
/// writes nothing in it: only acts on records and accounts are journaled.
struct JournalController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("gestion", "journal", use: page)
        routes.get("gestion", "journal.csv", use: csv)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        _ = try Self.reader(req)
        let query = JournalQuery(req.url.query)
        let names = try await JournalNames.load(on: req.db)
        switch query.filter() {
        case let .failure(failure):
            let response = try await render(req, query: query, names: names, failure: failure, entries: [], hasNext: false)
            response.status = .badRequest
            return response
        case let .success(filter):
            let entries = try await req.journal.page(filter: filter, offset: query.offset, limit: JournalQuery.pageSize + 1)
            return try await render(req, query: query, names: names, failure: nil,
                                    entries: Array(entries.prefix(JournalQuery.pageSize)), hasNext: entries.count > JournalQuery.pageSize)
        }
    }

    @Sendable func csv(_ req: Request) async throws -> Response {
        _ = try Self.reader(req)
        let query = JournalQuery(req.url.query)
        let filter: JournalFilter
        switch query.filter() {
        case let .success(value): filter = value
        case let .failure(failure): throw Abort(.badRequest, reason: failure.errors.map(\.message).joined(separator: " "))
        }
        let names = try await JournalNames.load(on: req.db)
        let store = req.journal
        let fileName = "journal-\(LocalDate.today().iso).csv"
        let headers = Download.headers(contentType: "text/csv; charset=utf-8", fileName: fileName)
        return Download.streamed(headers, logger: req.logger, what: "journal") { write in
            try await JournalCSV.write(store: store, filter: filter, names: names, write: write)
        }
    }

    private func render(_ req: Request, query: JournalQuery, names: JournalNames, failure: ValidationFailure?,
                        entries: [JournalEntryModel], hasNext: Bool) async throws -> Response {
        let filters = JournalFilterForm.fields(query, failure: failure, names: names)
        let section = FormSection(title: "Filtres", fields: filters)
        let label = { (name: String) in filters.first { $0.name == name }?.label }
        let page = JournalPage(
            layout: Layout(request: req, title: failure == nil ? "Journal" : "Erreur — Journal"),
            filters: filters, filtersOpen: failure != nil || query.isFiltering,
            errorSummary: FormAnchor.errorLinks(for: failure, in: [section], label: label),
            rows: entries.map { JournalRow($0, names: names) },
            hasResults: failure == nil,
            csvHref: failure == nil ? query.href(WebPath.journalCSV) : nil,
            previousHref: failure == nil && query.page > 1 ? query.href(WebPath.journal, page: query.page - 1) : nil,
            nextHref: failure == nil && hasNext ? query.href(WebPath.journal, page: query.page + 1) : nil,
            pageNumber: query.page)
        return try await req.view.render("Journal/journal", page).encodeResponse(for: req)
    }

    /// Signed out: sent to sign in (the error middleware); signed in but not an administrator: 403.
    static func reader(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canReadJournal(actor) else {
            throw Abort(.forbidden, reason: "Le journal est réservé aux administrateurs.")
        }
        return actor
    }
}

extension WebPath {
    static let journalCSV = journal + ".csv"
}

/// The journal as CSV for a spreadsheet in French: UTF-8 with a byte order mark, `;` between
/// fields, French headers. Ids, codes and the names of accounts and structures — never a followed
/// person's data, which the journal does not hold. Cells that a spreadsheet would read as a
/// formula are neutralised (`CSVFlavour.text`).
enum JournalCSV {
    static let headers = [
        "Date et heure (Paris)", "Action", "Code de l'action", "Compte", "Identifiant du compte", "Rôle",
        "Type d'enregistrement", "Identifiant de l'enregistrement", "Structure", "Identifiant de la structure", "Détail",
    ]

    @discardableResult
    static func write(store: JournalStore, filter: JournalFilter, names: JournalNames, chunkSize: Int = 1_000,
                      write: (String) async throws -> Void) async throws -> Int {
        let flavour = CSVFlavour.french
        try await write(flavour.writer.header(headers))
        return try await store.forEachChunk(filter: filter, size: chunkSize) { entries in
            var text = ""
            for entry in entries { text += flavour.line(cells(entry, names: names)) }
            try await write(text)
        }
    }

    static func cells(_ entry: JournalEntryModel, names: JournalNames) -> [ExportCell] {
        func text(_ value: String?) -> ExportCell { value.map { .text($0) } ?? .empty }
        let account = entry.actorId.flatMap { names.accounts[$0] }
        let role = entry.actorRole.flatMap { Role(code: $0)?.label }
        return [
            .text(JournalTime.french(entry.at)),
            .text(JournalAction(code: entry.action)?.label ?? entry.action),
            .text(entry.action),
            .text(entry.actorId == nil ? JournalNames.commandLine : account?.name ?? "Compte inconnu"),
            text(entry.actorId?.uuidString.lowercased()),
            text(role),
            text(entry.recordKind.flatMap(JournalRecordKind.init(rawValue:))?.label),
            text(entry.recordId?.uuidString.lowercased()),
            text(entry.structureId.flatMap { names.structures[$0] }),
            text(entry.structureId?.uuidString.lowercased()),
            text(entry.detail),
        ]
    }
}
