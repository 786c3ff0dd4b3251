import Foundation
import Testing
@testable import TandemCore

private let year2026 = MonthPeriod(first: YearMonth(year: 2026, month: 1)!, last: YearMonth(year: 2026, month: 12)!)

/// 100 activities (110 people, 90 hours) in 2026: themes e-mail 40, health 3 (small), and the
/// same months a year earlier for the trend.
private func sampleDashboard() -> Dashboard {
    var dashboard = Dashboard()
    dashboard.add(.total, code: "", StatCounts(activities: 100, people: 110, minutes: 5_400))
    dashboard.add(.theme, code: Theme.health.code, StatCounts(activities: 3, people: 3, minutes: 90))
    dashboard.add(.theme, code: Theme.email.code, StatCounts(activities: 40, people: 44, minutes: 1_830))
    dashboard.add(.ageBracket, code: AgeBracket.age70plus.code, StatCounts(activities: 30, people: 55, minutes: 900))
    dashboard.add(.place, code: "p1", StatCounts(activities: 60, people: 60, minutes: 3_000))
    dashboard.addTrend(YearMonth(year: 2026, month: 3)!, StatCounts(activities: 100, people: 110, minutes: 5_400))
    dashboard.addTrend(YearMonth(year: 2025, month: 3)!, StatCounts(activities: 2, people: 12, minutes: 60))
    return dashboard
}

private func label(_ dimension: StatDimension, _ code: String) -> String {
    code == "p1" ? "=Médiathèque centrale" : dimension.vocabularyLabel(code) ?? code
}

private func table(_ kind: StatisticsTable.Kind, masked: Bool = false) -> StatisticsTable {
    StatisticsTable(kind, dashboard: sampleDashboard(), period: year2026, masked: masked, label: label)
}

private func csvRecords(_ text: String, _ delimiter: CSVDelimiter) throws -> [[String]] {
    var reader = CSVReader(text: text, delimiter: delimiter)
    return try reader.readAll().map(\.fields)
}

struct StatisticsTableTests {
    @Test("The table parameter reads every breakdown's code, totals and trend, and nothing else")
    func kinds() {
        #expect(StatisticsTable.Kind(parameter: "theme") == .breakdown(.theme))
        #expect(StatisticsTable.Kind(parameter: "age_bracket") == .breakdown(.ageBracket))
        #expect(StatisticsTable.Kind(parameter: "totals") == .totals)
        #expect(StatisticsTable.Kind(parameter: "total") == .totals)
        #expect(StatisticsTable.Kind(parameter: "trend") == .trend)
        #expect(StatisticsTable.Kind(parameter: "Theme") == nil)
        #expect(StatisticsTable.Kind(parameter: "") == nil)
        #expect(StatisticsTable.Kind.all.count == StatDimension.allCases.count + 1)
        for kind in StatisticsTable.Kind.all {
            #expect(StatisticsTable.Kind(parameter: kind.parameter) == kind)
        }
        #expect(Set(StatisticsTable.Kind.all.map(\.fileWord)).count == StatisticsTable.Kind.all.count, "one file word per table")
    }

    @Test("A breakdown lists its rows in the vocabulary's order with French labels, hours and shares")
    func breakdown() {
        let themes = table(.breakdown(.theme))
        #expect(themes.columns.map(\.header) == ["Activités", "Personnes", "Heures", "Part (%)"])
        #expect(themes.rows.map(\.code) == [Theme.email.code, Theme.health.code], "the order of TAXONOMY.md")
        #expect(themes.rows[0].label == "E-mail")
        #expect(themes.rows[0].values == [.count(40), .count(44), .tenths(305), .tenths(400)])
        #expect(themes.rows[1].values == [.count(3), .count(3), .tenths(15), .tenths(30)])
    }

    @Test("Breakdowns of people take their share of the people, not of the activities")
    func peopleShare() {
        let ages = table(.breakdown(.ageBracket))
        #expect(ages.rows[0].values.last == .tenths(500), "55 of 110 people")
    }

    @Test("Totals have one row at 100 %; the trend puts each month beside the same month a year earlier")
    func totalsAndTrend() {
        #expect(table(.totals).rows == [.init(code: "", label: "Ensemble", values: [.count(100), .count(110), .tenths(900), .tenths(1000)])])
        let trend = table(.trend)
        #expect(trend.rows.count == 12)
        #expect(trend.columns.map(\.key) == ["activities", "people", "hours", "activitiesYearBefore", "peopleYearBefore", "hoursYearBefore"])
        let march = trend.rows[2]
        #expect(march.code == "2026-03")
        #expect(march.label == "mars 2026")
        #expect(march.values == [.count(100), .count(110), .tenths(900), .count(2), .count(12), .tenths(10)])
        #expect(trend.rows[0].values == Array(repeating: .count(0), count: 2) + [.tenths(0)] + Array(repeating: .count(0), count: 2) + [.tenths(0)])
    }

    @Test("Masked: a row with a count under 5 shows « < 5 » for it and none of its other numbers")
    func masking() {
        let themes = table(.breakdown(.theme), masked: true)
        #expect(themes.rows[0].values == [.count(40), .count(44), .tenths(305), .tenths(400)], "large counts stay")
        #expect(themes.rows[1].values == [.small, .small, .hidden, .hidden])
        let march = table(.trend, masked: true).rows[2]
        #expect(march.values == [.count(100), .count(110), .tenths(900), .small, .hidden, .hidden],
                "2 activities a year earlier: their 12 people and their hours are hidden too")
        #expect(table(.trend, masked: true).rows[0].values.first == .small, "an empty month counts as small")
    }

    @Test("CSV in French: byte order mark, semicolons, decimal comma; formulas neutralised")
    func frenchCSV() throws {
        let text = table(.breakdown(.theme), masked: true).csv(.french)
        #expect(text.hasPrefix("\u{FEFF}Libellé;Activités;Personnes;Heures;Part (%)\r\n"))
        let rows = try csvRecords(text, .semicolon)
        #expect(rows[1] == ["E-mail", "40", "44", "30,5", "40,0"])
        #expect(rows[2] == ["Santé (Ameli, Mon espace santé, prise de rendez-vous médical)", "< 5", "< 5", "masqué", "masqué"])
        let places = try csvRecords(table(.breakdown(.place)).csv(.french), .semicolon)
        #expect(places[1][0] == "'=Médiathèque centrale", "a place's name is data typed by a person")
    }

    @Test("CSV standard: commas, no byte order mark, dot decimals")
    func standardCSV() throws {
        let text = table(.breakdown(.theme)).csv(.standard)
        #expect(!text.hasPrefix("\u{FEFF}"))
        let rows = try csvRecords(text, .comma)
        #expect(rows[0] == ["Libellé", "Activités", "Personnes", "Heures", "Part (%)"])
        #expect(rows[1] == ["E-mail", "40", "44", "30.5", "40.0"])
    }

    @Test("JSON: the table's kind, title, period, then rows keyed by column; masked numbers are « < 5 » or null")
    func json() throws {
        let text = table(.breakdown(.theme), masked: true).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["table"] as? String == "theme")
        #expect(object["title"] as? String == "Thématiques")
        #expect(object["masked"] as? Bool == true)
        #expect((object["period"] as? [String: String])?["first"] == "2026-01")
        #expect(object["headers"] as? [String] == ["Libellé", "Activités", "Personnes", "Heures", "Part (%)"])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows[0]["code"] as? String == "email")
        #expect(rows[0]["activities"] as? Int == 40)
        #expect(rows[0]["hours"] as? Double == 30.5)
        #expect(rows[0]["share"] as? Double == 40)
        #expect(rows[1]["activities"] as? String == "< 5")
        #expect(rows[1]["hours"] is NSNull)
        let keys = ["headers", "masked", "period", "rows", "table", "title"].map { text.range(of: "\"\($0)\"")!.lowerBound }
        #expect(keys == keys.sorted(), "keys sorted: the same table always reads the same")
    }

    @Test("File names say the table and the period")
    func fileNames() {
        #expect(table(.breakdown(.theme)).fileName(.csvFrench) == "statistiques-themes-2026.csv")
        #expect(table(.trend).fileName(.json) == "statistiques-evolution-mensuelle-2026.json")
        let march = MonthPeriod(first: YearMonth(year: 2026, month: 3)!, last: YearMonth(year: 2026, month: 3)!)
        #expect(march.fileLabel == "2026-03")
        let span = MonthPeriod(first: YearMonth(year: 2025, month: 3)!, last: YearMonth(year: 2026, month: 2)!)
        #expect(span.fileLabel == "2025-03-2026-02")
    }

    @Test("An empty dashboard gives empty breakdowns and zero totals, without dividing by zero")
    func empty() {
        let empty = StatisticsTable(.breakdown(.theme), dashboard: Dashboard(), period: year2026, masked: false, label: label)
        #expect(empty.rows.isEmpty)
        let totals = StatisticsTable(.totals, dashboard: Dashboard(), period: year2026, masked: false, label: label)
        #expect(totals.rows[0].values == [.count(0), .count(0), .tenths(0), .tenths(0)])
    }
}

struct ExportCellTests {
    @Test("Tenths are rounded once, half up")
    func tenths() {
        #expect(ExportCell.roundedTenths(90, 60) == 15)
        #expect(ExportCell.roundedTenths(1, 60) == 0)
        #expect(ExportCell.roundedTenths(3, 60) == 1, "0.05 rounds up to 0.1")
        #expect(ExportCell.roundedTenths(1, 3) == 3)
        #expect(ExportCell.roundedTenths(2, 3) == 7)
        #expect(ExportCell.roundedTenths(5, 0) == 0)
    }

    @Test("Each flavour writes numbers and dates its own way")
    func flavours() {
        let date = LocalDate(year: 2026, month: 3, day: 4)!
        #expect(CSVFlavour.french.text(.date(date)) == "04/03/2026")
        #expect(CSVFlavour.standard.text(.date(date)) == "2026-03-04")
        #expect(CSVFlavour.french.text(.tenths(125)) == "12,5")
        #expect(CSVFlavour.standard.text(.tenths(125)) == "12.5")
        #expect(CSVFlavour.standard.text(.tenths(-5)) == "-0.5")
        #expect(CSVFlavour.french.text(.integer(12_000)) == "12000", "no thousands separator: spreadsheets read a number")
        #expect(CSVFlavour.french.line([.text("a;b"), .empty, .integer(3)]) == "\"a;b\";;3\r\n")
    }

    @Test("Text that a spreadsheet would run as a formula gets a leading apostrophe", arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("E-mail", "E-mail"),
        ("", ""),
    ])
    func formulas(input: String, expected: String) {
        #expect(CSVFlavour.neutralisingFormula(input) == expected)
        #expect(CSVFlavour.standard.text(.text(input)) == expected)
    }
}
