import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TandemCore

@Suite("Atom feed of portraits")
struct PortraitAtomTests {
    static let entry = AtomEntry(
        id: "tag:tandem.example,2026-03-02:portraits/lea", title: "Léa, conseillère numérique <France Services>",
        updated: Date(timeIntervalSince1970: 1_772_409_600), link: "https://tandem.example/portraits/lea?a=1&b=2",
        summary: "Elle « fait avec » & explique.", contentHTML: "<p>Texte &amp; suite</p>", categories: ["hors bibliothèque"])

    static func feed(_ entries: [AtomEntry]) -> AtomFeed {
        AtomFeed(id: "tag:tandem.example,2026:portraits", title: "Portraits de médiateurs", author: "Tandem",
                 selfLink: "https://tandem.example/portraits/flux.atom", alternateLink: "https://tandem.example/portraits",
                 fallbackUpdated: Date(timeIntervalSince1970: 0), entries: entries)
    }

    @Test("Timestamps are RFC 3339 in UTC")
    func timestamps() {
        #expect(PortraitAtom.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(PortraitAtom.timestamp(Date(timeIntervalSince1970: 1_772_409_600)) == "2026-03-02T00:00:00Z")
        #expect(PortraitAtom.timestamp(Date(timeIntervalSince1970: 1_772_409_600 + 13 * 3600 + 5 * 60 + 9.7)) == "2026-03-02T13:05:09Z")
    }

    @Test("The document is well-formed XML with the feed's required elements, every value escaped")
    func document() throws {
        let text = PortraitAtom.document(Self.feed([Self.entry]))
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        #expect(text.contains("<updated>2026-03-02T00:00:00Z</updated>"))
        #expect(text.contains("<title type=\"text\">Léa, conseillère numérique &lt;France Services&gt;</title>"))
        #expect(text.contains("href=\"https://tandem.example/portraits/lea?a=1&amp;b=2\""))
        // HTML content is escaped once more: a reader unescapes it back to the markup.
        #expect(text.contains("<content type=\"html\">&lt;p&gt;Texte &amp;amp; suite&lt;/p&gt;</content>"))
        #expect(text.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://tandem.example/portraits/flux.atom\"/>"))
        #expect(text.contains("<author><name>Tandem</name></author>"))
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "the feed must parse as XML")
    }

    @Test("An empty feed still has an updated date, the fallback")
    func emptyFeed() {
        let text = PortraitAtom.document(Self.feed([]))
        #expect(text.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        #expect(!text.contains("<entry>"))
    }
}
