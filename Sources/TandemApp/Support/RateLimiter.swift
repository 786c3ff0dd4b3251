import Foundation
import NIOConcurrencyHelpers
import Vapor

/// At most `limit` attempts per key (a client address) in any sliding `window`: public workshop
/// registrations. In process and in memory: several server processes each count their own share,
/// which is enough against a script filling a workshop with names, not against a distributed
/// attack (that is the reverse proxy's job). Failed sign-ins are counted in the database instead
/// (`SignInThrottle`), since there a shared limit matters.
final class RateLimiter: Sendable {
    struct Decision: Equatable {
        let isAllowed: Bool
        /// When refused: how long until the oldest counted attempt leaves the window.
        let retryAfter: Duration

        static let allowed = Decision(isAllowed: true, retryAfter: .zero)
    }

    let limit: Int
    let window: Duration
    private let maxKeys: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    /// Each key's counted attempts, oldest first; never more than `limit` of them.
    private let attempts = NIOLockedValueBox<[String: [ContinuousClock.Instant]]>([:])

    /// `maxKeys` bounds the memory: past it, keys whose attempts all left the window are dropped,
    /// then the key idle the longest. `now` is the clock, replaced in tests.
    init(limit: Int, window: Duration, maxKeys: Int = 10_000,
         now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        precondition(limit > 0 && maxKeys > 0)
        self.limit = limit
        self.window = window
        self.maxKeys = maxKeys
        self.now = now
    }

    /// Counts one attempt for `key` if it is allowed; a refused attempt is not counted, so a
    /// client that keeps trying is let in again as soon as its oldest attempt is old enough.
    func attempt(_ key: String) -> Decision {
        let now = now()
        let start = now - window
        return attempts.withLockedValue { attempts in
            var recent = (attempts[key] ?? []).filter { $0 > start }
            if recent.count >= limit {
                attempts[key] = recent
                return Decision(isAllowed: false, retryAfter: recent[0] + window - now)
            }
            if attempts[key] == nil, attempts.count >= maxKeys { Self.makeRoom(in: &attempts, below: maxKeys, since: start) }
            recent.append(now)
            attempts[key] = recent
            return .allowed
        }
    }

    /// How many keys are remembered (for tests of the memory bound).
    var keyCount: Int { attempts.withLockedValue { $0.count } }

    private static func makeRoom(in attempts: inout [String: [ContinuousClock.Instant]], below maxKeys: Int,
                                 since start: ContinuousClock.Instant) {
        attempts = attempts.filter { $0.value.last.map { $0 > start } ?? false }
        if attempts.count >= maxKeys, let idle = attempts.min(by: { ($0.value.last ?? start) < ($1.value.last ?? start) })?.key {
            attempts[idle] = nil
        }
    }
}

extension Request {
    /// The address a request came from, to count its attempts. Behind a reverse proxy every
    /// request comes from the proxy: with `TANDEM_TRUST_PROXY=1` the last address of
    /// `X-Forwarded-For` is used instead, the one the proxy itself added (the earlier ones are
    /// whatever the client sent, so they could be forged).
    var clientAddress: String {
        if application.tandemConfig.trustProxy,
           let forwarded = headers[.xForwardedFor].last?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty {
            return forwarded
        }
        return remoteAddress?.ipAddress ?? "inconnue"
    }
}
