import Fluent
import Foundation
import TandemCore
import Vapor

/// `/gestion/lieux/import`: a coordinator sends a CSV file of the national standard and Tandem
/// imports its places into their structure (an administrator chooses the structure). The upload is
/// a `multipart/form-data` post of at most 50 MB (this route only); the file part is written to a
/// temporary file as it is parsed, then imported by `PlaceImporter`, then deleted.
struct PlaceImportController {
    static let path = "/gestion/lieux/import"
    static let maxUpload: ByteCount = "50mb"
    static let fileField = "fichier"
    static let structureField = "structure"

    func register(_ routes: any RoutesBuilder) {
        let places = routes.grouped("gestion", "lieux")
        places.get("import", use: form)
        places.grouped(UploadTooLargeMiddleware())
            .on(.POST, "import", body: .collect(maxSize: Self.maxUpload), use: upload)
    }

    // MARK: The page

    struct Page: Encodable {
        struct Outcome: Encodable {
            let summary: String
            let created: String
            let updated: String
            let unchanged: String
            let refused: String
            let hasErrors: Bool
            let errors: [String]
            let more: String?
        }

        let layout: Layout
        let action: String
        let fileField: String
        let fileAnchor: String
        let structureField: String
        /// The coordinator's structure, named; nil for an administrator, who chooses in `structures`.
        let structureName: String?
        let structures: [FormOption]
        let problem: String?
        let outcome: Outcome?
        let columns: String
    }

    @Sendable func form(_ req: Request) async throws -> View {
        let actor = try Self.importer(req)
        return try await Self.render(req, actor: actor, problem: nil, outcome: nil, chosen: nil)
    }

    static func render(_ req: Request, actor: Actor, problem: String?, outcome: PlaceImporter.Report?, chosen: UUID?) async throws -> View {
        var structureName: String?
        var options: [FormOption] = []
        if actor.role == .admin {
            let structures = try await StructureModel.query(on: req.db).sort(\.$name).all()
            options = [FormOption(value: "", label: "Choisissez une structure", id: "structure-aucune", checked: chosen == nil)]
                + structures.compactMap { structure in
                    structure.id.map { FormOption(value: $0.uuidString.lowercased(), label: structure.name, id: "structure-\($0.uuidString.lowercased())", checked: $0 == chosen) }
                }
        } else if let id = actor.structureId {
            structureName = try await StructureModel.find(id, on: req.db)?.name
        }
        let page = Page(
            layout: Layout(request: req, title: problem != nil ? "Erreur — Importer des lieux" : "Importer des lieux"),
            action: path, fileField: fileField, fileAnchor: "#" + fileField, structureField: structureField,
            structureName: structureName, structures: options, problem: problem,
            outcome: outcome.map(Self.outcome), columns: PlaceStandard.fields.joined(separator: ", "))
        return try await req.view.render("Places/import", page)
    }

    static func outcome(_ report: PlaceImporter.Report) -> Page.Outcome {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(French.integer(n)) \(n > 1 ? many : one)" }
        return Page.Outcome(
            summary: report.refusedRows == 0 ? "Import terminé." : "Import terminé : les lignes valides sont enregistrées, les lignes refusées ne le sont pas.",
            created: count(report.created, "lieu créé", "lieux créés"),
            updated: count(report.updated, "lieu modifié", "lieux modifiés"),
            unchanged: count(report.unchanged, "lieu inchangé", "lieux inchangés"),
            refused: count(report.refusedRows, "ligne refusée", "lignes refusées"),
            hasErrors: !report.errors.isEmpty,
            errors: report.errors.map(\.text),
            more: report.unreportedErrors > 0
                ? "… et \(French.integer(report.unreportedErrors)) autre\(report.unreportedErrors > 1 ? "s" : "") erreur\(report.unreportedErrors > 1 ? "s" : "") (seules les \(PlaceImporter.maxReportedErrors) premières sont affichées)."
                : nil)
    }

    // MARK: The upload

    @Sendable func upload(_ req: Request) async throws -> Response {
        let actor = try Self.importer(req)
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-import-\(UUID().uuidString.lowercased()).csv").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let upload: MultipartUpload
        do {
            upload = try MultipartUpload.receive(req, fileField: Self.fileField, into: temporary)
        } catch let problem as PlaceImportError {
            // Without a readable form there is no CSRF token to check: nothing is done anyway.
            return try await Self.answer(req, actor: actor, problem: problem.message, chosen: nil, status: .badRequest)
        }
        guard Self.isValidCSRF(upload.fields, request: req) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Tandem. Rechargez la page et recommencez.")
        }

        let chosen = upload.value(Self.structureField).flatMap { UUID(uuidString: $0) }
        let structureId: UUID
        if actor.role == .admin {
            guard let chosen, try await StructureModel.find(chosen, on: req.db) != nil else {
                return try await Self.answer(req, actor: actor, problem: "Choisissez la structure à laquelle les lieux du fichier appartiennent.", chosen: nil)
            }
            structureId = chosen
        } else {
            guard let own = actor.structureId else {
                throw Abort(.forbidden, reason: "Un lieu appartient à une structure : connectez-vous avec le compte de sa coordination.")
            }
            structureId = own
        }
        guard upload.fileParts == 1 else {
            let problem = upload.fileParts == 0
                ? "Choisissez le fichier CSV à importer."
                : "Envoyez un seul fichier à la fois."
            return try await Self.answer(req, actor: actor, problem: problem, chosen: chosen)
        }
        guard upload.fileBytes > 0 || !(upload.fileName ?? "").isEmpty else {
            return try await Self.answer(req, actor: actor, problem: "Choisissez le fichier CSV à importer.", chosen: chosen)
        }
        guard upload.completeFileParts == 1 else {
            return try await Self.answer(req, actor: actor, problem: "Le fichier n'a été reçu qu'en partie : réessayez.", chosen: chosen, status: .badRequest)
        }

        let report: PlaceImporter.Report
        do {
            report = try await PlaceImporter(db: req.db, structureId: structureId).importFile(at: temporary)
        } catch let problem as PlaceImportError {
            return try await Self.answer(req, actor: actor, problem: problem.message, chosen: chosen)
        }
        req.logger.info("Import de lieux", metadata: [
            "créés": .stringConvertible(report.created), "modifiés": .stringConvertible(report.updated),
            "inchangés": .stringConvertible(report.unchanged), "refusées": .stringConvertible(report.refusedRows),
        ])
        return try await Self.render(req, actor: actor, problem: nil, outcome: report, chosen: chosen).encodeResponse(for: req)
    }

    static func answer(_ req: Request, actor: Actor, problem: String, chosen: UUID?, status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
        let response = try await render(req, actor: actor, problem: problem, outcome: nil, chosen: chosen).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// Coordinators and administrators import places, as they manage them.
    static func importer(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard actor.role == .coordinator || actor.role == .admin else {
            throw Abort(.forbidden, reason: "Seule la coordination de la structure importe ses lieux.")
        }
        return actor
    }

    /// The CSRF check of `CSRF.isValid`, for the text fields of a multipart form.
    static func isValidCSRF(_ fields: [(name: String, value: String)], request: Request) -> Bool {
        CSRF.isValid(FormBody(pairs: fields.filter { $0.name == CSRF.fieldName }), request: request)
    }
}

/// A file bigger than the route's limit gets the import page with a clear message (Vapor stops
/// reading the body and throws 413 before the handler runs).
struct UploadTooLargeMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            guard let actor = request.actor else { throw error }
            return try await PlaceImportController.answer(
                request, actor: actor,
                problem: "Le fichier dépasse la taille maximale de 50 Mo : découpez-le en plusieurs fichiers. Rien n'a été importé.",
                chosen: nil, status: .payloadTooLarge)
        }
    }
}

/// The parts of a `multipart/form-data` body: the text fields (small), and the one file part,
/// written to a file while it is parsed.
struct MultipartUpload {
    var fields: [(name: String, value: String)] = []
    var fileName: String?
    var fileBytes = 0
    /// File parts started, and those that reached their closing boundary (a cut body leaves one open).
    var fileParts = 0
    var completeFileParts = 0

    /// Longest text field kept; a CSRF token or a structure id is far shorter.
    static let maxFieldBytes = 1_024

    func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    static func receive(_ req: Request, fileField: String, into path: String) throws -> MultipartUpload {
        guard let type = req.headers.contentType, type.type.lowercased() == "multipart", type.subType.lowercased() == "form-data",
              let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw PlaceImportError("Le fichier doit être envoyé avec le formulaire de cette page (envoi de type multipart/form-data).")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw PlaceImportError("Le fichier n'a pas pu être reçu (dossier temporaire inaccessible). Réessayez dans un instant.")
        }
        defer { try? handle.close() }

        final class State {
            var upload = MultipartUpload()
            var headers = HTTPHeaders()
            var name: String?
            var isFile = false
            var started = false
            var text: [UInt8] = []
            var writeFailed = false
        }
        let state = State()
        func start() {
            guard !state.started else { return }
            state.started = true
            let disposition = state.headers.contentDisposition
            state.name = disposition?.name
            state.isFile = disposition?.filename != nil || state.name == fileField
            if state.isFile {
                state.upload.fileParts += 1
                state.upload.fileName = disposition?.filename
            }
        }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.headers.add(name: name, value: value) }
        parser.onBody = { buffer in
            start()
            if state.isFile {
                // Only the first file part is kept; a second one is refused afterwards.
                guard state.upload.fileParts == 1, !state.writeFailed else { return }
                state.upload.fileBytes += buffer.readableBytes
                do {
                    try handle.write(contentsOf: buffer.readableBytesView)
                } catch {
                    state.writeFailed = true
                }
            } else if state.text.count < maxFieldBytes {
                state.text += buffer.readableBytesView.prefix(maxFieldBytes - state.text.count)
            }
        }
        parser.onPartComplete = {
            start()
            if state.isFile {
                state.upload.completeFileParts += 1
            } else if let name = state.name {
                state.upload.fields.append((name, String(decoding: state.text, as: UTF8.self)))
            }
            state.headers = HTTPHeaders()
            state.name = nil
            state.isFile = false
            state.started = false
            state.text = []
        }
        do {
            if let body = req.body.data { try parser.execute(body) }
        } catch {
            throw PlaceImportError("L'envoi du formulaire est illisible : rechargez la page et choisissez le fichier à nouveau.")
        }
        if state.writeFailed {
            throw PlaceImportError("Le fichier n'a pas pu être reçu (écriture impossible). Réessayez dans un instant.")
        }
        return state.upload
    }
}
