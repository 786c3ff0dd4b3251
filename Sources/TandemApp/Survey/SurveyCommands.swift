import Fluent
import Foundation
import TandemCore
import Vapor

/// `tandem export survey --format qdpx|qdc|csv [--csv-shape long|wide] [--flavour csv|csv-fr] [FILE]`:
/// the survey as a REFI-QDA project, its codebook, or its answers as CSV. Text formats go to
/// standard output when FILE is absent; a `.qdpx` is a zip, written to FILE only. The file is made
/// whole in memory, then written: an export that fails leaves no half-written file.
struct ExportSurveyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "qdpx (projet REFI-QDA), qdc (livre de codes) ou csv (réponses).")
        var format: String?
        @Option(name: "csv-shape", help: "long (une ligne par réponse, par défaut) ou wide (une ligne par répondant).")
        var csvShape: String?
        @Option(name: "flavour", help: "csv (par défaut : virgules, pour les programmes) ou csv-fr (pour les tableurs en français).")
        var flavour: String?
    }

    enum Format: String { case qdpx, qdc, csv }

    var help: String {
        "Exporte l'enquête (projet REFI-QDA .qdpx, livre de codes .qdc ou réponses CSV) dans FICHIER, ou sur la sortie standard : tandem export survey --format qdpx|qdc|csv [--csv-shape long|wide] [--flavour csv|csv-fr] [FICHIER]"
    }

    /// FILE is optional, which a ConsoleKit `@Argument` cannot be: it is what remains after the options.
    func run(using context: inout CommandContext) async throws {
        let signature = try Signature(from: &context.input)
        let file = try ExportOutput.file(after: &context.input, options: "--format, --csv-shape, --flavour")
        try await export(context, signature: signature, file: file)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await export(context, signature: signature, file: nil)
    }

    private func export(_ context: CommandContext, signature: Signature, file: String?) async throws {
        guard let format = Format(rawValue: (signature.format ?? "").lowercased()) else {
            throw ConfigurationError("--format : choisissez qdpx, qdc ou csv (reçu : « \(signature.format ?? "") »).")
        }
        let shape = try Self.shape(signature.csvShape)
        guard let flavour = CSVFlavour(rawValue: (signature.flavour ?? "csv").lowercased()) else {
            throw ConfigurationError("--flavour : choisissez csv ou csv-fr.")
        }
        let corpus = try await Self.corpus(context.application)
        let data: Data
        let summary: String
        switch format {
        case .qdc:
            guard !corpus.codes.isEmpty else { throw ConfigurationError("le livre de codes est vide : rien à exporter.") }
            data = Data(RefiQDA.codebookXML(codes: corpus.codes).utf8)
            summary = "\(French.integer(corpus.codes.count)) code(s) exporté(s)"
        case .qdpx:
            guard file != nil else {
                throw ConfigurationError("un projet .qdpx est une archive zip : indiquez FICHIER (par exemple enquete.qdpx).")
            }
            let project = RefiQDA.project(corpus: corpus)
            data = try QDPXArchive.write(project)
            summary = "\(French.integer(corpus.respondents.count)) répondant(s), \(French.integer(project.sources.count)) réponse(s) exporté(s)"
        case .csv:
            data = Data(SurveyAnswersCSV.csv(corpus, shape: shape, flavour: flavour).utf8)
            summary = "\(French.integer(corpus.respondents.count)) répondant(s) exporté(s)"
        }
        let output = try ExportOutput(file: file)
        defer { output.close() }
        do {
            try output.handle.write(contentsOf: data)
        } catch {
            throw ConfigurationError("écriture impossible dans « \(output.name) » : l'export est incomplet.")
        }
        let line = "\(summary) dans \(output.name)."
        if file != nil { context.console.print(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    static func shape(_ word: String?) throws -> SurveyAnswersCSV.Shape {
        guard let word else { return .long }
        guard let shape = SurveyAnswersCSV.Shape(word: word) else {
            throw ConfigurationError("--csv-shape : choisissez long ou wide (reçu : « \(word) »).")
        }
        return shape
    }

    /// Read-only: a database that was never migrated is told, not migrated (standard output may be the file).
    static func corpus(_ app: Application) async throws -> SurveyCorpus {
        do {
            _ = try await SurveyCodeModel.query(on: app.db).field(\.$id).first()
        } catch {
            throw ConfigurationError("la base n'a pas de tables de l'enquête : lancez d'abord tandem migrate (ou tandem serve).")
        }
        return try await app.survey.corpus()
    }
}

/// `tandem import codebook FILE.qdc|FILE.qdpx`: merges a REFI-QDA codebook (Tandem's, Taguette's,
/// QualCoder's…) into the survey's, by path of names. A bad file gets one line and nothing is
/// written.
struct ImportCodebookCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Livre de codes REFI-QDA (.qdc) ou projet (.qdpx).")
        var file: String
    }

    var help: String { "Importe un livre de codes REFI-QDA (.qdc, ou celui d'un projet .qdpx) dans celui de l'enquête." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.tandemConfig.storage.isSQLite { _ = try await SchemaMigration.run(app) }
        let codes = try Self.read(signature.file)
        let result: (created: Int, unchanged: Int)
        do {
            result = try await app.survey.importCodebook(codes)
        } catch let failure as ValidationFailure {
            throw ConfigurationError("livre de codes refusé, rien n'a été importé : " + failure.errors.map(\.message).joined(separator: " "))
        }
        context.console.print("\(French.integer(result.created)) code\(result.created > 1 ? "s" : "") créé\(result.created > 1 ? "s" : ""), \(French.integer(result.unchanged)) inchangé\(result.unchanged > 1 ? "s" : "").")
    }

    /// The codes of the file: a zip (by its first bytes, whatever its name) is read as a project.
    static func read(_ path: String) throws -> [SurveyCode] {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw ConfigurationError("impossible de lire le fichier « \(path) » : vérifiez le chemin et les droits.") }
        guard size <= QDPXArchive.maxArchiveBytes else { throw ConfigurationError("« \(path) » dépasse 100 Mo : ce n'est pas un livre de codes.") }
        guard let data = try? Data(contentsOf: url) else {
            throw ConfigurationError("impossible de lire le fichier « \(path) » : vérifiez le chemin et les droits.")
        }
        do {
            return data.starts(with: [0x50, 0x4B]) ? try QDPXArchive.readCodebook(data) : try RefiQDA.parseCodebook(data)
        } catch {
            throw ConfigurationError(error.message)
        }
    }
}
