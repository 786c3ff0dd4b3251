import Fluent
import Foundation
import TandemCore
import Vapor

/// `tandem export activities [--format csv|csv-fr|xlsx] [--structure NAME_OR_ID] [--from D] [--to D]
/// [--with-names] [FILE]`: every activity (of one structure, or of all), one row each, the same
/// columns as `/activites/export`. Never the notes; the mediators' names only with `--with-names`
/// (docs/decisions.md, "Exports"): whoever runs the command holds the database, but the file is
/// usually sent on, to a funder or another tool.
struct ExportActivitiesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "csv (par défaut), csv-fr (pour les tableurs en français) ou xlsx.")
        var format: String?
        @Option(name: "structure", help: "Nom ou identifiant de la structure (par défaut : toutes).")
        var structure: String?
        @Option(name: "from", help: "Premier jour, AAAA-MM-JJ.")
        var from: String?
        @Option(name: "to", help: "Dernier jour, AAAA-MM-JJ.")
        var to: String?
        @Flag(name: "with-names", help: "Ajoute la colonne du nom des médiateurs.")
        var withNames: Bool
    }

    var help: String {
        "Exporte les activités, une ligne par activité (CSV ou XLSX), dans FICHIER ou sur la sortie standard : tandem export activities [--format csv|csv-fr|xlsx] [--structure S] [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--with-names] [FICHIER]"
    }

    /// FILE is optional, which a ConsoleKit `@Argument` cannot be: it is what remains after the options.
    func run(using context: inout CommandContext) async throws {
        let signature = try Signature(from: &context.input)
        let file = try ExportOutput.file(after: &context.input, options: "--format, --structure, --from, --to, --with-names")
        try await export(context, signature: signature, file: file)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await export(context, signature: signature, file: nil)
    }

    private func export(_ context: CommandContext, signature: Signature, file: String?) async throws {
        let app = context.application
        let query = try Self.query(signature)
        // Read-only: a database that was never migrated is told, not migrated.
        do {
            _ = try await ActivityModel.query(on: app.db).field(\.$id).first()
        } catch {
            throw ConfigurationError("la base n'a pas de table des activités : lancez d'abord tandem migrate (ou tandem serve).")
        }
        var scope = Policy.ActivityScope.all
        if let name = signature.structure {
            scope = .structure(try await ImportPlacesCommand.structure(name, on: app.db).id!)
        }
        let selection = ActivityExport.Selection(
            scope: scope, filter: ActivityFilter(from: query.from, to: query.to),
            sheet: ActivitySheet(includesMediator: signature.withNames, includesNotes: false))
        let export = ActivityExport(db: app.db)
        let count: Int
        if let flavour = query.format.csvFlavour {
            count = try await writeCSV(export, flavour, selection, file: file)
        } else {
            guard let file else {
                throw ConfigurationError("un classeur XLSX s'écrit dans un fichier : indiquez FICHIER (par exemple activites.xlsx).")
            }
            count = try await writeXLSX(export, selection, file: file, threadPool: app.threadPool)
        }
        let structureId: UUID? = if case let .structure(id) = scope { id } else { nil }
        let note = signature.withNames ? "ligne de commande, avec les noms des médiateurs" : "ligne de commande"
        try await JournalStore(db: app.db).record(.activitiesExported(query, rows: count, by: nil, structure: structureId, note: note))
        let line = "\(French.integer(count)) activité\(count > 1 ? "s" : "") exportée\(count > 1 ? "s" : "") dans \(file ?? "la sortie standard")."
        if file != nil { context.console.print(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// The options as an export query: the same checks and messages as the web route's.
    static func query(_ signature: Signature) throws -> ActivityExportQuery {
        let pairs = [("format", signature.format), ("from", signature.from), ("to", signature.to)].compactMap { name, value in value.map { (name, $0) } }
        switch ActivityExportQuery.parse(FormBody(pairs: pairs), defaultFormat: .csv) {
        case let .success(query): return query
        case let .failure(failure):
            throw ConfigurationError(failure.errors.map { "--\($0.field) : \($0.message)" }.joined(separator: " "))
        }
    }

    private func writeCSV(_ export: ActivityExport, _ flavour: CSVFlavour, _ selection: ActivityExport.Selection, file: String?) async throws -> Int {
        let output = try ExportOutput(file: file)
        defer { output.close() }
        return try await export.writeCSV(flavour, selection, write: output.write)
    }

    /// The workbook is made in a temporary folder, then moved over FILE: an export that fails
    /// midway leaves no half-written file behind.
    private func writeXLSX(_ export: ActivityExport, _ selection: ActivityExport.Selection, file: String, threadPool: NIOThreadPool) async throws -> Int {
        let workspace = try ExportWorkspace()
        defer { workspace.remove() }
        let made = workspace.file("activites.xlsx")
        let count = try await export.writeXLSX(selection, to: made, threadPool: threadPool)
        let target = URL(fileURLWithPath: file)
        do {
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.moveItem(at: made, to: target)
        } catch {
            throw ConfigurationError("impossible d'écrire le fichier « \(file) » : vérifiez le chemin et les droits.")
        }
        return count
    }
}
