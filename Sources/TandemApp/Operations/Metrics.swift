import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The process's counters, served by `/metrics` in Prometheus text format (0.0.4), written here
/// without a client library. One registry per process, as Prometheus clients do by default: a
/// process serves one application (the tests run several in one process; they share it and
/// only ever check that counters grew).
///
/// Every label set is bounded: routes are patterns (`/ateliers/:id`), a path that matched no
/// route counts as `unmatched` (or `static` for a file of `Public/`), methods outside the usual
/// few as `OTHER`, and statuses are three-digit codes. One lock, held for a dictionary update
/// per request; the exposition is built outside it from a copy.
final class TandemMetrics: Sendable {
    static let shared = TandemMetrics()

    /// Upper bounds of the duration histogram, in seconds: most pages answer in a few
    /// milliseconds, exports and imports in seconds.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RouteKey: Hashable, Sendable {
        let method: String
        let route: String
    }

    struct RouteStats: Sendable {
        var statuses: [UInt: UInt64] = [:]
        /// Observations per bucket (not cumulative; the last one is +Inf).
        var buckets = [UInt64](repeating: 0, count: TandemMetrics.buckets.count + 1)
        var sum: Double = 0
        var count: UInt64 = 0
    }

    struct Snapshot: Sendable {
        var routes: [RouteKey: RouteStats] = [:]
        var inFlight = 0
        var activitiesRecorded: UInt64 = 0
    }

    private let state = NIOLockedValueBox(Snapshot())
    let startTime = Date()

    /// A request has arrived (`tandem_http_requests_in_flight`).
    func requestStarted() {
        state.withLockedValue { $0.inFlight += 1 }
    }

    /// A request has its answer: counted, timed, and no longer in flight.
    func requestFinished(method: String, route: String, status: UInt, seconds: Double) {
        let key = RouteKey(method: method, route: route)
        let bucket = Self.buckets.firstIndex { seconds <= $0 } ?? Self.buckets.count
        state.withLockedValue { state in
            state.inFlight -= 1
            state.routes[key, default: RouteStats()].record(status: status, bucket: bucket, seconds: seconds)
        }
    }

    /// Activities written to the database (web, API, workshop closing).
    func activitiesRecorded(_ count: Int) {
        guard count > 0 else { return }
        state.withLockedValue { $0.activitiesRecorded += UInt64(count) }
    }

    func snapshot() -> Snapshot { state.withLockedValue { $0 } }

    // MARK: Labels

    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The method as a label: one of a few, so that a client inventing methods adds no series.
    static func methodLabel(_ method: HTTPMethod) -> String {
        methods.contains(method.rawValue) ? method.rawValue : "OTHER"
    }

    /// The route as a label: the pattern when a route matched (as the log line), `static` for a
    /// file of `Public/`, `unmatched` otherwise (never a path, which could be anything).
    static func routeLabel(pattern: String?, path: String, status: UInt) -> String {
        if let pattern { return pattern }
        if status < 400, StaticFilesMiddleware.rootFiles.contains(path) || StaticFilesMiddleware.prefixes.contains(where: { path.hasPrefix($0) }) {
            return "static"
        }
        return "unmatched"
    }
}

extension TandemMetrics.RouteStats {
    mutating func record(status: UInt, bucket: Int, seconds: Double) {
        statuses[status, default: 0] += 1
        buckets[bucket] += 1
        sum += seconds
        count += 1
    }
}

/// What `/metrics` reads besides the counters: the process and the database pool.
struct MetricsEnvironment: Sendable {
    var version: String
    var storage: String
    var poolMaxConnections: Int
    var eventLoops: Int
    var residentMemoryBytes: Int?

    static func current(_ app: Application) -> MetricsEnvironment {
        var loops = 0
        for _ in app.eventLoopGroup.makeIterator() { loops += 1 }
        let storage = app.tandemConfig.storage
        return MetricsEnvironment(version: TandemBuild.version, storage: storage == .memory ? "memory" : storage.isSQLite ? "sqlite" : "postgres",
                                  poolMaxConnections: poolSize(app), eventLoops: loops, residentMemoryBytes: ProcessMemory.residentBytes())
    }

    /// The connections each event loop may open, read from the driver's configuration (the
    /// pools do not say how many are in use). Fluent keeps the figure in a private property: it
    /// is read by reflection, and SQLite's is 1 (its driver never opens more per loop).
    static func poolSize(_ app: Application) -> Int {
        guard let configuration = app.databases.configuration() else { return 0 }
        for child in Mirror(reflecting: configuration).children where child.label == "maxConnectionsPerEventLoop" {
            if let value = child.value as? Int { return value }
        }
        return app.tandemConfig.storage.isSQLite ? 1 : 0
    }
}

/// The version `tandem_build_info` reports.
enum TandemBuild {
    static let version = "0.8.0"
}

enum ProcessMemory {
    /// Resident memory, from `/proc/self/statm` (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
