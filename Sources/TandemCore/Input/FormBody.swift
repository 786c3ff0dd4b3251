/// An `application/x-www-form-urlencoded` body (an HTML form post), with every name/value pair kept
/// in document order. Keeping repeats lets the caller tell a legitimately multi-valued field
/// (checkboxes) from a single-valued field sent twice, which a dictionary would silently hide.
///
/// Names are compared with Swift's `String` equality (canonical Unicode equivalence).
public struct FormBody: Equatable, Sendable {
    /// Every pair, in document order, repeats included.
    public let pairs: [(name: String, value: String)]

    public init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// Parses a body. Never fails, following the WHATWG URL standard's form parser:
    /// - pairs are separated by `&`; empty segments (`a=1&&b=2`) are skipped;
    /// - a segment without `=` is a name with an empty value; only the first `=` splits
    ///   (`a=b=c` is name "a", value "b=c"); `=x` is kept as an empty name with value "x";
    /// - `+` means a space, `%XX` is a byte; the bytes are then read as UTF-8, and invalid
    ///   UTF-8 becomes U+FFFD;
    /// - an invalid escape (`%zz`, or `%` near the end) is kept literally.
    public static func parse(_ body: String) -> FormBody {
        var pairs: [(name: String, value: String)] = []
        for segment in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                let name = decode(segment[segment.startIndex..<equals])
                let value = decode(segment[segment.index(after: equals)...])
                pairs.append((name, value))
            } else {
                pairs.append((decode(segment), ""))
            }
        }
        return FormBody(pairs: pairs)
    }

    /// Decodes one name or value: `+` → space, valid `%XX` → byte, everything else as is.
    private static func decode(_ encoded: Substring.UTF8View) -> String {
        // Most names and values need no decoding: skip the byte buffer for them.
        if !encoded.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) {
            return String(decoding: encoded, as: UTF8.self)
        }
        let input = Array(encoded)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                      let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                // A NUL (%00) is dropped: no text of Tandem holds one, and PostgreSQL refuses it.
                if high << 4 | low != 0 { bytes.append(high << 4 | low) }
                index += 3
            } else {
                bytes.append(byte)  // including a '%' that does not start a valid escape
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)  // invalid UTF-8 → U+FFFD
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// All values sent for `name`, in order; empty when the name is absent.
    public func values(_ name: String) -> [String] {
        pairs.compactMap { $0.name == name ? $0.value : nil }
    }

    /// The first value sent for `name`, or nil when the name is absent.
    public func value(_ name: String) -> String? {
        pairs.first(where: { $0.name == name })?.value
    }

    /// How many times `name` was sent.
    public func count(_ name: String) -> Int {
        pairs.reduce(0) { $1.name == name ? $0 + 1 : $0 }
    }

    /// Distinct names, in order of first appearance.
    public var names: [String] {
        var seen = Set<String>()
        return pairs.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// The names of `singleValued` that were sent more than once, in order of first appearance in
    /// the body. Used to refuse a field that must have one value (e.g. an email) but came twice.
    public func repeatedNames(among singleValued: Set<String>) -> [String] {
        var counts: [String: Int] = [:]
        for pair in pairs where singleValued.contains(pair.name) {
            counts[pair.name, default: 0] += 1
        }
        return names.filter { (counts[$0] ?? 0) > 1 }
    }

    // Tuples are not Equatable, so the conformance is written by hand: same pairs, same order.
    public static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
