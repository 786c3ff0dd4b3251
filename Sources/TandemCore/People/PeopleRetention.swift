import Foundation

/// How long a followed person is kept without a session (issue 7: 24 months by default).
public enum PeopleRetention {
    public static let defaultMonths = 24

    /// The first day that still counts as recent: a person whose latest session (or, without
    /// one, their record's creation) is before this day is anonymised. Counted in calendar
    /// months; the 31st of a shorter month becomes its last day (31 March − 1 month = 28 or
    /// 29 February).
    public static func cutoff(today: LocalDate, months: Int) -> LocalDate {
        let total = today.year * 12 + (today.month - 1) - months
        let year = total / 12, month = total % 12 + 1
        return LocalDate(year: year, month: month, day: min(today.day, LocalDate.daysIn(month: month, year: year)))!
    }
}
