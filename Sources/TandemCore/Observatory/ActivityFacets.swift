import Foundation

/// What the observatory counts, for any set of activities.
public struct StatCounts: Equatable, Sendable, Codable {
    /// Activity records.
    public var activities: Int
    /// People accompanied: one per individual session, the participants of a collective one.
    public var people: Int
    /// Minutes of support (an activity's duration, whatever its number of participants).
    public var minutes: Int

    public init(activities: Int = 0, people: Int = 0, minutes: Int = 0) {
        self.activities = activities
        self.people = people
        self.minutes = minutes
    }

    public static let zero = StatCounts()

    public static func + (lhs: StatCounts, rhs: StatCounts) -> StatCounts {
        StatCounts(activities: lhs.activities + rhs.activities, people: lhs.people + rhs.people, minutes: lhs.minutes + rhs.minutes)
    }

    public static func - (lhs: StatCounts, rhs: StatCounts) -> StatCounts {
        StatCounts(activities: lhs.activities - rhs.activities, people: lhs.people - rhs.people, minutes: lhs.minutes - rhs.minutes)
    }

    public static prefix func - (value: StatCounts) -> StatCounts { .zero - value }

    public var isZero: Bool { activities == 0 && people == 0 && minutes == 0 }
}

/// The breakdowns of the observatory. The codes are stored in the rollups: never change them.
public enum StatDimension: String, CaseIterable, Sendable, Codable {
    /// One code, "": the totals.
    case total
    case kind, theme
    case procedureDomain = "procedure_domain"
    case device
    case deviceOwner = "device_owner"
    case interventionMode = "intervention_mode"
    case autonomy
    case workshopLevel = "workshop_level"
    case ageBracket = "age_bracket"
    case socialStatus = "social_status"
    case gender
    case locationKind = "location_kind"
    case place, mediator
    case referralTarget = "referral_target"
    case resource
    /// Weekday × hour when the start time is known: `3-14` is a Wednesday between 14:00 and 15:00.
    case slot
    case durationRange = "duration_range"
}

/// Whether an activity took place in a library (from its place's typology, or its structure's
/// when it has no place): the observatory compares the two.
public enum StatContext: String, CodedVocabulary {
    case library
    case outsideLibrary = "outside_library"

    public var label: String {
        switch self {
        case .library: "En bibliothèque"
        case .outsideLibrary: "Hors bibliothèque"
        }
    }
}

/// A characteristic of the people or the subject by which the observatory can narrow its counts:
/// a theme, an age bracket or a status. Stored as `theme:email`, `age:70_plus`, `status:retired`;
/// "" means no such filter.
public enum StatFilter: Hashable, Sendable {
    case none
    case theme(Theme)
    case age(AgeBracket)
    case status(SocialStatus)

    public var code: String {
        switch self {
        case .none: ""
        case let .theme(theme): "theme:" + theme.code
        case let .age(age): "age:" + age.code
        case let .status(status): "status:" + status.code
        }
    }

    public init?(code: String) {
        if code.isEmpty { self = .none; return }
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "theme": guard let theme = Theme(code: parts[1]) else { return nil }; self = .theme(theme)
        case "age": guard let age = AgeBracket(code: parts[1]) else { return nil }; self = .age(age)
        case "status": guard let status = SocialStatus(code: parts[1]) else { return nil }; self = .status(status)
        default: return nil
        }
    }
}

/// One activity as the observatory sees it: its record, who recorded it and in which context.
public struct FacetSource: Sendable, Equatable {
    public var details: ActivityDetails
    public var mediatorId: UUID
    public var context: StatContext

    public init(details: ActivityDetails, mediatorId: UUID, context: StatContext) {
        self.details = details
        self.mediatorId = mediatorId
        self.context = context
    }
}

/// One count an activity adds to: under a filter (or none), in a breakdown, for one code.
public struct Facet: Hashable, Sendable {
    public let filter: String
    public let dimension: StatDimension
    public let code: String
}

/// Turns one activity into the counts it adds to each breakdown. The rollups add these up as
/// activities change, and the raw recomputation (tests, `tandem rollups rebuild`, small scopes)
/// uses the very same function, so the two cannot disagree.
public enum ActivityFacets {
    /// Every (filter, breakdown, code) the activity counts in, with what it adds.
    /// `filters` says whether to also produce the characteristic-filter variants.
    /// `only`, when given, keeps the variant under that one filter (a query counting records needs
    /// no other).
    public static func contributions(of source: FacetSource, withFilters filters: Bool = true, only: StatFilter? = nil) -> [(Facet, StatCounts)] {
        var result: [(Facet, StatCounts)] = []
        let wanted = variants(of: source.details, withFilters: filters && only != StatFilter.none)
        for (filter, people) in wanted where only == nil || filter == only {
            let counts = StatCounts(activities: 1, people: people, minutes: source.details.durationMinutes)
            for (dimension, code, adjusted) in codes(of: source, filter: filter, counts: counts) {
                result.append((Facet(filter: filter.code, dimension: dimension, code: code), adjusted))
            }
        }
        return result
    }

    /// The activity unfiltered, then once under each characteristic it has, with the people it
    /// counts there: a workshop with 3 retired people among 10 counts 3 people under "retired".
    static func variants(of details: ActivityDetails, withFilters: Bool) -> [(StatFilter, Int)] {
        let everyone = details.participants.count
        var result: [(StatFilter, Int)] = [(.none, everyone)]
        guard withFilters else { return result }
        result += details.themes.map { (.theme($0), everyone) }
        result += peopleBy(details, age: true).map { (.age($0.key as! AgeBracket), $0.value) }
        result += peopleBy(details, age: false).map { (.status($0.key as! SocialStatus), $0.value) }
        return result
    }

    /// People by age bracket (or status): the person of an individual session, a workshop's
    /// breakdown with those not described counted as `unknown`. Internal trainings count agents
    /// and elected officials, not the public: no bracket.
    static func peopleBy(_ details: ActivityDetails, age: Bool) -> [(key: any CodedVocabulary, value: Int)] {
        switch details.participants {
        case let .individual(person):
            return [(age ? person.ageBracket : person.socialStatus, 1)]
        case let .group(group):
            let described: [(any CodedVocabulary, Int)] = age
                ? AgeBracket.allCases.compactMap { bracket in group.ageBreakdown[bracket].flatMap { $0 > 0 ? (bracket, $0) : nil } }
                : SocialStatus.allCases.compactMap { status in group.statusBreakdown[status].flatMap { $0 > 0 ? (status, $0) : nil } }
            let rest = group.count - described.reduce(0) { $0 + $1.1 }
            guard rest > 0 else { return described.map { (key: $0.0, value: $0.1) } }
            let unknown: any CodedVocabulary = age ? AgeBracket.unknown : SocialStatus.unknown
            // `unknown` may already be described explicitly: add the rest to it.
            var merged: [(key: any CodedVocabulary, value: Int)] = described.map { (key: $0.0, value: $0.1) }
            if let index = merged.firstIndex(where: { $0.key.code == unknown.code }) { merged[index].value += rest }
            else { merged.append((key: unknown, value: rest)) }
            return merged
        case .training:
            return []
        }
    }

    /// The codes of every breakdown, with what the activity adds to each.
    static func codes(of source: FacetSource, filter: StatFilter, counts: StatCounts) -> [(StatDimension, String, StatCounts)] {
        let details = source.details
        var codes: [(StatDimension, String, StatCounts)] = [(.total, "", counts), (.kind, details.kind.code, counts)]
        func add(_ dimension: StatDimension, _ code: String?) {
            if let code { codes.append((dimension, code, counts)) }
        }
        details.themes.forEach { add(.theme, $0.code) }
        details.procedureDomains.forEach { add(.procedureDomain, $0.code) }
        details.devices.forEach { add(.device, $0.code) }
        details.deviceOwners.forEach { add(.deviceOwner, $0.code) }
        add(.interventionMode, details.interventionMode?.code)
        add(.autonomy, details.autonomy?.code)
        add(.workshopLevel, details.workshopLevel?.code)
        add(.locationKind, details.locationKind.code)
        add(.place, details.placeId?.uuidString.lowercased())
        add(.mediator, source.mediatorId.uuidString.lowercased())
        add(.referralTarget, details.referralTarget?.code)
        add(.resource, details.resourceId?.uuidString.lowercased())
        if let start = details.startTime {
            add(.slot, "\(details.date.isoWeekday)-\(start.minutes / 60)")
        }
        add(.durationRange, DurationRange(minutes: details.durationMinutes).code)
        for dimension in [StatDimension.ageBracket, .socialStatus, .gender] {
            for (code, n) in peopleSplit(details, dimension, under: filter, people: counts.people) {
                codes.append((dimension, code, StatCounts(activities: 1, people: n, minutes: details.durationMinutes)))
            }
        }
        return codes
    }

    /// Age, status and gender count people: an individual session its person, a workshop each
    /// bracket's participants. Under an age or status filter, a workshop's joint distribution is
    /// unknown: the filtered bracket counts its people, the other person breakdowns count them as
    /// `unknown` rather than guess.
    static func peopleSplit(_ details: ActivityDetails, _ dimension: StatDimension, under filter: StatFilter, people: Int) -> [(String, Int)] {
        let isGroup = if case .group = details.participants { true } else { false }
        switch (filter, dimension) {
        case let (.age(bracket), .ageBracket): return [(bracket.code, people)]
        case let (.status(status), .socialStatus): return [(status.code, people)]
        case (.age, _), (.status, _):
            if isGroup { return [("unknown", people)] }  // the code of every person list's "non communiqué"
        default: break
        }
        return peopleSplit(details, dimension)
    }

    static func peopleSplit(_ details: ActivityDetails, _ dimension: StatDimension) -> [(String, Int)] {
        switch dimension {
        case .ageBracket: return peopleBy(details, age: true).map { ($0.key.code, $0.value) }
        case .socialStatus: return peopleBy(details, age: false).map { ($0.key.code, $0.value) }
        default:
            switch details.participants {
            case let .individual(person): return [(person.gender.code, 1)]
            case let .group(group):
                var split = Gender.allCases.compactMap { gender in group.genderBreakdown[gender].flatMap { $0 > 0 ? (gender.code, $0) : nil } }
                let rest = group.count - split.reduce(0) { $0 + $1.1 }
                if rest > 0 {
                    if let index = split.firstIndex(where: { $0.0 == Gender.unknown.code }) { split[index].1 += rest }
                    else { split.append((Gender.unknown.code, rest)) }
                }
                return split
            case .training: return []
            }
        }
    }
}
