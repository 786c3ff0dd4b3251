import Fluent
import Foundation
import TandemCore
import Vapor

/// `tandem import …`: reads files into Tandem. Later issues add `codebook`.
struct ImportCommands: AsyncCommandGroup {
    var help: String { "Importe des fichiers (lieux au standard national…)." }
    var commands: [String: any AnyAsyncCommand] { ["places": ImportPlacesCommand(), "codebook": ImportCodebookCommand()] }
}

/// `tandem export …`: writes open data and exports. Later issues add `survey`.
struct ExportCommands: AsyncCommandGroup {
    var help: String { "Exporte des données (lieux au standard national, activités…)." }
    var commands: [String: any AnyAsyncCommand] { ["places": ExportPlacesCommand(), "activities": ExportActivitiesCommand(), "survey": ExportSurveyCommand()] }
}

/// `tandem import places FILE.csv [--structure NAME_OR_ID]`: the standard's CSV into the places of
/// a structure (see `PlaceImporter`). Prints what was created, updated and left unchanged, and each
/// refused line; exits with an error when a line was refused or when the file cannot be read.
struct ImportPlacesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier CSV au standard des lieux de médiation numérique v1.0.2.")
        var file: String
        @Option(name: "structure", help: "Nom ou identifiant de la structure des lieux (obligatoire s'il y en a plusieurs).")
        var structure: String?
    }

    var help: String { "Importe les lieux d'un fichier CSV au standard national (v1.0.2)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.tandemConfig.storage.isSQLite { _ = try await SchemaMigration.run(app) }
        let structure = try await Self.structure(signature.structure, on: app.db)
        let report: PlaceImporter.Report
        do {
            report = try await PlaceImporter(db: app.db, structureId: structure.id!).importFile(at: signature.file)
        } catch let error as PlaceImportError {
            throw ConfigurationError(error.message)
        }
        context.console.print("Structure : \(structure.name)")
        context.console.print(report.summary)
        for error in report.errors { context.console.print(error.text) }
        if report.unreportedErrors > 0 {
            context.console.print("… et \(French.integer(report.unreportedErrors)) autre(s) erreur(s).")
        }
        if report.refusedRows > 0 {
            throw ConfigurationError("\(French.integer(report.refusedRows)) ligne(s) refusée(s) ; les lignes valides sont enregistrées.")
        }
    }

    /// The structure named by `--structure` (name or id), or the only one of the database.
    static func structure(_ nameOrId: String?, on db: any Database) async throws -> StructureModel {
        guard let nameOrId, !nameOrId.isEmpty else {
            let structures = try await StructureModel.query(on: db).limit(2).all()
            switch structures.count {
            case 0: throw ConfigurationError("aucune structure dans la base : créez-en une d'abord (par exemple avec tandem demo).")
            case 1: return structures[0]
            default: throw ConfigurationError("--structure : la base compte plusieurs structures, précisez laquelle (nom ou identifiant).")
            }
        }
        if let id = UUID(uuidString: nameOrId), let structure = try await StructureModel.find(id, on: db) { return structure }
        let matches = try await StructureModel.query(on: db).filter(\.$name == nameOrId).limit(2).all()
        guard matches.count == 1 else {
            throw ConfigurationError("--structure : aucune structure (ou plusieurs) ne s'appelle « \(nameOrId) ».")
        }
        return matches[0]
    }
}

/// `tandem export places [--format csv|json] [FILE]`: the open-data file of the places (the same
/// as `/opendata/lieux.csv` or `.json`), written to FILE or to standard output, page by page.
struct ExportPlacesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "csv (le standard national, par défaut) ou json.")
        var format: String?
    }

    var help: String { "Exporte les lieux au standard national (CSV, ou JSON) dans FICHIER, ou sur la sortie standard : tandem export places [--format csv|json] [FICHIER]" }

    /// FILE is optional, which a ConsoleKit `@Argument` cannot be: it is what remains after the options.
    func run(using context: inout CommandContext) async throws {
        let signature = try Signature(from: &context.input)
        let file = try ExportOutput.file(after: &context.input, options: "--format csv|json")
        try await export(context, signature: signature, file: file)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await export(context, signature: signature, file: nil)
    }

    private func export(_ context: CommandContext, signature: Signature, file: String?) async throws {
        let app = context.application
        guard let format = PlaceExport.Format(rawValue: (signature.format ?? "csv").lowercased()) else {
            throw ConfigurationError("--format : « \(signature.format ?? "") » n'est pas un format possible (csv ou json).")
        }
        // Read-only: a database that was never migrated is told, not migrated (standard output may be the file).
        do {
            _ = try await PlaceModel.query(on: app.db).field(\.$id).first()
        } catch {
            throw ConfigurationError("la base n'a pas de table des lieux : lancez d'abord tandem migrate (ou tandem serve).")
        }
        let output = try ExportOutput(file: file)
        defer { output.close() }
        // When standard output is the file, warnings go to standard error.
        let logger = file != nil ? app.logger : Logger(label: "tandem.export", factory: { StreamLogHandler.standardError(label: $0) })
        let summary = try await PlaceExport(db: app.db, logger: logger).run(format, write: output.write)
        if let file {
            var line = "\(French.integer(summary.written)) lieu\(summary.written > 1 ? "x" : "") exporté\(summary.written > 1 ? "s" : "") dans \(file)"
            if summary.skipped > 0 { line += " (\(French.integer(summary.skipped)) laissé(s) de côté : champs hors du standard)" }
            context.console.print(line + ".")
        }
    }
}
