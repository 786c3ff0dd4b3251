import Foundation

/// The opening hours of a place, read from the OpenStreetMap `opening_hours` syntax used by the
/// national standard of places of digital mediation (field `horaires`), for example
/// `Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00`.
///
/// Only the part of the syntax that places really use is understood (weekdays, time ranges,
/// `off`, `24/7`, `PH`); anything else is refused by `parse(_:)` with the position of the problem
/// rather than guessed. See `OpeningHoursParser.swift` for the grammar.
///
/// Reading rules, as in OpenStreetMap:
/// - rules separated by `;` are read in order, and a rule replaces what earlier rules said about
///   the days it names (`Mo-Fr 09:00-18:00; We off`); a rule after `,` adds to them instead
///   (`Mo-Fr 09:00-12:00, Sa 10:00-12:00`);
/// - a time range belongs to the day that starts it: `Fr 22:00-02:00` is Friday's, and keeps the
///   place open on Saturday until 2 h even if a later rule says `Sa off`;
/// - `PH` is a French public holiday (metropolitan list, see `FrenchPublicHolidays`).
///
/// Times are wall-clock times of the place's time zone (Europe/Paris unless told).
public struct OpeningHours: Sendable, Equatable, CustomStringConvertible {
    /// Longest text accepted, in characters.
    public static let maximumLength = 1_000

    /// The expression written canonically: `Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00`.
    /// Reading it again gives the same value.
    public let expression: String
    let rules: [Rule]
    let usesPublicHolidays: Bool

    init(rules: [Rule]) {
        self.rules = rules
        self.usesPublicHolidays = rules.contains { $0.includesPublicHolidays }
        self.expression = Rule.text(of: rules)
    }

    /// Reads an expression, or explains where and why it cannot be read. Never traps.
    public static func parse(_ text: String) throws(OpeningHoursError) -> OpeningHours {
        OpeningHours(rules: try OpeningHoursParser.parse(text))
    }

    public var description: String { expression }

    // MARK: Days

    /// The opening ranges of `date` as published, in minutes from that day's midnight, sorted,
    /// overlapping or touching ranges merged. A range that runs past midnight ends after 1440
    /// (`Fr 22:00-02:00` gives `1320..<1560` on Fridays, and nothing of its own on Saturdays).
    public func intervals(on date: LocalDate) -> [Range<Int>] {
        intervals(onDay: date.dayNumber)
    }

    /// When the place is really open during `date`, in minutes `0...1440` from its midnight,
    /// including what spills over from the previous days (`Fr 22:00-02:00` gives `0..<120` on
    /// Saturdays).
    public func coverage(on date: LocalDate) -> [Range<Int>] {
        let day = date.dayNumber
        return timeline(fromDay: day - 2, throughDay: day).compactMap { range in
            let lower = max(range.lowerBound - day * 1440, 0)
            let upper = min(range.upperBound - day * 1440, 1440)
            return lower < upper ? lower..<upper : nil
        }
    }

    /// The seven days from `start` (normally a Monday), as a table.
    public func week(startingOn start: LocalDate) -> [DaySchedule] {
        (0..<7).map { offset in
            let date = start.adding(days: offset)
            let ranges = intervals(on: date)
            return DaySchedule(date: date,
                               dayName: FrenchTime.weekdayName(date.isoWeekday),
                               intervals: ranges,
                               text: FrenchTime.text(ranges: ranges),
                               publicHoliday: FrenchPublicHolidays.name(of: date))
        }
    }

    /// One line of the week table.
    public struct DaySchedule: Sendable, Equatable {
        public let date: LocalDate
        /// "lundi" … "dimanche".
        public let dayName: String
        /// As `OpeningHours.intervals(on:)`.
        public let intervals: [Range<Int>]
        /// "9 h – 12 h, 14 h – 18 h 30", "22 h – 2 h", "24 h/24" or "fermé".
        public let text: String
        /// "lundi de Pâques" when the day is a French public holiday, whatever the hours say.
        public let publicHoliday: String?

        public var isClosed: Bool { intervals.isEmpty }
    }

    // MARK: Instants

    /// Whether the place is open at `instant`, read on the wall clock of `zone`.
    public func isOpen(at instant: Date, in zone: TimeZone = LocalDate.paris) -> Bool {
        guard let wall = Self.wallSeconds(of: instant, in: zone) else { return false }
        let minute = Self.floorDiv(wall, 60)
        let day = Self.floorDiv(minute, 1440)
        return timeline(fromDay: day - 2, throughDay: day).contains { $0.contains(minute) }
    }

    /// Open or closed at `instant`, the next change within 8 days, and a French sentence.
    public func status(at instant: Date, in zone: TimeZone = LocalDate.paris) -> OpeningStatus {
        guard let nowWall = Self.wallSeconds(of: instant, in: zone) else {
            return OpeningStatus(isOpen: false, nextChange: nil, nextChangeDay: nil, nextChangeTime: nil,
                                 sentence: OpeningStatus.closedForNow)
        }
        let now = Int(instant.timeIntervalSince1970.rounded(.down))
        let horizon = now + Self.searchDays * 86_400
        let today = Self.floorDiv(nowWall, 86_400)
        let line = timeline(fromDay: today - 2, throughDay: today + Self.searchDays + 2)
        func openAt(wall: Int) -> Bool {
            let minute = Self.floorDiv(wall, 60)
            return line.contains { $0.contains(minute) }
        }
        let openNow = openAt(wall: nowWall)

        // The state can only change when the wall clock reaches a boundary of the timeline, or
        // when it jumps (daylight saving time). Between those instants it is constant.
        var candidates: [Int] = []
        for range in line {
            for boundary in [range.lowerBound, range.upperBound] {
                let wall = boundary * 60
                guard wall > nowWall - 2 * 86_400, wall < nowWall + (Self.searchDays + 2) * 86_400 else { continue }
                candidates += Self.instants(atWall: wall, in: zone)
            }
        }
        var cursor = Date(timeIntervalSince1970: TimeInterval(now))
        for _ in 0..<32 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: cursor),
                  next > cursor, next.timeIntervalSince1970 <= TimeInterval(horizon) else { break }
            candidates.append(Int(next.timeIntervalSince1970.rounded(.down)))
            cursor = next
        }
        candidates = candidates.filter { $0 > now && $0 <= horizon }.sorted()

        for candidate in candidates {
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate)))
            let wall = candidate + offset
            guard openAt(wall: wall) != openNow else { continue }
            let changeDay = LocalDate(dayNumber: Self.floorDiv(wall, 86_400))
            let changeMinute = Self.floorDiv(wall - Self.floorDiv(wall, 86_400) * 86_400, 60)
            let sentence = Self.sentence(open: openNow, nowSeconds: now, today: today,
                                         change: candidate, changeDay: changeDay, changeMinute: changeMinute)
            return OpeningStatus(isOpen: openNow,
                                 nextChange: Date(timeIntervalSince1970: TimeInterval(candidate)),
                                 nextChangeDay: changeDay,
                                 nextChangeTime: TimeOfDay(minutes: changeMinute),
                                 sentence: sentence)
        }
        return OpeningStatus(isOpen: openNow, nextChange: nil, nextChangeDay: nil, nextChangeTime: nil,
                             sentence: openNow ? OpeningStatus.alwaysOpen : OpeningStatus.closedForNow)
    }

    /// How far ahead `status(at:in:)` looks for the next change.
    public static let searchDays = 8

    // MARK: Evaluation

    /// The ranges the rules give to one day (by day number), merged.
    func intervals(onDay day: Int) -> [Range<Int>] {
        let date = LocalDate(dayNumber: day)
        let weekday = date.isoWeekday
        let holiday = usesPublicHolidays && FrenchPublicHolidays.isHoliday(date)
        var result: [Range<Int>] = []
        for rule in rules where rule.applies(weekday: weekday, publicHoliday: holiday) {
            if rule.closed {
                result = []
            } else if rule.additional {
                result += rule.spans
            } else {
                result = rule.spans
            }
        }
        return Self.merge(result)
    }

    /// The opening ranges started on days `first...last`, in minutes counted from the wall-clock
    /// midnight of day number 0 (1970-01-01), merged.
    func timeline(fromDay first: Int, throughDay last: Int) -> [Range<Int>] {
        guard first <= last else { return [] }
        var all: [Range<Int>] = []
        for day in first...last {
            for range in intervals(onDay: day) {
                all.append((day * 1440 + range.lowerBound)..<(day * 1440 + range.upperBound))
            }
        }
        return Self.merge(all)
    }

    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    // MARK: Clock arithmetic

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Seconds since 1970-01-01T00:00 of the wall clock of `zone` at `instant`; nil for instants
    /// too far from now to mean anything (about years 100 to 3800), NaN or infinite.
    static func wallSeconds(of instant: Date, in zone: TimeZone) -> Int? {
        let t = instant.timeIntervalSince1970
        guard t.isFinite, abs(t) < 5.8e10 else { return nil }
        return Int(t.rounded(.down)) + zone.secondsFromGMT(for: instant)
    }

    /// Every instant (seconds since 1970) at which the wall clock of `zone` shows `wall`: none in a
    /// spring-forward gap, two in an autumn overlap, one otherwise.
    static func instants(atWall wall: Int, in zone: TimeZone) -> [Int] {
        var offsets: [Int] = []
        for probe in [wall - 86_400, wall, wall + 86_400] {
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(probe)))
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        return offsets.compactMap { offset in
            let instant = wall - offset
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) == offset ? instant : nil
        }
    }

    // MARK: Sentences

    static func sentence(open: Bool, nowSeconds: Int, today: Int, change: Int,
                         changeDay: LocalDate, changeMinute: Int) -> String {
        var day = changeDay
        var time = FrenchTime.text(minutes: changeMinute)
        if open && changeMinute == 0 && changeDay.dayNumber > today {
            // Closing at 00:00 is closing at midnight of the day before.
            day = changeDay.adding(days: -1)
            time = "minuit"
        }
        let distance = day.dayNumber - today
        let when: String
        switch distance {
        case ...0:
            when = ""
        case 1 where open && changeDay.dayNumber == today + 1 && change - nowSeconds <= 12 * 3600:
            // Open past midnight: "ferme à 2 h" is what people expect, not "demain".
            when = ""
        case 1:
            when = "demain "
        case 2...6:
            when = FrenchTime.weekdayName(day.isoWeekday) + " "
        default:
            when = "le " + FrenchTime.longDate(day) + " "
        }
        return open
            ? "Ouvert maintenant — ferme \(when)à \(time)"
            : "Fermé — ouvre \(when)à \(time)"
    }
}

/// Open or closed now, and what comes next.
public struct OpeningStatus: Sendable, Equatable {
    public let isOpen: Bool
    /// The next instant the place opens (if closed) or closes (if open), within 8 days; nil when
    /// nothing changes in that time.
    public let nextChange: Date?
    /// The day and wall-clock time of `nextChange` in the time zone asked for.
    public let nextChangeDay: LocalDate?
    public let nextChangeTime: TimeOfDay?
    /// "Ouvert maintenant — ferme à 18 h 30", "Fermé — ouvre lundi à 9 h", "Ouvert 24 h/24, 7 j/7",
    /// "Fermé en ce moment".
    public let sentence: String

    public static let alwaysOpen = "Ouvert 24 h/24, 7 j/7"
    public static let closedForNow = "Fermé en ce moment"
}

/// Why an expression cannot be read, and where.
public struct OpeningHoursError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 0-based position of the first character of the problem, in characters (grapheme clusters,
    /// as Swift's `String` counts them). Between 0 and the length of the text.
    public let offset: Int
    /// How many characters the problem covers (0 for an empty text).
    public let length: Int
    /// In French, for the person typing: "heure invalide « 25:61 »".
    public let message: String

    public init(offset: Int, length: Int, message: String) {
        self.offset = offset
        self.length = length
        self.message = message
    }

    /// 1-based column, as shown to people.
    public var column: Int { offset + 1 }

    /// "colonne 13 : heure invalide « 25:61 »".
    public var description: String { "colonne \(column) : \(message)" }
}
