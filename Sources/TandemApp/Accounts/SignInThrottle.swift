import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Failed sign-ins are counted per address typed (normalised, whether or not an account has it,
/// so that the answer says nothing of which accounts exist) and per client address: after
/// `limit` failures in `window` for either, sign-in answers 429 until the oldest failure is old
/// enough. A successful sign-in clears the count of its e-mail, never that of the client address
/// (or an attacker with one account could try others forever).
///
/// The failures live in the database (`sign_in_failures`), not in the process: several servers
/// sharing one PostgreSQL count them together, so spreading tries over N servers does not give
/// N × the limit, and a restart does not forget them. Rows hold a SHA-256 of the key, never the
/// e-mail or the address, and are deleted once older than the window.
struct SignInThrottle: Sendable {
    static let limit = 10
    static let window: Duration = .seconds(15 * 60)

    /// The wall clock (shared by the processes; replaced in tests).
    let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Whether a sign-in for `email` from `client` may be tried now; refused, the longer wait.
    func check(email: String, client: String, on db: any Database) async throws -> RateLimiter.Decision {
        let now = now()
        let keys = [Self.accountKey(hashing: email), Self.addressKey(hashing: client)]
        let recent = try await SignInFailureModel.query(on: db)
            .filter(\.$key ~~ keys)
            .filter(\.$at > Self.windowStart(now))
            .sort(\.$at)
            .all()
        var wait: Double = 0
        for key in keys {
            let times = recent.filter { $0.key == key }.map(\.at)
            guard times.count >= Self.limit else { continue }
            // Let in again when enough failures leave the window to fall under the limit.
            wait = max(wait, times[times.count - Self.limit] + Self.windowSeconds - now.timeIntervalSince1970)
        }
        // To the nearest millisecond: seconds since 1970 as doubles carry noise in the last bits.
        let milliseconds = Int64((wait * 1000).rounded())
        guard milliseconds > 0 else { return .allowed }
        return RateLimiter.Decision(isAllowed: false, retryAfter: .milliseconds(milliseconds))
    }

    /// Counts one failure for the e-mail and one for the client address.
    func recordFailure(email: String, client: String, on db: any Database) async throws {
        let now = now()
        try await forgetExpired(on: db)
        for key in [Self.accountKey(hashing: email), Self.addressKey(hashing: client)] {
            try await SignInFailureModel(key: key, at: now.timeIntervalSince1970).create(on: db)
        }
    }

    func recordSuccess(email: String, on db: any Database) async throws {
        try await SignInFailureModel.query(on: db).filter(\.$key == Self.accountKey(hashing: email)).delete()
        try await forgetExpired(on: db)
    }

    /// Deletes the failures that have left the window: done at each sign-in and by the daily
    /// retention run, so the table holds no more than a quarter of an hour of them, plus at
    /// most a day when nobody signs in.
    func forgetExpired(on db: any Database) async throws {
        try await SignInFailureModel.query(on: db).filter(\.$at <= Self.windowStart(now())).delete()
    }

    /// The e-mail as the sign-in compares it: trimmed, lower case.
    static func accountKey(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The stored keys: a prefix telling the two counts apart, and a hash, so that the table
    /// never holds an e-mail typed (perhaps someone else's) or a client's address.
    static func accountKey(hashing email: String) -> String { "compte:" + sha256(accountKey(email)) }
    static func addressKey(hashing client: String) -> String { "adresse:" + sha256(client) }

    private static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static var windowSeconds: Double { Double(window.components.seconds) }

    private static func windowStart(_ now: Date) -> Double { now.timeIntervalSince1970 - windowSeconds }

    /// « Réessayez dans N minutes », N rounded up, at least 1.
    static func message(retryAfter: Duration) -> String {
        let minutes = max(1, Int((retryAfter.roundedUpSeconds + 59) / 60))
        return "Trop de tentatives de connexion. Réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
    }
}

/// One failed sign-in, counted for an e-mail or for a client address (hashed, see above).
final class SignInFailureModel: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    /// Seconds since 1970 (a number, compared the same way by SQLite and PostgreSQL).
    @Field(key: "at") var at: Double

    init() {}

    init(key: String, at: Double) {
        self.key = key
        self.at = at
    }
}

struct CreateSignInFailure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInFailureModel.schema)
            .id()
            .field("key", .string, .required)
            .field("at", .double, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX sign_in_failures_key_at ON sign_in_failures (\"key\", \"at\")").run()
            try await sql.raw("CREATE INDEX sign_in_failures_at ON sign_in_failures (\"at\")").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailureModel.schema).delete()
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

    /// The sign-in counters' clock, set in `configure` (tests replace it with a test clock before
    /// sending requests); the counts themselves are in the database.
    var signInThrottle: SignInThrottle {
        get { storage[SignInThrottleKey.self] ?? SignInThrottle() }
        set { storage[SignInThrottleKey.self] = newValue }
    }
}
