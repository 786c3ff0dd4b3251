/// A place's weekly opening hours, kept as data (for choosing realistic start times) and written
/// in the OpenStreetMap `opening_hours` syntax (for the place's page and the open data export).
struct DemoOpeningHours: Sendable, Equatable {
    /// An opening interval of one day, in minutes since midnight.
    struct Slot: Sendable, Equatable {
        let open: Int
        let close: Int

        init(_ openHour: Int, _ openMinute: Int, _ closeHour: Int, _ closeMinute: Int) {
            open = openHour * 60 + openMinute
            close = closeHour * 60 + closeMinute
            precondition(open < close, "an opening slot must end after it starts")
        }

        var text: String { "\(Self.clock(open))-\(Self.clock(close))" }

        static func clock(_ minutes: Int) -> String {
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
        }
    }

    /// Index 0 is Monday, 6 is Sunday.
    let week: [[Slot]]

    init(mo: [Slot] = [], tu: [Slot] = [], we: [Slot] = [], th: [Slot] = [], fr: [Slot] = [], sa: [Slot] = [], su: [Slot] = []) {
        week = [mo, tu, we, th, fr, sa, su]
    }

    /// The slots of a day, by ISO weekday (1 = Monday … 7 = Sunday).
    func slots(isoWeekday: Int) -> [Slot] { week[isoWeekday - 1] }

    func isOpen(isoWeekday: Int) -> Bool { !slots(isoWeekday: isoWeekday).isEmpty }

    private static let dayCodes = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

    /// "Tu,Th-Fr 14:00-18:30; We 10:00-12:30,14:00-18:30; Sa 10:00-17:00": days with the same
    /// slots share one rule; consecutive days are written as a range.
    var osm: String {
        var rules: [(days: [Int], slots: [Slot])] = []
        for (day, slots) in week.enumerated() where !slots.isEmpty {
            if let i = rules.firstIndex(where: { $0.slots == slots }) {
                rules[i].days.append(day)
            } else {
                rules.append(([day], slots))
            }
        }
        return rules.map { rule in
            Self.daySelector(rule.days) + " " + rule.slots.map(\.text).joined(separator: ",")
        }.joined(separator: "; ")
    }

    private static func daySelector(_ days: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for day in days {
            if let last = runs.last, last.1 == day - 1 {
                runs[runs.count - 1].1 = day
            } else {
                runs.append((day, day))
            }
        }
        return runs.map { $0.0 == $0.1 ? dayCodes[$0.0] : "\(dayCodes[$0.0])-\(dayCodes[$0.1])" }
            .joined(separator: ",")
    }
}
