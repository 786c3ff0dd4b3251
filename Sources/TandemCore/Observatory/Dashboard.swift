import Foundation

/// The answer to an `ObservatoryQuery`: totals, every breakdown, and the monthly trend of the
/// period with the same months a year earlier.
public struct Dashboard: Sendable, Equatable {
    public var totals: StatCounts = .zero
    /// Breakdown → code → counts. Codes never seen are absent.
    public var breakdowns: [StatDimension: [String: StatCounts]] = [:]
    /// Month → totals, for the months of the period and the year before.
    public var trend: [YearMonth: StatCounts] = [:]

    public init() {}

    /// Adds a rollup row (or an activity's facet) of the period.
    public mutating func add(_ dimension: StatDimension, code: String, _ counts: StatCounts) {
        if dimension == .total {
            totals = totals + counts
        } else {
            breakdowns[dimension, default: [:]][code, default: .zero] = breakdowns[dimension]?[code].map { $0 + counts } ?? counts
        }
    }

    public mutating func addTrend(_ month: YearMonth, _ counts: StatCounts) {
        trend[month] = (trend[month] ?? .zero) + counts
    }

    /// A breakdown's rows: vocabulary codes in the order of TAXONOMY.md, other codes (places,
    /// mediators, resources) by decreasing number of activities.
    public func rows(_ dimension: StatDimension) -> [(code: String, counts: StatCounts)] {
        let values = breakdowns[dimension] ?? [:]
        if let order = dimension.codeOrder {
            return order.compactMap { code in values[code].map { (code, $0) } }
                + values.filter { !order.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return values.sorted { ($0.value.activities, $1.key) > ($1.value.activities, $0.key) }.map { ($0.key, $0.value) }
    }

    /// Sums the facets of activities, as the rollups would: the raw path for a small scope and the
    /// reference the rollups are tested against. `month` says in which month each activity falls.
    public mutating func add(_ source: FacetSource, filter: StatFilter, inPeriod: Bool, month: YearMonth) {
        for (facet, counts) in ActivityFacets.contributions(of: source, only: filter) {
            if facet.dimension == .total { addTrend(month, counts) }
            if inPeriod { add(facet.dimension, code: facet.code, counts) }
        }
    }
}

extension StatDimension {
    /// The title of the breakdown on the page and in exports.
    public var label: String {
        switch self {
        case .total: "Ensemble"
        case .kind: "Type d'activité"
        case .theme: "Thématiques"
        case .procedureDomain: "Domaines des démarches administratives"
        case .device: "Matériel utilisé"
        case .deviceOwner: "À qui appartenait le matériel"
        case .interventionMode: "Façon d'accompagner (faire avec ou à la place)"
        case .autonomy: "Autonomie de la personne"
        case .workshopLevel: "Niveau des ateliers"
        case .ageBracket: "Tranche d'âge"
        case .socialStatus: "Statut"
        case .gender: "Genre"
        case .locationKind: "Où"
        case .place: "Lieux"
        case .mediator: "Médiateurs"
        case .referralTarget: "Orientations"
        case .resource: "Ressources recommandées"
        case .slot: "Jour et heure"
        case .durationRange: "Durée"
        }
    }

    /// Whether each activity counts once here (the shares add up to the total), or may count
    /// under several codes (themes, devices…: one activity, several themes).
    public var isMultiple: Bool {
        switch self {
        case .theme, .procedureDomain, .device, .deviceOwner: true
        default: false
        }
    }

    /// Whether the breakdown counts people rather than activities (a workshop's participants
    /// spread over age brackets).
    public var countsPeople: Bool {
        switch self {
        case .ageBracket, .socialStatus, .gender: true
        default: false
        }
    }

    /// The codes of a closed list, in the order of TAXONOMY.md; nil for places, mediators,
    /// resources (data, not vocabulary).
    public var codeOrder: [String]? {
        switch self {
        case .total: [""]
        case .kind: ActivityKind.codes
        case .theme: Theme.codes
        case .procedureDomain: ProcedureDomain.codes
        case .device: Device.codes
        case .deviceOwner: DeviceOwner.codes
        case .interventionMode: InterventionMode.codes
        case .autonomy: Autonomy.codes
        case .workshopLevel: WorkshopLevel.codes
        case .ageBracket: AgeBracket.codes
        case .socialStatus: SocialStatus.codes
        case .gender: Gender.codes
        case .locationKind: LocationKind.codes
        case .referralTarget: ReferralTarget.codes
        case .durationRange: DurationRange.codes
        case .slot: (1...7).flatMap { day in (0...23).map { "\(day)-\($0)" } }
        case .place, .mediator, .resource: nil
        }
    }

    /// The French label of a vocabulary code; nil for data codes (the caller names places,
    /// mediators and resources) and unknown codes.
    public func vocabularyLabel(_ code: String) -> String? {
        switch self {
        case .total: "Ensemble"
        case .kind: ActivityKind(code: code)?.label
        case .theme: Theme(code: code)?.label
        case .procedureDomain: ProcedureDomain(code: code)?.label
        case .device: Device(code: code)?.label
        case .deviceOwner: DeviceOwner(code: code)?.label
        case .interventionMode: InterventionMode(code: code)?.label
        case .autonomy: Autonomy(code: code)?.label
        case .workshopLevel: WorkshopLevel(code: code)?.label
        case .ageBracket: AgeBracket(code: code)?.label
        case .socialStatus: SocialStatus(code: code)?.label
        case .gender: Gender(code: code)?.label
        case .locationKind: LocationKind(code: code)?.label
        case .referralTarget: ReferralTarget(code: code)?.label
        case .durationRange: DurationRange(code: code)?.label
        case .slot: StatSlot(code: code)?.label
        case .place, .mediator, .resource: nil
        }
    }
}

/// A weekday and an hour: `3-14` is « mercredi, 14 h ».
public struct StatSlot: Hashable, Sendable {
    public let weekday: Int
    public let hour: Int

    public init?(code: String) {
        let parts = code.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...7).contains(parts[0]), (0...23).contains(parts[1]) else { return nil }
        weekday = parts[0]
        hour = parts[1]
    }

    public var label: String { "\(FrenchTime.weekdayName(weekday)), \(hour) h" }
}

/// Shared views and their exports never show a count under 5: with so few people, a number
/// could point at someone. `SmallCounts.text` writes « < 5 » instead.
public enum SmallCounts {
    public static let threshold = 5

    public static func isSmall(_ n: Int) -> Bool { n < threshold }

    /// The number as shown: `French.integer(n)`, or « < 5 » when masking and it is small.
    public static func text(_ n: Int, masked: Bool) -> String {
        masked && isSmall(n) ? "< \(threshold)" : French.integer(n)
    }

    /// A row of a masked table whose activities are few shows none of its numbers (its hours
    /// or shares would give them away).
    public static func hidesRow(_ counts: StatCounts, masked: Bool) -> Bool {
        masked && (isSmall(counts.activities) || isSmall(counts.people))
    }
}
