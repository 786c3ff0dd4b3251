import Fluent
import Foundation
import TandemCore
import Vapor

struct BenchCommands: AsyncCommandGroup {
    var help: String { "Mesures de performance (voir docs/benchmarks.md)." }
    var commands: [String: any AnyAsyncCommand] { ["record": RecordBenchCommand(), "observatory": ObservatoryBenchCommand()] }
}

/// `tandem bench record`: creates activities through the store and reads the mediator's list,
/// on the configured database, and prints the rates and latencies. The HTTP side is measured
/// with wrk (scripts/bench-record.sh).
struct RecordBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "creates", help: "Nombre de créations à mesurer (par défaut 5 000).")
        var creates: Int?
        @Option(name: "lists", help: "Nombre de lectures de la liste à mesurer (par défaut 500).")
        var lists: Int?
    }

    var help: String { "Mesure la création d'activités et la lecture de la liste d'un médiateur." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.tandemConfig.storage.isSQLite { _ = try await SchemaMigration.run(app) }
        let loader = DemoLoader(db: app.db, logger: app.logger)
        if try await loader.isEmpty() {
            _ = try await loader.load(seed: 1, activities: 0, passwordHash: "x")
        }
        guard let mediator = try await UserModel.query(on: app.db).filter(\.$role == Role.mediator.code).sort(\.$email).first(),
              let structureId = mediator.$structure.id else {
            throw ConfigurationError("aucun médiateur dans la base : lancez d'abord tandem demo.")
        }
        let actor = try Actor(mediator)
        let store = app.activities
        let places = try await UserPlaceModel.query(on: app.db).filter(\.$user.$id == actor.id).all().map(\.$place.id)
        let creates = max(1, signature.creates ?? 5_000)
        let template = ActivityDetails(kind: .individual, date: LocalDate.today(), durationMinutes: 30, locationKind: .place,
                                       placeId: places.first, themes: [.email], devices: [.phone], deviceOwners: [.beneficiary],
                                       interventionMode: .guided, participants: .individual(AnonymousPerson()))
        let total = try await ActivityModel.query(on: app.db).count()
        context.console.print("Activités dans la table : \(French.integer(total))")

        // Creates as the API makes them, from 16 concurrent tasks (as many as wrk's connections).
        var latencies: [Double] = []
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var local: [Double] = []
                    for index in stride(from: worker, to: creates, by: 16) {
                        _ = index
                        let t0 = ContinuousClock.now
                        _ = try await store.create(template, by: actor, structureId: structureId)
                        local.append((ContinuousClock.now - t0).milliseconds)
                    }
                    return local
                }
            }
            for try await part in group { latencies += part }
        }
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        context.console.print(String(format: "Créations via le magasin : %d en %.2f s, soit %.0f/s ; p50 %.2f ms, p99 %.2f ms",
                                     creates, seconds, Double(creates) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99)))

        // The first page of the mediator's list, as the list page reads it.
        let lists = max(1, signature.lists ?? 500)
        var listLatencies: [Double] = []
        for _ in 0..<lists {
            let t0 = ContinuousClock.now
            let rows = try await store.list(for: actor, filter: ActivityFilter(), limit: ActivityWebController.pageSize)
            _ = rows.count
            listLatencies.append((ContinuousClock.now - t0).milliseconds)
        }
        context.console.print(String(format: "Liste du médiateur (1re page) : p50 %.2f ms, p99 %.2f ms sur %d lectures",
                                     percentile(listLatencies, 0.5), percentile(listLatencies, 0.99), lists))
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
