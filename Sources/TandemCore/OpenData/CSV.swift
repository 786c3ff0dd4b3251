/// CSV as RFC 4180 describes it, for the open-data files (places, exports) and for imports
/// made with spreadsheets. Plain Swift: bytes in, strings out, no Foundation needed.

/// The character between fields: `,` (RFC 4180, open data) or `;` (what French spreadsheets write).
public enum CSVDelimiter: UInt8, Sendable, CaseIterable {
    case comma = 0x2C
    case semicolon = 0x3B

    public var character: Character { self == .comma ? "," : ";" }
}

// MARK: - Writing

/// Writes CSV one line at a time, so a caller can stream a large export.
///
/// A field is put between double quotes when it contains the delimiter, a comma, a double quote,
/// CR or LF, or starts or ends with a space or a tab; inner double quotes are doubled. Every line
/// ends with CRLF; a record made of one empty field is written `""`. The writer does not change cell contents: formula-looking cells must be refused
/// before (see `PlaceRecord.validate`).
public struct CSVWriter: Sendable {
    public var delimiter: CSVDelimiter
    /// Whether `header(_:)` starts with a UTF-8 byte order mark (Excel needs one to read UTF-8).
    public var byteOrderMark: Bool

    public init(delimiter: CSVDelimiter = .comma, byteOrderMark: Bool = false) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
    }

    /// The UTF-8 byte order mark, U+FEFF (bytes EF BB BF).
    public static let byteOrderMarkText = "\u{FEFF}"

    /// The first chunk of a file: the optional byte order mark, then the header line.
    public func header(_ names: [String]) -> String {
        (byteOrderMark ? Self.byteOrderMarkText : "") + Self.line(names, delimiter: delimiter)
    }

    /// One record, ending with CRLF.
    public func line(_ fields: [String]) -> String {
        Self.line(fields, delimiter: delimiter)
    }

    /// One record, ending with CRLF.
    public static func line(_ fields: [String], delimiter: CSVDelimiter = .comma) -> String {
        // A lone empty field would make an empty line, which readers skip: quote it.
        if fields.count == 1 && fields[0].isEmpty { return "\"\"\r\n" }
        var out = ""
        out.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(delimiter.character) }
            out += Self.field(field, delimiter: delimiter)
        }
        out += "\r\n"
        return out
    }

    /// One field, quoted when needed.
    public static func field(_ text: String, delimiter: CSVDelimiter = .comma) -> String {
        guard needsQuotes(text, delimiter: delimiter) else { return text }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 4)
        // Split on the quote's UTF-8 byte (never part of a multi-byte character).
        for (index, piece) in text.utf8.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += "\"\"" }
            out += String(decoding: piece, as: UTF8.self)
        }
        out += "\""
        return out
    }

    static func needsQuotes(_ text: String, delimiter: CSVDelimiter) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        if first == space || first == tab || last == space || last == tab { return true }
        return bytes.contains { byte in
            byte == delimiter.rawValue || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
    }
}

// MARK: - Reading

/// One record read from a file: its fields and the physical line (1-based) where it starts.
public struct CSVRecord: Equatable, Sendable {
    public var fields: [String]
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// Why a file could not be read, with the physical line (1-based) where the problem is.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case invalidUTF8
        /// The file ends inside a quoted field; `line` is where that field's opening quote is.
        case unclosedQuote
        /// A double quote inside a field that does not start with one.
        case strayQuote
        /// Something other than a delimiter or a line end right after a closing quote.
        case textAfterClosingQuote
        case fieldTooLong(limit: Int)
        case tooManyFields(limit: Int)
    }

    public let kind: Kind
    public let line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The problem in French, for the person who sent the file.
    public var message: String {
        switch kind {
        case .invalidUTF8:
            "le fichier n'est pas encodé en UTF-8 (ligne \(line))"
        case .unclosedQuote:
            "un guillemet ouvert n'est jamais refermé : le fichier se termine à l'intérieur d'un champ entre guillemets (ligne \(line))"
        case .strayQuote:
            "guillemet au milieu d'un champ qui n'est pas entre guillemets ; entourez le champ de guillemets et doublez celui-ci (ligne \(line))"
        case .textAfterClosingQuote:
            "texte après un guillemet fermant ; un guillemet dans un champ doit être doublé (ligne \(line))"
        case .fieldTooLong(let limit):
            "champ trop long : plus de \(limit) octets (ligne \(line))"
        case .tooManyFields(let limit):
            "trop de champs dans un enregistrement : plus de \(limit) (ligne \(line))"
        }
    }

    public var description: String { message }
}

/// Reads CSV records one at a time from bytes, in a single pass (linear time): each field's bytes
/// are gathered and decoded once, when the field ends.
///
/// Accepts CRLF, LF (and a lone CR) as line ends, quoted fields with delimiters, line breaks and
/// doubled quotes, and skips a leading UTF-8 byte order mark. Empty lines between records are
/// skipped (they still count for line numbers). After an error the reader stays failed: `next()`
/// throws the same error again.
///
/// The reader does not decide whether the bytes are "a CSV of places": read the first record and
/// check it as a header (`PlaceStandard.checkHeader`).
public struct CSVReader: Sendable {
    public let delimiter: CSVDelimiter
    /// The most bytes a field may hold (after removing its quotes).
    public let maxFieldLength: Int
    /// The most fields a record may hold.
    public let maxFields: Int

    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    private var failure: CSVError?
    private var field: [UInt8] = []

    public init(
        bytes: some Sequence<UInt8>,
        delimiter: CSVDelimiter = .comma,
        maxFieldLength: Int = 100_000,
        maxFields: Int = 200
    ) {
        self.bytes = Array(bytes)
        self.delimiter = delimiter
        self.maxFieldLength = max(0, maxFieldLength)
        self.maxFields = max(1, maxFields)
        self.position = Self.hasByteOrderMark(self.bytes) ? 3 : 0
    }

    /// The reader of a text (handy in tests).
    public init(text: String, delimiter: CSVDelimiter = .comma, maxFieldLength: Int = 100_000, maxFields: Int = 200) {
        self.init(bytes: Array(text.utf8), delimiter: delimiter, maxFieldLength: maxFieldLength, maxFields: maxFields)
    }

    /// The physical line (1-based) the reader has reached.
    public var currentLine: Int { line }

    /// The next record, or nil at the end of the bytes.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        if let failure { throw failure }
        do {
            return try readRecord()
        } catch {
            failure = error
            throw error
        }
    }

    /// Every remaining record.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    /// The delimiter a file most likely uses: `;` when its first line (outside quotes) has more
    /// semicolons than commas, else `,`.
    public static func detectDelimiter(in bytes: some Collection<UInt8>) -> CSVDelimiter {
        var commas = 0, semicolons = 0, quoted = false
        for byte in bytes {
            if byte == quote { quoted.toggle(); continue }
            if quoted { continue }
            if byte == lf || byte == cr { break }
            if byte == CSVDelimiter.comma.rawValue { commas += 1 }
            if byte == CSVDelimiter.semicolon.rawValue { semicolons += 1 }
        }
        return semicolons > commas ? .semicolon : .comma
    }

    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private mutating func readRecord() throws(CSVError) -> CSVRecord? {
        let count = bytes.count
        // Empty lines between records are not records.
        while position < count {
            let byte = bytes[position]
            if byte == Self.lf {
                position += 1
            } else if byte == Self.cr {
                position += 1
                if position < count && bytes[position] == Self.lf { position += 1 }
            } else {
                break
            }
            line += 1
        }
        guard position < count else { return nil }

        let recordLine = line
        var fields: [String] = []
        while true {
            fields.append(try readField())
            if fields.count > maxFields { throw CSVError(.tooManyFields(limit: maxFields), line: line) }
            guard position < count else { break }
            let byte = bytes[position]
            position += 1
            if byte == delimiter.rawValue { continue }
            // A line end (readField stops only at the delimiter, CR, LF or the end).
            if byte == Self.cr && position < count && bytes[position] == Self.lf { position += 1 }
            line += 1
            break
        }
        return CSVRecord(fields: fields, line: recordLine)
    }

    /// Reads one field, leaving `position` on the delimiter or line end that follows it (or at the end).
    private mutating func readField() throws(CSVError) -> String {
        let count = bytes.count
        let fieldLine = line
        field.removeAll(keepingCapacity: true)

        if position < count && bytes[position] == Self.quote {
            position += 1
            var start = position
            while true {
                guard position < count else { throw CSVError(.unclosedQuote, line: fieldLine) }
                let byte = bytes[position]
                if byte == Self.quote {
                    try appendField(start..<position)
                    if position + 1 < count && bytes[position + 1] == Self.quote {
                        try appendField(position..<(position + 1)) // one of the two quotes
                        position += 2
                        start = position
                        continue
                    }
                    position += 1 // the closing quote
                    break
                }
                if byte == Self.lf {
                    line += 1
                } else if byte == Self.cr && !(position + 1 < count && bytes[position + 1] == Self.lf) {
                    line += 1
                }
                position += 1
                if position - start + field.count > maxFieldLength {
                    throw CSVError(.fieldTooLong(limit: maxFieldLength), line: line)
                }
            }
            if position < count {
                let next = bytes[position]
                if next != delimiter.rawValue && next != Self.cr && next != Self.lf {
                    throw CSVError(.textAfterClosingQuote, line: line)
                }
            }
        } else {
            let start = position
            while position < count {
                let byte = bytes[position]
                if byte == delimiter.rawValue || byte == Self.cr || byte == Self.lf { break }
                if byte == Self.quote { throw CSVError(.strayQuote, line: line) }
                position += 1
                if position - start > maxFieldLength {
                    throw CSVError(.fieldTooLong(limit: maxFieldLength), line: line)
                }
            }
            try appendField(start..<position)
        }
        return try decodeField(startingAt: fieldLine)
    }

    private mutating func appendField(_ range: Range<Int>) throws(CSVError) {
        guard !range.isEmpty else { return }
        if field.count + range.count > maxFieldLength {
            throw CSVError(.fieldTooLong(limit: maxFieldLength), line: line)
        }
        field.append(contentsOf: bytes[range])
    }

    /// The field as text, or an error at the physical line of its first invalid byte.
    private func decodeField(startingAt fieldLine: Int) throws(CSVError) -> String {
        if let text = String(validating: field, as: UTF8.self) { return text }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = field.makeIterator()
        var offset = 0
        scan: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error, .emptyInput: break scan
            }
        }
        var badLine = fieldLine
        var index = 0
        let end = min(offset, field.count)
        while index < end {
            let byte = field[index]
            if byte == Self.lf || (byte == Self.cr && !(index + 1 < field.count && field[index + 1] == Self.lf)) {
                badLine += 1
            }
            index += 1
        }
        throw CSVError(.invalidUTF8, line: badLine)
    }
}
