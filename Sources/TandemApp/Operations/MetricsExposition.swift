import Foundation

/// The Prometheus text exposition format, version 0.0.4: for each metric family a `# HELP` and a
/// `# TYPE` line, then one line per series, `name{label="value",…} number`.
/// https://prometheus.io/docs/instrumenting/exposition_formats/
struct MetricsExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    /// Starts a family: its help text and its type (counter, gauge, histogram).
    mutating func family(_ name: String, _ type: String, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// One series of the current family.
    mutating func sample(_ name: String, _ value: Double) {
        sample(name, [], value)
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.format(value) + "\n"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabel(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Help texts escape backslash and line feed.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integers without a fraction, others as Swift prints a Double; `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A bucket's upper bound as a label (`0.005`, `1`, `+Inf`).
    static func bound(_ value: Double) -> String { format(value) }
}

extension TandemMetrics {
    /// The whole exposition: the counters of this process and what the application reports.
    func exposition(_ environment: MetricsEnvironment) -> String {
        let snapshot = snapshot()
        var out = MetricsExposition()
        let routes = snapshot.routes.sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }

        out.family("tandem_http_requests_total", "counter", help: "Requêtes HTTP répondues, par méthode, route (son modèle) et statut.")
        for (key, stats) in routes {
            for (status, count) in stats.statuses.sorted(by: { $0.key < $1.key }) {
                out.sample("tandem_http_requests_total", [("method", key.method), ("route", key.route), ("status", String(status))], Double(count))
            }
        }

        out.family("tandem_http_request_duration_seconds", "histogram", help: "Durée jusqu'au début de la réponse (en-têtes), par méthode et route.")
        for (key, stats) in routes {
            var cumulative: UInt64 = 0
            for (index, count) in stats.buckets.enumerated() {
                cumulative += count
                let bound = index < Self.buckets.count ? MetricsExposition.bound(Self.buckets[index]) : "+Inf"
                out.sample("tandem_http_request_duration_seconds_bucket", [("method", key.method), ("route", key.route), ("le", bound)], Double(cumulative))
            }
            out.sample("tandem_http_request_duration_seconds_sum", [("method", key.method), ("route", key.route)], stats.sum)
            out.sample("tandem_http_request_duration_seconds_count", [("method", key.method), ("route", key.route)], Double(stats.count))
        }

        out.family("tandem_http_requests_in_flight", "gauge", help: "Requêtes reçues et pas encore répondues.")
        out.sample("tandem_http_requests_in_flight", Double(snapshot.inFlight))

        out.family("tandem_activities_recorded_total", "counter", help: "Activités enregistrées en base (pages, API, clôture d'atelier) depuis le démarrage du processus.")
        out.sample("tandem_activities_recorded_total", Double(snapshot.activitiesRecorded))

        out.family("tandem_db_pool_max_connections", "gauge", help: "Connexions à la base que les pools peuvent ouvrir : par boucle d'événements × nombre de boucles.")
        out.sample("tandem_db_pool_max_connections", [("storage", environment.storage)], Double(environment.poolMaxConnections * environment.eventLoops))

        out.family("tandem_event_loops", "gauge", help: "Boucles d'événements (fils) qui servent les requêtes.")
        out.sample("tandem_event_loops", Double(environment.eventLoops))

        if let resident = environment.residentMemoryBytes {
            out.family("tandem_process_resident_memory_bytes", "gauge", help: "Mémoire résidente du processus (/proc/self/statm).")
            out.sample("tandem_process_resident_memory_bytes", Double(resident))
        }

        out.family("tandem_process_start_time_seconds", "gauge", help: "Démarrage du processus, en secondes depuis l'époque Unix.")
        out.sample("tandem_process_start_time_seconds", startTime.timeIntervalSince1970.rounded())

        out.family("tandem_build_info", "gauge", help: "Version de Tandem et base utilisée ; vaut toujours 1.")
        out.sample("tandem_build_info", [("version", environment.version), ("storage", environment.storage)], 1)
        return out.text
    }
}
