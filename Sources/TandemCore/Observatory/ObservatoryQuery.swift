import Foundation

/// A calendar month, the grain of every statistic.
public struct YearMonth: Hashable, Comparable, Sendable, Codable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (2000...2200).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    /// `2026-03`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        self.init(year: year, month: month)
    }

    public var iso: String { String(format: "%04d-%02d", year, month) }

    public func adding(months: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + months
        return YearMonth(unchecked: index / 12, index % 12 + 1)
    }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// « mars 2026 ».
    public var french: String { "\(FrenchMonths.names[month - 1]) \(year)" }
    /// « mars » — for the trend chart's axis.
    public var shortFrench: String { FrenchMonths.short[month - 1] }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = YearMonth(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Mois attendu au format AAAA-MM."))
        }
        self = value
    }
}

enum FrenchMonths {
    static let names = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    static let short = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
}

/// Whole months, first and last included. Statistics are kept per month (see docs/decisions.md):
/// a custom period runs from one month to another.
public struct MonthPeriod: Hashable, Sendable, Codable {
    public let first: YearMonth
    public let last: YearMonth

    public init(first: YearMonth, last: YearMonth) {
        self.first = min(first, last)
        self.last = max(first, last)
    }

    public var months: [YearMonth] {
        var result: [YearMonth] = []
        var month = first
        while month <= last {
            result.append(month)
            month = month.adding(months: 1)
        }
        return result
    }

    public var count: Int { (last.year - first.year) * 12 + last.month - first.month + 1 }

    /// The same months a year earlier, for the trend's comparison.
    public var yearBefore: MonthPeriod { MonthPeriod(first: first.adding(months: -12), last: last.adding(months: -12)) }

    /// « de mars 2025 à février 2026 », « en mars 2026 ».
    public var french: String {
        first == last ? "en \(first.french)" : "de \(first.french) à \(last.french)"
    }
}

/// The period choices offered first.
public enum PeriodPreset: String, CodedVocabulary {
    case thisYear = "this_year"
    case lastYear = "last_year"
    case last12Months = "last_12_months"
    case thisMonth = "this_month"
    case lastMonth = "last_month"
    case allYears = "all"
    case custom

    public var label: String {
        switch self {
        case .thisYear: "Cette année"
        case .lastYear: "L'année dernière"
        case .last12Months: "Les 12 derniers mois"
        case .thisMonth: "Ce mois-ci"
        case .lastMonth: "Le mois dernier"
        case .allYears: "Depuis le début (2015)"
        case .custom: "Période choisie"
        }
    }

    public func period(today: LocalDate) -> MonthPeriod? {
        let now = YearMonth(today)
        switch self {
        case .thisYear: return MonthPeriod(first: YearMonth(year: now.year, month: 1)!, last: now)
        case .lastYear: return MonthPeriod(first: YearMonth(year: now.year - 1, month: 1)!, last: YearMonth(year: now.year - 1, month: 12)!)
        case .last12Months: return MonthPeriod(first: now.adding(months: -11), last: now)
        case .thisMonth: return MonthPeriod(first: now, last: now)
        case .lastMonth: return MonthPeriod(first: now.adding(months: -1), last: now.adding(months: -1))
        case .allYears: return MonthPeriod(first: YearMonth(ActivityLimits.earliestDate), last: now)
        case .custom: return nil
        }
    }
}

/// What a statistics page, a shared link or the API asks for, validated.
public struct ObservatoryQuery: Hashable, Sendable {
    public var preset: PeriodPreset
    public var period: MonthPeriod
    public var structureId: UUID?
    public var placeId: UUID?
    public var mediatorId: UUID?
    public var context: StatContext?
    public var kind: ActivityKind?
    /// At most one characteristic: a theme, an age bracket or a status.
    public var characteristic: StatFilter

    public init(preset: PeriodPreset, period: MonthPeriod, structureId: UUID? = nil, placeId: UUID? = nil, mediatorId: UUID? = nil,
                context: StatContext? = nil, kind: ActivityKind? = nil, characteristic: StatFilter = .none) {
        self.preset = preset
        self.period = period
        self.structureId = structureId
        self.placeId = placeId
        self.mediatorId = mediatorId
        self.context = context
        self.kind = kind
        self.characteristic = characteristic
    }

    public static func defaultQuery(today: LocalDate = .today()) -> ObservatoryQuery {
        ObservatoryQuery(preset: .thisYear, period: PeriodPreset.thisYear.period(today: today)!)
    }
}

/// The statistics filters as typed in a URL or a form, before validation. The names are the
/// query parameters of `/statistiques` and `/api/v1/statistics`.
public struct ObservatoryInput: Equatable, Sendable {
    public var period: String?
    public var from: String?
    public var to: String?
    public var structureId: String?
    public var placeId: String?
    public var mediatorId: String?
    public var context: String?
    public var kind: String?
    public var theme: String?
    public var ageBracket: String?
    public var socialStatus: String?

    public static let names = ["period", "from", "to", "structureId", "placeId", "mediatorId", "context", "kind", "theme", "ageBracket", "socialStatus"]

    public init() {}

    /// From query parameters: empty values count as absent (a form sends every select).
    public init(parameters: [String: String]) {
        func value(_ name: String) -> String? { parameters[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        period = value("period")
        from = value("from")
        to = value("to")
        structureId = value("structureId")
        placeId = value("placeId")
        mediatorId = value("mediatorId")
        context = value("context")
        kind = value("kind")
        theme = value("theme")
        ageBracket = value("ageBracket")
        socialStatus = value("socialStatus")
    }

    /// The query, or every problem in French, each named by its parameter.
    public func validate(today: LocalDate = .today()) -> Result<ObservatoryQuery, ValidationFailure> {
        var errors: [FieldError] = []
        func code<T: CodedVocabulary>(_ raw: String?, _ field: String, _ type: T.Type, _ what: String) -> T? {
            guard let raw else { return nil }
            guard let value = T(code: raw) else {
                errors.append(FieldError(field, "« \(raw.prefix(40)) » n'est pas \(what)."))
                return nil
            }
            return value
        }
        func id(_ raw: String?, _ field: String, _ what: String) -> UUID? {
            guard let raw else { return nil }
            guard let value = UUID(uuidString: raw) else {
                errors.append(FieldError(field, "« \(raw.prefix(40)) » n'est pas \(what)."))
                return nil
            }
            return value
        }
        let preset = code(period ?? (from != nil || to != nil ? PeriodPreset.custom.code : PeriodPreset.thisYear.code),
                          "period", PeriodPreset.self, "une période proposée") ?? .thisYear
        var resolved = preset.period(today: today)
        if preset == .custom {
            let first = month(from, "from", &errors)
            let last = month(to, "to", &errors)
            if from == nil { errors.append(FieldError("from", "Indiquez le premier mois de la période (AAAA-MM).")) }
            if to == nil { errors.append(FieldError("to", "Indiquez le dernier mois de la période (AAAA-MM).")) }
            if let first, let last {
                if last < first { errors.append(FieldError("to", "Le dernier mois précède le premier.")) }
                else { resolved = MonthPeriod(first: first, last: last) }
            }
        } else if from != nil || to != nil {
            errors.append(FieldError("period", "Les mois de début et de fin ne s'indiquent qu'avec une période choisie (period=custom)."))
        }
        let structure = id(structureId, "structureId", "une structure")
        let place = id(placeId, "placeId", "un lieu")
        let mediator = id(mediatorId, "mediatorId", "un médiateur")
        let context = code(context, "context", StatContext.self, "un contexte (library ou outside_library)")
        let kind = code(kind, "kind", ActivityKind.self, "un type d'activité")
        let theme = code(theme, "theme", Theme.self, "une thématique")
        let age = code(ageBracket, "ageBracket", AgeBracket.self, "une tranche d'âge")
        let status = code(socialStatus, "socialStatus", SocialStatus.self, "un statut")
        let characteristics: [StatFilter] = [theme.map(StatFilter.theme), age.map(StatFilter.age), status.map(StatFilter.status)].compactMap { $0 }
        if characteristics.count > 1 {
            errors.append(FieldError("theme", "Choisissez une seule caractéristique à la fois : une thématique, une tranche d'âge ou un statut."))
        }
        guard errors.isEmpty, let period = resolved else { return .failure(ValidationFailure(errors)) }
        return .success(ObservatoryQuery(preset: preset, period: period, structureId: structure, placeId: place, mediatorId: mediator,
                                         context: context, kind: kind, characteristic: characteristics.first ?? .none))
    }

    private func month(_ raw: String?, _ field: String, _ errors: inout [FieldError]) -> YearMonth? {
        guard let raw else { return nil }
        guard let month = YearMonth(iso: raw) else {
            errors.append(FieldError(field, "« \(raw.prefix(40)) » n'est pas un mois au format AAAA-MM (par exemple 2026-03)."))
            return nil
        }
        return month
    }
}

