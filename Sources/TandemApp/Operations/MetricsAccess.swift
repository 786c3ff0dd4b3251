import Foundation
import Vapor

/// Who may read `/metrics`: a client on the same machine (the loopback) that did not come
/// through a proxy, or anyone presenting `Authorization: Bearer <TANDEM_METRICS_TOKEN>`.
/// The counters hold no personal data, but route patterns and volumes describe the service:
/// they are not for everyone. A reverse proxy on the same machine connects from the loopback
/// too, for every visitor: a request carrying `X-Forwarded-For`, `Forwarded` or `X-Real-IP`
/// is therefore never taken as local.
struct MetricsAccess: Sendable {
    /// The shared secret, when one is configured.
    let token: String?

    static let minimumTokenLength = 16

    /// Reads `TANDEM_METRICS_TOKEN` (once, at start); a token too short to resist guessing stops the start.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MetricsAccess {
        guard let token = environment["TANDEM_METRICS_TOKEN"], !token.isEmpty else { return MetricsAccess(token: nil) }
        guard token.count >= minimumTokenLength, !token.contains(where: \.isWhitespace) else {
            throw ConfigurationError("TANDEM_METRICS_TOKEN doit compter au moins \(minimumTokenLength) caractères, sans espace (par exemple la sortie de « openssl rand -hex 32 »).")
        }
        return MetricsAccess(token: token)
    }

    func allows(_ request: Request) -> Bool {
        if let token, let presented = request.headers.bearerAuthorization?.token,
           Self.constantTimeEqual(Array(presented.utf8), Array(token.utf8)) {
            return true
        }
        return Self.isDirectLoopback(request)
    }

    static func isDirectLoopback(_ request: Request) -> Bool {
        guard request.headers[.xForwardedFor].isEmpty, request.headers[.forwarded].isEmpty,
              request.headers["X-Real-IP"].isEmpty else { return false }
        guard let address = request.remoteAddress?.ipAddress else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// Compares without stopping at the first difference, so that timing tells nothing.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

extension Application {
    private struct MetricsAccessKey: StorageKey { typealias Value = MetricsAccess }

    /// Set up by `routes` from the environment; tests replace it.
    var metricsAccess: MetricsAccess {
        get { storage[MetricsAccessKey.self] ?? MetricsAccess(token: nil) }
        set { storage[MetricsAccessKey.self] = newValue }
    }
}
