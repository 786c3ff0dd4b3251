import Foundation
import Testing
@testable import TandemCore

/// An instant from an ISO 8601 text with its UTC offset ("2026-01-05T10:00:00+01:00"): built
/// independently of the code under test.
private func at(_ iso: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: iso) else {
        Issue.record("bad ISO instant \(iso)")
        return Date(timeIntervalSince1970: 0)
    }
    return date
}

private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

private func hours(_ text: String) throws -> OpeningHours { try OpeningHours.parse(text) }

private func minutes(_ h: Int, _ m: Int = 0) -> Int { h * 60 + m }

/// The error thrown for `text`, or nil when it reads.
private func failure(_ text: String) -> OpeningHoursError? {
    do {
        _ = try OpeningHours.parse(text)
        return nil
    } catch {
        return error
    }
}

/// The example of the national standard.
private let standard = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"

@Suite("Opening hours")
struct OpeningHoursTests {
    // MARK: Reading

    @Test("The example of the standard reads day by day")
    func standardExample() throws {
        let h = try hours(standard)
        #expect(h.expression == standard)
        // 2026-01-05 is a Monday.
        for offset in 0..<5 {
            #expect(h.intervals(on: day("2026-01-05").adding(days: offset)) == [minutes(9)..<minutes(12), minutes(14)..<minutes(18, 30)])
        }
        #expect(h.intervals(on: day("2026-01-10")) == [minutes(8, 30)..<minutes(12)])
        #expect(h.intervals(on: day("2026-01-11")) == [])
    }

    @Test("Several ranges a day are sorted and overlapping ones merged")
    func severalRanges() throws {
        let h = try hours("Tu 14:00-16:00,08:00-10:00,09:30-11:00,16:00-17:00")
        #expect(h.intervals(on: day("2026-01-06")) == [minutes(8)..<minutes(11), minutes(14)..<minutes(17)])
        #expect(h.expression == "Tu 14:00-16:00,08:00-10:00,09:30-11:00,16:00-17:00")
    }

    @Test("A later rule replaces what earlier ones said about its days")
    func semicolonOverrides() throws {
        let h = try hours("Mo-Fr 09:00-18:00; We 10:00-12:00")
        #expect(h.intervals(on: day("2026-01-06")) == [minutes(9)..<minutes(18)])
        #expect(h.intervals(on: day("2026-01-07")) == [minutes(10)..<minutes(12)])
        // A rule without days names every day.
        let trap = try hours("Mo-Fr 09:00-12:00; 14:00-18:00")
        #expect(trap.intervals(on: day("2026-01-05")) == [minutes(14)..<minutes(18)])
        #expect(trap.intervals(on: day("2026-01-11")) == [minutes(14)..<minutes(18)])
    }

    @Test("A rule after a comma adds to the day instead of replacing it")
    func commaAdds() throws {
        let h = try hours("Mo-Fr 09:00-12:00, We 14:00-16:00")
        #expect(h.intervals(on: day("2026-01-07")) == [minutes(9)..<minutes(12), minutes(14)..<minutes(16)])
        #expect(h.intervals(on: day("2026-01-08")) == [minutes(9)..<minutes(12)])
        #expect(h.expression == "Mo-Fr 09:00-12:00, We 14:00-16:00")
    }

    @Test("off and closed close the days they name")
    func off() throws {
        let h = try hours("Mo-Fr 09:00-18:00; We off")
        #expect(h.intervals(on: day("2026-01-07")) == [])
        #expect(h.intervals(on: day("2026-01-08")) == [minutes(9)..<minutes(18)])
        let same = try hours("Mo-Fr 09:00-18:00; We closed")
        #expect(same == h)
        #expect(same.expression == "Mo-Fr 09:00-18:00; We off")
        let never = try hours("off")
        #expect(never.intervals(on: day("2026-01-07")) == [])
    }

    @Test("A rule without weekdays applies to every day")
    func everyDay() throws {
        let h = try hours("10:00-18:00; Su off")
        for offset in 0..<6 {
            #expect(h.intervals(on: day("2026-01-05").adding(days: offset)) == [minutes(10)..<minutes(18)])
        }
        #expect(h.intervals(on: day("2026-01-11")) == [])
    }

    @Test("24/7 is always open")
    func twentyFourSeven() throws {
        let h = try hours(" 24/7 ")
        #expect(h.expression == "24/7")
        #expect(h.intervals(on: day("2026-02-28")) == [0..<1440])
        #expect(h.coverage(on: day("2026-02-28")) == [0..<1440])
        #expect(h.isOpen(at: at("2026-01-05T03:17:00+01:00")))
        let status = h.status(at: at("2026-01-05T03:17:00+01:00"))
        #expect(status.isOpen)
        #expect(status.nextChange == nil)
        #expect(status.sentence == "Ouvert 24 h/24, 7 j/7")
        #expect(h.week(startingOn: day("2026-01-05")).allSatisfy { $0.text == "24 h/24" })
    }

    @Test("Wrapping weekday ranges go through Sunday")
    func wrappingDays() throws {
        let h = try hours("Sa-Mo 10:00-12:00")
        let open = (0..<7).map { !h.intervals(on: day("2026-01-05").adding(days: $0)).isEmpty }
        #expect(open == [true, false, false, false, false, true, true])
        let long = try hours("Fr-Tu 10:00-12:00; We,Th off")
        let longOpen = (0..<7).map { !long.intervals(on: day("2026-01-05").adding(days: $0)).isEmpty }
        #expect(longOpen == [true, true, false, false, true, true, true])
        let mixed = try hours("Mo-We,Fr 10:00-12:00")
        let mixedOpen = (0..<7).map { !mixed.intervals(on: day("2026-01-05").adding(days: $0)).isEmpty }
        #expect(mixedOpen == [true, true, true, false, true, false, false])
        let single = try hours("Tu-Tu 10:00-12:00")
        #expect(single.expression == "Tu 10:00-12:00")
    }

    @Test("Text is normalised and reads back the same")
    func normalisation() throws {
        let cases: [(String, String)] = [
            ("mo-fr 9:00-12:00 , 14:00 - 18:30 ;sa 08:30\u{2013}12:00;", standard),
            ("Fr 18:00-26:00", "Fr 18:00-02:00"),
            ("Fr 22:00-00:00", "Fr 22:00-24:00"),
            ("Mo 01:00-26:00", "Mo 01:00-26:00"),
            ("Sa", "Sa 00:00-24:00"),
            ("Sa open", "Sa 00:00-24:00"),
            ("Mo-Fr 09:00-12:00 open", "Mo-Fr 09:00-12:00"),
            ("Mo-Fr: 09:00-12:00", "Mo-Fr 09:00-12:00"),
            ("Su,PH off", "Su,PH off"),
            (";; Mo 09:00-10:00 ;;", "Mo 09:00-10:00"),
            ("MO-FR 09:00-12:00\n; SA 10:00-11:00", "Mo-Fr 09:00-12:00; Sa 10:00-11:00"),
        ]
        for (text, expected) in cases {
            let h = try hours(text)
            #expect(h.expression == expected, "\(text)")
            #expect(try hours(h.expression) == h, "\(text)")
        }
        #expect(try hours("Fr 18:00-26:00") == hours("Fr 18:00-02:00"))
    }

    // MARK: Public holidays

    @Test("French public holidays, Easter computed")
    func holidays() {
        #expect(FrenchPublicHolidays.easterSunday(year: 2024) == day("2024-03-31"))
        #expect(FrenchPublicHolidays.easterSunday(year: 2025) == day("2025-04-20"))
        #expect(FrenchPublicHolidays.easterSunday(year: 2026) == day("2026-04-05"))
        #expect(FrenchPublicHolidays.easterSunday(year: 2027) == day("2027-03-28"))
        #expect(FrenchPublicHolidays.easterSunday(year: 2038) == day("2038-04-25"))
        #expect(FrenchPublicHolidays.easterSunday(year: 2285) == day("2285-03-22"))
        let days2026 = (0..<365).map { day("2026-01-01").adding(days: $0) }.filter(FrenchPublicHolidays.isHoliday)
        #expect(days2026.map(\.iso) == ["2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14",
                                        "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"])
        #expect(FrenchPublicHolidays.name(of: day("2026-04-06")) == "lundi de Pâques")
        #expect(FrenchPublicHolidays.name(of: day("2026-04-05")) == nil)
    }

    @Test("PH off closes on public holidays, even a Monday")
    func publicHolidaysOff() throws {
        let h = try hours("Mo-Fr 09:00-12:00; PH off")
        #expect(h.intervals(on: day("2026-05-01")) == []) // Friday, fête du Travail
        #expect(h.intervals(on: day("2026-04-06")) == []) // Easter Monday
        #expect(h.intervals(on: day("2026-04-07")) == [minutes(9)..<minutes(12)])
        #expect(!h.isOpen(at: at("2026-04-06T10:00:00+02:00")))
        #expect(h.isOpen(at: at("2026-04-07T10:00:00+02:00")))
        #expect(h.status(at: at("2026-04-06T08:00:00+02:00")).sentence == "Fermé — ouvre demain à 9 h")
        #expect(h.status(at: at("2026-04-30T13:00:00+02:00")).sentence == "Fermé — ouvre lundi à 9 h")
        let week = h.week(startingOn: day("2026-04-27"))
        #expect(week[4].text == "fermé")
        #expect(week[4].publicHoliday == "fête du Travail")
        #expect(week[3].publicHoliday == nil)
    }

    @Test("PH with hours, PH in a list, and rule order as in OSM")
    func publicHolidaysWithHours() throws {
        let h = try hours("Mo-Sa 09:00-18:00; PH 10:00-12:00")
        #expect(h.intervals(on: day("2026-05-01")) == [minutes(10)..<minutes(12)])
        #expect(h.intervals(on: day("2026-05-02")) == [minutes(9)..<minutes(18)])
        let sunday = try hours("Mo-Sa 09:00-18:00; Su,PH off")
        #expect(sunday.intervals(on: day("2026-05-08")) == [])
        #expect(sunday.intervals(on: day("2026-05-10")) == [])
        #expect(sunday.intervals(on: day("2026-05-09")) == [minutes(9)..<minutes(18)])
        // Written first, PH off is overridden by the weekday rule, as in OpenStreetMap.
        let first = try hours("PH off; Mo-Fr 09:00-12:00")
        #expect(first.intervals(on: day("2026-04-06")) == [minutes(9)..<minutes(12)])
        // Without PH, holidays are ordinary days.
        #expect(try hours("Mo-Fr 09:00-12:00").intervals(on: day("2026-04-06")) == [minutes(9)..<minutes(12)])
    }

    // MARK: Past midnight

    @Test("Fr 22:00-02:00 is open early on Saturday, not later")
    func pastMidnight() throws {
        let h = try hours("Fr 22:00-02:00")
        #expect(h.intervals(on: day("2026-01-09")) == [minutes(22)..<minutes(26)])
        #expect(h.intervals(on: day("2026-01-10")) == [])
        #expect(h.coverage(on: day("2026-01-10")) == [0..<minutes(2)])
        #expect(h.coverage(on: day("2026-01-09")) == [minutes(22)..<1440])
        #expect(!h.isOpen(at: at("2026-01-09T21:00:00+01:00")))
        #expect(h.isOpen(at: at("2026-01-09T23:00:00+01:00")))
        #expect(h.isOpen(at: at("2026-01-10T01:00:00+01:00")))
        #expect(h.isOpen(at: at("2026-01-10T01:59:59+01:00")))
        #expect(!h.isOpen(at: at("2026-01-10T02:00:00+01:00")))
        #expect(!h.isOpen(at: at("2026-01-10T03:00:00+01:00")))
        #expect(try hours("Fr 18:00-26:00").isOpen(at: at("2026-01-10T01:00:00+01:00")))
        // The range belongs to Friday: a later "Sa off" does not cut Friday night short.
        let bar = try hours("Fr 22:00-02:00; Sa off")
        #expect(bar.isOpen(at: at("2026-01-10T01:00:00+01:00")))
        // Up to 48:00: two midnights.
        let marathon = try hours("Mo 10:00-34:00")
        #expect(marathon.isOpen(at: at("2026-01-06T09:00:00+01:00")))
        #expect(!marathon.isOpen(at: at("2026-01-06T10:00:00+01:00")))
    }

    // MARK: Status

    @Test("Status sentences through a week of the standard example",
          arguments: [
              ("2026-01-05T08:00:00+01:00", false, "Fermé — ouvre à 9 h", "2026-01-05T09:00:00+01:00"),
              ("2026-01-05T10:00:00+01:00", true, "Ouvert maintenant — ferme à 12 h", "2026-01-05T12:00:00+01:00"),
              ("2026-01-05T11:59:59+01:00", true, "Ouvert maintenant — ferme à 12 h", "2026-01-05T12:00:00+01:00"),
              ("2026-01-05T12:00:00+01:00", false, "Fermé — ouvre à 14 h", "2026-01-05T14:00:00+01:00"),
              ("2026-01-05T15:00:00+01:00", true, "Ouvert maintenant — ferme à 18 h 30", "2026-01-05T18:30:00+01:00"),
              ("2026-01-05T19:00:00+01:00", false, "Fermé — ouvre demain à 9 h", "2026-01-06T09:00:00+01:00"),
              ("2026-01-06T00:30:00+01:00", false, "Fermé — ouvre à 9 h", "2026-01-06T09:00:00+01:00"),
              ("2026-01-09T19:00:00+01:00", false, "Fermé — ouvre demain à 8 h 30", "2026-01-10T08:30:00+01:00"),
              ("2026-01-10T13:00:00+01:00", false, "Fermé — ouvre lundi à 9 h", "2026-01-12T09:00:00+01:00"),
              ("2026-01-11T10:00:00+01:00", false, "Fermé — ouvre demain à 9 h", "2026-01-12T09:00:00+01:00"),
          ])
    func statusSentences(instant: String, open: Bool, sentence: String, change: String) throws {
        let status = try hours(standard).status(at: at(instant))
        #expect(status.isOpen == open)
        #expect(status.sentence == sentence)
        #expect(status.nextChange == at(change))
    }

    @Test("Status sentences: midnight, past midnight, far away, never")
    func statusEdges() throws {
        #expect(try hours("18:00-24:00").status(at: at("2026-01-05T20:00:00+01:00")).sentence
            == "Ouvert maintenant — ferme à minuit")
        let bar = try hours("Fr 22:00-02:00")
        let friday = bar.status(at: at("2026-01-09T23:00:00+01:00"))
        #expect(friday.sentence == "Ouvert maintenant — ferme à 2 h")
        #expect(friday.nextChange == at("2026-01-10T02:00:00+01:00"))
        #expect(friday.nextChangeDay == day("2026-01-10"))
        #expect(friday.nextChangeTime == TimeOfDay(minutes: 120))
        #expect(bar.status(at: at("2026-01-10T01:00:00+01:00")).sentence == "Ouvert maintenant — ferme à 2 h")
        #expect(bar.status(at: at("2026-01-10T03:00:00+01:00")).sentence == "Fermé — ouvre vendredi à 22 h")
        #expect(try hours("Mo 10:00-36:00").status(at: at("2026-01-05T13:00:00+01:00")).sentence
            == "Ouvert maintenant — ferme demain à 12 h")
        #expect(try hours("Mo-Fr 00:00-24:00").status(at: at("2026-01-07T10:00:00+01:00")).sentence
            == "Ouvert maintenant — ferme vendredi à minuit")
        #expect(try hours("Mo 09:00-12:00").status(at: at("2026-01-05T13:00:00+01:00")).sentence
            == "Fermé — ouvre le lundi 12 janvier à 9 h")
        #expect(try hours("Mo 09:00-12:00").status(at: at("2026-05-25T13:00:00+02:00")).sentence
            == "Fermé — ouvre le lundi 1er juin à 9 h")
        let never = try hours("Mo 09:00-10:00; Mo off").status(at: at("2026-01-05T09:30:00+01:00"))
        #expect(!never.isOpen)
        #expect(never.nextChange == nil)
        #expect(never.sentence == "Fermé en ce moment")
        #expect(try hours("off").status(at: at("2026-01-05T09:30:00+01:00")).sentence == "Fermé en ce moment")
    }

    @Test("Another time zone reads the other wall clock")
    func otherZone() throws {
        let h = try hours("Mo-Fr 09:00-17:00")
        let reunion = try #require(TimeZone(identifier: "Indian/Reunion"))
        let instant = at("2026-01-05T07:00:00+01:00") // 10:00 in La Réunion (UTC+4)
        #expect(!h.isOpen(at: instant))
        #expect(h.isOpen(at: instant, in: reunion))
        #expect(h.status(at: instant, in: reunion).sentence == "Ouvert maintenant — ferme à 17 h")
    }

    // MARK: Daylight saving time

    @Test("Last weekend of March: the clock jumps from 2 h to 3 h")
    func springForward() throws {
        let h = try hours("Mo-Su 09:00-18:00")
        let saturday = h.status(at: at("2026-03-28T20:00:00+01:00"))
        #expect(saturday.sentence == "Fermé — ouvre demain à 9 h")
        #expect(saturday.nextChange == at("2026-03-29T07:00:00Z"))
        #expect(!h.isOpen(at: at("2026-03-29T06:30:00Z"))) // 8 h 30 in summer time
        #expect(h.isOpen(at: at("2026-03-29T07:30:00Z")))  // 9 h 30, not 8 h 30
        #expect(h.status(at: at("2026-03-29T10:00:00+02:00")).nextChange == at("2026-03-29T16:00:00Z"))
        // Opening in the hour that does not exist: it opens when the clock jumps, at 3 h.
        let gap = try hours("Su 02:30-04:00").status(at: at("2026-03-29T01:30:00+01:00"))
        #expect(gap.sentence == "Fermé — ouvre à 3 h")
        #expect(gap.nextChange == at("2026-03-29T01:00:00Z"))
        // A Saturday night that ends at 3 h ends one real hour earlier than usual.
        let night = try hours("Sa 22:00-03:00").status(at: at("2026-03-28T23:00:00+01:00"))
        #expect(night.sentence == "Ouvert maintenant — ferme à 3 h")
        #expect(night.nextChange == at("2026-03-29T01:00:00Z"))
        #expect(LocalDate(night.nextChange!) == day("2026-03-29"))
    }

    @Test("Last weekend of October: the clock goes back from 3 h to 2 h")
    func fallBack() throws {
        let h = try hours("Mo-Su 09:00-18:00")
        let saturday = h.status(at: at("2026-10-24T20:00:00+02:00"))
        #expect(saturday.sentence == "Fermé — ouvre demain à 9 h")
        #expect(saturday.nextChange == at("2026-10-25T08:00:00Z"))
        #expect(!h.isOpen(at: at("2026-10-25T07:30:00Z"))) // 8 h 30 in winter time
        #expect(h.isOpen(at: at("2026-10-25T08:30:00Z")))
        let night = try hours("Sa 22:00-04:00").status(at: at("2026-10-24T23:00:00+02:00"))
        #expect(night.sentence == "Ouvert maintenant — ferme à 4 h")
        #expect(night.nextChange == at("2026-10-25T03:00:00Z")) // 4 h in winter time
        #expect(try hours("Sa 22:00-04:00").isOpen(at: at("2026-10-25T01:30:00Z"))) // 2 h 30 the second time
    }

    @Test("Status agrees with isOpen around both changes of time")
    func statusConsistency() throws {
        let expressions = [standard, "Fr 22:00-02:00; Sa 23:00-03:30", "Su 01:00-02:45,03:15-05:00", "Mo-Su 02:00-03:00",
                           "Sa-Mo 00:00-24:00", "24/7", "Mo-Fr 09:00-12:00; PH off"]
        let starts = [at("2026-03-27T00:00:00+01:00"), at("2026-10-23T00:00:00+02:00")]
        var checked = 0
        for text in expressions {
            let h = try hours(text)
            for start in starts {
                for step in 0..<48 {
                    let now = start.addingTimeInterval(TimeInterval(step) * 7_200 + 1_234)
                    let status = h.status(at: now)
                    #expect(status.isOpen == h.isOpen(at: now), "\(text) at \(now)")
                    guard let change = status.nextChange else { continue }
                    #expect(change > now)
                    #expect(change.timeIntervalSince(now) <= 8 * 86_400)
                    #expect(h.isOpen(at: change) != status.isOpen, "\(text) at \(now)")
                    #expect(h.isOpen(at: change.addingTimeInterval(-1)) == status.isOpen, "\(text) at \(now)")
                    var probe = now
                    while probe < change {
                        if h.isOpen(at: probe) != status.isOpen {
                            Issue.record("\(text): change at \(probe) before \(change), asked at \(now)")
                            break
                        }
                        probe = probe.addingTimeInterval(900)
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }

    // MARK: The week table

    @Test("The week as a table, in French")
    func weekTable() throws {
        let week = try hours(standard).week(startingOn: day("2026-01-05"))
        #expect(week.map(\.dayName) == ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"])
        #expect(week.map(\.text) == Array(repeating: "9 h – 12 h, 14 h – 18 h 30", count: 5) + ["8 h 30 – 12 h", "fermé"])
        #expect(week.map(\.date.iso) == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11"])
        #expect(week[6].isClosed)
        let night = try hours("Fr 22:00-02:00; Sa 10:05-24:00; Su 00:00-24:00; Mo 00:00-26:00").week(startingOn: day("2026-01-05"))
        #expect(night.map(\.text) == ["0 h – 2 h le lendemain", "fermé", "fermé", "fermé", "22 h – 2 h", "10 h 05 – minuit", "24 h/24"])
    }

    @Test("French times")
    func frenchTimes() {
        #expect(FrenchTime.text(minutes: 540) == "9 h")
        #expect(FrenchTime.text(minutes: 1110) == "18 h 30")
        #expect(FrenchTime.text(minutes: 545) == "9 h 05")
        #expect(FrenchTime.text(minutes: 0) == "0 h")
        #expect(FrenchTime.text(minutes: 1440) == "minuit")
        #expect(FrenchTime.text(minutes: 1560) == "2 h")
        #expect(FrenchTime.text(range: 540..<720) == "9 h – 12 h")
        #expect(FrenchTime.text(ranges: []) == "fermé")
        #expect(FrenchTime.longDate(day("2026-06-01")) == "lundi 1er juin")
    }

    // MARK: Errors

    @Test("Refusals say where and why",
          arguments: [
              ("Mo-Fr 09:00-25:61", 12, 5, "heure invalide « 25:61 »"),
              ("Mo-Fx 9:00", 3, 2, "jour inconnu « Fx » (attendu Mo, Tu, We, Th, Fr, Sa, Su)"),
              ("Jan-Mar", 0, 3, "les mois ne sont pas pris en charge"),
              ("Mo-Fr 09:00-12:00; Jan Mo 10:00-11:00", 19, 3, "les mois ne sont pas pris en charge"),
              ("", 0, 0, "aucun horaire"),
              ("  ; ;", 0, 5, "aucun horaire"),
              ("Lundi 9:00-12:00", 0, 5, "jour inconnu « Lundi » (attendu Mo, Tu, We, Th, Fr, Sa, Su)"),
              ("Mo-Fr 09:00-12:00 Sa 10:00-12:00", 18, 2, "point-virgule « ; » attendu avant « Sa » pour commencer une autre règle"),
              ("Mo 9h-12h", 3, 2, "heure à écrire au format HH:MM, par ex. 09:00 ou 18:30 (et non « 9h »)"),
              ("Mo 9h30-12h", 3, 4, "heure à écrire au format HH:MM, par ex. 09:00 ou 18:30 (et non « 9h30 »)"),
              ("Mo-Fr 0900-1200", 6, 4, "heure invalide « 0900 » (format attendu HH:MM, par ex. 09:00)"),
              ("Mo 09:00", 3, 5, "plage horaire incomplète « 09:00 » : heure de fin attendue, par ex. 09:00-12:00"),
              ("Mo 09:00-", 8, 1, "heure de fin attendue après « - »"),
              ("Mo 09:0-12:00", 3, 4, "heure invalide « 09:0 »"),
              ("Mo 09:00-12:00:00", 9, 8, "heure invalide « 12:00:00 » (format attendu HH:MM, sans secondes)"),
              ("Mo 10:00-10:00", 3, 11, "plage horaire vide « 10:00-10:00 » (toute la journée s’écrit 00:00-24:00)"),
              ("Mo 24:00-26:00", 3, 5, "heure de début invalide « 24:00 » (au plus 23:59)"),
              ("Mo 09:00-49:00", 9, 5, "heure invalide « 49:00 »"),
              ("Mo 09:00-48:01", 9, 5, "heure invalide « 48:01 »"),
              ("Mo 09:00-12:00 \"sur rendez-vous\"", 15, 1, "les commentaires entre guillemets ne sont pas pris en charge"),
              ("Mo 09:00-12:00 || \"rdv\"", 15, 2, "les règles de repli « || » ne sont pas prises en charge"),
              ("Mo[1] 09:00-12:00", 2, 1, "les crochets (par ex. « Mo[1] ») ne sont pas pris en charge"),
              ("sunrise-sunset", 0, 7, "les heures liées au soleil (« sunrise ») ne sont pas prises en charge"),
              ("Mo 09:00-sunset", 9, 6, "les heures liées au soleil (« sunset ») ne sont pas prises en charge"),
              ("Mo-Fr 10:00+", 11, 1, "les horaires sans heure de fin (« + ») ne sont pas pris en charge"),
              ("Mo 10:00-16:00/01:00", 14, 1, "les horaires périodiques ou fractions (« / ») ne sont pas pris en charge"),
              ("SH off", 0, 2, "les vacances scolaires (SH) ne sont pas prises en charge"),
              ("week 01-10 Mo 09:00-12:00", 0, 4, "les numéros de semaine ne sont pas pris en charge"),
              ("Mo,Tu, ,We 09:00-12:00", 5, 1, "jour attendu après « , »"),
              ("Mo Tu 09:00-12:00", 3, 2, "virgule attendue entre les jours, par ex. « Mo,We » (avant « Tu »)"),
              ("Mo 09:00-12:00 off", 15, 3, "« off » après des horaires n’est pas pris en charge (écrire par ex. « We off » dans une règle à part)"),
              ("Mo 09:00-12:00 14:00-18:00", 15, 5, "virgule « , » ou point-virgule « ; » attendu avant « 14:00 »"),
              ("PH-Mo off", 2, 1, "« PH » (jours fériés) ne peut pas commencer une plage de jours"),
              ("Mo- 09:00-12:00", 2, 1, "jour attendu après « - », par ex. « Mo-Fr »"),
              ("Mo 09:00-12:00, Fx 10:00-11:00", 16, 2, "jour inconnu « Fx » (attendu Mo, Tu, We, Th, Fr, Sa, Su)"),
              ("Mo 09:00-12:00,", 14, 1, "virgule « , » inattendue : un jour ou une plage horaire doit la suivre"),
              ("Mo 09:00-12:00 ; é", 17, 1, "jour inconnu « é » (attendu Mo, Tu, We, Th, Fr, Sa, Su)"),
              // Offsets count characters, not bytes: the en dash and the emoji are one character each.
              ("Mo-Fr 09:00\u{2013}12:00; Sa 25:00-26:00", 22, 5, "heure de début invalide « 25:00 » (au plus 23:59)"),
              ("👩‍💻 Mo 09:00-12:00", 0, 1, "caractère inattendu « 👩‍💻 »"),
              ("Mo 09:00-12:00\u{0}", 14, 1, "caractère inattendu « U+0000 »"),
          ])
    func refusals(text: String, offset: Int, length: Int, message: String) {
        let error = failure(text)
        #expect(error == OpeningHoursError(offset: offset, length: length, message: message), "\(text)")
        if let error { #expect(error.column == offset + 1) }
    }

    @Test("The error describes itself with a 1-based column")
    func errorDescription() {
        #expect(failure("Mo-Fr 09:00-25:61")?.description == "colonne 13 : heure invalide « 25:61 »")
    }

    @Test("Texts longer than 1 000 characters are refused")
    func tooLong() throws {
        let rule = "Mo 09:00-10:00; "
        let long = String(repeating: rule, count: 1_000 / rule.count) + String(repeating: " ", count: 1_000 % rule.count)
        #expect(long.count == 1_000)
        _ = try hours(long)
        let error = failure(long + "x")
        #expect(error == OpeningHoursError(offset: 1_000, length: 1, message: "texte trop long : 1\u{00A0}000 caractères au plus"))
        #expect(failure(String(repeating: "9", count: 200_000))?.offset == 1_000)
    }

    @Test("20 000 random texts: no crash, no hang, errors inside the text, results that read back")
    func fuzz() throws {
        var rng = SplitMix(seed: 0x7A4D_E11A)
        let pieces = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH", "SH", "off", "closed", "open", "24/7", "Jan",
                      " ", " ", " ", ";", ";", ",", ",", "-", "-", ":", "/", "+", "0", "1", "2", "4", "7", "9",
                      "09:00", "12:00", "9:30", "22:00", "02:00", "24:00", "25:61", "48:00", "00:00", "18:30",
                      "\"", "[", "]", "|", "é", "👍", "\n", "\t", "\u{2013}", "\u{0}", "x", "h", "99", "sunrise",
                      "Mo-Fr", "Sa-Mo", "09:00-12:00", "14:00-18:30", "22:00-02:00", "\u{301}", "\r\n"]
        var parsed = 0, refused = 0, problems: [String] = []
        for round in 0..<20_000 {
            var text = ""
            if round % 4 == 3 {
                // Raw junk: any Unicode scalar.
                for _ in 0..<rng.int(below: 30) {
                    if let scalar = Unicode.Scalar(UInt32(rng.int(below: 0x11_0000))) { text.unicodeScalars.append(scalar) }
                }
            } else if round % 4 == 2 {
                // Close to the grammar, then maybe one character deleted, replaced or inserted.
                text = rng.expression()
                var characters = Array(text)
                if !characters.isEmpty && rng.int(below: 2) == 0 {
                    let position = rng.int(below: characters.count)
                    switch rng.int(below: 3) {
                    case 0: characters.remove(at: position)
                    case 1: characters[position] = Character(pieces[rng.int(below: pieces.count)].first.map(String.init) ?? "x")
                    default: characters.insert(contentsOf: pieces[rng.int(below: pieces.count)], at: position)
                    }
                    text = String(characters)
                }
            } else {
                for _ in 0..<rng.int(below: 16) { text += pieces[rng.int(below: pieces.count)] }
            }
            let count = text.count
            do {
                let h = try OpeningHours.parse(text)
                parsed += 1
                let again = try OpeningHours.parse(h.expression)
                if again != h { problems.append("reads back differently: \(text.debugDescription) → \(h.expression)") }
                let date = LocalDate(year: 2026, month: 1, day: 1)!.adding(days: round % 400)
                for range in h.intervals(on: date) where !(0..<1440).contains(range.lowerBound) || range.upperBound > 2880 {
                    problems.append("range \(range) for \(text.debugDescription)")
                }
                if round % 8 == 2 || round % 20 == 0 {
                    let instant = Date(timeIntervalSince1970: 1_767_225_600 + Double(round) * 3_607)
                    let status = h.status(at: instant)
                    if status.isOpen != h.isOpen(at: instant) { problems.append("status for \(text.debugDescription)") }
                    if h.week(startingOn: date).count != 7 { problems.append("week for \(text.debugDescription)") }
                }
            } catch {
                refused += 1
                let inside = count == 0 ? error.offset == 0 : (0..<count).contains(error.offset)
                if !inside || error.length < 0 || error.offset + error.length > count || error.message.isEmpty {
                    problems.append("error \(error) for \(text.debugDescription) (\(count) characters)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        #expect(parsed > 1_500)
        #expect(refused > 12_000)
    }
}

/// A small deterministic generator for the fuzz test.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(below bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    /// A random expression in the grammar, possibly with out-of-range times.
    mutating func expression() -> String {
        let days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        func time(_ rng: inout SplitMix) -> String {
            let h = rng.int(below: 20) == 0 ? rng.int(below: 50) : rng.int(below: 24)
            let m = rng.int(below: 20) == 0 ? 60 : [0, 15, 30, 45, 59][rng.int(below: 5)]
            return (h < 10 && rng.int(below: 2) == 0 ? "\(h)" : String(format: "%02d", h)) + String(format: ":%02d", m)
        }
        var rules: [String] = []
        for _ in 0..<(1 + int(below: 3)) {
            var selector: [String] = []
            for _ in 0..<int(below: 3) {
                switch int(below: 4) {
                case 0: selector.append("PH")
                case 1: selector.append(days[int(below: 7)])
                default: selector.append(days[int(below: 7)] + "-" + days[int(below: 7)])
                }
            }
            var body: String
            switch int(below: 6) {
            case 0: body = "off"
            case 1: body = int(below: 2) == 0 ? "24/7" : ""
            default: body = (0..<(1 + int(below: 3))).map { _ in time(&self) + "-" + time(&self) }.joined(separator: ",")
            }
            if selector.isEmpty && body.isEmpty { body = "closed" }
            rules.append([selector.joined(separator: ","), body].filter { !$0.isEmpty }.joined(separator: " "))
        }
        var text = rules[0]
        for rule in rules.dropFirst() { text += (int(below: 4) == 0 ? ", " : "; ") + rule }
        return text
    }
}
