import Foundation
import Testing
@testable import TandemCore

/// A UTC Gregorian calendar, as an independent reference for day arithmetic.
private func utcCalendar() -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
}

private func instant(_ iso: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: iso))
}

@Suite("LocalDate")
struct LocalDateTests {
    // MARK: Construction and parsing

    @Test("A valid ISO date is read into its parts")
    func parsesISO() throws {
        let date = try #require(LocalDate(iso: "2026-03-14"))
        #expect(date.year == 2026)
        #expect(date.month == 3)
        #expect(date.day == 14)
        #expect(date == LocalDate(year: 2026, month: 3, day: 14))
    }

    @Test("Leap days are accepted only in leap years",
          arguments: [("2024-02-29", true), ("2000-02-29", true), ("2026-02-29", false), ("1900-02-29", false), ("2100-02-29", false)])
    func leapDays(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
    }

    @Test("Anything but exactly YYYY-MM-DD of a real day is refused", arguments: [
        "", "2026-3-14", "2026-03-4", "26-03-14", "2026/03/14", "14/03/2026", "2026-03-14 ", " 2026-03-14",
        "2026-03-14T00:00", "20260314", "2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31", "2026-01-32",
        "0000-01-01", "+026-03-14", "-026-03-14", "2026-03-1a", "2026--3-14", "２０２６-03-14", "2026-03-+4",
    ])
    func refusesMalformed(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("The memberwise initialiser refuses impossible days")
    func memberwiseRefusesImpossible() {
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 12, day: 31) != nil)
    }

    @Test("Days per month")
    func daysInMonth() {
        #expect((1...12).map { LocalDate.daysIn(month: $0, year: 2026) } == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(LocalDate.daysIn(month: 2, year: 2024) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 2000) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 1900) == 28)
    }

    // MARK: Output

    @Test("ISO and French output are zero-padded")
    func output() throws {
        let date = try #require(LocalDate(year: 2026, month: 3, day: 4))
        #expect(date.iso == "2026-03-04")
        #expect(date.description == "2026-03-04")
        #expect(date.french == "04/03/2026")
        #expect(LocalDate(year: 987, month: 12, day: 31)?.iso == "0987-12-31")
        #expect(LocalDate(year: 987, month: 12, day: 31)?.french == "31/12/0987")
    }

    @Test("ISO output reads back to the same date")
    func isoRoundTrip() throws {
        let date = try #require(LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(iso: date.iso) == date)
    }

    @Test("Dates compare by year, then month, then day")
    func comparison() throws {
        let a = try #require(LocalDate(iso: "2025-12-31"))
        let b = try #require(LocalDate(iso: "2026-01-01"))
        let c = try #require(LocalDate(iso: "2026-01-02"))
        let d = try #require(LocalDate(iso: "2026-02-01"))
        #expect(a < b && b < c && c < d)
        #expect([d, b, a, c].sorted() == [a, b, c, d])
        #expect(!(b < b))
    }

    @Test("Encodes as the ISO string and refuses another format when decoding")
    func codable() throws {
        let date = try #require(LocalDate(iso: "2026-03-14"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-14"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["14/03/2026"]"#.utf8))
        }
    }

    // MARK: Day numbers

    @Test("Known day numbers")
    func knownDayNumbers() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(LocalDate(year: 2000, month: 1, day: 1)?.dayNumber == 10_957)
        #expect(LocalDate(year: 2015, month: 1, day: 1)?.dayNumber == 16_436)
        #expect(LocalDate(year: 2026, month: 11, day: 30)?.dayNumber == 20_787)
    }

    @Test("Every day of 2015…2030 round-trips through its day number and matches Foundation's calendar")
    func dayNumberRoundTrip() throws {
        let calendar = utcCalendar()
        let first = try #require(LocalDate(year: 2015, month: 1, day: 1)).dayNumber
        let last = try #require(LocalDate(year: 2030, month: 12, day: 31)).dayNumber
        #expect(last - first + 1 == 16 * 365 + 4) // 2016, 2020, 2024, 2028
        var previous: LocalDate?
        for number in first...last {
            let date = LocalDate(dayNumber: number)
            #expect(date.dayNumber == number)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday],
                                                from: Date(timeIntervalSince1970: Double(number) * 86_400))
            #expect(date.year == parts.year && date.month == parts.month && date.day == parts.day, "day \(number): \(date)")
            // Foundation: 1 = Sunday … 7 = Saturday; ISO: 1 = Monday … 7 = Sunday.
            #expect(date.isoWeekday == (parts.weekday! + 5) % 7 + 1, "weekday of \(date)")
            #expect(LocalDate(year: date.year, month: date.month, day: date.day) == date)
            if let previous { #expect(previous < date) }
            previous = date
        }
    }

    @Test("ISO weekdays of known dates", arguments: [
        ("2026-11-30", 1), ("2026-03-14", 6), ("2026-03-15", 7), ("1970-01-01", 4), ("1969-12-31", 3),
        ("2024-02-29", 4), ("2000-01-01", 6),
        // Before 1969-12-29 the day number's remainder is negative.
        ("1969-12-28", 7), ("1900-01-01", 1), ("1789-07-14", 2),
    ])
    func isoWeekday(text: String, weekday: Int) throws {
        #expect(try #require(LocalDate(iso: text)).isoWeekday == weekday)
    }

    @Test("Adding days crosses months, years and leap days", arguments: [
        ("2026-01-31", 1, "2026-02-01"),
        ("2026-02-28", 1, "2026-03-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-29", 1, "2024-03-01"),
        ("2026-12-31", 1, "2027-01-01"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2027-01-01", -1, "2026-12-31"),
        ("2024-01-01", 365, "2024-12-31"),
        ("2026-01-01", 365, "2027-01-01"),
        ("2026-06-15", 0, "2026-06-15"),
        ("2026-06-15", -4_183, "2015-01-01"),
    ])
    func addingDays(start: String, days: Int, expected: String) throws {
        #expect(try #require(LocalDate(iso: start)).adding(days: days).iso == expected)
    }

    // MARK: Instants and time zones

    @Test("An instant late in the UTC evening is already the next day in Paris", arguments: [
        ("2026-06-30T22:30:00Z", "2026-07-01", "2026-06-30"), // summer, UTC+2
        ("2026-06-30T21:59:59Z", "2026-06-30", "2026-06-30"),
        ("2026-06-30T22:00:00Z", "2026-07-01", "2026-06-30"),
        ("2026-12-31T23:30:00Z", "2027-01-01", "2026-12-31"), // winter, UTC+1
        ("2026-01-01T22:59:59Z", "2026-01-01", "2026-01-01"),
        ("2026-01-01T23:00:00Z", "2026-01-02", "2026-01-01"),
        ("2026-10-24T22:30:00Z", "2026-10-25", "2026-10-24"), // night of the change to winter time
        ("2026-03-29T00:30:00Z", "2026-03-29", "2026-03-29"), // night of the change to summer time
    ])
    func parisVersusUTC(instantText: String, paris: String, utc: String) throws {
        let date = try instant(instantText)
        #expect(LocalDate(date).iso == paris)
        #expect(LocalDate(date, in: LocalDate.paris).iso == paris)
        #expect(LocalDate(date, in: TimeZone(identifier: "UTC")!).iso == utc)
        #expect(LocalDate.today(now: date).iso == paris)
    }

    @Test("Paris is the Europe/Paris zone")
    func parisZone() {
        #expect(LocalDate.paris.identifier == "Europe/Paris")
    }
}

@Suite("TimeOfDay")
struct TimeOfDayTests {
    @Test("HH:MM is read to minutes since midnight", arguments: [
        ("00:00", 0), ("00:01", 1), ("09:05", 545), ("14:30", 870), ("23:59", 1439),
    ])
    func parses(text: String, minutes: Int) throws {
        let time = try #require(TimeOfDay(text: text))
        #expect(time.minutes == minutes)
        #expect(time.text == text)
        #expect(time.description == text)
        #expect(time.hour == minutes / 60)
    }

    @Test("Anything but a real HH:MM is refused", arguments: [
        "", "9:30", "09:3", "9h30", "09h30", "24:00", "25:00", "12:60", "09:30:00", " 9:30", "09:30 ",
        "-1:00", "0a:00", "09-30", "09.30", "１２:００", "+9:30",
    ])
    func refusesMalformed(text: String) {
        #expect(TimeOfDay(text: text) == nil)
    }

    @Test("Every minute of the day round-trips through its text")
    func everyMinuteRoundTrips() throws {
        for minutes in 0..<1440 {
            let time = try #require(TimeOfDay(minutes: minutes))
            #expect(TimeOfDay(text: time.text) == time)
        }
    }

    @Test("Minutes outside a day are refused")
    func minutesRange() {
        #expect(TimeOfDay(minutes: -1) == nil)
        #expect(TimeOfDay(minutes: 1440) == nil)
    }

    @Test("Times compare by minutes")
    func comparison() throws {
        let morning = try #require(TimeOfDay(text: "09:30"))
        let afternoon = try #require(TimeOfDay(text: "14:00"))
        #expect(morning < afternoon)
        #expect(!(afternoon < morning))
    }
}

@Suite("French formatting")
struct FrenchFormattingTests {
    @Test("Integers group thousands with no-break spaces", arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1_000, "1\u{00A0}000"), (5_000, "5\u{00A0}000"),
        (12_345, "12\u{00A0}345"), (100_000, "100\u{00A0}000"), (1_234_567, "1\u{00A0}234\u{00A0}567"),
        (-1_234, "-1\u{00A0}234"), (-999, "-999"),
    ])
    func integer(value: Int, expected: String) {
        #expect(French.integer(value) == expected)
    }

    @Test("1 234 567 uses U+00A0, not an ordinary space")
    func noBreakSpace() {
        let text = French.integer(1_234_567)
        #expect(!text.contains(" "))
        #expect(text.unicodeScalars.filter { $0 == "\u{00A0}" }.count == 2)
    }

    @Test("Durations read in hours and minutes", arguments: [
        (0, "0 min"), (1, "1 min"), (45, "45 min"), (59, "59 min"), (60, "1 h"), (65, "1 h 05"),
        (90, "1 h 30"), (120, "2 h"), (125, "2 h 05"), (1440, "24 h"),
    ])
    func duration(minutes: Int, expected: String) {
        #expect(French.duration(minutes: minutes) == expected)
    }
}

@Suite("Random UUIDs")
struct RandomUUIDTests {
    @Test("UUID.random() gives distinct version-4 RFC 4122 identifiers")
    func versionAndVariant() {
        let ids = (0..<1_000).map { _ in UUID.random() }
        #expect(Set(ids).count == 1_000)
        for id in ids.prefix(50) {
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect(["8", "9", "A", "B"].contains(Array(text)[19]))
        }
    }
}
