import Foundation

/// The answers as CSV. The files themselves are written by `SurveyAnswersCSV` (one writer, so the
/// web, the command line and the reports cannot disagree); these are the names the survey's
/// brief gives them.
public enum SurveyCSV {
    /// One row per respondent × answered question.
    public static func long(_ corpus: SurveyCorpus, flavour: CSVFlavour = .french) -> String {
        SurveyAnswersCSV.csv(corpus, shape: .long, flavour: flavour)
    }

    /// One row per respondent, profile columns then one column per question key.
    public static func wide(_ corpus: SurveyCorpus, flavour: CSVFlavour = .french) -> String {
        SurveyAnswersCSV.csv(corpus, shape: .wide, flavour: flavour)
    }
}

// MARK: - Import

/// A CSV file of interviews as read: the header and the records, each with its line in the file.
public struct SurveyCSVTable: Sendable, Equatable {
    public var headers: [String]
    public var rows: [CSVRecord]

    public init(headers: [String], rows: [CSVRecord]) {
        self.headers = headers
        self.rows = rows
    }
}

/// A profile field an import column can fill.
public enum SurveyProfileField: String, Sendable, CaseIterable, Hashable {
    case name, post, employer, context, territory, departement, date, consent

    public var label: String {
        switch self {
        case .name: "Nom ou pseudonyme"
        case .post: "Poste"
        case .employer: "Employeur"
        case .context: "Contexte (bibliothèque ou hors bibliothèque)"
        case .territory: "Territoire"
        case .departement: "Département"
        case .date: "Date de l'entretien"
        case .consent: "Consentement à la publication"
        }
    }
}

/// Where a column of the file goes: a question (by key) or a profile field.
public enum MappingTarget: Sendable, Hashable {
    case question(String)
    case profile(SurveyProfileField)

    /// `question:A1`, `profile:name`: the value of the mapping form's select.
    public var code: String {
        switch self {
        case let .question(key): "question:" + key
        case let .profile(field): "profile:" + field.rawValue
        }
    }

    public init?(code: String) {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "question": self = .question(parts[1])
        case "profile": guard let field = SurveyProfileField(rawValue: parts[1]) else { return nil }; self = .profile(field)
        default: return nil
        }
    }
}

/// One interview read from a row, ready to store as a draft.
public struct ImportedInterview: Sendable, Equatable {
    /// The row's line in the file.
    public var line: Int
    public var profile: RespondentProfile
    /// Question key → answer; empty cells are left out.
    public var answers: [String: String]

    public init(line: Int, profile: RespondentProfile, answers: [String: String]) {
        self.line = line
        self.profile = profile
        self.answers = answers
    }
}

extension ImportedInterview {
    /// What makes two interviews of one questionnaire the same, so that a file imported again
    /// (survey tools export every response each time, old and new) does not create them twice:
    /// the name or pseudonym and the post, case, accents and punctuation ignored, and the
    /// interview's date. Without a date, the answers too (two « Anonyme » mediators with the same
    /// post are different people unless they answered the same).
    public static func identity(of profile: RespondentProfile, answers: [String: String]) -> String {
        var parts = [SurveyCSVImport.normalise(profile.displayName), SurveyCSVImport.normalise(profile.post)]
        if let date = profile.interviewDate {
            parts.append(date.description)
        } else {
            parts.append("sans date")
            parts += answers.sorted { $0.key < $1.key }.map { $0.key + "=" + SurveyCSVImport.normalise($0.value) }
        }
        return parts.joined(separator: "\u{1F}")
    }

    public var identity: String { Self.identity(of: profile, answers: answers) }
}

/// What is wrong with one row, by its line in the file, in French.
public struct RowError: Sendable, Equatable, Hashable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// « Ligne 4 : le contexte « biblio » n'est pas reconnu… ».
    public var text: String { "Ligne \(line) : \(message)" }
}

/// Why a file could not be read at all; nothing is imported.
public struct SurveyCSVImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Interviews from the CSV that survey tools (LimeSurvey, KoboToolbox, a spreadsheet) export: one
/// row per respondent, one column per question. Three steps: read the file, match its columns to
/// questions and profile fields (suggested, then confirmed by a person), check each row.
public enum SurveyCSVImport {
    public static let maxRows = 5_000
    public static let maxCellBytes = 100_000
    public static let maxColumns = 1_000

    // MARK: Reading

    /// Reads the file: UTF-8 with or without byte order mark, `,`, `;` or tab between fields
    /// (whichever the header line uses most). Refuses anything else with a French message.
    public static func parse(data: Data) throws(SurveyCSVImportError) -> SurveyCSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw SurveyCSVImportError("Le fichier est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 » depuis votre tableur, puis réessayez.")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { !isBlank($0) }) else { throw SurveyCSVImportError("Le fichier est vide.") }
        if let bad = firstInvalidUTF8Line(bytes) {
            throw SurveyCSVImportError("Le fichier n'est pas encodé en UTF-8 (premier caractère illisible à la ligne \(bad)) ; il est sans doute en Windows-1252 ou ISO-8859-1 (Latin-1). Enregistrez-le au format « CSV UTF-8 » depuis votre tableur, puis réessayez.")
        }
        let records = try readRecords(bytes)
        guard let header = records.first, header.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw SurveyCSVImportError("La première ligne doit nommer les colonnes : elle est vide.")
        }
        let rows = records.dropFirst().filter { record in record.fields.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
        guard !rows.isEmpty else { throw SurveyCSVImportError("Le fichier ne contient que la ligne des noms de colonnes : aucun entretien à importer.") }
        return SurveyCSVTable(headers: header.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, rows: Array(rows))
    }

    /// Tab, `;` or `,`: the one the header line (outside quotes) holds most; `,` when none.
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [0x09: 0, 0x3B: 0, 0x2C: 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = [UInt8(0x09), 0x3B, 0x2C].max { counts[$0]! < counts[$1]! }!
        return counts[best]! == 0 ? 0x2C : best
    }

    /// Every record, stopping as soon as the file has more rows than allowed.
    static func readRecords(_ bytes: [UInt8]) throws(SurveyCSVImportError) -> [CSVRecord] {
        let separator = detectSeparator(bytes)
        if separator == 0x09 { return try readTabSeparated(bytes) }
        var reader = CSVReader(bytes: bytes, delimiter: separator == 0x3B ? .semicolon : .comma,
                               maxFieldLength: maxCellBytes, maxFields: maxColumns)
        var records: [CSVRecord] = []
        do {
            while let record = try reader.next() {
                records.append(record)
                if records.count > maxRows + 1 { throw SurveyCSVImportError(tooManyRows) }
            }
        } catch let error as CSVError {
            throw SurveyCSVImportError(cellMessage(error))
        } catch let error as SurveyCSVImportError {
            throw error
        } catch {
            throw SurveyCSVImportError("Le fichier n'a pas pu être lu.")
        }
        return records
    }

    static let tooManyRows = "Le fichier compte plus de \(French.integer(maxRows)) entretiens : découpez-le en plusieurs fichiers."

    static func cellMessage(_ error: CSVError) -> String {
        if case .fieldTooLong = error.kind {
            return "Une cellule dépasse \(French.integer(maxCellBytes / 1000)) ko (ligne \(error.line)) : une réponse aussi longue n'est pas un entretien."
        }
        return "Le fichier CSV est mal formé : " + error.message + "."
    }

    /// Tab-separated files (what some tools export): no quoting rules, one record per line.
    static func readTabSeparated(_ bytes: [UInt8]) throws(SurveyCSVImportError) -> [CSVRecord] {
        let text = String(decoding: bytes, as: UTF8.self)
        var records: [CSVRecord] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            guard !line.isEmpty else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { field -> String in
                let text = String(field)
                return text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
            }
            if fields.count > maxColumns { throw SurveyCSVImportError("Trop de colonnes : plus de \(maxColumns) (ligne \(index + 1)).") }
            if fields.contains(where: { $0.utf8.count > maxCellBytes }) {
                throw SurveyCSVImportError("Une cellule dépasse \(French.integer(maxCellBytes / 1000)) ko (ligne \(index + 1)) : une réponse aussi longue n'est pas un entretien.")
            }
            records.append(CSVRecord(fields: fields, line: index + 1))
            if records.count > maxRows + 1 { throw SurveyCSVImportError(tooManyRows) }
        }
        return records
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The line of the first byte that is not UTF-8, or nil when the whole file is.
    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): if encoded.count == 1 && encoded.first == 0x0A { line += 1 }
            case .error: return line
            case .emptyInput: return nil
            }
        }
    }

    // MARK: Mapping

    /// The column → target each header most likely means: a question key ("A1", "A1. Quelle
    /// formation…"), a question's wording, or a French (or English) profile header. Each target
    /// is suggested once at most; unmatched columns are left out (ignored unless a person maps them).
    public static func suggestMapping(headers: [String], questionnaire: QuestionnaireContent) -> [Int: MappingTarget] {
        var mapping: [Int: MappingTarget] = [:]
        var used: Set<MappingTarget> = []
        func assign(_ index: Int, _ target: MappingTarget) {
            guard mapping[index] == nil, used.insert(target).inserted else { return }
            mapping[index] = target
        }
        let questions = questionnaire.questions
        // Exact keys and profile names first: they are unambiguous.
        for (index, header) in headers.enumerated() {
            let folded = normalise(header)
            if let question = questions.first(where: { startsWithKey(folded, normalise($0.key)) }) {
                assign(index, .question(question.key))
            } else if let field = profileField(folded) {
                assign(index, .profile(field))
            }
        }
        // Then wordings, best match first.
        var candidates: [(score: Double, index: Int, key: String)] = []
        for (index, header) in headers.enumerated() where mapping[index] == nil {
            let words = significantWords(header)
            guard !words.isEmpty else { continue }
            for question in questions {
                let wordings = [question.text] + question.variants.values.sorted()
                let score = wordings.map { similarity(words, significantWords($0)) }.max() ?? 0
                if score >= 0.6 { candidates.append((score, index, question.key)) }
            }
        }
        for candidate in candidates.sorted(by: { ($0.score, -$0.index) > ($1.score, -$1.index) }) {
            assign(candidate.index, .question(candidate.key))
        }
        return mapping
    }

    static let profileHeaders: [SurveyProfileField: [String]] = [
        .name: ["nom", "nom ou pseudonyme", "pseudonyme", "prenom nom", "prenom et nom", "nom complet", "repondant", "repondante", "name", "full name"],
        .post: ["poste", "fonction", "metier", "intitule du poste", "post", "job title"],
        .employer: ["employeur", "structure", "organisme", "employer", "organisation"],
        .context: ["contexte", "context", "lieu d exercice", "champ"],
        .territory: ["territoire", "commune", "ville", "territory", "city"],
        .departement: ["departement", "dept", "dep", "code departement", "department"],
        .date: ["date", "date de l entretien", "date entretien", "date d entretien", "date_entretien", "interview date", "submissiondate", "submitdate", "today"],
        .consent: ["consentement", "consent", "publication", "consentement a la publication"],
    ]

    static func profileField(_ folded: String) -> SurveyProfileField? {
        SurveyProfileField.allCases.first { field in profileHeaders[field]!.contains { normalise($0) == folded } }
    }

    /// "A1", "A1.", "A1 - Quelle…", "A1 Quelle…": the key, then nothing or a non-alphanumeric.
    static func startsWithKey(_ folded: String, _ key: String) -> Bool {
        guard folded.hasPrefix(key) else { return false }
        let rest = folded.dropFirst(key.count)
        return rest.isEmpty || rest.hasPrefix(" ")
    }

    /// Lowercase, no accents, words separated by single spaces.
    static func normalise(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.unicodeScalars.split { !($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }

    static func significantWords(_ text: String) -> Set<String> {
        Set(normalise(text).split(separator: " ").map(String.init).filter { $0.count >= 3 })
    }

    /// Shared words over the question's words: a header holding a shortened wording still matches.
    static func similarity(_ header: Set<String>, _ question: Set<String>) -> Double {
        guard !question.isEmpty, !header.isEmpty else { return 0 }
        let shared = Double(header.intersection(question).count)
        return shared / Double(max(question.count, header.count))
    }

    // MARK: Rows

    /// The interviews of the valid rows, and the errors of the others with their line. A row
    /// with any error is not imported; the caller imports nothing while there are errors, if it
    /// wants all or nothing.
    public static func rows(_ table: SurveyCSVTable, mapping: [Int: MappingTarget],
                            questionnaire: QuestionnaireContent) -> (valid: [ImportedInterview], errors: [RowError]) {
        let headerLine = 1
        var setup: [RowError] = []
        let targets = Set(mapping.values)
        if !targets.contains(.profile(.name)) {
            setup.append(RowError(line: headerLine, message: "aucune colonne n'est associée au nom (ou pseudonyme) du répondant."))
        }
        if !targets.contains(.profile(.context)) {
            setup.append(RowError(line: headerLine, message: "aucune colonne n'est associée au contexte (bibliothèque ou hors bibliothèque)."))
        }
        for (index, target) in mapping.sorted(by: { $0.key < $1.key }) {
            if index < 0 || index >= table.headers.count {
                setup.append(RowError(line: headerLine, message: "la colonne n° \(index + 1) n'existe pas dans le fichier."))
            }
            if case let .question(key) = target, questionnaire.question(key) == nil {
                setup.append(RowError(line: headerLine, message: "la question « \(key) » n'existe pas dans le questionnaire."))
            }
        }
        let duplicates = Dictionary(grouping: mapping.values, by: { $0 }).filter { $0.value.count > 1 }.keys
        for target in duplicates.sorted(by: { $0.code < $1.code }) {
            setup.append(RowError(line: headerLine, message: "plusieurs colonnes sont associées à « \(describe(target, questionnaire)) »."))
        }
        guard setup.isEmpty else { return ([], setup) }

        var valid: [ImportedInterview] = []
        var errors: [RowError] = []
        for record in table.rows {
            switch interview(from: record, mapping: mapping) {
            case let .success(interview): valid.append(interview)
            case let .failure(failure): errors += failure.errors
            }
        }
        return (valid, errors)
    }

    static func describe(_ target: MappingTarget, _ questionnaire: QuestionnaireContent) -> String {
        switch target {
        case let .question(key): key
        case let .profile(field): field.label
        }
    }

    struct RowFailure: Error { let errors: [RowError] }

    static func interview(from record: CSVRecord, mapping: [Int: MappingTarget]) -> Result<ImportedInterview, RowFailure> {
        var values: [SurveyProfileField: String] = [:]
        var answers: [String: String] = [:]
        for (index, target) in mapping {
            let cell = index < record.fields.count ? restoringFormulaText(record.fields[index]).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            switch target {
            case let .profile(field): values[field] = cell
            case let .question(key): if !cell.isEmpty { answers[key] = cell }
            }
        }
        var problems: [String] = []
        let name = values[.name] ?? ""
        if name.isEmpty { problems.append("le nom (ou pseudonyme) du répondant est vide.") }
        if name.count > 200 { problems.append("le nom dépasse 200 caractères.") }
        let contextText = values[.context] ?? ""
        let context = parseContext(contextText)
        if context == nil {
            problems.append(contextText.isEmpty
                ? "le contexte est vide ; indiquez « bibliothèque » ou « hors bibliothèque »."
                : "le contexte « \(contextText.prefix(40)) » n'est pas reconnu ; indiquez « bibliothèque » ou « hors bibliothèque ».")
        }
        var date: LocalDate?
        if let text = values[.date], !text.isEmpty {
            date = parseDate(text)
            if date == nil { problems.append("la date « \(text.prefix(40)) » n'est pas une date ; écrivez-la 14/03/2026 ou 2026-03-14.") }
        }
        let consentText = values[.consent] ?? ""
        let consent = parseConsent(consentText)
        if consent == nil {
            problems.append("le consentement « \(consentText.prefix(40)) » n'est pas reconnu ; indiquez « nom », « anonyme » ou « non ».")
        }
        let departement = (values[.departement] ?? "").uppercased()
        if !departement.isEmpty && !isDepartement(departement) {
            problems.append("le département « \(departement.prefix(10)) » n'existe pas ; écrivez son numéro (33, 2A, 974).")
        }
        guard problems.isEmpty, let context, let consent else {
            return .failure(RowFailure(errors: problems.map { RowError(line: record.line, message: $0) }))
        }
        let profile = RespondentProfile(displayName: name, post: values[.post] ?? "", employer: values[.employer] ?? "",
                                        context: context, territory: values[.territory] ?? "", departement: departement,
                                        interviewDate: date, consent: consent)
        return .success(ImportedInterview(line: record.line, profile: profile, answers: answers))
    }

    /// Tandem's exports put an apostrophe before a cell that a spreadsheet would run as a formula
    /// (`CSVFlavour.neutralisingFormula`): reading such a file back removes it, so an answer
    /// starting with « - » survives the round trip.
    static func restoringFormulaText(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, CSVFlavour.formulaStarts.contains(second) else { return cell }
        return String(scalars.dropFirst())
    }

    /// `library`, « bibliothèque », « médiathèque »… or `outside_library`, « hors bibliothèque »…
    public static func parseContext(_ text: String) -> RespondentContext? {
        let folded = normalise(text)
        if folded.isEmpty { return nil }
        if let context = RespondentContext(code: text.trimmingCharacters(in: .whitespaces).lowercased()) { return context }
        let outside = ["outside library", "hors bibliotheque", "hors bibliotheques", "hors mediatheque", "hors bib", "hors les murs de la bibliotheque"]
        if outside.contains(folded) || folded.hasPrefix("hors ") { return .outsideLibrary }
        let inside = ["library", "bibliotheque", "mediatheque", "en bibliotheque", "en mediatheque", "bib"]
        return inside.contains(folded) ? .library : nil
    }

    /// ISO `2026-03-14` (a timestamp's date part too, as KoboToolbox writes it) or French `14/03/2026`.
    public static func parseDate(_ text: String) -> LocalDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = LocalDate(iso: String(trimmed.prefix(10))), trimmed.count == 10 || trimmed.dropFirst(10).first.map({ $0 == "T" || $0 == " " }) == true {
            return date
        }
        let parts = trimmed.split(separator: "/").map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// An empty cell means no publication: the safe default.
    public static func parseConsent(_ text: String) -> PublicationConsent? {
        let folded = normalise(text)
        if folded.isEmpty { return PublicationConsent.none }
        if let consent = PublicationConsent(code: folded) { return consent }
        switch folded {
        case "nom", "nomme", "nominatif", "sous son nom", "publie sous son nom", "oui": return .named
        case "anonyme", "anonymous", "sans nom", "publie sans nom", "pseudonyme": return .anonymous
        case "non", "aucun", "aucune", "non publie", "pas de publication", "refus": return PublicationConsent.none
        default: return nil
        }
    }

    /// Two digits (01–95 but not 20), 2A, 2B, or three digits for overseas (971–976).
    static func isDepartement(_ code: String) -> Bool {
        if code == "2A" || code == "2B" { return true }
        guard code.allSatisfy(\.isASCII), let number = Int(code) else { return false }
        if code.count == 2 { return (1...95).contains(number) && number != 20 }
        return code.count == 3 && (971...976).contains(number)
    }
}
