/// A strict RFC 8259 JSON parser that keeps what Foundation's `JSONDecoder` loses: every member of
/// an object in document order (so duplicate keys can be reported) and the exact byte position of a
/// syntax error (so an API client gets a precise French message).
///
/// The parser is iterative (an explicit stack instead of recursion), so a deeply nested document is
/// refused with an error rather than overflowing the call stack, whatever `maxDepth` is.

// MARK: - Values

/// One JSON value.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number, kept exactly as written so that no precision is lost before the caller decides
/// which Swift type it needs. Two numbers are equal when their texts are equal ("1.0" ≠ "1").
public struct JSONNumber: Equatable, Sendable {
    /// The number exactly as written in the document, e.g. "30", "-1.5e3".
    public let text: String

    public init(text: String) { self.text = text }

    /// The value as a `Double`, or nil when it is out of the `Double` range (e.g. "1e400").
    /// Very small values round to zero, as usual for floating point.
    public var double: Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The value as an `Int`, only when the text is an integer literal (no fraction, no exponent)
    /// that fits in `Int`: "30" → 30, but "30.0", "3e1" and "99999999999999999999" → nil.
    public var int: Int? {
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        else { return nil }
        return Int(text)  // nil on overflow
    }
}

/// A JSON object with its members in document order, duplicates included.
///
/// Keys are compared with Swift's `String` equality, i.e. canonical Unicode equivalence:
/// "é" written precomposed and as "e" + combining accent count as the same key (as they would in
/// a `Dictionary`-based decoder).
public struct JSONObject: Equatable, Sendable {
    /// Every member in document order; a key written twice appears twice.
    public let members: [(key: String, value: JSONValue)]

    public init(members: [(key: String, value: JSONValue)]) { self.members = members }

    /// The value of the first member with this key.
    public subscript(key: String) -> JSONValue? {
        members.first(where: { $0.key == key })?.value
    }

    /// Distinct keys, in order of first appearance.
    public var keys: [String] {
        var seen = Set<String>()
        return members.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }

    /// Keys that appear more than once, each listed once, in the order of their first repetition.
    public var duplicateKeys: [String] {
        var seen = Set<String>()
        var reported = Set<String>()
        var result: [String] = []
        for member in members where !seen.insert(member.key).inserted {
            if reported.insert(member.key).inserted { result.append(member.key) }
        }
        return result
    }

    // Tuples are not Equatable, so the conformance is written by hand: same members, same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

// MARK: - Errors

/// Why and where a document is not valid JSON.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem, 0-based. Equal to the byte count when the text ends too early.
    public let offset: Int
    /// Line of the problem, 1-based; lines are separated by LF (a CR before it belongs to the line).
    public let line: Int
    /// Column of the problem, 1-based, counted in bytes (a non-ASCII character spans several).
    public let column: Int
    /// What is wrong, in French, e.g. "virgule ou accolade fermante attendue".
    public let reason: String

    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// Builds the error for `offset` in `bytes`, computing line and column. Only done on failure,
    /// so successful parses never pay for line tracking.
    init(reason: String, at offset: Int, in bytes: [UInt8]) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line &+= 1
                lineStart = index &+ 1
            }
            index &+= 1
        }
        self.init(offset: offset, line: line, column: offset &- lineStart &+ 1, reason: reason)
    }

    public var description: String {
        "JSON invalide, ligne \(line), colonne \(column) : \(reason)"
    }
}

// MARK: - Public entry points and accessors

extension JSONValue {
    /// Parses exactly one JSON value, optionally surrounded by whitespace (space, tab, LF, CR).
    ///
    /// - Parameter maxDepth: the deepest nesting of arrays and objects accepted; one level more is
    ///   an error ("trop d'imbrication"). `0` accepts only scalar documents.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses the UTF-8 encoding of `text`; see `parse(_:maxDepth:)` for bytes.
    public static func parse(_ text: String, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// The French name of the value's type, for messages such as "nombre attendu, texte reçu".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "booléen"
        case .number: "nombre"
        case .string: "texte"
        case .array: "liste"
        case .object: "objet"
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var numberValue: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    public var isNull: Bool { self == .null }
}

// MARK: - Parser

/// French reasons, in one place so tests and messages stay consistent.
enum JSONReason {
    static let empty = "le corps est vide"
    static let bom = "marque d'ordre des octets (BOM) UTF-8 interdite au début du texte"
    static let unexpectedEnd = "fin du texte inattendue"
    static let valueExpected = "valeur attendue (objet, liste, texte, nombre, true, false ou null)"
    static let plusSign = "signe + interdit devant un nombre"
    static let singleQuote = "les textes s'écrivent entre guillemets doubles"
    static let invalidLiteral = "mot inconnu (seuls true, false et null sont permis)"
    static let trailing = "texte en trop après la valeur JSON"
    static let tooDeep = "trop d'imbrication"
    static let nullCharacter = "caractère nul (\\u0000) interdit dans un texte"
    static let arraySeparator = "virgule ou crochet fermant attendu"
    static let objectSeparator = "virgule ou accolade fermante attendue"
    static let keyOrEnd = "nom de champ entre guillemets ou accolade fermante attendu"
    static let key = "nom de champ entre guillemets attendu"
    static let colon = "deux-points attendu après le nom de champ"
    static let controlCharacter = "caractère de contrôle interdit dans une chaîne"
    static let invalidEscape = "séquence d'échappement invalide"
    static let invalidUnicodeEscape = "séquence \\u invalide : quatre chiffres hexadécimaux attendus"
    static let loneSurrogate = "demi-code UTF-16 (surrogate) isolé dans une séquence \\u"
    static let invalidUTF8 = "octets UTF-8 invalides"
    static let leadingZero = "zéro initial interdit dans un nombre"
    static let digitExpected = "chiffre attendu"
    static let fractionDigitExpected = "chiffre attendu après le point décimal"
    static let exponentDigitExpected = "chiffre attendu dans l'exposant"
}

/// One open container on the explicit stack.
private struct JSONFrame {
    var isObject: Bool
    var elements: [JSONValue] = []
    var members: [(key: String, value: JSONValue)] = []
    /// For objects: the key whose value is being parsed.
    var pendingKey: String = ""
}

private struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var position = 0
    var stack: [JSONFrame] = []
    /// Reused between strings that contain escapes, to avoid one allocation per string.
    var scratch: [UInt8] = []

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = max(0, maxDepth)
    }

    func error(_ reason: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, at: offset, in: bytes)
    }

    /// The current byte, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position &+= 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error(JSONReason.bom, at: 0)
        }
        skipWhitespace()
        if position == bytes.count { throw error(JSONReason.empty, at: position) }

        // Each turn of the outer loop reads the start of one value. A scalar or an empty container
        // completes at once; a non-empty container pushes a frame and the loop reads its first item.
        // Completed values are then folded into the enclosing frames until one needs another item.
        while true {
            skipWhitespace()
            guard var completed = try parseValueStart() else { continue }

            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if position != bytes.count { throw error(JSONReason.trailing, at: position) }
                    return completed
                }
                let top = stack.count &- 1
                if stack[top].isObject {
                    stack[top].members.append((stack[top].pendingKey, completed))
                    skipWhitespace()
                    switch current {
                    case UInt8(ascii: ","):
                        position &+= 1
                        skipWhitespace()
                        guard current == UInt8(ascii: "\"") else {
                            throw error(current == nil ? JSONReason.unexpectedEnd : JSONReason.key, at: position)
                        }
                        stack[top].pendingKey = try parseKeyAndColon()
                    case UInt8(ascii: "}"):
                        position &+= 1
                        let frame = stack.removeLast()
                        completed = .object(JSONObject(members: frame.members))
                        continue
                    case nil:
                        throw error(JSONReason.unexpectedEnd, at: position)
                    default:
                        throw error(JSONReason.objectSeparator, at: position)
                    }
                } else {
                    stack[top].elements.append(completed)
                    skipWhitespace()
                    switch current {
                    case UInt8(ascii: ","):
                        position &+= 1
                    case UInt8(ascii: "]"):
                        position &+= 1
                        let frame = stack.removeLast()
                        completed = .array(frame.elements)
                        continue
                    case nil:
                        throw error(JSONReason.unexpectedEnd, at: position)
                    default:
                        throw error(JSONReason.arraySeparator, at: position)
                    }
                }
                break  // the top frame now expects a value: back to the outer loop
            }
        }
    }

    /// Reads the start of a value at `position` (whitespace already skipped). Returns the value when
    /// it is complete, or nil when a non-empty container was opened and pushed on the stack.
    mutating func parseValueStart() throws(JSONSyntaxError) -> JSONValue? {
        guard let byte = current else { throw error(JSONReason.unexpectedEnd, at: position) }
        switch byte {
        case UInt8(ascii: "{"):
            try checkDepth()
            position &+= 1
            skipWhitespace()
            switch current {
            case UInt8(ascii: "}"):
                position &+= 1
                return .object(JSONObject(members: []))
            case UInt8(ascii: "\""):
                let key = try parseKeyAndColon()
                stack.append(JSONFrame(isObject: true, pendingKey: key))
                return nil
            case nil:
                throw error(JSONReason.unexpectedEnd, at: position)
            default:
                throw error(JSONReason.keyOrEnd, at: position)
            }
        case UInt8(ascii: "["):
            try checkDepth()
            position &+= 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position &+= 1
                return .array([])
            }
            stack.append(JSONFrame(isObject: false))
            return nil
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "+"):
            throw error(JSONReason.plusSign, at: position)
        case UInt8(ascii: "'"):
            throw error(JSONReason.singleQuote, at: position)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            throw error(JSONReason.invalidLiteral, at: position)  // NaN, Infinity, True, undefined…
        default:
            throw error(JSONReason.valueExpected, at: position)
        }
    }

    /// Refuses to open one more container than `maxDepth` allows. Called before `position` moves,
    /// so the error points at the bracket that goes too deep.
    func checkDepth() throws(JSONSyntaxError) {
        if stack.count >= maxDepth { throw error(JSONReason.tooDeep, at: position) }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = position
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected -> Bool in
            guard bytes.count &- start >= count else { return false }
            for index in 0..<count where bytes[start &+ index] != expected[index] { return false }
            return true
        }
        guard matches else {
            // "tru" at the end of the text is a truncated literal rather than an unknown word.
            let isTruncated = literal.withUTF8Buffer { expected -> Bool in
                let available = bytes.count &- start
                guard available < count else { return false }
                return (0..<available).allSatisfy { bytes[start &+ $0] == expected[$0] }
            }
            throw error(isTruncated ? JSONReason.unexpectedEnd : JSONReason.invalidLiteral,
                        at: isTruncated ? bytes.count : start)
        }
        position = start &+ count
        // "truex" or "nulls" is one unknown word, reported at its start, not "true" then junk.
        if let next = current, Self.isIdentifierByte(next) {
            throw error(JSONReason.invalidLiteral, at: start)
        }
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// Reads `"key"`, whitespace and `:`; `position` must be on the opening quote.
    mutating func parseKeyAndColon() throws(JSONSyntaxError) -> String {
        let key = try parseString()
        skipWhitespace()
        switch current {
        case UInt8(ascii: ":"): position &+= 1
        case nil: throw error(JSONReason.unexpectedEnd, at: position)
        default: throw error(JSONReason.colon, at: position)
        }
        return key
    }

    // MARK: Numbers

    /// number = [ "-" ] ( "0" / 1-9 *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT ]
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        if current == UInt8(ascii: "-") { position &+= 1 }

        switch current {
        case UInt8(ascii: "0"):
            position &+= 1
            if let next = current, Self.isDigit(next) { throw error(JSONReason.leadingZero, at: position &- 1) }
        case let byte? where Self.isDigit(byte):
            skipDigits()
        case nil:
            throw error(JSONReason.unexpectedEnd, at: position)
        default:
            throw error(JSONReason.digitExpected, at: position)
        }

        if current == UInt8(ascii: ".") {
            position &+= 1
            try requireDigits(JSONReason.fractionDigitExpected)
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position &+= 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position &+= 1 }
            try requireDigits(JSONReason.exponentDigitExpected)
        }
        // The bytes are all ASCII here, so decoding cannot fail.
        return JSONNumber(text: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { position &+= 1 }
    }

    mutating func requireDigits(_ reason: String) throws(JSONSyntaxError) {
        guard let byte = current else { throw error(JSONReason.unexpectedEnd, at: position) }
        guard Self.isDigit(byte) else { throw error(reason, at: position) }
        skipDigits()
    }

    // MARK: Strings

    /// Reads a string; `position` must be on the opening quote. Strings without escapes are decoded
    /// straight from the input slice; the others are assembled in `scratch`.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        position &+= 1  // opening quote
        var segmentStart = position
        var hasEscapes = false
        if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }

        while true {
            guard position < bytes.count else { throw error(JSONReason.unexpectedEnd, at: position) }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let string: String
                if hasEscapes {
                    scratch.append(contentsOf: bytes[segmentStart..<position])
                    // No text of Tandem holds a NUL, and PostgreSQL refuses to store one.
                    if scratch.contains(0) { throw error(JSONReason.nullCharacter, at: position) }
                    string = String(decoding: scratch, as: UTF8.self)
                } else {
                    string = String(decoding: bytes[segmentStart..<position], as: UTF8.self)
                }
                position &+= 1
                return string  // the UTF-8 was validated below, so no U+FFFD was substituted
            case UInt8(ascii: "\\"):
                scratch.append(contentsOf: bytes[segmentStart..<position])
                hasEscapes = true
                try parseEscape()
                segmentStart = position
            case 0x00..<0x20:
                throw error(JSONReason.controlCharacter, at: position)
            case 0x20..<0x80:
                position &+= 1
            default:
                try skipValidUTF8Sequence()
            }
        }
    }

    /// Appends the escaped character to `scratch`; `position` must be on the backslash.
    mutating func parseEscape() throws(JSONSyntaxError) {
        let start = position
        position &+= 1
        guard let byte = current else { throw error(JSONReason.unexpectedEnd, at: position) }
        position &+= 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let first = try parseHex4(escapeStart: start)
            switch first {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard bytes.count &- position >= 2,
                      bytes[position] == UInt8(ascii: "\\"), bytes[position &+ 1] == UInt8(ascii: "u")
                else { throw error(JSONReason.loneSurrogate, at: start) }
                let secondStart = position
                position &+= 2
                let second = try parseHex4(escapeStart: secondStart)
                guard (0xDC00...0xDFFF).contains(second) else { throw error(JSONReason.loneSurrogate, at: start) }
                appendUTF8(0x10000 &+ ((first &- 0xD800) << 10) &+ (second &- 0xDC00))
            case 0xDC00...0xDFFF:
                throw error(JSONReason.loneSurrogate, at: start)
            default:
                appendUTF8(first)
            }
        default:
            throw error(JSONReason.invalidEscape, at: start)
        }
    }

    /// Reads the four hex digits after `\u`; errors point at the backslash of the escape.
    mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error(JSONReason.unexpectedEnd, at: position) }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte &- UInt8(ascii: "a") &+ 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte &- UInt8(ascii: "A") &+ 10)
            default: throw error(JSONReason.invalidUnicodeEscape, at: escapeStart)
            }
            value = value << 4 | digit
            position &+= 1
        }
        return value
    }

    /// Appends a Unicode scalar (never a surrogate here) to `scratch` as UTF-8.
    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// Skips one multi-byte UTF-8 sequence starting at `position`, refusing overlong forms,
    /// encoded surrogates, values above U+10FFFF and truncated sequences (Unicode table 3-7).
    /// The error points at the first byte of the sequence.
    mutating func skipValidUTF8Sequence() throws(JSONSyntaxError) {
        let start = position
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw error(JSONReason.invalidUTF8, at: start)
        }
        guard bytes.count &- start >= length, secondRange.contains(bytes[start &+ 1]) else {
            throw error(JSONReason.invalidUTF8, at: start)
        }
        var index = start &+ 2
        while index < start &+ length {
            guard (0x80...0xBF).contains(bytes[index]) else { throw error(JSONReason.invalidUTF8, at: start) }
            index &+= 1
        }
        position = start &+ length
    }
}
