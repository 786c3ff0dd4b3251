import Foundation
import TandemCore
import Vapor

/// `GET /api/v1/opening-hours?expression=…&at=…`: checks an OpenStreetMap `opening_hours` text and
/// describes it, for the place form's live preview (and anyone who wants it).
struct OpeningHoursAPIController {
    struct Interval: Content {
        let opens: String
        let closes: String
    }

    struct Day: Content {
        let date: String
        let day: String
        let hours: String
        let intervals: [Interval]
        let publicHoliday: String?
    }

    struct Problem: Content {
        let message: String
        let offset: Int
        let column: Int
        let length: Int
    }

    struct Answer: Content {
        let valid: Bool
        let expression: String?
        let error: Problem?
        let at: String
        let isOpen: Bool?
        let status: String?
        let nextChange: String?
        let week: [Day]?
    }

    func register(_ api: any RoutesBuilder) {
        api.get("opening-hours", use: describe)
    }

    @Sendable func describe(_ req: Request) async throws -> Response {
        let query = FormBody.parse(req.url.query ?? "")
        var errors: [FieldError] = []
        for name in query.names where !["expression", "at"].contains(name) { errors.append(FieldError(name, "Ce paramètre n'existe pas.")) }
        for name in ["expression", "at"] where query.count(name) > 1 { errors.append(FieldError(name, "Ce paramètre est répété.")) }
        let expression = query.value("expression")
        if expression == nil { errors.append(FieldError("expression", "Indiquez les horaires à vérifier.")) }
        var instant = Date()
        if let at = query.value("at"), !at.isEmpty {
            if let parsed = ParisTime.instant(fromLocal: at) { instant = parsed } else {
                errors.append(FieldError("at", "Date et heure attendues au format AAAA-MM-JJTHH:MM (heure de Paris)."))
            }
        }
        guard errors.isEmpty, let expression else { throw APIError.badRequest(errors) }
        let at = ParisTime.local(instant)
        let answer: Answer
        do {
            let hours = try OpeningHours.parse(expression)
            let status = hours.status(at: instant)
            let today = LocalDate(instant)
            let week = hours.week(startingOn: today.adding(days: 1 - today.isoWeekday)).map { day in
                Day(date: day.date.iso, day: day.dayName, hours: day.text,
                    intervals: day.intervals.map { Interval(opens: ParisTime.clock($0.lowerBound), closes: ParisTime.clock($0.upperBound)) },
                    publicHoliday: day.publicHoliday)
            }
            answer = Answer(valid: true, expression: hours.expression, error: nil, at: at, isOpen: status.isOpen,
                            status: status.sentence, nextChange: status.nextChange.map(ParisTime.local), week: week)
        } catch {
            answer = Answer(valid: false, expression: nil,
                            error: Problem(message: error.message, offset: error.offset, column: error.column, length: error.length),
                            at: at, isOpen: nil, status: nil, nextChange: nil, week: nil)
        }
        return try APIResponse.json(answer)
    }
}

/// Times of day in Paris, as the API writes and reads them.
enum ParisTime {
    /// "2026-03-14T09:30" (seconds optional) read as a Paris wall-clock time.
    static func instant(fromLocal text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let date = LocalDate(iso: String(parts[0])) else { return nil }
        let time = parts[1].count == 8 && parts[1].hasSuffix(":00") ? String(parts[1].prefix(5)) : String(parts[1])
        guard let clock = TimeOfDay(text: time) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LocalDate.paris
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: clock.hour, minute: clock.minutes % 60))
    }

    /// An instant as Paris local time with its offset: "2026-03-14T09:30:00+01:00".
    static func local(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = LocalDate.paris
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    /// Minutes from midnight as "HH:MM"; past midnight keeps counting ("26:00"), as OSM writes it.
    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
