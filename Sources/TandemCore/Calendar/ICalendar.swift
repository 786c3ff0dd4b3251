import Foundation

/// An iCalendar (RFC 5545) feed of events in the Europe/Paris time zone: what calendar programs
/// and phones subscribe to.
public struct ICalendarEvent: Equatable, Sendable {
    public var uid: String
    public var date: LocalDate
    public var startMinutes: Int
    public var durationMinutes: Int
    public var summary: String
    public var description: String?
    public var location: String?
    public var url: String?
    public var isCancelled: Bool
    /// When the event last changed (UTC), for DTSTAMP and LAST-MODIFIED.
    public var lastModified: Date

    public init(uid: String, date: LocalDate, startMinutes: Int, durationMinutes: Int, summary: String,
                description: String? = nil, location: String? = nil, url: String? = nil,
                isCancelled: Bool = false, lastModified: Date) {
        self.uid = uid
        self.date = date
        self.startMinutes = startMinutes
        self.durationMinutes = durationMinutes
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.isCancelled = isCancelled
        self.lastModified = lastModified
    }
}

public enum ICalendar {
    /// The whole feed: header, the Paris time zone, the events, footer; lines end with CRLF and
    /// are folded at 75 octets.
    public static func feed(name: String, events: [ICalendarEvent]) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Ateliers//FR", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Europe/Paris"]
        lines += parisTimeZone
        for event in events { lines += self.event(event) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func event(_ event: ICalendarEvent) -> [String] {
        let end = event.startMinutes + event.durationMinutes
        let endDate = event.date.adding(days: end / 1440)
        var lines = ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + utc(event.lastModified),
                     "LAST-MODIFIED:" + utc(event.lastModified),
                     "DTSTART;TZID=Europe/Paris:" + local(event.date, event.startMinutes),
                     "DTEND;TZID=Europe/Paris:" + local(endDate, end % 1440),
                     "SUMMARY:" + escape(event.summary),
                     "STATUS:" + (event.isCancelled ? "CANCELLED" : "CONFIRMED")]
        if let description = event.description { lines.append("DESCRIPTION:" + escape(description)) }
        if let location = event.location { lines.append("LOCATION:" + escape(location)) }
        if let url = event.url { lines.append("URL:" + url) }
        lines.append("END:VEVENT")
        return lines
    }

    /// Europe/Paris since 1996: CET in winter, CEST from the last Sunday of March to the last
    /// Sunday of October.
    static let parisTimeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11).
    public static func escape(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default:
                // Other control characters have no place in a calendar line.
                if let ascii = char.asciiValue, ascii < 0x20 { continue }
                out.append(char)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a
    /// UTF-8 character.
    public static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        for char in line {
            let size = String(char).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.append(char)
            count += size
        }
        return result
    }

    static func local(_ date: LocalDate, _ minutes: Int) -> String {
        String(format: "%04d%02d%02dT%02d%02d00", date.year, date.month, date.day, minutes / 60, minutes % 60)
    }

    static func utc(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
