import Foundation

/// The files of a statistics table: CSV in either flavour, or JSON.
public enum StatisticsTableFormat: String, Sendable, CaseIterable {
    case csvFrench = "csv-fr"
    case csv
    case json

    public var fileExtension: String { self == .json ? "json" : "csv" }

    public var contentType: String {
        self == .json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8"
    }

    var flavour: CSVFlavour? {
        switch self {
        case .csvFrench: .french
        case .csv: .standard
        case .json: nil
        }
    }
}

extension StatisticsTable {
    /// What a masked table shows for a small count: « < 5 ».
    public static let smallText = SmallCounts.text(0, masked: true)
    /// What a CSV cell says for a number a masked table hides (beside « < 5 » for small counts).
    public static let hiddenText = "masqué"

    /// `statistiques-themes-2026.csv`.
    public func fileName(_ format: StatisticsTableFormat) -> String {
        "statistiques-\(kind.fileWord)-\(period.fileLabel).\(format.fileExtension)"
    }

    /// The whole file, in `format` (a table has at most a few hundred rows: no need to stream).
    public func file(_ format: StatisticsTableFormat) -> String {
        guard let flavour = format.flavour else { return json() }
        return csv(flavour)
    }

    /// « Libellé » then the columns' headers; one line per row.
    public func csv(_ flavour: CSVFlavour) -> String {
        var out = flavour.writer.header([Self.labelHeader] + columns.map(\.header))
        for row in rows {
            out += flavour.writer.line([flavour.text(.text(row.label))] + row.values.map { text($0, flavour) })
        }
        return out
    }

    private func text(_ value: Value, _ flavour: CSVFlavour) -> String {
        switch value {
        case let .count(n): flavour.text(.integer(n))
        case let .tenths(n): flavour.text(.tenths(n))
        case .small: Self.smallText
        case .hidden: Self.hiddenText
        }
    }

    /// The table as a JSON object: its kind, title, period, whether it is masked, and its rows
    /// keyed by column (`activities`, `people`, `hours`, `share`…). In a masked table a small count
    /// is the string « < 5 » and a hidden number is null.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(JSONTable(self))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The JSON shape of a table (keys sorted, so that the same table always reads the same).
private struct JSONTable: Encodable {
    let table: StatisticsTable

    init(_ table: StatisticsTable) { self.table = table }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Period: Encodable {
        let first: String
        let last: String
        let label: String
    }

    struct Row: Encodable {
        let row: StatisticsTable.Row
        let columns: [StatisticsTable.Column]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(row.code, forKey: Key("code"))
            try container.encode(row.label, forKey: Key("label"))
            for (column, value) in zip(columns, row.values) {
                let key = Key(column.key)
                switch value {
                case let .count(n): try container.encode(n, forKey: key)
                case let .tenths(n): try container.encode(Double(n) / 10, forKey: key)
                case .small: try container.encode(StatisticsTable.smallText, forKey: key)
                case .hidden: try container.encodeNil(forKey: key)
                }
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(table.kind.parameter, forKey: Key("table"))
        try container.encode(table.kind.title, forKey: Key("title"))
        try container.encode(Period(first: table.period.first.iso, last: table.period.last.iso, label: table.period.french), forKey: Key("period"))
        try container.encode(table.masked, forKey: Key("masked"))
        try container.encode([StatisticsTable.labelHeader] + table.columns.map(\.header), forKey: Key("headers"))
        try container.encode(table.rows.map { Row(row: $0, columns: table.columns) }, forKey: Key("rows"))
    }
}
