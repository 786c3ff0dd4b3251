import Foundation
import TandemCore
import Vapor

/// The survey's files, for researchers and administrators (`Policy.canUseSurvey`):
/// - downloads: `/enquete/export/codes.qdc`, `/enquete/export/projet.qdpx`,
///   `/enquete/export/reponses.csv?forme=longue|large&format=csv-fr|csv`, `/enquete/export/matrice.csv`
///   (the admin page's shorter `SurveyPath` links answer too);
/// - `/enquete/import/codes`: a `.qdc` or `.qdpx` sent (5 MB at most) is read, what it would
///   create is shown, and only a second, confirmed post writes — all or nothing.
struct SurveyExchangeController {
    static let codesPath = "/enquete/export/codes.qdc"
    static let projectPath = "/enquete/export/projet.qdpx"
    static let answersPath = "/enquete/export/reponses.csv"
    static let matrixPath = "/enquete/export/matrice.csv"
    static let importCodesPath = "/enquete/import/codes"
    static let confirmCodesPath = "/enquete/import/codes/confirmer"
    static let maxUpload: ByteCount = "5mb"
    static let fileField = "fichier"
    static let codebookField = "livre"

    func register(_ routes: any RoutesBuilder) {
        let export = routes.grouped("enquete", "export")
        for name in ["codes.qdc", "qdc"] { export.get(.constant(name), use: codebook) }
        for name in ["projet.qdpx", "qdpx"] { export.get(.constant(name), use: project) }
        for name in ["reponses.csv", "csv"] { export.get(.constant(name), use: answers) }
        export.get("matrice.csv", use: matrix)
        let imports = routes.grouped("enquete", "import")
        imports.get("codes", use: importForm)
        imports.on(.POST, "codes", body: .collect(maxSize: Self.maxUpload), use: importUpload)
        // The confirmation carries the codebook back, re-written by Tandem: up to the upload's size, base64.
        imports.on(.POST, "codes", "confirmer", body: .collect(maxSize: "8mb"), use: importConfirm)
    }

    // MARK: Downloads

    @Sendable func codebook(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let codes = try await req.survey.codes()
        guard !codes.isEmpty else {
            throw Abort(.notFound, reason: "Le livre de codes est vide : créez des codes avant de l'exporter.")
        }
        return Self.download(RefiQDA.codebookXML(codes: codes), contentType: "application/xml; charset=utf-8", fileName: "livre-de-codes.qdc")
    }

    @Sendable func project(_ req: Request) async throws -> Response {
        let actor = try SurveyAccess.researcher(req)
        let corpus = try await req.survey.corpus()
        let project = RefiQDA.project(corpus: corpus, users: [RefiQDAUser(id: actor.id, name: actor.displayName)])
        let data = try QDPXArchive.write(project)
        var headers = Download.headers(contentType: "application/zip", fileName: "enquete.qdpx")
        headers.replaceOrAdd(name: .contentLength, value: String(data.count))
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func answers(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let query = FormBody.parse(req.url.query ?? "")
        let shapeWord = query.value("forme") ?? "longue"
        guard let shape = SurveyAnswersCSV.Shape(word: shapeWord) else {
            throw Abort(.badRequest, reason: "La forme « \(shapeWord) » n'existe pas : choisissez longue (une ligne par réponse) ou large (une ligne par répondant).")
        }
        let flavour = try Self.flavour(query.value("format"))
        let corpus = try await req.survey.corpus()
        return Self.download(SurveyAnswersCSV.csv(corpus, shape: shape, flavour: flavour), contentType: "text/csv; charset=utf-8", fileName: shape.fileName)
    }

    @Sendable func matrix(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let flavour = try Self.flavour(FormBody.parse(req.url.query ?? "").value("format"))
        let corpus = try await req.survey.corpus()
        return Self.download(SurveyReports.matrixCSV(corpus, flavour: flavour), contentType: "text/csv; charset=utf-8", fileName: "matrice-repondants-codes.csv")
    }

    static func flavour(_ word: String?) throws -> CSVFlavour {
        guard let word, !word.isEmpty else { return .french }
        guard let flavour = CSVFlavour(rawValue: word) else {
            throw Abort(.badRequest, reason: "Le format « \(word) » n'existe pas : choisissez csv-fr (tableurs en français) ou csv.")
        }
        return flavour
    }

    static func download(_ text: String, contentType: String, fileName: String) -> Response {
        Response(status: .ok, headers: Download.headers(contentType: contentType, fileName: fileName), body: .init(string: text))
    }

    // MARK: Codebook import

    struct ImportPage: Encodable {
        struct Line: Encodable {
            let label: String
            let isNew: Bool
        }

        let layout: Layout
        let action: String
        let confirmAction: String
        let fileField: String
        let fileAnchor: String
        let codebookField: String
        let problem: String?
        /// What the file would do, before confirming.
        let preview: [Line]?
        let newCount: Int
        let existingCount: Int
        let codebook: String?
        let outcome: String?
        let codesPath: String
    }

    @Sendable func importForm(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        return try await Self.render(req, title: "Importer un livre de codes")
    }

    static func render(_ req: Request, title: String, problem: String? = nil, codes: [SurveyCode]? = nil, outcome: String? = nil) async throws -> View {
        var preview: [ImportPage.Line]?
        var codebook: String?
        if let codes {
            let existing = CodebookTree(try await req.survey.codes())
            let known = Set(existing.codes.map { existing.path(of: $0.id).map { $0.lowercased() } })
            let incoming = CodebookTree(codes)
            preview = codes.map { code in
                let path = incoming.path(of: code.id)
                return ImportPage.Line(label: path.joined(separator: " › "), isNew: !known.contains(path.map { $0.lowercased() }))
            }
            codebook = Data(RefiQDA.codebookXML(codes: codes).utf8).base64EncodedString()
        }
        let page = ImportPage(
            layout: Layout(request: req, title: problem != nil ? "Erreur — " + title : title),
            action: importCodesPath, confirmAction: confirmCodesPath, fileField: fileField, fileAnchor: "#" + fileField, codebookField: codebookField,
            problem: problem, preview: preview,
            newCount: preview?.filter(\.isNew).count ?? 0, existingCount: preview?.filter { !$0.isNew }.count ?? 0,
            codebook: codebook, outcome: outcome, codesPath: SurveyPath.codes)
        return try await req.view.render("Survey/exchange-codes", page)
    }

    static func problem(_ req: Request, _ message: String, status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
        let response = try await render(req, title: "Importer un livre de codes", problem: message).encodeResponse(for: req)
        response.status = status
        return response
    }

    @Sendable func importUpload(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-codes-\(UUID.random().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let upload: MultipartUpload
        do {
            upload = try MultipartUpload.receive(req, fileField: Self.fileField, into: temporary)
        } catch let problem as PlaceImportError {
            return try await Self.problem(req, problem.message, status: .badRequest)
        }
        guard PlaceImportController.isValidCSRF(upload.fields, request: req) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Tandem. Rechargez la page et recommencez.")
        }
        guard upload.fileParts == 1, upload.fileBytes > 0 else {
            return try await Self.problem(req, upload.fileParts > 1 ? "Envoyez un seul fichier à la fois." : "Choisissez le fichier .qdc ou .qdpx à importer.")
        }
        guard upload.completeFileParts == 1, let data = FileManager.default.contents(atPath: temporary) else {
            return try await Self.problem(req, "Le fichier n'a été reçu qu'en partie : réessayez.", status: .badRequest)
        }
        let codes: [SurveyCode]
        do {
            codes = try Self.codes(in: data)
        } catch {
            return try await Self.problem(req, error.message)
        }
        return try await Self.render(req, title: "Importer un livre de codes : vérification", codes: codes).encodeResponse(for: req)
    }

    /// A zip (by its first bytes, whatever its name) is a project; anything else is read as a `.qdc`.
    static func codes(in data: Data) throws(RefiQDAError) -> [SurveyCode] {
        data.starts(with: [0x50, 0x4B]) ? try QDPXArchive.readCodebook(data) : try RefiQDA.parseCodebook(data)
    }

    @Sendable func importConfirm(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let form = try req.verifiedForm()
        guard let encoded = form.value(Self.codebookField), let data = Data(base64Encoded: encoded) else {
            return try await Self.problem(req, "La confirmation ne contient pas de livre de codes : envoyez le fichier à nouveau.", status: .badRequest)
        }
        let result: (created: Int, unchanged: Int)
        do {
            result = try await req.survey.importCodebook(try RefiQDA.parseCodebook(data))
        } catch let error as RefiQDAError {
            return try await Self.problem(req, error.message, status: .badRequest)
        } catch let failure as ValidationFailure {
            return try await Self.problem(req, "Le livre de codes est refusé, rien n'a été importé : " + failure.errors.map(\.message).joined(separator: " "))
        }
        req.logger.info("Import d'un livre de codes", metadata: ["créés": .stringConvertible(result.created), "inchangés": .stringConvertible(result.unchanged)])
        let outcome = "\(French.integer(result.created)) code\(result.created > 1 ? "s" : "") créé\(result.created > 1 ? "s" : ""), \(French.integer(result.unchanged)) inchangé\(result.unchanged > 1 ? "s" : "")."
        return try await Self.render(req, title: "Livre de codes importé", outcome: outcome).encodeResponse(for: req)
    }
}
