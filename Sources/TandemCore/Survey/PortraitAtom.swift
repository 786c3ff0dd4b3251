import Foundation

/// One entry of an Atom feed: what a feed reader shows of one published portrait. The writer
/// escapes every value; callers pass plain text and, for `contentHTML`, HTML whose own text is
/// already escaped (the writer escapes it once more, as `type="html"` requires).
public struct AtomEntry: Sendable, Equatable {
    /// A permanent identifier (a `tag:` URI or `urn:uuid:`): readers use it to recognise an
    /// entry they have already shown, so it never changes once published.
    public var id: String
    public var title: String
    public var updated: Date
    public var published: Date?
    /// The absolute address of the portrait's page.
    public var link: String
    public var summary: String
    public var contentHTML: String
    public var categories: [String]

    public init(id: String, title: String, updated: Date, published: Date? = nil, link: String, summary: String,
                contentHTML: String, categories: [String] = []) {
        self.id = id
        self.title = title
        self.updated = updated
        self.published = published
        self.link = link
        self.summary = summary
        self.contentHTML = contentHTML
        self.categories = categories
    }
}

/// The feed itself: its own identity and the entries, newest first.
public struct AtomFeed: Sendable, Equatable {
    public var id: String
    public var title: String
    public var subtitle: String
    /// Who publishes the series (Atom wants an author; the feed's covers every entry, so that a
    /// portrait never needs to name its respondent as author).
    public var author: String
    /// The absolute address of the feed (`rel="self"`).
    public var selfLink: String
    /// The absolute address of the series page (`rel="alternate"`).
    public var alternateLink: String
    /// When nothing is published yet, the feed still needs an `updated`.
    public var fallbackUpdated: Date
    public var entries: [AtomEntry]

    public init(id: String, title: String, subtitle: String = "", author: String, selfLink: String, alternateLink: String,
                fallbackUpdated: Date, entries: [AtomEntry]) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.selfLink = selfLink
        self.alternateLink = alternateLink
        self.fallbackUpdated = fallbackUpdated
        self.entries = entries
    }

    /// The feed changes when its newest entry does.
    public var updated: Date { entries.map(\.updated).max() ?? fallbackUpdated }
}

/// Writes Atom 1.0 (RFC 4287) documents: pure text out, so the same writer serves the server
/// and the tests.
public enum PortraitAtom {
    public static let contentType = "application/atom+xml; charset=utf-8"

    public static func document(_ feed: AtomFeed) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">",
            "  <id>\(escape(feed.id))</id>",
            "  <title>\(escape(feed.title))</title>",
        ]
        if !feed.subtitle.isEmpty { lines.append("  <subtitle>\(escape(feed.subtitle))</subtitle>") }
        lines += [
            "  <updated>\(timestamp(feed.updated))</updated>",
            "  <author><name>\(escape(feed.author))</name></author>",
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(escape(feed.selfLink))\"/>",
            "  <link rel=\"alternate\" type=\"text/html\" href=\"\(escape(feed.alternateLink))\"/>",
            "  <generator>Tandem</generator>",
        ]
        lines += feed.entries.map(entry)
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func entry(_ entry: AtomEntry) -> String {
        var lines = [
            "  <entry>",
            "    <id>\(escape(entry.id))</id>",
            "    <title type=\"text\">\(escape(entry.title))</title>",
            "    <updated>\(timestamp(entry.updated))</updated>",
        ]
        if let published = entry.published { lines.append("    <published>\(timestamp(published))</published>") }
        lines.append("    <link rel=\"alternate\" type=\"text/html\" href=\"\(escape(entry.link))\"/>")
        lines += entry.categories.map { "    <category term=\"\(escape($0))\"/>" }
        lines += [
            "    <summary type=\"text\">\(escape(entry.summary))</summary>",
            "    <content type=\"html\">\(escape(entry.contentHTML))</content>",
            "  </entry>",
        ]
        return lines.joined(separator: "\n")
    }

    /// RFC 3339 in UTC, whole seconds.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let day = LocalDate(dayNumber: days)  // LocalDate counts days from 1970-01-01 too
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", day.year, day.month, day.day, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// XML text: the special characters escaped, characters XML 1.0 forbids dropped.
    public static func escape(_ text: String) -> String { SVG.escape(text) }
}
