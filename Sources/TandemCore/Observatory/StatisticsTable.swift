import Foundation

/// One table of a dashboard as the exports write it: the totals, the monthly trend, or a
/// breakdown. Labels are French; numbers stay numbers, except in a masked table (shared links)
/// where `SmallCounts` replaces what could point at someone.
public struct StatisticsTable: Sendable, Equatable {
    /// Which table: the `table` parameter of the export routes.
    public enum Kind: Hashable, Sendable {
        case totals
        case trend
        case breakdown(StatDimension)

        /// `totals`, `trend` or a breakdown's code (`theme`, `age_bracket`…); `total` reads as the totals.
        public init?(parameter: String) {
            switch parameter {
            case "totals", StatDimension.total.rawValue: self = .totals
            case "trend": self = .trend
            default:
                guard let dimension = StatDimension(rawValue: parameter) else { return nil }
                self = .breakdown(dimension)
            }
        }

        public var parameter: String {
            switch self {
            case .totals: "totals"
            case .trend: "trend"
            case let .breakdown(dimension): dimension.rawValue
            }
        }

        /// Every table a dashboard has, in the order of the page.
        public static var all: [Kind] {
            [.totals, .trend] + StatDimension.allCases.filter { $0 != .total }.map(Kind.breakdown)
        }

        public var title: String {
            switch self {
            case .totals: "Ensemble de la période"
            case .trend: "Évolution mois par mois"
            case let .breakdown(dimension): dimension.label
            }
        }

        /// The French word of the table in a file name: `statistiques-themes-2026.csv`.
        public var fileWord: String {
            switch self {
            case .totals: "ensemble"
            case .trend: "evolution-mensuelle"
            case let .breakdown(dimension):
                switch dimension {
                case .total: "ensemble"
                case .kind: "types"
                case .theme: "themes"
                case .procedureDomain: "demarches"
                case .device: "materiel"
                case .deviceOwner: "proprietaires-materiel"
                case .interventionMode: "facons-accompagner"
                case .autonomy: "autonomie"
                case .workshopLevel: "niveaux-ateliers"
                case .ageBracket: "tranches-age"
                case .socialStatus: "statuts"
                case .gender: "genres"
                case .locationKind: "canaux"
                case .place: "lieux"
                case .mediator: "mediateurs"
                case .referralTarget: "orientations"
                case .resource: "ressources"
                case .slot: "jours-heures"
                case .durationRange: "durees"
                }
            }
        }
    }

    /// A column: its key in JSON and its French header in CSV.
    public struct Column: Sendable, Equatable {
        public let key: String
        public let header: String
    }

    /// A number of the table, or what a masked table shows instead.
    public enum Value: Sendable, Equatable {
        case count(Int)
        /// Hours or a percentage, in tenths.
        case tenths(Int)
        /// A count under 5 in a masked table: « < 5 ».
        case small
        /// Another number of a row that a masked table hides (its hours or share would give the
        /// small count away).
        case hidden
    }

    public struct Row: Sendable, Equatable {
        /// The code behind the label (a theme's code, a place's id, `2026-03`); "" for the totals.
        public let code: String
        public let label: String
        public let values: [Value]
    }

    public let kind: Kind
    public let period: MonthPeriod
    public let masked: Bool
    /// The columns after « Libellé ».
    public let columns: [Column]
    public let rows: [Row]

    public static let labelHeader = "Libellé"

    /// The table of `kind` from a dashboard of `period`; `label` names a code of a breakdown
    /// (places, mediators and resources are data: the caller knows their names).
    public init(_ kind: Kind, dashboard: Dashboard, period: MonthPeriod, masked: Bool,
                label: (StatDimension, String) -> String) {
        self.kind = kind
        self.period = period
        self.masked = masked
        switch kind {
        case .totals:
            columns = Self.countColumns + [Self.shareColumn]
            rows = [Row(code: "", label: "Ensemble", values: Self.values(dashboard.totals, share: dashboard.totals.isZero ? 0 : 1000, masked: masked))]
        case .trend:
            columns = Self.countColumns + Self.countColumns.map { Column(key: $0.key + "YearBefore", header: $0.header + " un an plus tôt") }
            rows = period.months.map { month in
                let now = dashboard.trend[month] ?? .zero
                let before = dashboard.trend[month.adding(months: -12)] ?? .zero
                return Row(code: month.iso, label: month.french,
                           values: Self.values(now, share: nil, masked: masked) + Self.values(before, share: nil, masked: masked))
            }
        case let .breakdown(dimension):
            columns = Self.countColumns + [Self.shareColumn]
            let whole = dimension.countsPeople ? dashboard.totals.people : dashboard.totals.activities
            rows = dashboard.rows(dimension).map { code, counts in
                let part = dimension.countsPeople ? counts.people : counts.activities
                return Row(code: code, label: label(dimension, code),
                           values: Self.values(counts, share: ExportCell.roundedTenths(part * 100, whole), masked: masked))
            }
        }
    }

    static let countColumns = [
        Column(key: "activities", header: "Activités"),
        Column(key: "people", header: "Personnes"),
        Column(key: "hours", header: "Heures"),
    ]

    /// The share of the whole, in percent: of the activities, or of the people for the breakdowns
    /// that count people (age, status, gender). Several themes per activity: the shares of a
    /// multiple-choice breakdown add up to more than 100.
    static let shareColumn = Column(key: "share", header: "Part (%)")

    /// Activities, people, hours (and the share when given, in tenths of a percent), or what a
    /// masked table shows: a hidden row shows none of its numbers, its small counts as « < 5 ».
    static func values(_ counts: StatCounts, share: Int?, masked: Bool) -> [Value] {
        let hides = SmallCounts.hidesRow(counts, masked: masked)
        func count(_ n: Int) -> Value {
            guard hides else { return .count(n) }
            return SmallCounts.isSmall(n) ? .small : .hidden
        }
        var values = [count(counts.activities), count(counts.people),
                      hides ? .hidden : .tenths(ExportCell.roundedTenths(counts.minutes, 60))]
        if let share { values.append(hides ? .hidden : .tenths(share)) }
        return values
    }
}

extension MonthPeriod {
    /// The period in a file name: `2026` (a whole year), `2026-03` (a month), `2025-03-2026-02`.
    public var fileLabel: String {
        if first == last { return first.iso }
        if first.year == last.year && first.month == 1 && last.month == 12 { return String(first.year) }
        return first.iso + "-" + last.iso
    }
}
