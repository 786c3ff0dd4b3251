import Foundation
import Testing
@testable import TandemCore

@Suite("Autonomy chart")
struct AutonomyChartTests {
    static func point(_ iso: String, _ autonomy: Autonomy) -> AutonomyPoint {
        AutonomyPoint(date: LocalDate(iso: iso)!, autonomy: autonomy)
    }

    @Test("Each session is a marker on its level, in date order, from the bottom level up")
    func markersOnLevels() throws {
        let chart = AutonomyChart(description: "De « Avec guidage » à « Autonome ».", points: [
            Self.point("2026-03-10", .autonomous),
            Self.point("2026-01-05", .fullyAssisted),
            Self.point("2026-02-02", .partiallyAutonomous),
        ])
        let svg = try ParsedSVG.parse(chart.svg())
        let circles = svg.elements.filter { $0.name == "circle" }
        #expect(circles.count == 3)
        let xs = circles.compactMap { $0.attributes["cx"].flatMap(Double.init) }
        let ys = circles.compactMap { $0.attributes["cy"].flatMap(Double.init) }
        #expect(xs == xs.sorted(), "sessions run left to right in date order")
        // SVG y grows downwards: a higher autonomy is drawn higher, so with a smaller y.
        #expect(ys[0] > ys[1] && ys[1] > ys[2], "\(ys)")
        #expect(ys[0] == chart.y(.fullyAssisted) && ys[2] == chart.y(.autonomous))
        let line = try #require(svg.elements.first { $0.name == "polyline" })
        #expect(line.attributes["points"]?.split(separator: " ").count == 3)
    }

    @Test("The chart is one image named by its title and description, its levels and dates written")
    func accessibleAndReadableInBlackAndWhite() throws {
        let chart = AutonomyChart(description: "Toujours « Autonome ».", points: [
            Self.point("2025-12-20", .autonomous), Self.point("2026-01-08", .autonomous),
        ])
        let markup = chart.svg()
        let svg = try ParsedSVG.parse(markup)
        let root = try #require(svg.elements.first)
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-labelledby"] == "autonomie-titre autonomie-desc")
        #expect(svg.elements.first { $0.name == "title" }?.text == "Autonomie atteinte au fil des séances")
        #expect(svg.elements.first { $0.name == "desc" }?.text == "Toujours « Autonome ».")
        let texts = svg.elements.filter { $0.name == "text" }.map(\.text)
        for level in Autonomy.allCases { #expect(texts.contains(level.label), "level \(level) is named") }
        #expect(texts.contains("20 déc.") && texts.contains("8 janv."))
        #expect(texts.contains("2025") && texts.contains("2026"), "the year is written when it changes")
    }

    @Test("One session is a single marker; none says so in words")
    func singleAndEmpty() throws {
        let one = try ParsedSVG.parse(AutonomyChart(description: "Une séance.", points: [Self.point("2026-01-05", .partiallyAutonomous)]).svg())
        #expect(one.elements.filter { $0.name == "circle" }.count == 1)
        #expect(one.elements.filter { $0.name == "polyline" }.isEmpty)
        let none = try ParsedSVG.parse(AutonomyChart(description: "Rien.", points: []).svg())
        #expect(none.elements.filter { $0.name == "circle" }.isEmpty)
        #expect(none.elements.contains { $0.name == "text" && $0.text == "Aucune séance avec un niveau d'autonomie" })
    }

    @Test("Many sessions: at most six dates written, the first and the last always")
    func fewDateLabels() {
        #expect(AutonomyChart.labelledIndices(count: 0) == [])
        #expect(AutonomyChart.labelledIndices(count: 4) == [0, 1, 2, 3])
        for count in [7, 12, 25, 60] {
            let indices = AutonomyChart.labelledIndices(count: count)
            #expect(indices.first == 0 && indices.last == count - 1, "\(count): \(indices)")
            #expect(indices.count <= AutonomyChart.dateLabels, "\(count): \(indices)")
            #expect(indices == indices.sorted() && Set(indices).count == indices.count)
        }
    }

    @Test("Texts are escaped, so a title cannot break the page")
    func escapes() throws {
        let chart = AutonomyChart(title: "Autonomie <de> « Marie & co »", description: "\"ok\"", points: [Self.point("2026-01-05", .autonomous)])
        let svg = try ParsedSVG.parse(chart.svg())
        #expect(svg.elements.first { $0.name == "title" }?.text == "Autonomie <de> « Marie & co »")
    }
}
