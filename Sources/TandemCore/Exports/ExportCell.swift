/// One cell of an export, typed, so that each format writes it its own way: a spreadsheet gets a
/// real number or date, a French CSV a decimal comma, a standard CSV a dot.
public enum ExportCell: Equatable, Sendable {
    case text(String)
    case integer(Int)
    /// A number with one decimal (hours, a percentage), kept in tenths so that it is rounded once.
    case tenths(Int)
    case date(LocalDate)
    case empty

    /// Tenths from a fraction, rounded half up: `tenths(of: 90, per: 60)` is 15 (1.5 hours).
    public static func tenths(of numerator: Int, per denominator: Int) -> ExportCell {
        .tenths(roundedTenths(numerator, denominator))
    }

    public static func roundedTenths(_ numerator: Int, _ denominator: Int) -> Int {
        guard denominator > 0 else { return 0 }
        return (numerator * 10 * 2 + denominator) / (denominator * 2)
    }
}

/// The two CSV flavours of every export.
public enum CSVFlavour: String, Sendable, CaseIterable {
    /// UTF-8 with a byte order mark, `;` between fields, decimal comma and dates as 15/01/2026:
    /// what Excel and LibreOffice in French open correctly with a double click.
    case french = "csv-fr"
    /// RFC 4180: `,`, UTF-8 without byte order mark, dot decimals and ISO dates, for programs.
    case standard = "csv"

    public var writer: CSVWriter {
        switch self {
        case .french: CSVWriter(delimiter: .semicolon, byteOrderMark: true)
        case .standard: CSVWriter(delimiter: .comma, byteOrderMark: false)
        }
    }

    /// The text of a cell in this flavour.
    public func text(_ cell: ExportCell) -> String {
        switch cell {
        case let .text(text): CSVFlavour.neutralisingFormula(text)
        case let .integer(value): String(value)
        case let .tenths(value): decimal(tenths: value)
        case let .date(date): self == .french ? date.french : date.iso
        case .empty: ""
        }
    }

    public func line(_ cells: [ExportCell]) -> String {
        writer.line(cells.map(text))
    }

    /// `12,5` or `12.5`; `-0,5` for a negative value.
    public func decimal(tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return sign + String(magnitude / 10) + (self == .french ? "," : ".") + String(magnitude % 10)
    }

    /// A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or CR before one) as
    /// a formula: free text typed by a person (a workshop title, notes) could then fetch an
    /// address or run a command on the reader's computer. Such a cell gets a leading apostrophe,
    /// which spreadsheets read as "this is text" (OWASP's advice for CSV injection).
    public static func neutralisingFormula(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
