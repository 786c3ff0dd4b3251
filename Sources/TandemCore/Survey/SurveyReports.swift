import Foundation

/// How many respondents of a group have something, out of how many.
public struct GroupShare: Sendable, Equatable {
    public var count: Int
    public var total: Int

    public init(count: Int, total: Int) {
        self.count = count
        self.total = total
    }

    /// 0…1; 0 for an empty group.
    public var share: Double { total == 0 ? 0 : Double(count) / Double(total) }
    /// Rounded to the nearest whole percent.
    public var percent: Int { total == 0 ? 0 : (count * 200 + total) / (total * 2) }
    /// « 3 sur 5 (60 %) », « aucun répondant » for an empty group.
    public var text: String { total == 0 ? "aucun répondant" : "\(count) sur \(total) (\(percent) %)" }
}

/// A coded passage as a report quotes it.
public struct SurveyQuote: Sendable, Equatable {
    public var respondentId: UUID
    /// The name when the consent is `named`, otherwise « Répondant n° k ».
    public var respondentLabel: String
    public var context: RespondentContext
    public var questionKey: String
    public var excerpt: String
    public var memo: String
}

/// One code's row: who has it, in each context, and the passages behind it.
public struct CodeFrequency: Sendable, Equatable {
    public var codeId: UUID
    /// « Posture › faire avec ».
    public var label: String
    public var depth: Int
    public var overall: GroupShare
    public var library: GroupShare
    public var outsideLibrary: GroupShare
    public var quotes: [SurveyQuote]

    public func share(in context: RespondentContext) -> GroupShare { context == .library ? library : outsideLibrary }
}

/// Code × code: how many respondents have both codes applied in their interview.
public struct CooccurrenceMatrix: Sendable, Equatable {
    public var codeIds: [UUID]
    public var labels: [String]
    /// `counts[i][j]`: respondents with both code i and code j; the diagonal, with code i.
    public var counts: [[Int]]
    /// Respondents counted (the whole corpus, or one context).
    public var respondents: Int

    public func count(_ a: UUID, _ b: UUID) -> Int {
        guard let i = codeIds.firstIndex(of: a), let j = codeIds.firstIndex(of: b) else { return 0 }
        return counts[i][j]
    }
}

/// Respondent × code, 1 when the code is applied in the interview: for R or a spreadsheet.
public struct PresenceMatrix: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var respondentId: UUID
        public var label: String
        public var context: RespondentContext
        public var values: [Int]
    }

    public var codeIds: [UUID]
    public var codeLabels: [String]
    public var rows: [Row]
}

/// One of SURVEY.md's three research questions and the codes that answer it.
public struct ResearchQuestion: Sendable, Equatable, Identifiable {
    public var id: Int
    public var title: String
    /// Names of the code families (top-level codes) relevant to the question.
    public var families: [String]
}

/// A code's shares in the two contexts, side by side.
public struct ContextComparisonRow: Sendable, Equatable {
    public var codeId: UUID
    public var label: String
    public var depth: Int
    public var library: GroupShare
    public var outsideLibrary: GroupShare
    /// Library minus outside, in percentage points.
    public var gapInPoints: Int { library.percent - outsideLibrary.percent }
}

/// The reports of SURVEY.md, as pure functions of the corpus. A respondent "has" a code when the
/// code is applied to at least one passage of their interview. In per-code counts and quotes a
/// code also counts its children's passages (the family "Publics" has every respondent coded with
/// one of its publics); the co-occurrence and 0/1 matrices, meant for further analysis, count
/// each code's own passages only, as qualitative-analysis programs do.
public enum SurveyReports {
    // MARK: Labels

    /// The label of each respondent in reports: the name when the consent is `named`, otherwise
    /// « Répondant n° k », k being the rank in the corpus (stable for a given corpus).
    public static func respondentLabels(_ corpus: SurveyCorpus) -> [UUID: String] {
        var labels: [UUID: String] = [:]
        for (index, respondent) in corpus.respondents.enumerated() {
            let name = respondent.profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
            labels[respondent.id] = respondent.profile.consent == .named && !name.isEmpty ? name : "Répondant n° \(index + 1)"
        }
        return labels
    }

    // MARK: Per code

    /// Every code of the codebook in its order, with its shares and quotes.
    public static func codeFrequencies(_ corpus: SurveyCorpus) -> [CodeFrequency] {
        let tree = CodebookTree(corpus.codes)
        let labels = respondentLabels(corpus)
        let contexts = contextsById(corpus)
        let answers = answersByRespondent(corpus)
        let totalLibrary = corpus.respondents.filter { $0.profile.context == .library }.count
        let totalOutside = corpus.respondents.count - totalLibrary
        return tree.ordered.map { entry in
            let family = Set(tree.descendants(of: entry.code.id).map(\.id))
            let codings = corpus.codings.filter { family.contains($0.codeId) && contexts[$0.respondentId] != nil }
            let who = Set(codings.map(\.respondentId))
            let inLibrary = who.filter { contexts[$0] == .library }.count
            let quotes = codings.map { coding in
                SurveyQuote(respondentId: coding.respondentId, respondentLabel: labels[coding.respondentId] ?? "",
                            context: contexts[coding.respondentId] ?? .library, questionKey: coding.questionKey,
                            excerpt: CodingRules.excerpt(of: coding.range, in: answers[coding.respondentId]?[coding.questionKey] ?? ""),
                            memo: coding.memo)
            }
            return CodeFrequency(codeId: entry.code.id, label: tree.label(of: entry.code.id), depth: entry.depth,
                                 overall: GroupShare(count: who.count, total: corpus.respondents.count),
                                 library: GroupShare(count: inLibrary, total: totalLibrary),
                                 outsideLibrary: GroupShare(count: who.count - inLibrary, total: totalOutside),
                                 quotes: quotes)
        }
    }

    // MARK: Co-occurrence

    /// Code × code over the respondents of a context (all of them when nil).
    public static func cooccurrence(_ corpus: SurveyCorpus, context: RespondentContext? = nil) -> CooccurrenceMatrix {
        let tree = CodebookTree(corpus.codes)
        let codeIds = tree.ordered.map(\.code.id)
        let respondents = corpus.respondents.filter { context == nil || $0.profile.context == context }
        let present = codesByRespondent(corpus)
        var counts = Array(repeating: Array(repeating: 0, count: codeIds.count), count: codeIds.count)
        for respondent in respondents {
            let has = present[respondent.id] ?? []
            let indices = codeIds.indices.filter { has.contains(codeIds[$0]) }
            for i in indices { for j in indices { counts[i][j] += 1 } }
        }
        return CooccurrenceMatrix(codeIds: codeIds, labels: codeIds.map(tree.label(of:)), counts: counts, respondents: respondents.count)
    }

    // MARK: Respondent × code

    public static func presenceMatrix(_ corpus: SurveyCorpus) -> PresenceMatrix {
        let tree = CodebookTree(corpus.codes)
        let codeIds = tree.ordered.map(\.code.id)
        let labels = respondentLabels(corpus)
        let present = codesByRespondent(corpus)
        let rows = corpus.respondents.map { respondent in
            let has = present[respondent.id] ?? []
            return PresenceMatrix.Row(respondentId: respondent.id, label: labels[respondent.id] ?? "",
                                      context: respondent.profile.context, values: codeIds.map { has.contains($0) ? 1 : 0 })
        }
        return PresenceMatrix(codeIds: codeIds, codeLabels: codeIds.map(tree.label(of:)), rows: rows)
    }

    /// The 0/1 matrix as CSV: `repondant;contexte;<code paths>`, the context by its code
    /// (`library`, `outside_library`) so that R reads it as a factor. French flavour: UTF-8 with
    /// byte order mark and `;`; standard: `,`.
    public static func matrixCSV(_ corpus: SurveyCorpus, flavour: CSVFlavour = .french) -> String {
        let matrix = presenceMatrix(corpus)
        var out = flavour.writer.header((["repondant", "contexte"] + matrix.codeLabels).map(CSVFlavour.neutralisingFormula))
        for row in matrix.rows {
            out += flavour.line([.text(row.label), .text(row.context.code)] + row.values.map { .integer($0) })
        }
        return out
    }

    // MARK: Research questions

    /// SURVEY.md's three questions, with the families of codes that answer each.
    public static let researchQuestions: [ResearchQuestion] = [
        ResearchQuestion(id: 1, title: "Les médiateurs abordent-ils l'inclusion numérique différemment en bibliothèque et hors bibliothèque ?",
                         families: ["Accompagnement", "Compétences", "Demandes", "Publics"]),
        ResearchQuestion(id: 2, title: "Des lignes claires de positionnement professionnel se dégagent-elles (ce qui relève ou non du métier, « faire avec » ou « faire à la place ») ?",
                         families: ["Posture", "Moyens", "Avenir du métier"]),
        ResearchQuestion(id: 3, title: "Les médiateurs d'un champ connaissent-ils le champ de l'autre ?",
                         families: ["Regards croisés"]),
    ]

    /// For each code of the question's families (a family missing from an edited codebook is
    /// skipped), the share of respondents in each context.
    public static func comparison(for question: ResearchQuestion, in corpus: SurveyCorpus) -> [ContextComparisonRow] {
        let tree = CodebookTree(corpus.codes)
        let frequencies = Dictionary(codeFrequencies(corpus).map { ($0.codeId, $0) }, uniquingKeysWith: { first, _ in first })
        return question.families.flatMap { name -> [ContextComparisonRow] in
            guard let family = tree.code(path: [name]) else { return [] }
            return tree.descendants(of: family.id).compactMap { code in
                guard let row = frequencies[code.id] else { return nil }
                return ContextComparisonRow(codeId: code.id, label: row.label, depth: row.depth,
                                            library: row.library, outsideLibrary: row.outsideLibrary)
            }
        }
    }

    // MARK: Helpers

    static func contextsById(_ corpus: SurveyCorpus) -> [UUID: RespondentContext] {
        Dictionary(corpus.respondents.map { ($0.id, $0.profile.context) }, uniquingKeysWith: { first, _ in first })
    }

    static func answersByRespondent(_ corpus: SurveyCorpus) -> [UUID: [String: String]] {
        Dictionary(corpus.respondents.map { ($0.id, $0.answers) }, uniquingKeysWith: { first, _ in first })
    }

    /// The codes applied in each respondent's interview (each code's own passages).
    public static func codesByRespondent(_ corpus: SurveyCorpus) -> [UUID: Set<UUID>] {
        var result: [UUID: Set<UUID>] = [:]
        for coding in corpus.codings { result[coding.respondentId, default: []].insert(coding.codeId) }
        return result
    }
}
