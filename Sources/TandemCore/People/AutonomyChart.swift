import Foundation

/// The autonomy a followed person reached, session after session: one marker per session with a
/// level, joined by a line, on three horizontal levels named in words (« Avec guidage » at the
/// bottom, « Autonome » at the top). Sessions are spaced evenly in date order — what matters is
/// the progression from one visit to the next, not the weeks between them — and their dates are
/// written under the axis. Like every chart of the project it reads in black and white (the
/// levels are written, the markers are dark on white), is one `role="img"` named by its `<title>`
/// and `<desc>`, and the page shows the same numbers as a table under it.
public struct AutonomyChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var points: [AutonomyPoint]

    public init(id: String = "autonomie", title: String = "Autonomie atteinte au fil des séances",
                description: String, points: [AutonomyPoint]) {
        self.id = id
        self.title = title
        self.description = description
        self.points = points
    }

    /// The three levels from the bottom of the chart to its top.
    static let levels: [Autonomy] = [.fullyAssisted, .partiallyAutonomous, .autonomous]
    static let height = 230.0
    static let plot = (left: 14.0, right: 386.0, top: 40.0, bottom: 170.0)
    /// Beyond this many sessions the markers would touch: the line alone shows the progression.
    static let markerLimit = 40
    /// At most this many dates are written under the axis.
    static let dateLabels = 6

    /// The level's height on the chart: 0 at the bottom, 2 at the top.
    static func rank(_ autonomy: Autonomy) -> Int { levels.firstIndex(of: autonomy) ?? 0 }

    /// The points in date order (a stable sort: two sessions the same day keep their order).
    public var ordered: [AutonomyPoint] {
        points.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    public func svg() -> String {
        let points = ordered
        // The line first, then the level names over it (on a white halo, so that the line
        // crossing a name does not hide it), then the markers on top.
        var body = gridLines()
        if points.isEmpty {
            body += levelNames()
            body += SVG.text("Aucune séance avec un niveau d'autonomie", x: Double(SVG.width) / 2, y: Self.plot.bottom + 36,
                             size: 14, anchor: "middle")
        } else {
            body += line(points) + levelNames() + markers(points) + dates(points)
        }
        return SVG.document(id: id, height: Int(Self.height), title: title, description: description, body: body)
    }

    func x(_ index: Int, count: Int) -> Double {
        let p = Self.plot
        guard count > 1 else { return (p.left + p.right) / 2 }
        return p.left + 8 + (p.right - p.left - 16) * Double(index) / Double(count - 1)
    }

    func y(_ autonomy: Autonomy) -> Double {
        let p = Self.plot
        return p.bottom - (p.bottom - p.top) * Double(Self.rank(autonomy)) / Double(Self.levels.count - 1)
    }

    /// One horizontal line per level, the lowest one solid.
    private func gridLines() -> String {
        let p = Self.plot
        return Self.levels.map { level in
            SVG.line(p.left, y(level), p.right, y(level), stroke: Ink.grid, width: level == .fullyAssisted ? 1.5 : 0.5,
                     dash: level == .fullyAssisted ? nil : "2 3")
        }.joined()
    }

    /// Each level's name, written just above its line.
    private func levelNames() -> String {
        Self.levels.map { level in
            "<text x=\"\(SVG.n(Self.plot.left))\" y=\"\(SVG.n(y(level) - 8))\" font-size=\"13\" fill=\"\(Ink.text)\" "
                + "stroke=\"\(Ink.paper)\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
                + SVG.escape(SVG.clip(level.label, to: 48)) + "</text>"
        }.joined()
    }

    private func line(_ points: [AutonomyPoint]) -> String {
        guard points.count > 1 else { return "" }
        let coordinates = points.enumerated().map { index, point in
            "\(SVG.n(x(index, count: points.count))),\(SVG.n(y(point.autonomy)))"
        }.joined(separator: " ")
        return "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(Ink.bar)\" stroke-width=\"3\" stroke-linejoin=\"round\"/>"
    }

    private func markers(_ points: [AutonomyPoint]) -> String {
        guard points.count <= Self.markerLimit else { return "" }
        return points.enumerated().map { index, point in
            "<circle cx=\"\(SVG.n(x(index, count: points.count)))\" cy=\"\(SVG.n(y(point.autonomy)))\" r=\"5.5\" fill=\"\(Ink.bar)\" stroke=\"\(Ink.paper)\" stroke-width=\"1.5\"/>"
        }.joined()
    }

    /// A few dates under the axis (« 12 janv. »), each with its year when the year changes, the
    /// first and last session always named.
    private func dates(_ points: [AutonomyPoint]) -> String {
        let p = Self.plot
        var body = ""
        var lastYear: Int?
        for index in Self.labelledIndices(count: points.count) {
            let date = points[index].date
            let anchor = points.count == 1 ? "middle" : (index == 0 ? "start" : (index == points.count - 1 ? "end" : "middle"))
            let lx = x(index, count: points.count) + (anchor == "start" ? -6 : (anchor == "end" ? 6 : 0))
            body += SVG.line(x(index, count: points.count), p.bottom, x(index, count: points.count), p.bottom + 5, stroke: Ink.grid)
            body += SVG.text("\(date.day) \(FrenchMonths.short[date.month - 1])", x: lx, y: p.bottom + 22, size: 12, anchor: anchor)
            if date.year != lastYear {
                body += SVG.text(String(date.year), x: lx, y: p.bottom + 38, size: 12, anchor: anchor)
                lastYear = date.year
            }
        }
        return body
    }

    /// Which sessions get their date written: all of them when few, else evenly spread ones,
    /// always the first and the last.
    static func labelledIndices(count: Int) -> [Int] {
        guard count > 0 else { return [] }
        guard count > dateLabels else { return Array(0..<count) }
        let every = Int((Double(count - 1) / Double(dateLabels - 1)).rounded(.up))
        var indices = Array(stride(from: 0, to: count - 1, by: every))
        // The last date replaces a neighbour too close to it.
        if let last = indices.last, count - 1 - last < every / 2 + 1, indices.count > 1 { indices.removeLast() }
        return indices + [count - 1]
    }
}
