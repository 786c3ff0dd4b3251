import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TandemCore

/// A chart read back with `XMLParser`: its elements with their attributes, and its texts. A chart
/// that is not well-formed XML fails to parse.
final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    static func parse(_ markup: String) throws -> ParsedSVG {
        let result = ParsedSVG()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = result
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return result
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    var texts: [String] { all("text").map(\.text) }
    var root: Element? { elements.first }
}

@Suite("SVG charts")
struct ChartsTests {
    static let hostile = "<script>alert('x')</script> & \"co\""

    /// Root `svg` with role img, named by its own title and description.
    func expectAccessible(_ svg: ParsedSVG, title: String) {
        let root = svg.root
        #expect(root?.name == "svg")
        #expect(root?.attributes["role"] == "img")
        let ids = (root?.attributes["aria-labelledby"] ?? "").split(separator: " ").map(String.init)
        #expect(ids.count == 2)
        #expect(svg.all("title").first?.attributes["id"] == ids.first)
        #expect(svg.all("title").first?.text == title)
        #expect(svg.all("desc").first?.attributes["id"] == ids.last)
    }

    @Test func escapingCoversTheFiveCharactersAndDropsControlCharacters() {
        #expect(SVG.escape("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(SVG.escape("Façon d’accompagner") == "Façon d’accompagner")
    }

    @Test func barsAreWellFormedAccessibleAndEscaped() throws {
        let chart = BarChart(id: "graphique-theme", title: "Thèmes & co", description: Self.hostile, bars: [
            ChartBar(label: Self.hostile, value: 30, text: "30"),
            ChartBar(label: "Santé", value: 10, text: "10"),
            ChartBar(label: "Masquée", value: nil, text: "< 5"),
        ])
        let markup = chart.svg()
        #expect(!markup.contains("<script>"))
        let svg = try ParsedSVG.parse(markup)
        expectAccessible(svg, title: "Thèmes & co")
        #expect(svg.all("desc").first?.text == Self.hostile)
        #expect(svg.texts.contains(Self.hostile))
        #expect(svg.texts.contains("< 5"))
        // Two bars: the masked line has its label and « < 5 », no bar.
        let bars = svg.all("rect")
        #expect(bars.count == 2)
        #expect(Double(bars[0].attributes["width"] ?? "") == 336)
        #expect(Double(bars[1].attributes["width"] ?? "") == 112)
    }

    @Test func longLabelsAreClippedAndExtraBarsLeftToTheTable() throws {
        let bars = (1...25).map { ChartBar(label: String(repeating: "é", count: 80) + "\($0)", value: $0, text: "\($0)") }
        let svg = try ParsedSVG.parse(BarChart(id: "g", title: "t", description: "d", bars: bars).svg())
        #expect(svg.all("rect").count == 20)
        #expect(svg.texts.contains("… et 5 autres lignes (voir le tableau)"))
        #expect(svg.texts.allSatisfy { $0.count <= 42 })
    }

    @Test func trendTellsTheYearsApartByDashAndMarkerAndNamesThem() throws {
        let months = MonthPeriod(first: YearMonth(year: 2026, month: 1)!, last: YearMonth(year: 2026, month: 4)!).months
        let points = months.enumerated().map { TrendPoint(month: $1, current: 10 * ($0 + 1), previous: 5) }
        let chart = TrendChart(id: "graphique-evolution", title: "Activités par mois", description: "Résumé",
                               currentLabel: "De janvier 2026 à avril 2026", previousLabel: "Un an plus tôt <2025>", points: points)
        let svg = try ParsedSVG.parse(chart.svg())
        expectAccessible(svg, title: "Activités par mois")
        let lines = svg.all("polyline")
        #expect(lines.count == 2)
        #expect(lines.filter { $0.attributes["stroke-dasharray"] != nil }.count == 1)
        #expect(svg.all("circle").count == 5)  // four months and the legend
        #expect(svg.texts.contains("De janvier 2026 à avril 2026"))
        #expect(svg.texts.contains("Un an plus tôt <2025>"))
        #expect(svg.texts.contains("janv.") && svg.texts.contains("2026"))
        // The axis reaches a round number above the largest value (40): 0, 10, 20, 30, 40.
        #expect(svg.texts.contains("40") && svg.texts.contains("0"))
    }

    @Test func aMaskedMonthBreaksTheLineAndASingleMonthStillDraws() throws {
        let first = YearMonth(year: 2026, month: 1)!
        let points = (0..<5).map { TrendPoint(month: first.adding(months: $0), current: $0 == 2 ? nil : 8, previous: nil) }
        let svg = try ParsedSVG.parse(TrendChart(id: "g", title: "t", description: "d", currentLabel: "a", previousLabel: "b", points: points).svg())
        #expect(svg.all("polyline").count == 2)
        #expect(svg.all("circle").count == 5)  // four known months and the legend
        let single = try ParsedSVG.parse(TrendChart(id: "g", title: "t", description: "d", currentLabel: "a", previousLabel: "b",
                                                    points: [TrendPoint(month: first, current: 3, previous: 7)]).svg())
        #expect(single.all("circle").count == 2)
    }

    @Test func gridWritesItsCountsWithShadesAndMasks() throws {
        let cells = [
            SlotCell(weekday: 2, hour: 14, value: 40, text: "40"),
            SlotCell(weekday: 4, hour: 10, value: 10, text: "10"),
            SlotCell(weekday: 6, hour: 11, value: nil, text: "< 5"),
        ]
        let svg = try ParsedSVG.parse(SlotGridChart(id: "graphique-slot", title: "Jour et heure", description: "d", cells: cells).svg())
        expectAccessible(svg, title: "Jour et heure")
        #expect(SlotGridChart.hours(of: cells) == 10...14)
        #expect(svg.all("rect").count == 7 * 5)
        for label in ["lun.", "dim.", "10 h", "14 h", "40", "10", "< 5"] { #expect(svg.texts.contains(label), "\(label)") }
        // The busiest cell is the darkest and takes white text; the masked one stays white.
        #expect(SlotGridChart.level(40, largest: 40) == 4)
        #expect(SlotGridChart.level(10, largest: 40) == 1)
        #expect(SlotGridChart.level(nil, largest: 40) == 0)
        #expect(svg.all("text").first { $0.text == "40" }?.attributes["fill"] == "#ffffff")
        #expect(SlotGridChart.hours(of: []) == 9...17)
    }

    @Test(arguments: [(0, 4, 1), (3, 4, 1), (7, 8, 2), (95, 100, 25), (1_234, 2_000, 500), (40, 40, 10)])
    func axisTopsAreRound(maximum: Int, top: Int, step: Int) {
        #expect(ChartScale.top(for: maximum) == (top, step))
    }
}

@Suite("Dashboard report")
struct DashboardReportTests {
    static let period = MonthPeriod(first: YearMonth(year: 2026, month: 1)!, last: YearMonth(year: 2026, month: 3)!)

    /// 12 activities (3 workshops), 30 people, 900 minutes; themes, ages, slots and a trend.
    static func dashboard() -> Dashboard {
        var d = Dashboard()
        d.add(.total, code: "", StatCounts(activities: 12, people: 30, minutes: 900))
        d.add(.kind, code: "individual", StatCounts(activities: 9, people: 9, minutes: 540))
        d.add(.kind, code: "workshop", StatCounts(activities: 3, people: 21, minutes: 360))
        d.add(.theme, code: "email", StatCounts(activities: 8, people: 20, minutes: 600))
        d.add(.theme, code: "health", StatCounts(activities: 6, people: 6, minutes: 300))
        d.add(.theme, code: "ai", StatCounts(activities: 1, people: 1, minutes: 30))
        d.add(.ageBracket, code: "70_plus", StatCounts(activities: 5, people: 18, minutes: 400))
        d.add(.ageBracket, code: "25_39", StatCounts(activities: 4, people: 12, minutes: 500))
        d.add(.autonomy, code: "autonomous", StatCounts(activities: 6, people: 6, minutes: 300))
        d.add(.slot, code: "2-14", StatCounts(activities: 7, people: 7, minutes: 400))
        d.add(.slot, code: "4-10", StatCounts(activities: 2, people: 2, minutes: 60))
        d.add(.mediator, code: "m1", StatCounts(activities: 12, people: 30, minutes: 900))
        let january = YearMonth(year: 2026, month: 1)!
        d.addTrend(january, StatCounts(activities: 6, people: 15, minutes: 450))
        d.addTrend(january.adding(months: 2), StatCounts(activities: 6, people: 15, minutes: 450))
        d.addTrend(january.adding(months: -12), StatCounts(activities: 8, people: 8, minutes: 240))
        return d
    }

    static func report(masked: Bool, dimensions: [StatDimension] = StatDimension.allCases.filter { $0 != .total }) -> DashboardReport {
        DashboardReportBuilder(dashboard: dashboard(), period: period, masked: masked, label: { dimension, code in
            dimension.vocabularyLabel(code) ?? "Nom de \(code)"
        }).build(dimensions: dimensions)
    }

    static func section(_ report: DashboardReport, _ dimension: StatDimension) -> DashboardReport.Section? {
        report.groups.flatMap(\.sections).first { $0.dimension == dimension.rawValue }
    }

    @Test func everyBreakdownBelongsToOnePartOfThePage() {
        let grouped = StatGroup.allCases.flatMap(\.dimensions)
        #expect(Set(grouped) == Set(StatDimension.allCases.filter { $0 != .total }))
        #expect(grouped.count == Set(grouped).count)
    }

    @Test func figuresAreFrenchWithHoursFromMinutes() {
        let figures = Self.report(masked: false).figures
        #expect(figures.map(\.label) == ["Activités", "Personnes accompagnées", "Heures d'accompagnement"])
        #expect(figures.map(\.value) == ["12", "30", "15,0"])
        #expect(StatText.tenths(12_345) == "1\u{00A0}234,5")
    }

    @Test func breakdownsHaveTheirTablesSummariesAndNotes() throws {
        let report = Self.report(masked: false)
        let themes = try #require(Self.section(report, .theme))
        #expect(themes.rows.map(\.label) == ["E-mail", "Santé (Ameli, Mon espace santé, prise de rendez-vous médical)", "Intelligence artificielle (IA)"])
        #expect(themes.rows[0].share == "66,7\u{00A0}%")
        #expect(themes.rows[0].hours == "10,0")
        #expect(themes.notes.first?.contains("plusieurs lignes") == true)
        #expect(themes.summary.hasPrefix("En tête : «\u{00A0}E-mail\u{00A0}» (66,7\u{00A0}% des activités), puis «\u{00A0}Santé"))
        #expect(themes.summary.contains(" et «\u{00A0}Intelligence artificielle (IA)\u{00A0}» (8,3\u{00A0}%)."))
        _ = try ParsedSVG.parse(themes.chart)
        let ages = try #require(Self.section(report, .ageBracket))
        #expect(ages.peopleFirst)
        #expect(ages.summary.contains("des personnes"))
        #expect(ages.rows.map(\.label) == ["25 - 39 ans", "70 ans et plus"])
        let autonomy = try #require(Self.section(report, .autonomy))
        #expect(autonomy.notes.first?.contains("une partie des activités") == true)
        #expect(report.groups.map(\.id) == ["partie-activities", "partie-publics", "partie-places"])
        #expect(report.empty.contains(StatDimension.device.label))
        #expect(!report.empty.contains(StatDimension.theme.label))
    }

    @Test func onlyTheDimensionsAskedForAreShown() {
        let report = Self.report(masked: false, dimensions: [.kind, .theme])
        #expect(report.groups.flatMap(\.sections).map(\.dimension) == ["kind", "theme"])
        #expect(Self.section(report, .mediator) == nil)
    }

    @Test func slotsMakeAWeekdayHourGrid() throws {
        let slots = try #require(Self.section(Self.report(masked: false), .slot))
        let grid = try #require(slots.grid)
        #expect(grid.columns.map(\.short) == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."])
        #expect(grid.columns[1].long == "mardi")
        #expect(grid.lines.map(\.hour) == ["10 h", "11 h", "12 h", "13 h", "14 h"])
        #expect(grid.lines[4].cells == ["0", "7", "0", "0", "0", "0", "0"])
        #expect(slots.summary.hasPrefix("Créneau le plus fréquent : le mardi entre 14 h et 15 h (7 activités), puis le jeudi entre 10 h et 11 h (2)."))
        #expect(slots.summary.hasSuffix("L'heure de début est notée pour 75\u{00A0}% des activités."))
    }

    @Test func trendComparesWithTheSameMonthsAYearEarlier() throws {
        let trend = Self.report(masked: false).trend
        #expect(trend.rows.map(\.month) == ["janvier 2026", "février 2026", "mars 2026"])
        #expect(trend.rows[0].activities == "6" && trend.rows[0].previous == "8")
        #expect(trend.summary == "De janvier 2026 à mars 2026 : 12 activités, contre 8 sur les mêmes mois un an plus tôt (+50\u{00A0}%). Mois le plus chargé : janvier 2026 (6 activités).")
        #expect(trend.previousLabel == "Un an plus tôt (de janvier 2025 à mars 2025)")
        _ = try ParsedSVG.parse(trend.chart)
    }

    @Test func aMaskedReportShowsNoCountUnderFive() throws {
        let report = Self.report(masked: true)
        let themes = try #require(Self.section(report, .theme))
        let ai = try #require(themes.rows.last)
        #expect(ai.hidden && ai.activities == "< 5" && ai.people == "< 5" && ai.hours == "masqué" && ai.share == "masqué")
        #expect(!themes.summary.contains("Intelligence"))
        // The masked line has no bar: two bars for three lines.
        #expect(try ParsedSVG.parse(themes.chart).all("rect").count == 2)
        let slots = try #require(Self.section(report, .slot))
        #expect(slots.grid?.lines.first?.cells[3] == "< 5")
        #expect(!slots.summary.contains("jeudi"))
        let trend = report.trend
        #expect(trend.rows[1].activities == "< 5")
        #expect(report.masked)
        // No cell of any table is a number under 5.
        let cells = report.groups.flatMap(\.sections).flatMap { $0.rows.flatMap { [$0.activities, $0.people] } + ($0.grid?.lines.flatMap(\.cells) ?? []) }
        #expect(!cells.contains { Int($0).map { $0 > 0 && $0 < 5 } ?? false })
    }

    @Test func frenchNumbersInSentences() {
        #expect(StatText.percent(1, of: 300) == "moins de 1\u{00A0}%")
        #expect(StatText.percent(2, of: 3) == "67\u{00A0}%")
        #expect(StatText.change(from: 8, to: 12) == "+50\u{00A0}%")
        #expect(StatText.change(from: 10, to: 5) == "\u{2212}50\u{00A0}%")
        #expect(StatText.change(from: 0, to: 5) == nil)
    }
}

@Suite("Observatory parameters")
struct ObservatoryParametersTests {
    @Test func aQueryReadsBackFromItsParameters() throws {
        let today = LocalDate(year: 2026, month: 5, day: 10)!
        var input = ObservatoryInput()
        input.period = "last_12_months"
        input.structureId = UUID().uuidString
        input.kind = "workshop"
        input.ageBracket = "70_plus"
        input.context = "library"
        let query = try input.validate(today: today).get()
        let again = ObservatoryInput(query: query.queryString())
        #expect(try again.validate(today: today).get() == query)
        let frozen = ObservatoryInput(query: query.queryString(frozen: true))
        #expect(frozen.period == "custom" && frozen.from == "2025-06" && frozen.to == "2026-05")
        #expect(try frozen.validate(today: LocalDate(year: 2030, month: 1, day: 1)!).get().period == query.period)
    }
}
