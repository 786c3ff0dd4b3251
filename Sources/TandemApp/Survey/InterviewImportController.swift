import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/import/entretiens`: interviews from the CSV that survey tools export (LimeSurvey,
/// KoboToolbox, a spreadsheet: one row per respondent, one column per question), for researchers
/// and administrators (`Policy.canUseSurvey`). Three steps:
/// 1. choose the questionnaire version and send the file (multipart, 5 MB at most);
/// 2. match each column to a question or a profile field (suggested by `SurveyCSVImport`);
/// 3. confirm: every row is checked, and either all interviews are written as drafts in one
///    transaction, or none is and the faulty rows are listed with their line.
///
/// Nothing is stored between steps: the file travels back in a hidden field, in base64, bounded by
/// the upload's limit. A server-side copy would need a store, an expiry and a clean-up for a
/// file that is read again in a second anyway; the hidden field costs one round trip of the file.
struct InterviewImportController {
    static let path = "/enquete/import/entretiens"
    static let confirmPath = "/enquete/import/entretiens/confirmer"
    static let maxUploadBytes = 5 * 1024 * 1024
    static let maxUpload: ByteCount = "5mb"
    /// The file in base64 (4/3 of it) and percent-encoded in the form (`+`, `/`, `=` take 3 bytes): 9 MB is enough.
    static let maxConfirm: ByteCount = "9mb"
    static let maxEncodedFile = (maxUploadBytes + 2) / 3 * 4
    static let fileField = "fichier"
    static let versionField = "version"
    static let contentField = "contenu"
    static let columnPrefix = "colonne-"
    static let maxShownErrors = 100
    static let maxSampleLength = 60
    static let tooLarge = "Le fichier dépasse la taille maximale de 5 Mo : découpez-le en plusieurs fichiers. Rien n'a été importé."

    func register(_ routes: any RoutesBuilder) {
        let imports = routes.grouped("enquete", "import")
        imports.get("entretiens", use: form)
        let guarded = imports.grouped(InterviewUploadTooLargeMiddleware())
        guarded.on(.POST, "entretiens", body: .collect(maxSize: Self.maxUpload), use: upload)
        guarded.on(.POST, "entretiens", "confirmer", body: .collect(maxSize: Self.maxConfirm), use: confirm)
    }

    // MARK: Step 1: the file

    struct UploadPage: Encodable {
        let layout: Layout
        let action: String
        let fileField: String
        let fileAnchor: String
        let versionField: String
        let versions: [FormOption]
        let problem: String?
        let maxRows: String
        let respondentsPath: String
    }

    @Sendable func form(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        return try await Self.renderUpload(req, problem: nil, chosen: nil)
    }

    static func renderUpload(_ req: Request, problem: String?, chosen: UUID?) async throws -> View {
        let title = "Importer des entretiens"
        let page = UploadPage(
            layout: Layout(request: req, title: problem != nil ? "Erreur — " + title : title),
            action: path, fileField: fileField, fileAnchor: "#" + fileField, versionField: versionField,
            versions: try await versionOptions(req, chosen: chosen), problem: problem,
            maxRows: French.integer(SurveyCSVImport.maxRows), respondentsPath: SurveyPath.respondents)
        return try await req.view.render("Survey/import-interviews", page)
    }

    static func uploadProblem(_ req: Request, _ message: String, chosen: UUID?, status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
        try await renderUpload(req, problem: message, chosen: chosen).response(status, for: req)
    }

    /// Every version of every questionnaire; the latest version of the default one is chosen unless told otherwise.
    static func versionOptions(_ req: Request, chosen: UUID?) async throws -> [FormOption] {
        var options: [FormOption] = []
        var preferred = chosen
        for questionnaire in try await req.survey.questionnaires() {
            guard let id = questionnaire.id else { continue }
            let versions = try await req.survey.versions(of: id)
            if preferred == nil, questionnaire.slug == SurveyStore.defaultQuestionnaireSlug { preferred = versions.last?.id }
            for version in versions.reversed() {
                guard let versionId = version.id else { continue }
                let value = versionId.uuidString.lowercased()
                options.append(FormOption(value: value, label: "\(questionnaire.title) — version \(version.number)", id: "version-" + value, checked: false))
            }
        }
        let selected = preferred.map { $0.uuidString.lowercased() } ?? options.first?.value
        return options.map { FormOption(value: $0.value, label: $0.label, id: $0.id, checked: $0.value == selected) }
    }

    @Sendable func upload(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-entretiens-\(UUID.random().uuidString.lowercased()).csv").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let upload: MultipartUpload
        do {
            upload = try MultipartUpload.receive(req, fileField: Self.fileField, into: temporary)
        } catch let problem as PlaceImportError {
            return try await Self.uploadProblem(req, problem.message, chosen: nil, status: .badRequest)
        }
        guard PlaceImportController.isValidCSRF(upload.fields, request: req) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Tandem. Rechargez la page et recommencez.")
        }
        let chosen = upload.value(Self.versionField).flatMap(UUID.init(uuidString:))
        guard let chosen, let version = try await req.survey.version(chosen) else {
            return try await Self.uploadProblem(req, "Choisissez le questionnaire auquel les entretiens répondent.", chosen: nil)
        }
        guard upload.fileParts == 1, upload.fileBytes > 0 else {
            let message = upload.fileParts > 1 ? "Envoyez un seul fichier à la fois." : "Choisissez le fichier CSV des entretiens à importer."
            return try await Self.uploadProblem(req, message, chosen: chosen)
        }
        // Vapor's body limit stops a big upload on the wire; this covers a body that reached the handler whole.
        guard upload.fileBytes <= Self.maxUploadBytes else {
            return try await Self.uploadProblem(req, Self.tooLarge, chosen: chosen, status: .payloadTooLarge)
        }
        guard upload.completeFileParts == 1, let data = FileManager.default.contents(atPath: temporary) else {
            return try await Self.uploadProblem(req, "Le fichier n'a été reçu qu'en partie : réessayez.", chosen: chosen, status: .badRequest)
        }
        let table: SurveyCSVTable
        do {
            table = try SurveyCSVImport.parse(data: data)
        } catch {
            return try await Self.uploadProblem(req, error.message + " Rien n'a été importé.", chosen: chosen)
        }
        let mapping = SurveyCSVImport.suggestMapping(headers: table.headers, questionnaire: version.questionnaire)
        return try await Self.renderMapping(req, table: table, data: data, version: version, mapping: mapping, errors: [])
            .encodeResponse(for: req)
    }

    // MARK: Step 2: the mapping

    struct MappingPage: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        struct Group: Encodable {
            let label: String
            let options: [Option]
        }

        struct Column: Encodable {
            let id: String
            let name: String
            let header: String
            let samples: [String]
            let ignoreSelected: Bool
            let groups: [Group]
        }

        let layout: Layout
        let action: String
        let uploadPath: String
        let versionField: String
        let versionId: String
        let versionLabel: String
        let contentField: String
        let content: String
        let rowCount: String
        let columns: [Column]
        let errors: [String]
        let moreErrors: String?
    }

    static func renderMapping(_ req: Request, table: SurveyCSVTable, data: Data, version: SurveyVersionModel,
                              mapping: [Int: MappingTarget], errors: [RowError]) async throws -> View {
        let questionnaire = version.questionnaire
        let title = try await SurveyQuestionnaireModel.find(version.questionnaireId, on: req.db)?.title ?? questionnaire.title
        let columns = table.headers.enumerated().map { index, header in
            column(index: index, header: header, table: table, questionnaire: questionnaire, selected: mapping[index])
        }
        let shown = errors.prefix(maxShownErrors).map(\.text)
        let hidden = errors.count - shown.count
        let heading = "Importer des entretiens : correspondance des colonnes"
        let page = MappingPage(
            layout: Layout(request: req, title: errors.isEmpty ? heading : "Erreur — " + heading),
            action: confirmPath, uploadPath: path, versionField: versionField, versionId: version.id!.uuidString.lowercased(),
            versionLabel: "\(title) — version \(version.number)", contentField: contentField, content: data.base64EncodedString(),
            rowCount: table.rows.count > 1 ? "\(French.integer(table.rows.count)) entretiens" : "1 entretien",
            columns: columns, errors: shown,
            moreErrors: hidden > 0 ? "… et \(French.integer(hidden)) autre\(hidden > 1 ? "s" : "") erreur\(hidden > 1 ? "s" : "") (seules les \(maxShownErrors) premières sont affichées)." : nil)
        return try await req.view.render("Survey/import-interviews-mapping", page)
    }

    static func column(index: Int, header: String, table: SurveyCSVTable, questionnaire: QuestionnaireContent,
                       selected: MappingTarget?) -> MappingPage.Column {
        let samples = table.rows.lazy.compactMap { row -> String? in
            guard index < row.fields.count else { return nil }
            let value = row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : shortened(value, maxSampleLength)
        }.prefix(2)
        func option(_ target: MappingTarget, _ label: String) -> MappingPage.Option {
            MappingPage.Option(value: target.code, label: label, selected: target == selected)
        }
        let profile = SurveyProfileField.allCases.map { option(.profile($0), $0.label) }
        let questions = questionnaire.questions.map { option(.question($0.key), "\($0.key) — " + shortened($0.text, 70)) }
        return MappingPage.Column(
            id: columnPrefix + String(index), name: columnPrefix + String(index),
            header: header.isEmpty ? "(colonne \(index + 1) sans nom)" : shortened(header, 120),
            samples: Array(samples), ignoreSelected: selected == nil,
            groups: [MappingPage.Group(label: "Profil de la personne", options: profile),
                     MappingPage.Group(label: "Questions", options: questions)])
    }

    static func shortened(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }

    // MARK: Step 3: the import

    @Sendable func confirm(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let form = try req.verifiedForm()
        let chosen = form.value(Self.versionField).flatMap(UUID.init(uuidString:))
        guard let encoded = form.value(Self.contentField), encoded.utf8.count <= Self.maxEncodedFile,
              let data = Data(base64Encoded: encoded), !data.isEmpty else {
            return try await Self.uploadProblem(req, "La confirmation ne contient pas le fichier : envoyez-le à nouveau. Rien n'a été importé.",
                                                chosen: chosen, status: .badRequest)
        }
        guard let chosen, let version = try await req.survey.version(chosen) else {
            return try await Self.uploadProblem(req, "Choisissez le questionnaire auquel les entretiens répondent.", chosen: nil)
        }
        let table: SurveyCSVTable
        do {
            table = try SurveyCSVImport.parse(data: data)
        } catch {
            return try await Self.uploadProblem(req, error.message + " Rien n'a été importé.", chosen: chosen)
        }
        let (mapping, mappingErrors) = Self.mapping(form, headers: table.headers)
        let questionnaire = version.questionnaire
        var errors = mappingErrors
        var interviews: [ImportedInterview] = []
        if errors.isEmpty {
            let result = SurveyCSVImport.rows(table, mapping: mapping, questionnaire: questionnaire)
            errors = result.errors
            interviews = result.valid
        }
        var outcome = InterviewImportOutcome(created: [], alreadyImported: [])
        if errors.isEmpty {
            do {
                outcome = try await req.survey.importInterviews(interviews, versionId: chosen)
            } catch let failure as InterviewImportFailure {
                errors = failure.errors
            }
        }
        guard errors.isEmpty else {
            return try await Self.renderMapping(req, table: table, data: data, version: version, mapping: mapping,
                                                errors: errors.sorted { $0.line < $1.line })
                .response(.unprocessableEntity, for: req)
        }
        req.logger.info("Import d'entretiens", metadata: [
            "entretiens": .stringConvertible(outcome.created.count), "deja_importes": .stringConvertible(outcome.alreadyImported.count),
        ])
        req.flash(outcome.summary)
        return req.redirect(to: SurveyPath.respondents)
    }

    /// The mapping chosen in the form: one select per column, empty for a column ignored.
    static func mapping(_ form: FormBody, headers: [String]) -> ([Int: MappingTarget], [RowError]) {
        var mapping: [Int: MappingTarget] = [:]
        var errors: [RowError] = []
        for index in headers.indices {
            guard let code = form.value(columnPrefix + String(index)), !code.isEmpty else { continue }
            if let target = MappingTarget(code: code) {
                mapping[index] = target
            } else {
                errors.append(RowError(line: 1, message: "le choix fait pour la colonne « \(shortened(headers[index], 40)) » n'est pas reconnu ; choisissez dans la liste."))
            }
        }
        return (mapping, errors)
    }
}

/// A file bigger than 5 MB gets the import page with a clear message (Vapor stops reading the
/// body and throws 413 before the handler runs).
struct InterviewUploadTooLargeMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            guard let actor = request.actor, Policy.canUseSurvey(actor) else { throw error }
            return try await InterviewImportController.uploadProblem(
                request, InterviewImportController.tooLarge, chosen: nil, status: .payloadTooLarge)
        }
    }
}
