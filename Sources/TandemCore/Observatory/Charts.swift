import Foundation

/// SVG charts drawn by the server: data in, markup out, nothing else. Each chart reads in black
/// and white (its numbers are written on it; the two years of the trend differ by dash and
/// marker, not by colour), is one `role="img"` named by its `<title>` and `<desc>`, and escapes
/// every text it draws. Sizes are in the units of a 400-wide `viewBox`: the page scales the
/// drawing to the screen, so the same markup serves a phone, a desktop and the printed page.
public enum SVG {
    /// The drawing's width in `viewBox` units.
    public static let width = 400

    /// Text or attribute value made safe for XML (and HTML): the five special characters
    /// escaped, control characters (not allowed in XML 1.0) dropped.
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { continue }
                if (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A label shortened to `limit` characters with « … »: SVG text does not wrap, and the full
    /// label is in the table under the chart.
    public static func clip(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A coordinate: at most one decimal, a dot as separator whatever the locale.
    static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return tenths % 10 == 0 ? String(tenths / 10) : "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// The opening of a chart: its size, its role and accessible name, then `body`.
    static func document(id: String, height: Int, title: String, description: String, body: String) -> String {
        let titleId = id + "-titre", descId = id + "-desc"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" "
            + "role=\"img\" aria-labelledby=\"\(titleId) \(descId)\" focusable=\"false\" font-family=\"system-ui, sans-serif\">"
            + "<title id=\"\(titleId)\">\(escape(title))</title><desc id=\"\(descId)\">\(escape(description))</desc>"
            + body + "</svg>"
    }

    static func text(_ content: String, x: Double, y: Double, size: Int = 14, anchor: String = "start", weight: String? = nil, fill: String = Ink.text) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
            + (weight.map { " font-weight=\"\($0)\"" } ?? "") + ">\(escape(content))</text>"
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
            + (stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? "") + "/>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }
}

/// The few inks of the charts: dark enough to print, greys for what is secondary.
enum Ink {
    static let text = "#1a1a1a"
    static let bar = "#083a66"
    static let grid = "#767676"
    static let paper = "#ffffff"
    /// Shades of the weekday × hour grid, lightest first; the last two take white text.
    static let shades = ["#ffffff", "#ebebeb", "#c4c4c4", "#666666", "#2b2b2b"]
}

/// Axis arithmetic shared by the charts.
enum ChartScale {
    /// A round top for an axis of four steps holding `maximum` (1, 2, 5, 10, 20, 25, 50… a step).
    static func top(for maximum: Int) -> (top: Int, step: Int) {
        let wanted = max(1, Int((Double(maximum) / 4).rounded(.up)))
        var magnitude = 1
        while magnitude * 10 <= wanted { magnitude *= 10 }
        let steps = [1, 2, 5, 10].map { $0 * magnitude } + (magnitude >= 10 ? [magnitude * 5 / 2] : [])
        let step = steps.filter { $0 >= wanted }.min() ?? magnitude * 10
        return (step * 4, step)
    }
}

// MARK: - Horizontal bars

/// One bar: a label, a value (nil when a shared view masks a small count: no bar is drawn) and
/// the figure written beside it (« 1 234 », « < 5 »).
public struct ChartBar: Sendable, Equatable {
    public let label: String
    public let value: Int?
    public let text: String

    public init(label: String, value: Int?, text: String) {
        self.label = label
        self.value = value
        self.text = text
    }
}

/// A breakdown as horizontal bars, one per line, the label above its bar so that long French
/// labels keep the whole width on a phone.
public struct BarChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var bars: [ChartBar]
    /// Beyond this many bars the chart stops (the table under it lists every row).
    public var maxBars: Int

    public init(id: String, title: String, description: String, bars: [ChartBar], maxBars: Int = 20) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
        self.maxBars = maxBars
    }

    static let rowHeight = 48.0
    static let valueRoom = 64.0

    public func svg() -> String {
        let shown = Array(bars.prefix(maxBars))
        let largest = max(1, shown.compactMap(\.value).max() ?? 1)
        let length = Double(SVG.width) - Self.valueRoom
        var body = ""
        for (index, bar) in shown.enumerated() {
            let top = Double(index) * Self.rowHeight
            body += SVG.text(SVG.clip(bar.label, to: 42), x: 0, y: top + 17, size: 16)
            let barLength = bar.value.map { length * Double($0) / Double(largest) } ?? 0
            if bar.value != nil { body += SVG.rect(x: 0, y: top + 24, width: barLength, height: 16, fill: Ink.bar) }
            body += SVG.text(bar.text, x: barLength + 6, y: top + 38, size: 15, weight: "600")
        }
        var height = Double(shown.count) * Self.rowHeight + 4
        if bars.count > shown.count {
            body += SVG.text("… et \(bars.count - shown.count) autres lignes (voir le tableau)", x: 0, y: height + 12, size: 15)
            height += 20
        }
        return SVG.document(id: id, height: Int(height.rounded(.up)), title: title, description: description, body: body)
    }
}

// MARK: - Monthly trend

/// One month of the trend: this period's value and the same month a year earlier (nil: masked).
public struct TrendPoint: Sendable, Equatable {
    public let month: YearMonth
    public let current: Int?
    public let previous: Int?

    public init(month: YearMonth, current: Int?, previous: Int?) {
        self.month = month
        self.current = current
        self.previous = previous
    }
}

/// The period's months as a solid line with round markers, the same months a year earlier as a
/// dashed line with hollow square markers; a legend names both in words.
public struct TrendChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var currentLabel: String
    public var previousLabel: String
    public var points: [TrendPoint]

    public init(id: String, title: String, description: String, currentLabel: String, previousLabel: String, points: [TrendPoint]) {
        self.id = id
        self.title = title
        self.description = description
        self.currentLabel = currentLabel
        self.previousLabel = previousLabel
        self.points = points
    }

    static let height = 260.0
    static let plot = (left: 52.0, right: 384.0, top: 62.0, bottom: 222.0)
    /// Markers stop helping beyond this many months: the dash alone tells the lines apart.
    static let markerLimit = 36

    public func svg() -> String {
        let values = points.flatMap { [$0.current, $0.previous] }.compactMap { $0 }
        let (top, step) = ChartScale.top(for: values.max() ?? 0)
        var body = legend()
        body += axis(top: top, step: step)
        body += series(\.previous, top: top, dashed: true)
        body += series(\.current, top: top, dashed: false)
        return SVG.document(id: id, height: Int(Self.height), title: title, description: description, body: body)
    }

    private func x(_ index: Int) -> Double {
        let p = Self.plot
        guard points.count > 1 else { return (p.left + p.right) / 2 }
        return p.left + 8 + (p.right - p.left - 16) * Double(index) / Double(points.count - 1)
    }

    private func y(_ value: Int, top: Int) -> Double {
        let p = Self.plot
        return p.bottom - (p.bottom - p.top) * Double(value) / Double(max(1, top))
    }

    private func legend() -> String {
        SVG.line(0, 14, 30, 14, stroke: Ink.bar, width: 3) + circle(15, 14)
            + SVG.text(SVG.clip(currentLabel, to: 52), x: 38, y: 19, size: 13)
            + SVG.line(0, 38, 30, 38, stroke: Ink.text, width: 2, dash: "6 4") + square(15, 38)
            + SVG.text(SVG.clip(previousLabel, to: 52), x: 38, y: 43, size: 13)
    }

    private func axis(top: Int, step: Int) -> String {
        let p = Self.plot
        var body = ""
        for tick in stride(from: 0, through: top, by: step) {
            let ty = y(tick, top: top)
            body += SVG.line(p.left, ty, p.right, ty, stroke: Ink.grid, width: tick == 0 ? 1.5 : 0.5)
            body += SVG.text(French.integer(tick), x: p.left - 6, y: ty + 4, size: 12, anchor: "end")
        }
        // At most six month names, each with its year when the year changes.
        let every = max(1, Int((Double(points.count) / 6).rounded(.up)))
        var lastYear: Int?
        for (index, point) in points.enumerated() where index % every == 0 {
            body += SVG.text(point.month.shortFrench, x: x(index), y: p.bottom + 16, size: 12, anchor: "middle")
            if point.month.year != lastYear {
                body += SVG.text(String(point.month.year), x: x(index), y: p.bottom + 31, size: 12, anchor: "middle")
                lastYear = point.month.year
            }
        }
        return body
    }

    /// A line through the known values; a masked month breaks it.
    private func series(_ value: KeyPath<TrendPoint, Int?>, top: Int, dashed: Bool) -> String {
        var body = "", run: [(Double, Double)] = []
        func flush() {
            if run.count > 1 {
                let coordinates = run.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(separator: " ")
                body += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(dashed ? Ink.text : Ink.bar)\" stroke-width=\"\(dashed ? 2 : 3)\""
                    + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
            }
            run = []
        }
        for (index, point) in points.enumerated() {
            guard let v = point[keyPath: value] else { flush(); continue }
            run.append((x(index), y(v, top: top)))
        }
        flush()
        guard points.count <= Self.markerLimit else { return body }
        for (index, point) in points.enumerated() {
            guard let v = point[keyPath: value] else { continue }
            body += dashed ? square(x(index), y(v, top: top)) : circle(x(index), y(v, top: top))
        }
        return body
    }

    private func circle(_ cx: Double, _ cy: Double) -> String {
        "<circle cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"4.5\" fill=\"\(Ink.bar)\"/>"
    }

    private func square(_ cx: Double, _ cy: Double) -> String {
        SVG.rect(x: cx - 4, y: cy - 4, width: 8, height: 8, fill: Ink.paper, stroke: Ink.text)
    }
}

// MARK: - Weekday × hour grid

/// One weekday and hour of the grid: the count (nil when masked) and the text written in it.
public struct SlotCell: Sendable, Equatable {
    public let weekday: Int
    public let hour: Int
    public let value: Int?
    public let text: String

    public init(weekday: Int, hour: Int, value: Int?, text: String) {
        self.weekday = weekday
        self.hour = hour
        self.value = value
        self.text = text
    }
}

/// Hours down, weekdays across (seven columns fit a phone), each cell shaded by its count and
/// with the count written in it, so that the grid reads without colour.
public struct SlotGridChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var cells: [SlotCell]

    public init(id: String, title: String, description: String, cells: [SlotCell]) {
        self.id = id
        self.title = title
        self.description = description
        self.cells = cells
    }

    /// The hours from the earliest to the latest with a count; 9 h to 17 h when there is none.
    public static func hours(of cells: [SlotCell]) -> ClosedRange<Int> {
        let used = cells.filter { $0.value != 0 }.map(\.hour)
        guard let first = used.min(), let last = used.max() else { return 9...17 }
        return first...last
    }

    static let labelWidth = 50.0
    static let header = 26.0
    static let rowHeight = 28.0

    public func svg() -> String {
        let hours = Self.hours(of: cells)
        let width = (Double(SVG.width) - Self.labelWidth) / 7
        let largest = max(1, cells.compactMap(\.value).max() ?? 1)
        let byKey = Dictionary(cells.map { ("\($0.weekday)-\($0.hour)", $0) }, uniquingKeysWith: { a, _ in a })
        var body = ""
        for day in 1...7 {
            body += SVG.text(FrenchWeekday.short(day), x: Self.labelWidth + width * (Double(day) - 0.5), y: 18, size: 13, anchor: "middle", weight: "600")
        }
        for (row, hour) in hours.enumerated() {
            let top = Self.header + Double(row) * Self.rowHeight
            body += SVG.text("\(hour) h", x: Self.labelWidth - 8, y: top + 19, size: 13, anchor: "end")
            for day in 1...7 {
                let cell = byKey["\(day)-\(hour)"]
                let level = Self.level(cell?.value, largest: largest)
                let left = Self.labelWidth + width * Double(day - 1)
                body += SVG.rect(x: left, y: top, width: width, height: Self.rowHeight, fill: Ink.shades[level], stroke: Ink.grid)
                if let cell, cell.value != 0 {
                    body += SVG.text(cell.text, x: left + width / 2, y: top + 19, size: 12, anchor: "middle",
                                     fill: level >= 3 ? Ink.paper : Ink.text)
                }
            }
        }
        let height = Self.header + Double(hours.count) * Self.rowHeight + 2
        return SVG.document(id: id, height: Int(height.rounded(.up)), title: title, description: description, body: body)
    }

    /// 0 for nothing or a masked count, then four shades by quarter of the largest count.
    static func level(_ value: Int?, largest: Int) -> Int {
        guard let value, value > 0 else { return 0 }
        return min(4, 1 + (value * 4 - 1) / largest)
    }
}

/// Weekday names as the grid's columns: « lun. » … « dim. » (ISO weekday 1 to 7).
public enum FrenchWeekday {
    static let shortNames = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]

    public static func short(_ isoWeekday: Int) -> String { shortNames[(((isoWeekday - 1) % 7) + 7) % 7] }
}
