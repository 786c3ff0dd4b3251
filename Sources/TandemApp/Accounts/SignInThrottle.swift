import Foundation
import Vapor

/// Failed sign-ins are counted per address typed (normalised, whether or not an account has it,
/// so that the answer says nothing of which accounts exist) and per client address: after
/// `limit` failures in `window` for either, sign-in answers 429 until the oldest failure is old
/// enough. A successful sign-in clears the count of its e-mail, never that of the client address
/// (or an attacker with one account could try others forever).
struct SignInThrottle: Sendable {
    static let limit = 10
    static let window: Duration = .seconds(15 * 60)

    let accounts: RateLimiter
    let addresses: RateLimiter

    init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        accounts = RateLimiter(limit: Self.limit, window: Self.window, now: now)
        addresses = RateLimiter(limit: Self.limit, window: Self.window, now: now)
    }

    /// Whether a sign-in for `email` from `client` may be tried now; refused, the longer wait.
    func check(email: String, client: String) -> RateLimiter.Decision {
        let byAccount = accounts.check(Self.accountKey(email))
        let byAddress = addresses.check(client)
        if byAccount.isAllowed && byAddress.isAllowed { return .allowed }
        return RateLimiter.Decision(isAllowed: false, retryAfter: max(byAccount.retryAfter, byAddress.retryAfter))
    }

    func recordFailure(email: String, client: String) {
        accounts.recordFailure(Self.accountKey(email))
        addresses.recordFailure(client)
    }

    func recordSuccess(email: String) {
        accounts.reset(Self.accountKey(email))
    }

    /// The e-mail as the sign-in compares it: trimmed, lower case.
    static func accountKey(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// « Réessayez dans N minutes », N rounded up, at least 1.
    static func message(retryAfter: Duration) -> String {
        let minutes = max(1, Int((retryAfter.roundedUpSeconds + 59) / 60))
        return "Trop de tentatives de connexion. Réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
    }
}

extension Duration {
    /// Whole seconds, rounded up (a `Retry-After` of 0 would invite an immediate retry).
    var roundedUpSeconds: Int {
        let parts = components
        return Int(parts.seconds) + (parts.attoseconds > 0 ? 1 : 0)
    }
}

extension Application {
    private struct SignInThrottleKey: StorageKey { typealias Value = SignInThrottle }

    /// The sign-in counters, made in `configure` (tests replace them with ones on a test clock
    /// before sending requests).
    var signInThrottle: SignInThrottle {
        get { storage[SignInThrottleKey.self] ?? SignInThrottle() }
        set { storage[SignInThrottleKey.self] = newValue }
    }
}
