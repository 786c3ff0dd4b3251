import Foundation
import TandemCore
import Vapor

/// A published portrait with what its pages and its feed need besides the portrait itself:
/// the questionnaire's sections (to group the answers) and the dates of publication.
struct PortraitRecord {
    let portrait: PublishedPortrait
    let sections: [SurveySection]
    let publishedAt: Date
    let updatedAt: Date
    let respondentId: UUID
}

/// One portrait in the series.
struct PortraitCard: Encodable {
    let href: String
    let title: String
    let context: String
    let date: String?
    let excerpt: String?

    init(_ record: PortraitRecord) {
        let portrait = record.portrait
        href = PortraitPaths.portrait(portrait.slug)
        title = portrait.title
        context = PortraitText.contextLabel(portrait.context)
        date = portrait.interviewMonth.isEmpty ? nil : portrait.interviewMonth
        excerpt = portrait.entries.first.map { PortraitText.excerpt($0.answer) }
    }
}

/// One portrait's page: who, where, then the questions and answers by section.
struct PortraitDetails: Encodable {
    struct Section: Encodable {
        let title: String
        let items: [Item]
    }

    struct Item: Encodable {
        let question: String
        let paragraphs: [String]
    }

    let title: String
    let who: String
    let `where`: String
    let date: String?
    let tags: [String]
    let sections: [Section]

    init(_ record: PortraitRecord) {
        let portrait = record.portrait
        title = portrait.title
        who = portrait.who + " · " + PortraitText.contextLabel(portrait.context)
        self.where = portrait.place
        date = portrait.interviewMonth.isEmpty ? nil : portrait.interviewMonth
        tags = portrait.tags
        sections = PortraitText.sections(record).map { section in
            Section(title: section.title, items: section.entries.map { Item(question: $0.question, paragraphs: PortraitText.paragraphs($0.answer)) })
        }
    }
}

enum PortraitPaths {
    static let list = "/portraits"
    static let feed = "/portraits/flux.atom"
    static func portrait(_ slug: String) -> String { "/portraits/" + slug }
}

/// The wording shared by the pages and the feed.
enum PortraitText {
    static let excerptLength = 220

    /// Short labels for the series (the vocabulary's are written for forms).
    static func contextLabel(_ context: RespondentContext) -> String {
        switch context {
        case .library: "En bibliothèque"
        case .outsideLibrary: "Hors bibliothèque"
        }
    }

    /// The start of a text, cut at a word and marked with an ellipsis when cut.
    static func excerpt(_ text: String, length: Int = excerptLength) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > length else { return flat }
        let cut = flat.prefix(length)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return cut[..<end].trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) + "…"
    }

    /// An answer's paragraphs: one per non-blank line.
    static func paragraphs(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The portrait's entries grouped under the questionnaire's section titles, in its order;
    /// sections without answers are left out.
    static func sections(_ record: PortraitRecord) -> [(title: String, entries: [PublishedPortrait.Entry])] {
        let byKey = Dictionary(record.portrait.entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var placed: Set<String> = []
        var result: [(title: String, entries: [PublishedPortrait.Entry])] = []
        for section in record.sections {
            let entries = section.questions.compactMap { byKey[$0.key] }
            placed.formUnion(entries.map(\.key))
            if !entries.isEmpty { result.append((section.title, entries)) }
        }
        let rest = record.portrait.entries.filter { !placed.contains($0.key) }
        if !rest.isEmpty { result.append(("Autres questions", rest)) }
        return result
    }
}
