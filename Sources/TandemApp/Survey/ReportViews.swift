import Foundation
import TandemCore
import Vapor

/// The reports' pages as values for the templates: numbers already written in French, tables
/// ready for captions and `scope` headers.
enum ReportPaths {
    static let home = "/enquete/rapports"
    static let matrixCSV = "/enquete/rapports/matrice.csv"
    static let saidDone = "/enquete/rapports/dit-fait"
    static func question(_ id: Int) -> String { "/enquete/rapports/question/\(id)" }
}

struct ReportLink: Encodable {
    let href: String
    let label: String
    let current: Bool
}

struct ReportQuoteView: Encodable {
    let respondent: String
    let context: String
    let question: String
    let excerpt: String
    let memo: String?
}

struct ReportCodeRow: Encodable {
    let label: String
    let depth: Int
    let isFamily: Bool
    let overall: String
    let library: String
    let outsideLibrary: String
    let quoteCount: Int
    let quotes: [ReportQuoteView]
}

struct ReportMatrixView: Encodable {
    struct Row: Encodable {
        let label: String
        let cells: [Cell]
    }

    struct Cell: Encodable {
        let value: Int
        let isZero: Bool
    }

    let id: String
    let caption: String
    let columns: [String]
    let rows: [Row]
    let isEmpty: Bool

    /// Only the codes applied somewhere: a 70 × 70 table of zeros helps nobody.
    init(id: String, caption: String, _ matrix: CooccurrenceMatrix, keep: [Int]) {
        self.id = id
        self.caption = caption
        columns = keep.map { matrix.labels[$0] }
        rows = keep.map { i in Row(label: matrix.labels[i], cells: keep.map { Cell(value: matrix.counts[i][$0], isZero: matrix.counts[i][$0] == 0) }) }
        isEmpty = keep.isEmpty
    }
}

struct ReportComparisonRow: Encodable {
    let label: String
    let depth: Int
    let isFamily: Bool
    let library: String
    let outsideLibrary: String
    let gap: String
}

struct SaidDoneRespondentView: Encodable {
    struct Row: Encodable {
        let claim: String
        let said: String
        let done: String
        let verdict: String
    }

    let label: String
    let context: String
    let period: String
    let rows: [Row]
}

struct SaidDoneContextView: Encodable {
    struct Row: Encodable {
        let claim: String
        let saying: String
        let done: String
        let gap: String
    }

    let title: String
    let period: String
    let rows: [Row]
}

enum ReportText {
    static func links(current: String) -> [ReportLink] {
        [ReportLink(href: ReportPaths.home, label: "Par code", current: current == ReportPaths.home)]
            + SurveyReports.researchQuestions.map {
                ReportLink(href: ReportPaths.question($0.id), label: "Question \($0.id)", current: current == ReportPaths.question($0.id))
            }
            + [ReportLink(href: ReportPaths.saidDone, label: "Dit et fait", current: current == ReportPaths.saidDone)]
    }

    static func contextShort(_ context: RespondentContext) -> String { PortraitText.contextLabel(context) }

    /// « +20 points », « −5 points », « 0 point ».
    static func points(_ value: Int) -> String {
        switch value {
        case 0: "0 point"
        case let v where v > 0: "+\(v) point\(v > 1 ? "s" : "")"
        default: "−\(-value) point\(value < -1 ? "s" : "")"
        }
    }

    /// « 12 sur 40 (30 %) » for a logbook count.
    static func done(_ done: Int, _ total: Int, people: Bool) -> String {
        guard total > 0 else { return "carnet vide" }
        return "\(done) sur \(total) \(people ? "personnes" : "activités") (\(GroupShare(count: done, total: total).percent) %)"
    }

    static func codeRows(_ frequencies: [CodeFrequency], corpus: SurveyCorpus) -> [ReportCodeRow] {
        frequencies.map { row in
            ReportCodeRow(
                label: row.label, depth: min(row.depth, 3), isFamily: row.depth == 0, overall: row.overall.text, library: row.library.text,
                outsideLibrary: row.outsideLibrary.text, quoteCount: row.quotes.count,
                quotes: row.quotes.map { quote in
                    ReportQuoteView(respondent: quote.respondentLabel, context: contextShort(quote.context),
                                    question: corpus.questionnaire.question(quote.questionKey)?.text(for: quote.context) ?? quote.questionKey,
                                    excerpt: quote.excerpt, memo: quote.memo.isEmpty ? nil : quote.memo)
                })
        }
    }

    /// The indices of the codes applied at least once in the whole corpus.
    static func usedCodes(_ overall: CooccurrenceMatrix) -> [Int] {
        overall.codeIds.indices.filter { overall.counts[$0][$0] > 0 }
    }
}
