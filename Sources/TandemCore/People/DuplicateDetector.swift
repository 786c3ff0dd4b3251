import Foundation

/// What duplicate detection compares of a followed person: keys, never the names themselves.
public struct DuplicateCandidate: Sendable, Equatable {
    public let id: UUID
    /// `PersonName.key` of the first name.
    public let nameKey: String
    public let lastInitial: String?
    public let birthYear: Int
    /// `PersonName.key` of the commune.
    public let communeKey: String

    public init(id: UUID, nameKey: String, lastInitial: String?, birthYear: Int, communeKey: String) {
        self.id = id
        self.nameKey = nameKey
        self.lastInitial = lastInitial
        self.birthYear = birthYear
        self.communeKey = communeKey
    }
}

/// Finds people recorded twice: the same person met by two mediators, or typed « Gisèle » one day
/// and « Gisele » the next. Likely duplicates have the same year of birth and commune, similar
/// first names, and last-name initials that do not contradict each other.
public enum DuplicateDetector {
    /// Every likely pair, each once, the smaller id first; sorted by the first id then the second,
    /// so that pages and tests see the same order every time. People are grouped by year and
    /// commune before names are compared, so the cost grows with the size of each group, not with
    /// the square of a whole structure.
    public static func pairs(_ people: [DuplicateCandidate]) -> [(UUID, UUID)] {
        struct GroupKey: Hashable { let year: Int; let commune: String }
        let groups = Dictionary(grouping: people.map(Prepared.init)) {
            GroupKey(year: $0.candidate.birthYear, commune: $0.candidate.communeKey)
        }
        var result: [(Prepared, Prepared)] = []
        for group in groups.values where group.count > 1 {
            let sorted = group.sorted { $0.order < $1.order }
            for i in sorted.indices {
                for j in sorted.indices where j > i && sorted[i].isLikelySame(as: sorted[j]) {
                    result.append((sorted[i], sorted[j]))
                }
            }
        }
        return result.sorted { ($0.0.order, $0.1.order) < ($1.0.order, $1.1.order) }
            .map { ($0.0.candidate.id, $0.1.candidate.id) }
    }

    /// A candidate with what every comparison needs computed once.
    private struct Prepared {
        let candidate: DuplicateCandidate
        let name: [Unicode.Scalar]
        let initial: String?
        /// The id as text: what pairs are sorted by, made once.
        let order: String

        init(_ candidate: DuplicateCandidate) {
            self.candidate = candidate
            order = candidate.id.uuidString
            name = Array(candidate.nameKey.unicodeScalars)
            initial = candidate.lastInitial.map(PersonName.key)
        }

        func isLikelySame(as other: Prepared) -> Bool {
            if let x = initial, let y = other.initial, x != y { return false }
            return DuplicateDetector.namesAreSimilar(name, other.name)
        }
    }

    /// Same year and commune assumed; similar names and initials that agree (or one missing).
    public static func areLikelySame(_ a: DuplicateCandidate, _ b: DuplicateCandidate) -> Bool {
        Prepared(a).isLikelySame(as: Prepared(b))
    }

    /// Equal keys; or one slip of the keyboard (a letter added, missing, changed or two swapped)
    /// when both have at least 4 letters; or two when both have at least 8. Short names differ by
    /// one letter too often to be flagged (« Léa » and « Léo »). Keys are compared by Unicode
    /// scalar: they are already folded, so a scalar is a letter.
    public static func namesAreSimilar(_ a: String, _ b: String) -> Bool {
        namesAreSimilar(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func namesAreSimilar(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if a == b { return true }
        let shorter = min(a.count, b.count)
        let allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0
        guard allowed > 0, abs(a.count - b.count) <= allowed else { return false }
        return editDistance(a, b, atMost: allowed) <= allowed
    }

    /// The optimal-string-alignment distance (Levenshtein plus swaps of two neighbours), counted
    /// in characters. Stops early and answers `limit + 1` once every path is beyond `limit`.
    public static func editDistance(_ a: String, _ b: String, atMost limit: Int = .max) -> Int {
        editDistance(Array(a), Array(b), atMost: limit)
    }

    static func editDistance<Element: Equatable>(_ s: [Element], _ t: [Element], atMost limit: Int = .max) -> Int {
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var before = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            // No row's minimum is below the previous row's (a swap reaches two rows back, but
            // that row's minimum is at most one less, and a swap costs one): once a whole row is
            // beyond the limit, the distance is too.
            if limit != .max, rowMinimum > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[t.count]
    }
}
