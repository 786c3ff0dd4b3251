import Foundation

/// A passage Tandem proposes to code because it contains one of a code's keywords. Only a
/// proposal: the researcher accepts it (which makes a coding) or ignores it.
public struct Suggestion: Sendable, Equatable, Hashable {
    public var respondentId: UUID
    public var questionKey: String
    /// The sentence containing the keyword, in Unicode scalars.
    public var range: TextRange
    public var codeId: UUID
    /// The keyword as the code carries it.
    public var keyword: String

    public init(respondentId: UUID, questionKey: String, range: TextRange, codeId: UUID, keyword: String) {
        self.respondentId = respondentId
        self.questionKey = questionKey
        self.range = range
        self.codeId = codeId
        self.keyword = keyword
    }
}

/// Finds sentences that contain a code's keywords, ignoring case and accents ("Ameli" finds
/// « améli »), on word boundaries ("IA" does not find « social »). Never applies anything.
public enum KeywordSuggestions {
    public static func suggest(codes: [SurveyCode],
                               answers: [(respondentId: UUID, questionKey: String, text: String)],
                               existing: [SurveyCoding]) -> [Suggestion] {
        let keywords = codes.flatMap { code in
            code.keywords.compactMap { keyword -> (UUID, String, [Unicode.Scalar])? in
                let folded = fold(keyword).map(\.scalar)
                return folded.isEmpty ? nil : (code.id, keyword, folded)
            }
        }
        guard !keywords.isEmpty else { return [] }
        let codedByAnswer = Dictionary(grouping: existing) { AnswerKey(respondentId: $0.respondentId, questionKey: $0.questionKey) }
        var result: [Suggestion] = []
        for answer in answers {
            let folded = fold(answer.text)
            let starts = wordStarts(folded)
            let sentences = sentenceRanges(answer.text)
            let coded = codedByAnswer[AnswerKey(respondentId: answer.respondentId, questionKey: answer.questionKey)] ?? []
            var proposed: Set<Proposal> = []
            for (codeId, keyword, pattern) in keywords {
                for start in matches(of: pattern, in: folded, wordStarts: starts) {
                    guard let sentence = sentences.first(where: { $0.start <= start && start < $0.end }) else { continue }
                    let alreadyCoded = coded.contains { $0.codeId == codeId && CodingRules.overlaps($0.range, sentence) }
                    guard !alreadyCoded,
                          proposed.insert(Proposal(codeId: codeId, range: sentence)).inserted else { continue }
                    result.append(Suggestion(respondentId: answer.respondentId, questionKey: answer.questionKey,
                                             range: sentence, codeId: codeId, keyword: keyword))
                }
            }
        }
        return result
    }

    private struct AnswerKey: Hashable {
        let respondentId: UUID
        let questionKey: String
    }

    /// One suggestion per sentence and code, whichever of the code's keywords found it first.
    private struct Proposal: Hashable {
        let codeId: UUID
        let range: TextRange
    }

    /// One folded scalar and the offset of the original scalar it comes from.
    struct FoldedScalar {
        let scalar: Unicode.Scalar
        let offset: Int
    }

    /// The text lowercased and without accents, each scalar remembering where it came from, so
    /// that a match maps back to the original offsets. Apostrophes are unified (’ → ').
    static func fold(_ text: String) -> [FoldedScalar] {
        var result: [FoldedScalar] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar == "\u{2019}" { result.append(FoldedScalar(scalar: "'", offset: offset)); continue }
            if scalar.isASCII {
                let value = (65...90).contains(scalar.value) ? scalar.value + 32 : scalar.value
                result.append(FoldedScalar(scalar: Unicode.Scalar(UInt8(value)), offset: offset))
                continue
            }
            let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            for piece in folded.unicodeScalars { result.append(FoldedScalar(scalar: piece, offset: offset)) }
        }
        return result
    }

    /// Where words start in the folded text, by their first scalar: a keyword is only tried
    /// there, so the cost grows with the number of words, not of characters times keywords.
    static func wordStarts(_ text: [FoldedScalar]) -> [Unicode.Scalar: [Int]] {
        var starts: [Unicode.Scalar: [Int]] = [:]
        for index in text.indices where index == 0 || !isWordScalar(text[index - 1].scalar) || !isWordScalar(text[index].scalar) {
            starts[text[index].scalar, default: []].append(index)
        }
        return starts
    }

    /// Original offsets where the pattern starts, on word boundaries.
    static func matches(of pattern: [Unicode.Scalar], in text: [FoldedScalar], wordStarts: [Unicode.Scalar: [Int]]) -> [Int] {
        guard let first = pattern.first else { return [] }
        return (wordStarts[first] ?? []).compactMap { index in
            guard index + pattern.count <= text.count else { return nil }
            for k in 1..<max(pattern.count, 1) where text[index + k].scalar != pattern[k] { return nil }
            let before = index == 0 || !isWordScalar(text[index - 1].scalar) || !isWordScalar(pattern[0])
            let end = index + pattern.count
            let after = end == text.count || !isWordScalar(text[end].scalar) || !isWordScalar(pattern[pattern.count - 1])
            return before && after ? text[index].offset : nil
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The sentences of a text as scalar ranges, without their surrounding blanks: a sentence ends
    /// after `.`, `!`, `?`, `…` or at a line break.
    static func sentenceRanges(_ text: String) -> [TextRange] {
        let scalars = Array(text.unicodeScalars)
        var ranges: [TextRange] = []
        var start = 0
        func close(_ end: Int) {
            var from = start, to = end
            while from < to && scalars[from].properties.isWhitespace { from += 1 }
            while to > from && scalars[to - 1].properties.isWhitespace { to -= 1 }
            if from < to { ranges.append(TextRange(start: from, end: to)) }
            start = end
        }
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n", "\r": close(index + 1)
            case ".", "!", "?", "\u{2026}":
                // A sentence ends only before a blank: "3.5", "www.caf.fr" and "?!" stay whole.
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                if next.properties.isWhitespace { close(index + 1) }
            default: break
            }
        }
        close(scalars.count)
        return ranges
    }
}
