import Foundation
import TandemCore
import Vapor

/// What the coding page shows: each answer as text cut into segments at every coded passage's
/// ends (so that overlapping passages never nest), the codings of each answer, the suggestions,
/// and the codebook for the panel and the whole-answer forms.
struct CodingPage: Encodable {
    let layout: Layout
    let respondent: CodingRespondentView
    let csrf: String
    let action: String
    let stylesheet: String
    /// Why the last form was refused (nothing was written), shown above everything.
    let refusals: [String]
    let answers: [CodingAnswerView]
    let codeGroups: [CodingCodeGroup]
    let hasCodes: Bool
}

struct CodingRespondentView: Encodable {
    let name: String
    let post: String
    let context: String
    let status: String
    let consent: String
}

/// One answer: its text in segments, what is coded in it, what could be.
struct CodingAnswerView: Encodable {
    let key: String
    let anchor: String
    let question: String
    let hasText: Bool
    let segments: [CodingSegment]
    let codings: [AppliedCodingView]
    let suggestions: [SuggestionView]
}

/// A run of the answer's text covered by the same codings. `classes` is nil for plain text.
struct CodingSegment: Encodable, Equatable {
    let text: String
    let classes: String?
    /// The names of the codes on this run, for the tooltip and screen readers.
    let codeNames: String?
}

struct AppliedCodingView: Encodable {
    let id: String
    let codeClass: String
    let codeName: String
    let excerpt: String
    let memo: String
    let removeAction: String
    let memoAction: String
}

struct SuggestionView: Encodable {
    let excerpt: String
    let codeId: String
    let codeName: String
    let keyword: String
    let start: Int
    let end: Int
}

/// One family of the codebook, for the panel's fieldsets.
struct CodingCodeGroup: Encodable {
    let title: String
    let codes: [CodingCodeChoice]
}

struct CodingCodeChoice: Encodable {
    let id: String
    let name: String
    let codeClass: String
    let isFamily: Bool
}

enum CodingView {
    /// Suggestions shown per answer at most: a long answer with many keywords stays readable.
    static let suggestionsPerAnswer = 8

    /// The CSS class that carries a code's colour (`/enquete/codes.css`).
    static func codeClass(_ id: UUID) -> String { "c-" + id.uuidString.lowercased() }

    /// Cuts `text` at both ends of every passage (in Unicode scalars); each run lists the codes
    /// covering it. The runs joined give back the text exactly: the script counts offsets in it.
    static func segments(of text: String, codings: [SurveyCoding], tree: CodebookTree) -> [CodingSegment] {
        let scalars = Array(text.unicodeScalars)
        var cuts: Set<Int> = [0, scalars.count]
        for coding in codings {
            cuts.insert(min(max(coding.range.start, 0), scalars.count))
            cuts.insert(min(max(coding.range.end, 0), scalars.count))
        }
        let ordered = cuts.sorted()
        var segments: [CodingSegment] = []
        for (from, to) in zip(ordered, ordered.dropFirst()) where from < to {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[from..<to])
            let covering = codings.filter { $0.range.start <= from && to <= $0.range.end }
            if covering.isEmpty {
                segments.append(CodingSegment(text: String(piece), classes: nil, codeNames: nil))
            } else {
                let ids = uniqueCodeIds(covering)
                let classes = (["coded"] + (ids.count > 1 ? ["many"] : []) + ids.map(codeClass)).joined(separator: " ")
                segments.append(CodingSegment(text: String(piece), classes: classes,
                                              codeNames: ids.map { tree.label(of: $0) }.joined(separator: " ; ")))
            }
        }
        return segments
    }

    private static func uniqueCodeIds(_ codings: [SurveyCoding]) -> [UUID] {
        var seen: Set<UUID> = []
        return codings.map(\.codeId).filter { seen.insert($0).inserted }
    }

    /// The codebook by family: each root and everything below it, in tree order.
    static func groups(_ tree: CodebookTree) -> [CodingCodeGroup] {
        tree.roots.map { root in
            CodingCodeGroup(title: root.name, codes: tree.descendants(of: root.id).map { code in
                CodingCodeChoice(id: code.id.uuidString.lowercased(),
                                 name: code.id == root.id ? "\(code.name) (famille entière)" : tree.path(of: code.id).dropFirst().joined(separator: " › "),
                                 codeClass: codeClass(code.id), isFamily: code.id == root.id)
            })
        }
    }

    /// A style sheet with one rule per code: the colour of its passages' underline, of its
    /// swatch and of its codings' border. Colours are checked: a stored value that is not
    /// `#rrggbb` falls back to grey, so nothing else can reach the style sheet.
    static func stylesheet(_ codes: [SurveyCode]) -> String {
        codes.map { code in
            let colour = CodebookTree.isColour(code.colour) ? code.colour.lowercased() : "#767676"
            let name = codeClass(code.id)
            return "mark.\(name) { border-bottom-color: \(colour); }\n.code-swatch.\(name) { background: \(colour); }\n.codings > li.\(name) { border-left-color: \(colour); }"
        }.joined(separator: "\n") + "\n"
    }

    /// A passage's text for a list, shortened in the middle of long passages.
    static func shortExcerpt(_ text: String, limit: Int = 220) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 40)) + " […] " + String(text.suffix(30))
    }
}
