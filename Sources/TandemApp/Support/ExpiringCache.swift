import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A small in-process cache whose entries expire after `lifetime`, for facts that change
/// rarely and are read on every request (who owns a token, which structure runs a place).
/// Several server processes each keep their own: a change shows everywhere within `lifetime`.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func value(for key: Key) -> Value? {
        let now = ContinuousClock.now
        return entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            if entry.expires < now {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key) {
        let expires = ContinuousClock.now + lifetime
        entries.withLockedValue { entries in
            // A full cache starts again rather than growing without bound.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, expires: expires)
        }
    }

    func remove(_ key: Key) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }

    /// The cached value, or the one `load` finds (then cached); nil results are not cached.
    func value(for key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        if let value = value(for: key) { return value }
        guard let value = try await load() else { return nil }
        store(value, for: key)
        return value
    }
}

/// The caches of one application.
struct AppCaches: Sendable {
    /// Token hash → the account it signs in. A token deleted from the database stops working
    /// within this lifetime.
    let tokens = ExpiringCache<String, Actor>(lifetime: .seconds(60))
    /// Place id → id of the structure that runs it.
    let placeStructures = ExpiringCache<UUID, UUID>(lifetime: .seconds(60))
}

extension Application {
    private struct AppCachesKey: StorageKey { typealias Value = AppCaches }

    /// The application's caches (set up by `configure`).
    var tandemCaches: AppCaches {
        get {
            guard let caches = storage[AppCachesKey.self] else { fatalError("configure(app) sets up the caches") }
            return caches
        }
        set { storage[AppCachesKey.self] = newValue }
    }
}
