import Foundation
import TandemCore

/// The Atom feed of the published portraits, built from the same consent-checked values as the
/// pages: an anonymous portrait's entry carries no name, employer or commune either.
enum PortraitFeed {
    /// The feed's permanent id: the same on every server address, so a reader that subscribed
    /// through another host name still recognises it.
    static let feedId = "urn:uuid:" + SurveyStableID.uuid(name: "tandem-portraits-feed").uuidString.lowercased()

    static func feed(_ records: [PortraitRecord], origin: String, now: Date = Date()) -> AtomFeed {
        AtomFeed(id: feedId, title: "Portraits de médiateurs numériques",
                 subtitle: "Des médiatrices et médiateurs numériques, en bibliothèque et ailleurs, racontent leur métier.",
                 author: "Tandem", selfLink: origin + PortraitPaths.feed, alternateLink: origin + PortraitPaths.list,
                 fallbackUpdated: now, entries: records.map { entry($0, origin: origin) })
    }

    /// An entry's id follows the interview, not its address: the address changes when the
    /// consent does, the entry stays the same one.
    static func entry(_ record: PortraitRecord, origin: String) -> AtomEntry {
        let portrait = record.portrait
        return AtomEntry(
            id: "urn:uuid:" + record.respondentId.uuidString.lowercased(), title: portrait.title,
            updated: max(record.updatedAt, record.publishedAt), published: record.publishedAt,
            link: origin + PortraitPaths.portrait(portrait.slug),
            summary: portrait.entries.first.map { PortraitText.excerpt($0.answer) } ?? portrait.title,
            contentHTML: html(record), categories: [PortraitText.contextLabel(portrait.context)] + portrait.tags)
    }

    /// The portrait as HTML, every text escaped (the feed escapes the markup once more).
    static func html(_ record: PortraitRecord) -> String {
        let portrait = record.portrait
        let e = PortraitAtom.escape
        var parts = ["<p><strong>\(e(portrait.who))</strong>\(portrait.post.isEmpty ? "" : ", " + e(portrait.post)) — \(e(PortraitText.contextLabel(portrait.context)))</p>"]
        if !portrait.place.isEmpty { parts.append("<p>\(e(portrait.place))</p>") }
        for section in PortraitText.sections(record) {
            parts.append("<h2>\(e(section.title))</h2>")
            for entry in section.entries {
                parts.append("<h3>\(e(entry.question))</h3>")
                parts += PortraitText.paragraphs(entry.answer).map { "<p>\(e($0))</p>" }
            }
        }
        return parts.joined(separator: "\n")
    }
}
