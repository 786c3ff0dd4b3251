import Foundation
import Testing
@testable import TandemCore

@Suite("iCalendar feeds")
struct ICalendarTests {
    static let event = ICalendarEvent(uid: "abc@tandem", date: LocalDate(year: 2026, month: 12, day: 8)!, startMinutes: 14 * 60,
                                      durationMinutes: 120, summary: "Premiers pas, tablette; e-mail", description: "Ligne 1\nLigne 2",
                                      location: "Médiathèque, 1 rue des Livres", lastModified: Date(timeIntervalSince1970: 1_764_000_000))

    @Test("A feed has the Paris time zone, one VEVENT per event, CRLF line ends and escaped text")
    func feed() {
        let text = ICalendar.feed(name: "Ateliers", events: [Self.event])
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("TZID:Europe/Paris"))
        #expect(text.contains("DTSTART;TZID=Europe/Paris:20261208T140000"))
        #expect(text.contains("DTEND;TZID=Europe/Paris:20261208T160000"))
        #expect(text.contains("SUMMARY:Premiers pas\\, tablette\\; e-mail"))
        #expect(text.contains("DESCRIPTION:Ligne 1\\nLigne 2"))
        #expect(text.contains("DTSTAMP:20251124T160000Z"))
        #expect(text.contains("STATUS:CONFIRMED"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        var cancelled = Self.event
        cancelled.isCancelled = true
        #expect(ICalendar.feed(name: "A", events: [cancelled]).contains("STATUS:CANCELLED"))
    }

    @Test("Long lines fold at 75 octets without cutting a character")
    func folding() {
        let line = "SUMMARY:" + String(repeating: "é", count: 100)
        let folded = ICalendar.fold(line)
        for part in folded.components(separatedBy: "\r\n") { #expect(part.utf8.count <= 75) }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test("An event past midnight ends the next day")
    func pastMidnight() {
        var late = Self.event
        late.startMinutes = 23 * 60
        late.durationMinutes = 120
        #expect(ICalendar.feed(name: "A", events: [late]).contains("DTEND;TZID=Europe/Paris:20261209T010000"))
    }
}
