import Foundation

/// The demo territory's random numbers: xoshiro256** seeded through SplitMix64.
///
/// Every draw is computed here with fixed integer arithmetic (no system generator, no standard
/// library sampling algorithm), so one seed gives the same territory on every machine and with
/// every Swift version.
public struct DemoRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    public init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
        // xoshiro's only bad state is all zeros; SplitMix64 cannot output four zeros in a row,
        // but keep the guarantee explicit.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// An independent generator for one numbered stream of a seed (one activity, one purpose):
    /// the same (seed, stream) always gives the same numbers, whatever was drawn before.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: Self.mix(seed, stream))
    }

    /// One step of SplitMix64.
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mixes two numbers into one well-spread seed.
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var state = a ^ (b &* 0xD6E8_FEB8_6659_FD93)
        _ = splitMix(&state)
        return splitMix(&state)
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    // MARK: Helpers

    /// A uniform integer in `0..<bound` (Lemire's method with rejection, so unbiased).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform number in `[0, 1)`, with 53 bits of precision.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element, uniformly.
    public mutating func pick<C: RandomAccessCollection>(_ elements: C) -> C.Element {
        precondition(!elements.isEmpty, "cannot pick from an empty collection")
        return elements[elements.index(elements.startIndex, offsetBy: below(elements.count))]
    }

    /// One value, with probability proportional to its weight (weights ≥ 0, at least one > 0).
    public mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + max(0, $1.1) }
        precondition(total > 0, "weighted choice needs a positive weight")
        var target = unit() * total
        for (value, weight) in choices where weight > 0 {
            if target < weight { return value }
            target -= weight
        }
        // Rounding: the last value with a positive weight.
        return choices.last { $0.1 > 0 }!.0
    }

    /// `count` distinct elements, in their original order (a partial Fisher–Yates on indices).
    public mutating func sample<T>(_ elements: [T], count: Int) -> [T] {
        var indices = Array(elements.indices)
        let k = min(max(0, count), indices.count)
        for i in 0..<k {
            let j = i + below(indices.count - i)
            indices.swapAt(i, j)
        }
        return indices.prefix(k).sorted().map { elements[$0] }
    }

    /// A version 4 UUID made of this generator's bytes.
    public mutating func uuid() -> UUID {
        let high = next()
        let low = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40 // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}

/// A weighted list prepared once (cumulative weights), for choices drawn many times.
struct DemoWeighted<T: Sendable>: Sendable {
    let values: [T]
    let cumulative: [Double]

    init(_ choices: [(T, Double)]) {
        var values: [T] = []
        var cumulative: [Double] = []
        var total = 0.0
        for (value, weight) in choices where weight > 0 {
            total += weight
            values.append(value)
            cumulative.append(total)
        }
        precondition(!values.isEmpty, "weighted choice needs a positive weight")
        self.values = values
        self.cumulative = cumulative
    }

    var total: Double { cumulative[cumulative.count - 1] }

    func pick(_ rng: inout DemoRandom) -> T {
        values[index(for: rng.unit() * total)]
    }

    /// The first value whose cumulative weight exceeds `target` (binary search).
    func index(for target: Double) -> Int {
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
