/// An Office Open XML spreadsheet (XLSX) of one sheet, written as text a row at a time so that a
/// caller can stream any number of rows to a file. The package (a ZIP of these parts) is made by
/// the caller; see `XLSXWorkbook.parts` for the fixed parts.
///
/// Strings are inline (`t="inlineStr"`), not in a shared-strings table: the table would have to be
/// held in memory until the end, and spreadsheets read inline strings just as well. Dates are real
/// dates (a serial day number with a `dd/mm/yyyy` format), so that they sort and filter as dates.
public struct XLSXSheetWriter: Sendable {
    public let widths: [Double]
    /// Rows written so far, the header included.
    public private(set) var rowCount = 0
    private let columnNames: [String]

    public init(widths: [Double]) {
        self.widths = widths
        columnNames = widths.indices.map(XLSXSheetWriter.columnName)
    }

    /// The start of the sheet: the header row frozen on top, the column widths.
    public func start() -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        out += "<cols>"
        for (index, width) in widths.enumerated() {
            out += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
        }
        out += "</cols><sheetData>"
        return out
    }

    /// The header row, in bold.
    public mutating func header(_ names: [String]) -> String {
        row(names.map(ExportCell.text), style: XLSXWorkbook.boldStyle)
    }

    /// One row of cells.
    public mutating func row(_ cells: [ExportCell]) -> String {
        row(cells, style: nil)
    }

    /// The end of the sheet, with a filter button on each header cell.
    public func end() -> String {
        var out = "</sheetData>"
        if rowCount > 0, let last = columnNames.last {
            out += #"<autoFilter ref="A1:\#(last)\#(rowCount)"/>"#
        }
        return out + "</worksheet>"
    }

    private mutating func row(_ cells: [ExportCell], style: Int?) -> String {
        rowCount += 1
        let number = String(rowCount)
        var out = #"<row r="\#(number)">"#
        for (index, cell) in cells.enumerated() where index < columnNames.count {
            let reference = columnNames[index] + number
            let styleAttribute = style.map { #" s="\#($0)""# } ?? ""
            switch cell {
            case .empty:
                continue
            case let .text(text):
                // Without `xml:space`, a spreadsheet drops the text's leading and trailing spaces.
                let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? #" xml:space="preserve""# : ""
                out += #"<c r="\#(reference)"\#(styleAttribute) t="inlineStr"><is><t\#(space)>\#(Self.escaped(text))</t></is></c>"#
            case let .integer(value):
                out += #"<c r="\#(reference)"\#(styleAttribute)><v>\#(value)</v></c>"#
            case let .tenths(value):
                out += #"<c r="\#(reference)"\#(styleAttribute)><v>\#(CSVFlavour.standard.decimal(tenths: value))</v></c>"#
            case let .date(date):
                out += #"<c r="\#(reference)" s="\#(style ?? XLSXWorkbook.dateStyle)"><v>\#(Self.serial(date))</v></c>"#
            }
        }
        return out + "</row>"
    }

    /// `A`, `B`, … `Z`, `AA`, `AB`… for a zero-based column index.
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var n = index + 1
        while n > 0 {
            let rest = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// The spreadsheet's day number: days since 1899-12-30 (so 1970-01-01 is 25569).
    public static func serial(_ date: LocalDate) -> Int {
        date.dayNumber + 25_569
    }

    /// Longest text a spreadsheet cell holds.
    static let cellLimit = 32_767

    /// Text as XML character data: markup characters escaped, and the characters XML 1.0 cannot
    /// carry at all (most control characters) left out rather than making the file unreadable.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > cellLimit { break }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The fixed parts of a one-sheet workbook, beside the sheet itself (`XLSXWorkbook.sheetPath`).
public enum XLSXWorkbook {
    public static let sheetPath = "xl/worksheets/sheet1.xml"
    /// Cell styles of `styles.xml`: 0 normal, 1 bold (header), 2 date.
    static let boldStyle = 1
    static let dateStyle = 2

    /// Each part's path in the package and its content, for a sheet named `sheetName`.
    public static func parts(sheetName: String) -> [(path: String, content: String)] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        let contentTypes = declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/\(sheetPath)" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            </Types>
            """
        let rootRelationships = declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """
        let app = declaration + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>Tandem</Application></Properties>
            """
        let workbook = declaration + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(XLSXSheetWriter.escaped(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let workbookRelationships = declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
        let styles = declaration + """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="3">\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            </cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """
        return [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("docProps/app.xml", app),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
        ]
    }
}
