import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// `tandem bench observatory --activities N`: a national-scale database (100 structures,
/// 5 years) and the time of the full dashboard at two scales — one structure's year, and the whole
/// database over every year (docs/benchmarks.md).
struct ObservatoryBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "activities", help: "Nombre d'activités à générer (par défaut 100 000).")
        var activities: Int?
        @Option(name: "repeat", help: "Nombre de mesures de chaque tableau de bord (par défaut 50).")
        var repetitions: Int?
        @Flag(name: "rebuild", help: "Mesure aussi la reconstruction complète des agrégats.")
        var rebuild: Bool
        @Flag(name: "reuse", help: "Mesure sur la base d'un passage précédent, sans rien générer.")
        var reuse: Bool
    }

    var help: String { "Génère un territoire national (100 structures, 5 ans) et mesure le tableau de bord des statistiques." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.tandemConfig.storage.isSQLite { _ = try await SchemaMigration.run(app) }
        let territory = BenchTerritory(structures: 100)
        var t0 = ContinuousClock.now
        var inserted = 0
        if !signature.reuse {
            guard try await StructureModel.query(on: app.db).count() == 0 else {
                throw ConfigurationError("la base n'est pas vide : le banc d'essai des statistiques part d'une base neuve (TANDEM_DATA vide ou DATABASE_URL d'une base vide), ou --reuse.")
            }
            let count = max(1, signature.activities ?? 100_000)
            try await territory.insert(on: app.db)
            inserted = try await territory.insertActivities(count, on: app.db) { month, done in
                if month.month == 12 { context.console.print("   \(month.year) : \(French.integer(done)) activités") }
            }
        }
        let loading = max(0.001, (ContinuousClock.now - t0).milliseconds / 1000)
        let rows = try await ActivityModel.query(on: app.db).count()
        let rollupRows = try await (app.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Rollups.schema).first(decoding: CountRow.self)?.n ?? 0
        context.console.print(String(format: "Génération : %@ activités et %@ lignes d'agrégats en %.1f s (%.0f activités/s)",
                                     French.integer(rows), French.integer(rollupRows), loading, Double(inserted) / loading))

        let store = ObservatoryStore(db: app.db)
        let repetitions = max(1, signature.repetitions ?? 50)
        let today = LocalDate.today()
        let lastYear = PeriodPreset.lastYear.period(today: today)!
        let everything = MonthPeriod(first: YearMonth(today).adding(months: -59), last: YearMonth(today))
        let queries: [(String, ObservatoryQuery)] = [
            ("une structure, une année", ObservatoryQuery(preset: .lastYear, period: lastYear, structureId: territory.structures[7].id)),
            ("toute la base, toutes les années", ObservatoryQuery(preset: .custom, period: everything)),
            ("toute la base, une thématique", ObservatoryQuery(preset: .custom, period: everything, characteristic: .theme(.adminProcedures))),
            ("une structure, une année, une thématique (depuis ses activités)",
             ObservatoryQuery(preset: .lastYear, period: lastYear, structureId: territory.structures[7].id, characteristic: .theme(.adminProcedures))),
            ("un lieu, une année", ObservatoryQuery(preset: .lastYear, period: lastYear, placeId: territory.structures[7].places[0])),
            ("un médiateur, une année, une tranche d'âge (depuis les activités)",
             ObservatoryQuery(preset: .lastYear, period: lastYear, mediatorId: territory.structures[7].mediators[0], characteristic: .age(.age70plus))),
        ]
        for (name, query) in queries {
            var latencies: [Double] = []
            var activities = 0
            for _ in 0..<repetitions {
                t0 = ContinuousClock.now
                let dashboard = try await store.dashboard(for: query)
                _ = try await DashboardLabels.load(for: dashboard, on: app.db)
                latencies.append((ContinuousClock.now - t0).milliseconds)
                activities = dashboard.totals.activities
            }
            context.console.print(String(format: "Tableau de bord complet, %@ (%@ activités) : p50 %.1f ms, p99 %.1f ms",
                                         name, French.integer(activities), Self.percentile(latencies, 0.5), Self.percentile(latencies, 0.99)))
        }
        if signature.rebuild {
            t0 = ContinuousClock.now
            let read = try await app.db.writeTransaction { db in try await Rollups.rebuild(on: db) }
            context.console.print(String(format: "Reconstruction des agrégats (%@ activités) : %.1f s",
                                         French.integer(read), (ContinuousClock.now - t0).milliseconds / 1000))
        }
    }

    struct CountRow: Decodable { let n: Int }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}

/// A synthetic country for the benchmark: structures (four in ten are libraries), three places
/// and five mediators each. Activities are the demo generator's, spread over five years.
struct BenchTerritory {
    struct Structure {
        let id: UUID
        let isLibrary: Bool
        let places: [UUID]
        let mediators: [UUID]
    }

    let structures: [Structure]

    init(structures count: Int) {
        var rng = DemoRandom(seed: 5, stream: 1)
        structures = (0..<count).map { index in
            Structure(id: rng.uuid(), isLibrary: index % 5 < 2, places: (0..<3).map { _ in rng.uuid() }, mediators: (0..<5).map { _ in rng.uuid() })
        }
    }

    func insert(on db: any Database) async throws {
        try await db.writeTransaction { db in
            for (index, structure) in structures.enumerated() {
                let number = String(format: "%03d", index + 1)
                try await StructureModel(id: structure.id, name: "Structure \(number)", kind: structure.isLibrary ? .bib : .csc,
                                         isLibrary: structure.isLibrary).create(on: db)
                for (p, place) in structure.places.enumerated() {
                    // A library structure's third place is its town hall annex: not a library.
                    let typology: PlaceTypology = structure.isLibrary && p < 2 ? .bib : .muni
                    try await PlaceModel(id: place, structureId: structure.id, name: "Lieu \(number)-\(p + 1)", typology: typology,
                                         address: "\(p + 1) rue de la Mairie", postalCode: "46000", commune: "Commune \(number)").create(on: db)
                }
                for (m, mediator) in structure.mediators.enumerated() {
                    try await UserModel(id: mediator, email: "mediateur-\(number)-\(m + 1)@bench.example", displayName: "Médiateur \(number)-\(m + 1)",
                                        passwordHash: "x", role: .mediator, structureId: structure.id).create(on: db)
                }
            }
        }
    }

    /// Inserts `count` activities month by month over the five years ending this month. Each
    /// month's records go in by chunks, and its rollups are summed in memory and written once:
    /// the same rows as record-by-record updates, far fewer statements.
    func insertActivities(_ count: Int, on db: any Database, progress: (YearMonth, Int) -> Void) async throws -> Int {
        let months = (0..<60).map { YearMonth(LocalDate.today()).adding(months: $0 - 59) }
        let generator = DemoTerritory(seed: 11, today: LocalDate.today()).activities(count: count)
        var iterator = generator.makeIterator()
        var rng = DemoRandom(seed: 11, stream: 2)
        var done = 0
        let contexts = RollupContexts(libraryPlaces: Set(structures.filter(\.isLibrary).flatMap { $0.places.prefix(2) }),
                                      libraryStructures: Set(structures.filter(\.isLibrary).map(\.id)))
        for (index, month) in months.enumerated() {
            let target = count * (index + 1) / months.count - done
            var models: [ActivityModel] = []
            models.reserveCapacity(target)
            var increments: [RollupKey: StatCounts] = [:]
            for _ in 0..<target {
                guard var details = iterator.next()?.details else { break }
                let structure = structures[rng.int(in: 0...(structures.count - 1))]
                let mediator = structure.mediators[rng.int(in: 0...(structure.mediators.count - 1))]
                details.date = LocalDate(year: month.year, month: month.month, day: rng.int(in: 1...28))!
                details.resourceId = nil
                if details.locationKind == .place { details.placeId = structure.places[rng.int(in: 0...(structure.places.count - 1))] }
                let model = ActivityModel(id: UUID.random(), structureId: structure.id, mediatorId: mediator, details: details)
                models.append(model)
                Rollups.add(Rollups.change(of: model, details: details, sign: 1, contexts: contexts), into: &increments)
            }
            let batch = models
            let rows = increments.filter { !$0.value.isZero }
            try await db.writeTransaction { db in
                guard let sql = db as? any SQLDatabase else { return }
                let now = Date()
                var start = 0
                while start < batch.count {
                    var insert = sql.insert(into: ActivityModel.schema).columns(ActivityModel.insertColumns)
                    for model in batch[start..<min(start + 500, batch.count)] {
                        model.createdAt = now
                        model.updatedAt = now
                        insert = insert.values(model.insertValues)
                    }
                    try await insert.run()
                    start += 500
                }
                try await Rollups.write(rows, on: db)
            }
            done += models.count
            progress(month, done)
        }
        return done
    }
}

/// `tandem rollups rebuild`: recomputes every statistic from the records.
struct RollupCommands: AsyncCommandGroup {
    var help: String { "Agrégats des statistiques." }
    var commands: [String: any AnyAsyncCommand] { ["rebuild": RebuildRollupsCommand(), "check": CheckRollupsCommand()] }
}

struct RebuildRollupsCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Recalcule tous les agrégats des statistiques à partir des activités." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let t0 = ContinuousClock.now
        let read = try await app.db.writeTransaction { db in try await Rollups.rebuild(on: db) }
        context.console.print(String(format: "Agrégats recalculés à partir de %@ activités en %.1f s.",
                                     French.integer(read), (ContinuousClock.now - t0).milliseconds / 1000))
    }
}
