import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// `tandem rollups check`: do the stored statistics equal a recount from the records? The crash
/// test (tests/external/crash_safety.py) runs it after every restart; anyone may run it on a
/// database they doubt. Read only.
extension Rollups {
    struct CheckReport: Sendable {
        /// Activities read again.
        var records: Int
        /// Non-zero rows stored.
        var storedRows: Int
        /// Rows whose stored counts differ from the recount, with both.
        var differing: [(key: RollupKey, stored: StatCounts, expected: StatCounts)]

        var isConsistent: Bool { differing.isEmpty }

        var summary: String {
            if isConsistent {
                return "Agrégats conformes : \(French.integer(storedRows)) ligne(s) d'agrégats égales au recalcul à partir de \(French.integer(records)) activité(s)."
            }
            let examples = differing.prefix(3).map { row in
                "\(row.key.month) \(row.key.dimension)=\(row.key.code)\(row.key.filter.isEmpty ? "" : " [\(row.key.filter)]") : "
                    + "\(row.stored.activities) activité(s) enregistrée(s) pour \(row.expected.activities) attendue(s)"
            }
            return "\(French.integer(differing.count)) ligne(s) d'agrégats diffèrent du recalcul à partir de \(French.integer(records)) activité(s) "
                + "(par exemple \(examples.joined(separator: " ; "))) : lancez « tandem rollups rebuild »."
        }
    }

    /// Compares the stored rows with a recount, both read in one snapshot (one read transaction;
    /// REPEATABLE READ on PostgreSQL), so that concurrent creates cannot show as differences.
    static func check(on db: any Database, chunk: Int = 20_000) async throws -> CheckReport {
        try await db.transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            }
            let stored = try await storedCounts(on: db)
            let (expected, records) = try await recount(on: db, chunk: chunk)
            var differing: [(key: RollupKey, stored: StatCounts, expected: StatCounts)] = []
            for key in Set(stored.keys).union(expected.keys) where stored[key] != expected[key] {
                differing.append((key, stored[key] ?? .zero, expected[key] ?? .zero))
            }
            differing.sort { $0.key < $1.key }
            return CheckReport(records: records, storedRows: stored.count, differing: differing)
        }
    }

    /// The stored rows that are not zero (a row can fall back to zero after deletes).
    static func storedCounts(on db: any Database) async throws -> [RollupKey: StatCounts] {
        struct Row: Decodable {
            let structure_id, filter, month, place_id, mediator_id, context, kind, dimension, code: String
            let activities, people, minutes: Int
        }
        guard let sql = db as? any SQLDatabase else { return [:] }
        var result: [RollupKey: StatCounts] = [:]
        for row in try await sql.select().column(SQLLiteral.all).from(schema).all(decoding: Row.self) {
            let counts = StatCounts(activities: row.activities, people: row.people, minutes: row.minutes)
            guard !counts.isZero else { continue }
            result[RollupKey(structure: row.structure_id, filter: row.filter, month: row.month, place: row.place_id, mediator: row.mediator_id,
                             context: row.context, kind: row.kind, dimension: row.dimension, code: row.code)] = counts
        }
        return result
    }

    /// What the rows should hold, counted from the records a chunk at a time (as `rebuild`
    /// does, without writing).
    static func recount(on db: any Database, chunk: Int = 20_000) async throws -> (totals: [RollupKey: StatCounts], records: Int) {
        guard let sql = db as? any SQLDatabase else { return ([:], 0) }
        let contexts = try await RollupContexts.loadAll(on: db)
        var totals: [RollupKey: StatCounts] = [:]
        let read = try await forEachActivityChunk(on: sql, chunk: chunk) { activities in
            for activity in activities {
                add(change(of: activity, details: activity.details, sign: 1, contexts: contexts), into: &totals)
            }
        }
        return (totals.filter { !$0.value.isZero }, read)
    }
}

struct CheckRollupsCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Vérifie que les agrégats des statistiques égalent un recalcul à partir des activités (lecture seule)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await Rollups.check(on: context.application.db)
        guard report.isConsistent else { throw ConfigurationError(report.summary) }
        context.console.print(report.summary)
    }
}
