import Foundation

/// The autonomy noted at one session of a followed person.
public struct AutonomyPoint: Sendable, Equatable {
    public let date: LocalDate
    public let autonomy: Autonomy

    public init(date: LocalDate, autonomy: Autonomy) {
        self.date = date
        self.autonomy = autonomy
    }
}

/// Says in one French sentence how a person's autonomy went, for the person's page (above the
/// chart, and for those who do not read charts).
public enum AutonomyProgress {
    /// « De « Avec guidage » le 3 mars 2025 à « Autonome » le 12 juin 2026, en 5 séances. »
    /// The points are put in date order first; sessions without an autonomy noted are not points.
    public static func summary(_ points: [AutonomyPoint]) -> String {
        let ordered = points.enumerated()
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map(\.element)
        guard let first = ordered.first, let last = ordered.last else {
            return "Aucun niveau d'autonomie n'a encore été noté lors de ses séances."
        }
        if ordered.count == 1 {
            return "Une seule séance avec un niveau d'autonomie noté : « \(first.autonomy.label) » le \(first.date.frenchLong)."
        }
        let sessions = "en \(French.integer(ordered.count)) séances"
        if first.autonomy == last.autonomy, ordered.allSatisfy({ $0.autonomy == first.autonomy }) {
            return "Toujours « \(first.autonomy.label) », du \(first.date.frenchLong) au \(last.date.frenchLong), \(sessions)."
        }
        return "De « \(first.autonomy.label) » le \(first.date.frenchLong) à « \(last.autonomy.label) » le \(last.date.frenchLong), \(sessions)."
    }
}
