import Foundation

/// The activities of a demo territory, generated one at a time as they are iterated.
///
/// Record `i` depends only on (seed, today, count, i): its random numbers come from their own
/// stream, and its date from the `i`-th slice of the calendar's distribution (stratified sampling),
/// so records come out in date order and any record can be made alone with `activity(at:)`, for
/// instance to fill a database from several tasks at once.
public struct DemoActivities: Sequence, Sendable {
    let plan: DemoActivityPlan
    /// How many activities the sequence yields.
    public let count: Int

    init(plan: DemoActivityPlan, count: Int) {
        self.plan = plan
        self.count = count
    }

    public var underestimatedCount: Int { count }

    /// The activity at `index` (0 ..< count), the same one iteration yields.
    public func activity(at index: Int) -> DemoTerritory.Activity {
        precondition((0..<count).contains(index), "index out of range")
        return plan.activity(index: index, count: count)
    }

    public func makeIterator() -> Iterator {
        Iterator(plan: plan, count: count)
    }

    public struct Iterator: IteratorProtocol, Sendable {
        let plan: DemoActivityPlan
        let count: Int
        var index = 0

        public mutating func next() -> DemoTerritory.Activity? {
            guard index < count else { return nil }
            defer { index += 1 }
            return plan.activity(index: index, count: count)
        }
    }
}

/// What generating activities needs, computed once per sequence (a few hundred numbers, whatever
/// the count): the calendar's weights and the mediators.
final class DemoActivityPlan: Sendable {
    let seed: UInt64
    let today: LocalDate
    let firstDay: Int
    /// Day offsets from `firstDay`, weighted by how busy the day is.
    let calendar: DemoWeighted<Int>
    let mediators: [DemoMediator]
    let communes: [String]

    init(territory: DemoTerritory) {
        let days = DemoTerritory.activityDays
        let first = territory.today.dayNumber - (days - 1)
        seed = territory.seed
        today = territory.today
        firstDay = first
        mediators = territory.mediatorProfiles
        communes = DemoData.communes.map(\.name)
        calendar = DemoWeighted((0..<days).map { offset in
            (offset, DemoActivityPlan.dayWeight(LocalDate(dayNumber: first + offset), progress: Double(offset) / Double(days - 1)))
        })
    }

    func activity(index: Int, count: Int) -> DemoTerritory.Activity {
        var rng = DemoRandom(seed: DemoRandom.mix(seed, DemoStreams.activities), stream: UInt64(index))
        // The index-th slice of the calendar's distribution.
        let u = min((Double(index) + rng.unit()) / Double(count), 1.0.nextDown)
        let offset = calendar.values[calendar.index(for: u * calendar.total)]
        let date = LocalDate(dayNumber: firstDay + offset)
        var generator = DemoActivityGenerator(plan: self, date: date, rng: rng)
        return generator.make()
    }

    // MARK: Calendar

    /// How busy a day is: no Sundays nor public holidays, quieter Mondays and Saturdays, fewer in
    /// August and over Christmas, and a slow growth over the two years.
    static func dayWeight(_ date: LocalDate, progress: Double) -> Double {
        let weekday: [Double] = [0.75, 1.1, 1.15, 1.0, 0.95, 0.55, 0]
        var weight = weekday[date.isoWeekday - 1] * (0.75 + 0.5 * progress)
        if isPublicHoliday(date) { return 0 }
        if date.month == 8 { weight *= 0.4 }
        if date.month == 7 { weight *= 0.8 }
        if (date.month == 12 && date.day >= 22) || (date.month == 1 && date.day <= 2) { weight *= 0.45 }
        return weight
    }

    /// French public holidays (metropolitan France), as the opening hours know them.
    static func isPublicHoliday(_ date: LocalDate) -> Bool {
        FrenchPublicHolidays.isHoliday(date)
    }
}
