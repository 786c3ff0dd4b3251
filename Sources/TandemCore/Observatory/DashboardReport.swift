import Foundation

/// The observatory's numbers as a French reader writes them.
public enum StatText {
    /// Tenths (of an hour, of a percent) with a decimal comma: 12 345 → « 1 234,5 ».
    public static func tenths(_ value: Int) -> String {
        (value < 0 ? "\u{2212}" : "") + French.integer(Int(value.magnitude / 10)) + "," + String(value.magnitude % 10)
    }

    /// A number of a statistics table as the page shows it: « 1 234 », « 12,5 », « < 5 », « masqué ».
    public static func value(_ value: StatisticsTable.Value) -> String {
        switch value {
        case let .count(n): French.integer(n)
        case let .tenths(n): tenths(n)
        case .small: StatisticsTable.smallText
        case .hidden: StatisticsTable.hiddenText
        }
    }

    /// « 80 % » in a sentence; « moins de 1 % » for a share too small to round to 1.
    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0\u{00A0}%" }
        let rounded = Int((Double(part) * 100 / Double(whole)).rounded())
        return part > 0 && rounded == 0 ? "moins de 1\u{00A0}%" : "\(rounded)\u{00A0}%"
    }

    /// « +12 % » or « −5 % » from `before` to `now`; nil when there was nothing before.
    public static func change(from before: Int, to now: Int) -> String? {
        guard before > 0 else { return nil }
        let rounded = Int((Double(now - before) * 100 / Double(before)).rounded())
        return (rounded < 0 ? "\u{2212}" : "+") + French.integer(abs(rounded)) + "\u{00A0}%"
    }

    /// « E-mail » between French quotation marks.
    static func quoted(_ text: String) -> String { "«\u{00A0}\(text)\u{00A0}»" }
}

/// The parts of a statistics page, each a titled group of breakdowns: printed, each starts a page.
public enum StatGroup: String, CaseIterable, Sendable {
    case activities, publics, places

    public var title: String {
        switch self {
        case .activities: "Les activités"
        case .publics: "Les publics"
        case .places: "Lieux, médiateurs et orientations"
        }
    }

    public var dimensions: [StatDimension] {
        switch self {
        case .activities: [.kind, .theme, .procedureDomain, .device, .deviceOwner, .interventionMode, .autonomy, .workshopLevel,
                           .locationKind, .durationRange, .slot]
        case .publics: [.ageBracket, .socialStatus, .gender]
        case .places: [.place, .mediator, .referralTarget, .resource]
        }
    }
}

/// A dashboard made ready to show: figures in French, shares, summaries, charts, and in a shared
/// view every count under 5 as « < 5 » (`SmallCounts`). The page and the shared view render it;
/// a test can build one without a server.
public struct DashboardReport: Encodable, Sendable {
    public struct Figure: Encodable, Sendable {
        public let label: String
        public let value: String
    }

    public struct Row: Encodable, Sendable {
        public let label: String
        public let activities: String
        public let people: String
        public let hours: String
        public let share: String
        /// A masked row: no bar, none of its numbers.
        public let hidden: Bool
    }

    /// The weekday × hour grid as a table: hours down, weekdays across.
    public struct Grid: Encodable, Sendable {
        public struct Column: Encodable, Sendable {
            public let short: String
            public let long: String
        }

        public struct Line: Encodable, Sendable {
            public let hour: String
            public let cells: [String]
        }

        public let columns: [Column]
        public let lines: [Line]
    }

    public struct Section: Encodable, Sendable {
        /// The anchor of the section on the page (`stat-theme`).
        public let id: String
        public let dimension: String
        public let title: String
        public let summary: String
        public let notes: [String]
        /// Breakdowns of people (age, status, gender) put the people column first.
        public let peopleFirst: Bool
        public let rows: [Row]
        public let grid: Grid?
        /// The chart, SVG markup whose every text is escaped.
        public let chart: String
    }

    public struct Group: Encodable, Sendable {
        public let id: String
        public let title: String
        public let sections: [Section]
    }

    public struct TrendRow: Encodable, Sendable {
        public let month: String
        public let activities: String
        public let previous: String
        public let people: String
        public let hours: String
    }

    public struct Trend: Encodable, Sendable {
        public let id: String
        public let title: String
        public let summary: String
        public let currentLabel: String
        public let previousLabel: String
        public let chart: String
        public let rows: [TrendRow]
    }

    public let figures: [Figure]
    public let trend: Trend
    public let groups: [Group]
    /// The titles of the breakdowns without any count over the period.
    public let empty: [String]
    public let masked: Bool
}

/// Builds a `DashboardReport`. Its tables are the export's `StatisticsTable`s, so the page, its
/// print and its files show the same numbers and mask the same counts. `label` names a code of a
/// breakdown (places, mediators and resources are data the caller knows); `dimensions` are the
/// breakdowns this viewer may see.
public struct DashboardReportBuilder {
    public let dashboard: Dashboard
    public let period: MonthPeriod
    public let masked: Bool
    public let label: (StatDimension, String) -> String

    public init(dashboard: Dashboard, period: MonthPeriod, masked: Bool, label: @escaping (StatDimension, String) -> String) {
        self.dashboard = dashboard
        self.period = period
        self.masked = masked
        self.label = label
    }

    public func build(dimensions: [StatDimension]) -> DashboardReport {
        var empty: [String] = []
        let groups = StatGroup.allCases.compactMap { group -> DashboardReport.Group? in
            let sections = group.dimensions.filter(dimensions.contains).compactMap { dimension in
                let built = section(dimension)
                if built == nil { empty.append(dimension.label) }
                return built
            }
            return sections.isEmpty ? nil : DashboardReport.Group(id: "partie-" + group.rawValue, title: group.title, sections: sections)
        }
        return DashboardReport(figures: figures(), trend: trend(), groups: groups, empty: empty, masked: masked)
    }

    func table(_ kind: StatisticsTable.Kind) -> StatisticsTable {
        StatisticsTable(kind, dashboard: dashboard, period: period, masked: masked, label: label)
    }

    /// The value of a column of a table's row, by the column's key.
    static func value(_ key: String, of row: StatisticsTable.Row, in table: StatisticsTable) -> StatisticsTable.Value {
        table.columns.firstIndex { $0.key == key }.flatMap { row.values.indices.contains($0) ? row.values[$0] : nil } ?? .hidden
    }

    static func isMasked(_ value: StatisticsTable.Value) -> Bool {
        switch value {
        case .small, .hidden: true
        case .count, .tenths: false
        }
    }

    func count(_ n: Int) -> String { SmallCounts.text(n, masked: masked) }

    // MARK: Figures

    func figures() -> [DashboardReport.Figure] {
        let totals = table(.totals)
        guard let row = totals.rows.first else { return [] }
        func text(_ key: String) -> String { StatText.value(Self.value(key, of: row, in: totals)) }
        return [
            .init(label: "Activités", value: text("activities")),
            .init(label: "Personnes accompagnées", value: text("people")),
            .init(label: "Heures d'accompagnement", value: text("hours")),
        ]
    }

    // MARK: Breakdowns

    func section(_ dimension: StatDimension) -> DashboardReport.Section? {
        let counts = Dictionary(dashboard.rows(dimension).map { ($0.code, $0.counts) }, uniquingKeysWith: { a, _ in a })
        guard !counts.isEmpty else { return nil }
        if dimension == .slot { return slotSection(dashboard.rows(dimension)) }
        let table = table(.breakdown(dimension))
        let main: KeyPath<StatCounts, Int> = dimension.countsPeople ? \.people : \.activities
        let rows = table.rows.map { row -> DashboardReport.Row in
            func text(_ key: String) -> String { StatText.value(Self.value(key, of: row, in: table)) }
            return .init(label: row.label, activities: text("activities"), people: text("people"), hours: text("hours"),
                         share: text("share") + (Self.isMasked(Self.value("share", of: row, in: table)) ? "" : "\u{00A0}%"),
                         hidden: Self.isMasked(Self.value("share", of: row, in: table)))
        }
        let summary = summary(rows, people: dimension.countsPeople, counts: table.rows.map { counts[$0.code] ?? .zero })
        let bars = zip(table.rows, rows).map { tableRow, row in
            ChartBar(label: row.label, value: row.hidden ? nil : counts[tableRow.code]?[keyPath: main],
                     text: dimension.countsPeople ? row.people : row.activities)
        }
        let chart = BarChart(id: "graphique-" + dimension.rawValue,
                             title: "\(dimension.label) : nombre \(dimension.countsPeople ? "de personnes" : "d'activités") par ligne",
                             description: summary, bars: bars)
        return DashboardReport.Section(id: "stat-" + dimension.rawValue, dimension: dimension.rawValue, title: dimension.label,
                                       summary: summary, notes: notes(dimension, counts: Array(counts.values)),
                                       peopleFirst: dimension.countsPeople, rows: rows, grid: nil, chart: chart.svg())
    }

    /// Why the shares may not add up to 100 %.
    func notes(_ dimension: StatDimension, counts: [StatCounts]) -> [String] {
        if dimension.isMultiple {
            return ["Une activité peut compter dans plusieurs lignes : les parts se rapportent à toutes les activités et leur somme dépasse 100 %."]
        }
        if dimension.countsPeople {
            return ["Compte les personnes : une par accompagnement individuel, chaque participant d'un atelier collectif. "
                + "Les parts se rapportent à toutes les personnes accompagnées ; celles des formations internes (agents, élus) n'ont pas de ligne ici."]
        }
        if counts.reduce(0, { $0 + $1.activities }) < dashboard.totals.activities {
            return ["Ce point n'est noté que pour une partie des activités : les parts se rapportent à toutes les activités et leur somme reste sous 100 %."]
        }
        return []
    }

    /// « En tête : « E-mail » (32,5 % des activités), puis « Santé » (20,0 %) et « Bureautique » (10,0 %). »
    func summary(_ rows: [DashboardReport.Row], people: Bool, counts: [StatCounts]) -> String {
        let main: KeyPath<StatCounts, Int> = people ? \.people : \.activities
        let visible = zip(rows, counts).enumerated().filter { !$0.element.0.hidden }
            .sorted { ($0.element.1[keyPath: main], $1.offset) > ($1.element.1[keyPath: main], $0.offset) }
            .map(\.element.0)
        guard let first = visible.first else {
            return "Chaque ligne compte moins de \(SmallCounts.threshold) activités ou personnes : ses chiffres ne sont pas montrés."
        }
        let head = "\(StatText.quoted(first.label)) (\(first.share) \(people ? "des personnes" : "des activités"))"
        if rows.count == 1 { return "Une seule ligne : \(head)." }
        let others = visible.dropFirst().prefix(2).map { "\(StatText.quoted($0.label)) (\($0.share))" }
        switch others.count {
        case 0: return "En tête : \(head)."
        case 1: return "En tête : \(head), puis \(others[0])."
        default: return "En tête : \(head), puis \(others[0]) et \(others[1])."
        }
    }

    // MARK: Weekday × hour

    func slotSection(_ rows: [(code: String, counts: StatCounts)]) -> DashboardReport.Section {
        let cells = rows.compactMap { row -> SlotCell? in
            guard let slot = StatSlot(code: row.code) else { return nil }
            let small = masked && SmallCounts.isSmall(row.counts.activities)
            return SlotCell(weekday: slot.weekday, hour: slot.hour, value: small ? nil : row.counts.activities, text: count(row.counts.activities))
        }
        let summary = slotSummary(rows)
        let chart = SlotGridChart(id: "graphique-slot", title: "\(StatDimension.slot.label) : nombre d'activités par jour et par heure de début",
                                  description: summary, cells: cells)
        let hours = SlotGridChart.hours(of: cells)
        let byKey = Dictionary(cells.map { ("\($0.weekday)-\($0.hour)", $0.text) }, uniquingKeysWith: { a, _ in a })
        let grid = DashboardReport.Grid(
            columns: (1...7).map { .init(short: FrenchWeekday.short($0), long: FrenchTime.weekdayName($0)) },
            lines: hours.map { hour in .init(hour: "\(hour) h", cells: (1...7).map { byKey["\($0)-\(hour)"] ?? "0" }) })
        return DashboardReport.Section(id: "stat-slot", dimension: StatDimension.slot.rawValue, title: StatDimension.slot.label,
                                       summary: summary,
                                       notes: ["Nombre d'activités selon le jour et l'heure de leur début, quand l'heure est notée."],
                                       peopleFirst: false, rows: [], grid: grid, chart: chart.svg())
    }

    /// « Créneau le plus fréquent : le mardi entre 14 h et 15 h (45 activités), puis … L'heure
    /// de début est notée pour 80 % des activités. »
    func slotSummary(_ rows: [(code: String, counts: StatCounts)]) -> String {
        let known = rows.reduce(0) { $0 + $1.counts.activities }
        let coverage = "L'heure de début est notée pour \(StatText.percent(known, of: dashboard.totals.activities)) des activités."
        let top = rows.filter { !(masked && SmallCounts.isSmall($0.counts.activities)) }
            .sorted { ($0.counts.activities, $1.code) > ($1.counts.activities, $0.code) }
            .prefix(2).compactMap { row in StatSlot(code: row.code).map { ($0, row.counts.activities) } }
        guard let first = top.first else {
            return "Chaque créneau compte moins de \(SmallCounts.threshold) activités : ses chiffres ne sont pas montrés. " + coverage
        }
        func when(_ slot: StatSlot) -> String {
            "le \(FrenchTime.weekdayName(slot.weekday)) entre \(slot.hour) h et \(slot.hour + 1) h"
        }
        var text = "Créneau le plus fréquent : \(when(first.0)) (\(French.integer(first.1)) activité\(first.1 > 1 ? "s" : ""))"
        if top.count > 1 { text += ", puis \(when(top[1].0)) (\(French.integer(top[1].1)))" }
        return text + ". " + coverage
    }

    // MARK: Trend

    func trend() -> DashboardReport.Trend {
        let table = table(.trend)
        let points = table.rows.compactMap { row -> TrendPoint? in
            guard let month = YearMonth(iso: row.code) else { return nil }
            func shown(_ key: String, _ month: YearMonth) -> Int? {
                Self.isMasked(Self.value(key, of: row, in: table)) ? nil : (dashboard.trend[month]?.activities ?? 0)
            }
            return TrendPoint(month: month, current: shown("activities", month), previous: shown("activitiesYearBefore", month.adding(months: -12)))
        }
        let rows = table.rows.map { row -> DashboardReport.TrendRow in
            func text(_ key: String) -> String { StatText.value(Self.value(key, of: row, in: table)) }
            return .init(month: row.label, activities: text("activities"), previous: text("activitiesYearBefore"),
                         people: text("people"), hours: text("hours"))
        }
        let currentLabel = period.french.capitalizedFirst
        let previousLabel = "Un an plus tôt (\(period.yearBefore.french))"
        let summary = trendSummary(period.months)
        let chart = TrendChart(id: "graphique-evolution", title: "Nombre d'activités par mois, comparé aux mêmes mois un an plus tôt",
                               description: summary, currentLabel: currentLabel, previousLabel: previousLabel, points: points)
        return .init(id: "stat-evolution", title: StatisticsTable.Kind.trend.title, summary: summary, currentLabel: currentLabel,
                     previousLabel: previousLabel, chart: chart.svg(), rows: rows)
    }

    /// « De janvier 2026 à juin 2026 : 1 234 activités, contre 1 100 sur les mêmes mois un an plus
    /// tôt (+12 %). Mois le plus chargé : mars 2026 (150 activités). »
    func trendSummary(_ months: [YearMonth]) -> String {
        let now = months.reduce(0) { $0 + (dashboard.trend[$1]?.activities ?? 0) }
        let before = months.reduce(0) { $0 + (dashboard.trend[$1.adding(months: -12)]?.activities ?? 0) }
        var text = "\(period.french.capitalizedFirst) : \(count(now)) activité\(now > 1 ? "s" : "")"
        if before == 0 {
            text += ", contre aucune sur les mêmes mois un an plus tôt."
        } else {
            text += ", contre \(count(before)) sur les mêmes mois un an plus tôt"
            let comparable = !(masked && (SmallCounts.isSmall(now) || SmallCounts.isSmall(before)))
            text += (comparable ? StatText.change(from: before, to: now).map { " (\($0))" } ?? "" : "") + "."
        }
        let busiest = months.map { ($0, dashboard.trend[$0]?.activities ?? 0) }
            .filter { !(masked && SmallCounts.isSmall($0.1)) }
            .max { ($0.1, $1.0) < ($1.1, $0.0) }
        if months.count > 1, let busiest, busiest.1 > 0 {
            text += " Mois le plus chargé : \(busiest.0.french) (\(French.integer(busiest.1)) activités)."
        }
        return text
    }
}

extension String {
    /// « de mars à juin » → « De mars à juin ».
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
