import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// `/metrics`: the Prometheus text format (0.0.4), parsed back line by line; counters that grow;
/// bounded labels; who may read it. The registry is the process's: other tests running at the
/// same time add to it, so counts are checked as "at least".
@Suite("Metrics")
struct MetricsTests {
    static let token = "jeton-de-test-assez-long-0123456789"

    /// GET /metrics with the token, parsed.
    static func scrape(_ t: TestApp) async throws -> Exposition {
        t.app.metricsAccess = MetricsAccess(token: token)
        let response = try await t.app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .ok)
        #expect(response.headers.first(name: .contentType) == "text/plain; version=0.0.4; charset=utf-8")
        return try Exposition.parse(response.body.string)
    }

    @Test("The exposition parses back: HELP and TYPE before each family, valid series, cumulative buckets")
    func formatParsesBack() async throws {
        try await TestApp.run { t in
            for _ in 0..<3 { _ = try await t.app.testing().sendRequest(.GET, "/health") }
            let exposition = try await Self.scrape(t)
            for family in ["tandem_http_requests_total", "tandem_http_request_duration_seconds", "tandem_http_requests_in_flight",
                           "tandem_activities_recorded_total", "tandem_db_pool_max_connections", "tandem_build_info",
                           "tandem_process_start_time_seconds"] {
                #expect(exposition.types[family] != nil, "famille absente : \(family)")
            }
            #expect(exposition.types["tandem_http_requests_total"] == "counter")
            #expect(exposition.types["tandem_http_request_duration_seconds"] == "histogram")
            #expect(exposition.types["tandem_http_requests_in_flight"] == "gauge")
            #if os(Linux)
            #expect((exposition.value("tandem_process_resident_memory_bytes") ?? 0) > 1_000_000)
            #endif
            #expect((exposition.value("tandem_db_pool_max_connections", ["storage": TestDatabase.isPostgres ? "postgres" : "sqlite"]) ?? 0) >= 1)
            #expect(exposition.value("tandem_build_info", ["version": TandemBuild.version, "storage": TestDatabase.isPostgres ? "postgres" : "sqlite"]) == 1)
            #expect((exposition.value("tandem_http_requests_total", ["method": "GET", "route": "/health", "status": "200"]) ?? 0) >= 3)
            // This scrape itself is in flight.
            #expect((exposition.value("tandem_http_requests_in_flight") ?? 0) >= 1)
            // Each histogram: buckets in increasing order of bound, never decreasing, +Inf = count.
            for (labels, buckets) in exposition.histograms("tandem_http_request_duration_seconds") {
                #expect(buckets.last?.bound == .infinity)
                #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.bound < $1.bound && $0.count <= $1.count })
                #expect(buckets.last?.count == exposition.value("tandem_http_request_duration_seconds_count", labels), "\(labels)")
                #expect(exposition.value("tandem_http_request_duration_seconds_sum", labels) != nil)
            }
        }
    }

    @Test("Counters grow with requests and with activities recorded through the API")
    func countersGrow() async throws {
        try await TestApp.run { t in
            let before = try await Self.scrape(t)
            let healthBefore = before.value("tandem_http_requests_total", ["method": "GET", "route": "/health", "status": "200"]) ?? 0
            let histogramBefore = before.value("tandem_http_request_duration_seconds_count", ["method": "GET", "route": "/health"]) ?? 0
            let activitiesBefore = before.value("tandem_activities_recorded_total") ?? -1
            for _ in 0..<5 { _ = try await t.app.testing().sendRequest(.GET, "/health") }
            let api = t.api(t.fixture.mediatorA)
            let created = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: t.fixture.placeA1))
            #expect(created.status == .created)
            let after = try await Self.scrape(t)
            #expect((after.value("tandem_http_requests_total", ["method": "GET", "route": "/health", "status": "200"]) ?? 0) >= healthBefore + 5)
            #expect((after.value("tandem_http_request_duration_seconds_count", ["method": "GET", "route": "/health"]) ?? 0) >= histogramBefore + 5)
            #expect((after.value("tandem_activities_recorded_total") ?? 0) >= activitiesBefore + 1)
            #expect((after.value("tandem_http_requests_total", ["method": "POST", "route": "/api/v1/activities", "status": "201"]) ?? 0) >= 1)
        }
    }

    @Test("Labels stay bounded: a path that matched no route counts as unmatched, never as itself")
    func unmatchedPaths() async throws {
        try await TestApp.run { t in
            let secret = "chemin-\(UUID().uuidString.lowercased())"
            let missing = try await t.app.testing().sendRequest(.GET, "/\(secret)")
            #expect(missing.status == .notFound)
            // A route with a parameter counts under its pattern, not its value.
            _ = try await t.app.testing().sendRequest(.GET, "/ateliers/annulation/\(secret)")
            let raw = try await t.app.testing().sendRequest(.RAW(value: "BREW"), "/health")
            #expect(raw.status.code >= 400)
            let exposition = try await Self.scrape(t)
            #expect(!exposition.text.contains(secret))
            #expect((exposition.value("tandem_http_requests_total", ["method": "GET", "route": "unmatched", "status": "404"]) ?? 0) >= 1)
            #expect(!exposition.text.contains("BREW"))
            #expect(exposition.series.allSatisfy { $0.labels["method"].map { TandemMetrics.methods.contains($0) || $0 == "OTHER" } ?? true })
        }
    }

    @Test("Label values and help texts are escaped")
    func escaping() throws {
        #expect(MetricsExposition.escapeLabel(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
        #expect(MetricsExposition.escapeHelp("x\\y\nz") == #"x\\y\nz"#)
        var out = MetricsExposition()
        out.family("t_total", "counter", help: "aide")
        out.sample("t_total", [("route", "/a\"b"), ("le", "+Inf")], 2)
        out.sample("t_total", [], 0.25)
        let parsed = try Exposition.parse(out.text)
        #expect(parsed.value("t_total", ["route": "/a\"b", "le": "+Inf"]) == 2)
        #expect(parsed.value("t_total") == 0.25)
        #expect(MetricsExposition.format(.infinity) == "+Inf")
        #expect(MetricsExposition.format(3) == "3")
    }

    @Test("Access: refused without the token from outside the machine, open on the loopback without a proxy")
    func access() async throws {
        try await TestApp.run { t in
            t.app.metricsAccess = MetricsAccess(token: Self.token)
            // The in-memory tester has no peer address: as from elsewhere.
            #expect(try await t.app.testing().sendRequest(.GET, "/metrics").status == .forbidden)
            #expect(try await t.app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer mauvais-jeton-mauvais-jeton"]).status == .forbidden)
            let refused = try await t.app.testing().sendRequest(.GET, "/metrics")
            #expect(refused.body.string.contains("TANDEM_METRICS_TOKEN"))
            #expect(try await t.app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"]).status == .ok)
            // Over a real socket from 127.0.0.1: open without a token, unless a proxy forwarded it.
            t.app.metricsAccess = MetricsAccess(token: nil)
            let live = try t.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            #expect(try await live.sendRequest(.GET, "/metrics").status == .ok)
            #expect(try await live.sendRequest(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.7"]).status == .forbidden)
            #expect(try await live.sendRequest(.GET, "/metrics", headers: ["Forwarded": "for=203.0.113.7"]).status == .forbidden)
        }
    }

    @Test("TANDEM_METRICS_TOKEN: absent or empty means none; too short or with spaces stops the start")
    func tokenConfiguration() throws {
        #expect(try MetricsAccess.fromEnvironment([:]).token == nil)
        #expect(try MetricsAccess.fromEnvironment(["TANDEM_METRICS_TOKEN": ""]).token == nil)
        #expect(try MetricsAccess.fromEnvironment(["TANDEM_METRICS_TOKEN": Self.token]).token == Self.token)
        #expect(throws: ConfigurationError.self) { try MetricsAccess.fromEnvironment(["TANDEM_METRICS_TOKEN": "court"]) }
        #expect(throws: ConfigurationError.self) { try MetricsAccess.fromEnvironment(["TANDEM_METRICS_TOKEN": "un jeton avec des espaces"]) }
    }
}

/// A parser of the text exposition format, strict enough to fail on any malformed line.
struct Exposition {
    struct Series {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: String
        let reason: String
        var description: String { "\(reason): \(line)" }
    }

    let text: String
    var types: [String: String] = [:]
    var helps: [String: String] = [:]
    var series: [Series] = []

    static func parse(_ text: String) throws -> Exposition {
        var result = Exposition(text: text)
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                guard let space = rest.firstIndex(of: " ") else { throw ParseError(line: line, reason: "HELP sans texte") }
                let name = String(rest[..<space])
                guard isMetricName(name), result.helps[name] == nil else { throw ParseError(line: line, reason: "HELP invalide ou répété") }
                result.helps[name] = String(rest[rest.index(after: space)...])
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, isMetricName(String(parts[0])),
                      ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]),
                      result.types[String(parts[0])] == nil else { throw ParseError(line: line, reason: "TYPE invalide ou répété") }
                guard result.series.allSatisfy({ family(of: $0.name, in: [String(parts[0]): ""]) == nil }) else {
                    throw ParseError(line: line, reason: "TYPE après les séries de sa famille")
                }
                result.types[String(parts[0])] = String(parts[1])
            } else if line.hasPrefix("#") || line.isEmpty {
                throw ParseError(line: line, reason: "ligne inattendue")
            } else {
                let series = try parseSeries(line)
                guard let family = family(of: series.name, in: result.types) else {
                    throw ParseError(line: line, reason: "série sans TYPE")
                }
                if result.types[family] == "histogram", series.name != family {
                    guard series.name.hasSuffix("_bucket") == (series.labels["le"] != nil) else {
                        throw ParseError(line: line, reason: "le seulement sur _bucket")
                    }
                }
                if result.types[family] == "counter", series.value < 0 { throw ParseError(line: line, reason: "compteur négatif") }
                result.series.append(series)
            }
        }
        for (name, _) in result.types where result.helps[name] == nil {
            throw ParseError(line: name, reason: "famille sans HELP")
        }
        return result
    }

    /// The family a series belongs to: its name, or its name without a histogram's suffix.
    static func family(of name: String, in types: [String: String]) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return nil
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == ":" }
    }

    static func parseSeries(_ line: String) throws -> Series {
        let scalars = Array(line)
        var index = 0
        var name = ""
        while index < scalars.count, scalars[index] != "{", scalars[index] != " " {
            name.append(scalars[index]); index += 1
        }
        guard isMetricName(name) else { throw ParseError(line: line, reason: "nom invalide") }
        var labels: [String: String] = [:]
        if index < scalars.count, scalars[index] == "{" {
            index += 1
            while index < scalars.count, scalars[index] != "}" {
                var label = ""
                while index < scalars.count, scalars[index] != "=" { label.append(scalars[index]); index += 1 }
                guard isMetricName(label), !label.hasPrefix("__"), labels[label] == nil, index + 1 < scalars.count, scalars[index + 1] == "\"" else {
                    throw ParseError(line: line, reason: "étiquette invalide")
                }
                index += 2
                var value = ""
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\" {
                        guard index + 1 < scalars.count else { throw ParseError(line: line, reason: "échappement coupé") }
                        switch scalars[index + 1] {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw ParseError(line: line, reason: "échappement inconnu")
                        }
                        index += 2
                    } else {
                        value.append(scalars[index]); index += 1
                    }
                }
                guard index < scalars.count else { throw ParseError(line: line, reason: "valeur non fermée") }
                index += 1
                labels[label] = value
                if index < scalars.count, scalars[index] == "," { index += 1 }
            }
            guard index < scalars.count else { throw ParseError(line: line, reason: "accolade non fermée") }
            index += 1
        }
        guard index < scalars.count, scalars[index] == " " else { throw ParseError(line: line, reason: "espace attendu avant la valeur") }
        let rest = String(scalars[(index + 1)...]).split(separator: " ")
        guard rest.count == 1 || rest.count == 2 else { throw ParseError(line: line, reason: "valeur invalide") }
        let number: Double
        switch rest[0] {
        case "+Inf": number = .infinity
        case "-Inf": number = -.infinity
        case "NaN": number = .nan
        default:
            guard let parsed = Double(rest[0]) else { throw ParseError(line: line, reason: "nombre invalide") }
            number = parsed
        }
        return Series(name: name, labels: labels, value: number)
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        series.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Each histogram's buckets (bound, cumulative count), by its labels without `le`.
    func histograms(_ family: String) -> [([String: String], [(bound: Double, count: Double)])] {
        var byLabels: [[String: String]: [(bound: Double, count: Double)]] = [:]
        var order: [[String: String]] = []
        for item in series where item.name == family + "_bucket" {
            var labels = item.labels
            let le = labels.removeValue(forKey: "le") ?? ""
            let bound = le == "+Inf" ? Double.infinity : Double(le) ?? .nan
            if byLabels[labels] == nil { order.append(labels) }
            byLabels[labels, default: []].append((bound, item.value))
        }
        return order.map { ($0, byLabels[$0]!) }
    }
}
