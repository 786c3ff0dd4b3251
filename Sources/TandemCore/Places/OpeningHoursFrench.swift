/// Times, days and dates written the French way for opening hours.
public enum FrenchTime {
    /// 540 → "9 h", 1110 → "18 h 30", 0 → "0 h", 1440 → "minuit". Minutes past one day are read
    /// on the next day's clock (1560 → "2 h", 2880 → "minuit").
    public static func text(minutes: Int) -> String {
        let clock = ((minutes % 1440) + 1440) % 1440
        if clock == 0 && minutes > 0 { return "minuit" }
        let hours = clock / 60, rest = clock % 60
        return rest == 0 ? "\(hours) h" : "\(hours) h " + (rest < 10 ? "0\(rest)" : "\(rest)")
    }

    /// "9 h – 12 h"; "0 h – 2 h le lendemain" when the end could be mistaken for the same day.
    public static func text(range: Range<Int>) -> String {
        let lastsPastSameTime = range.upperBound > 1440 && range.upperBound - 1440 >= range.lowerBound
        return text(minutes: range.lowerBound) + " – " + text(minutes: range.upperBound)
            + (lastsPastSameTime ? " le lendemain" : "")
    }

    /// "9 h – 12 h, 14 h – 18 h 30", "24 h/24" or "fermé".
    public static func text(ranges: [Range<Int>]) -> String {
        if ranges.isEmpty { return "fermé" }
        if ranges == [0..<1440] { return "24 h/24" }
        return ranges.map { text(range: $0) }.joined(separator: ", ")
    }

    /// 1 → "lundi" … 7 → "dimanche" (ISO weekday).
    public static func weekdayName(_ isoWeekday: Int) -> String {
        weekdayNames[(((isoWeekday - 1) % 7) + 7) % 7]
    }

    /// "lundi 1er juin", "mardi 12 janvier".
    public static func longDate(_ date: LocalDate) -> String {
        weekdayName(date.isoWeekday) + " " + (date.day == 1 ? "1er" : "\(date.day)") + " " + monthNames[date.month - 1]
    }

    static let weekdayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    static let monthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                             "septembre", "octobre", "novembre", "décembre"]
}

/// The public holidays of metropolitan France (Code du travail, art. L3133-1), which `PH` names.
/// Not included: the extra days of Alsace-Moselle (Good Friday, 26 December) and of the overseas
/// departments (abolition of slavery).
public enum FrenchPublicHolidays {
    /// "lundi de Pâques", or nil on an ordinary day.
    public static func name(of date: LocalDate) -> String? {
        switch (date.month, date.day) {
        case (1, 1): return "jour de l’An"
        case (5, 1): return "fête du Travail"
        case (5, 8): return "Victoire 1945"
        case (7, 14): return "fête nationale"
        case (8, 15): return "Assomption"
        case (11, 1): return "Toussaint"
        case (11, 11): return "Armistice 1918"
        case (12, 25): return "Noël"
        default: break
        }
        guard let easter = easterSunday(year: date.year) else { return nil }
        switch date.dayNumber - easter.dayNumber {
        case 1: return "lundi de Pâques"
        case 39: return "Ascension"
        case 50: return "lundi de Pentecôte"
        default: return nil
        }
    }

    public static func isHoliday(_ date: LocalDate) -> Bool { name(of: date) != nil }

    /// Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, after Meeus), for
    /// years 1583 to 9999; nil outside.
    public static func easterSunday(year: Int) -> LocalDate? {
        guard (1583...9999).contains(year) else { return nil }
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)
    }
}
