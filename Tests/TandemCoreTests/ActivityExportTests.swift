import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TandemCore

private let day = LocalDate(year: 2026, month: 1, day: 15)!

private func individual(notes: String? = "A revoir mardi") -> ActivityExportRecord {
    let details = ActivityDetails(
        kind: .individual, date: day, startTime: TimeOfDay(minutes: 14 * 60 + 30), durationMinutes: 45,
        locationKind: .place, placeId: UUID(), themes: [.email, .adminProcedures], procedureDomains: [.socialHealth, .moneyTaxes],
        procedureName: "Ameli", devices: [.phone], deviceOwners: [.beneficiary], interventionMode: .onBehalf, mandate: true,
        autonomy: .partiallyAutonomous, participants: .individual(AnonymousPerson(ageBracket: .age70plus, socialStatus: .retired, gender: .female)),
        referralTarget: .library, notes: notes)
    return ActivityExportRecord(id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!, details: details,
                                placeName: "Médiathèque centrale", placeCommune: "Valbourg", placePostalCode: "87000",
                                resourceName: "Tout apprendre", mediatorName: "Sophie")
}

private func workshop() -> ActivityExportRecord {
    let group = GroupParticipants(count: 8, ageBreakdown: [.age70plus: 4, .age60to69: 2], statusBreakdown: [.retired: 8], genderBreakdown: [:])
    let details = ActivityDetails(kind: .workshop, date: day, durationMinutes: 120, locationKind: .home, commune: "Plateau",
                                  themes: [.socialMedia], devices: [.tablet, .phone], deviceOwners: [.structure], workshopLevel: .beginner,
                                  title: "=Premiers pas", participants: .group(group))
    return ActivityExportRecord(id: UUID(), details: details)
}

private func training() -> ActivityExportRecord {
    let details = ActivityDetails(kind: .internalTraining, date: day, durationMinutes: 60, locationKind: .remote, themes: [.officeSoftware],
                                  devices: [.computer], participants: .training(TrainingParticipants(count: 12, audiences: [.staff, .elected])))
    return ActivityExportRecord(id: UUID(), details: details)
}

private func cells(_ record: ActivityExportRecord, sheet: ActivitySheet = ActivitySheet(includesMediator: true, includesNotes: true)) -> [String: ExportCell] {
    Dictionary(uniqueKeysWithValues: zip(sheet.headers, sheet.cells(record)))
}

struct ActivitySheetTests {
    @Test("Names and notes are columns only when asked for; the national tool's headers come first")
    func columns() {
        let everything = ActivitySheet(includesMediator: true, includesNotes: true)
        #expect(everything.headers.contains("Médiateur"))
        #expect(everything.headers.contains("Notes supplémentaires"))
        let coordinator = ActivitySheet(includesMediator: true, includesNotes: false)
        #expect(!coordinator.headers.contains("Notes supplémentaires"))
        let shared = ActivitySheet(includesMediator: false, includesNotes: false)
        #expect(!shared.headers.contains("Médiateur"))
        #expect(shared.headers.prefix(3) == ["Date", "Heure de début", "Type"])
        for header in ["Durée (min)", "Nom de l’atelier", "Matériel numérique utilisé", "Thématique(s) d’accompagnement",
                       "Nom de la démarche administrative", "Niveau d’autonomie (ou de l’atelier)", "Structure de redirection",
                       "Propriétaire du matériel", "Façon d’accompagner", "Mandat Aidants Connect", "Tranche d’âge", "Statut", "Genre"] {
            #expect(shared.headers.contains(header), "\(header)")
        }
        #expect(shared.cells(individual()).count == shared.headers.count)
    }

    @Test("An individual session: codes as French labels, lists joined with a comma, the place's name and commune")
    func individualRow() {
        let row = cells(individual())
        #expect(row["Date"] == .date(day))
        #expect(row["Heure de début"] == .text("14:30"))
        #expect(row["Médiateur"] == .text("Sophie"))
        #expect(row["Type"] == .text("Accompagnement individuel"))
        #expect(row["Canaux d’accompagnement"] == .text("Lieu d'activité"))
        #expect(row["Nom du lieu"] == .text("Médiathèque centrale"))
        #expect(row["Commune"] == .text("Valbourg"))
        #expect(row["Code postal"] == .text("87000"))
        #expect(row["Durée (min)"] == .integer(45))
        #expect(row["Nombre de participants"] == .integer(1))
        #expect(row["Thématique(s) d’accompagnement"] == .text("E-mail, Aide aux démarches administratives"))
        #expect(row["Domaine(s) de la démarche administrative"] == .text("Social - Santé, Argent - Impôts"))
        #expect(row["Nom de la démarche administrative"] == .text("Ameli"))
        #expect(row["Façon d’accompagner"] == .text("Le médiateur a fait à la place de la personne"))
        #expect(row["Mandat Aidants Connect"] == .text("Oui"))
        #expect(row["Niveau d’autonomie (ou de l’atelier)"] == .text("Autonome avec guidage en cas de besoin"))
        #expect(row["Structure de redirection"] == .text(ReferralTarget.library.label))
        #expect(row["Ressource recommandée"] == .text("Tout apprendre"))
        #expect(row["Tranche d’âge"] == .text("70 ans et plus"))
        #expect(row["Statut"] == .text("Retraité"))
        #expect(row["Genre"] == .text("Féminin"))
        #expect(row["Notes supplémentaires"] == .text("A revoir mardi"))
        #expect(row["Identifiant"] == .text("00000000-0000-0000-0000-0000000000ab"))
        #expect(row["Nom de l’atelier"] == .empty)
        #expect(row["Public interne"] == .empty)
    }

    @Test("A workshop: its breakdowns with counts, the rest « Non communiqué »; at home, the typed commune")
    func workshopRow() {
        let row = cells(workshop())
        #expect(row["Tranche d’âge"] == .text("60 - 69 ans : 2, 70 ans et plus : 4, Non communiqué : 2"))
        #expect(row["Statut"] == .text("Retraité : 8"))
        #expect(row["Genre"] == .text("Non communiqué : 8"))
        #expect(row["Commune"] == .text("Plateau"))
        #expect(row["Nom du lieu"] == .empty)
        #expect(row["Niveau d’autonomie (ou de l’atelier)"] == .text("Débutant"))
        #expect(row["Matériel numérique utilisé"] == .text("Tablette, Téléphone"), "in the order recorded")
        #expect(row["Nombre de participants"] == .integer(8))
        #expect(row["Nom de l’atelier"] == .text("=Premiers pas"), "cells keep the text; each format protects it")
        #expect(CSVFlavour.french.text(row["Nom de l’atelier"]!) == "'=Premiers pas")
    }

    @Test("An internal training names its audiences and no public")
    func trainingRow() {
        let row = cells(training())
        #expect(row["Public interne"] == .text("Agents, Élus"))
        #expect(row["Tranche d’âge"] == .empty)
        #expect(row["Mandat Aidants Connect"] == .empty)
    }
}

struct ActivityExportQueryTests {
    private func parse(_ query: String, defaultFormat: ActivityExportFormat = .csvFrench) -> Result<ActivityExportQuery, ValidationFailure> {
        ActivityExportQuery.parse(FormBody.parse(query), defaultFormat: defaultFormat)
    }

    @Test("Format, days, place and kind; the list's du and au read as from and to; empty values are absent")
    func valid() throws {
        let place = UUID()
        let query = try parse("format=XLSX&du=2026-01-01&au=2026-03-31&lieu=\(place.uuidString)&type=workshop").get()
        #expect(query == ActivityExportQuery(format: .xlsx, from: LocalDate(iso: "2026-01-01"), to: LocalDate(iso: "2026-03-31"),
                                             placeId: place, kind: .workshop))
        #expect(try parse("from=2026-02-01&to=&format=").get() == ActivityExportQuery(format: .csvFrench, from: LocalDate(iso: "2026-02-01")))
        #expect(try parse("", defaultFormat: .csv).get().format == .csv)
    }

    @Test("Every problem is named by its parameter, in French")
    func invalid() {
        guard case let .failure(failure) = parse("format=pdf&from=2026-13-01&to=hier&lieu=12&type=visite") else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.errors.map(\.field) == ["format", "from", "to", "lieu", "type"])
        #expect(failure.message(for: "format")?.contains("csv-fr, csv ou xlsx") == true)
        #expect(failure.message(for: "from")?.contains("AAAA-MM-JJ") == true)
        guard case let .failure(order) = parse("from=2026-03-01&to=2026-02-01") else {
            Issue.record("expected a failure")
            return
        }
        #expect(order.message(for: "to") == "La date de fin (01/02/2026) précède la date de début (01/03/2026).")
    }

    @Test("File names say the period")
    func fileNames() throws {
        #expect(try parse("format=xlsx").get().fileName == "activites.xlsx")
        #expect(try parse("format=csv&from=2026-01-01&to=2026-03-31").get().fileName == "activites-du-2026-01-01-au-2026-03-31.csv")
    }
}

/// Whether `xml` is well-formed XML (Foundation's parser).
private func isWellFormed(_ xml: String) -> Bool {
    XMLParser(data: Data(xml.utf8)).parse()
}

struct XLSXSheetTests {
    @Test("Column names go A…Z, AA…AZ, BA…")
    func columnNames() {
        #expect((0..<3).map(XLSXSheetWriter.columnName) == ["A", "B", "C"])
        #expect(XLSXSheetWriter.columnName(25) == "Z")
        #expect(XLSXSheetWriter.columnName(26) == "AA")
        #expect(XLSXSheetWriter.columnName(51) == "AZ")
        #expect(XLSXSheetWriter.columnName(52) == "BA")
        #expect(XLSXSheetWriter.columnName(701) == "ZZ")
        #expect(XLSXSheetWriter.columnName(702) == "AAA")
    }

    @Test("Dates are spreadsheet day numbers: 1970-01-01 is 25569")
    func serials() {
        #expect(XLSXSheetWriter.serial(LocalDate(year: 1970, month: 1, day: 1)!) == 25_569)
        #expect(XLSXSheetWriter.serial(LocalDate(year: 2026, month: 1, day: 15)!) == 46_037)
        #expect(XLSXSheetWriter.serial(LocalDate(year: 1900, month: 3, day: 1)!) == 61)
    }

    @Test("Markup is escaped and characters XML cannot carry are left out")
    func escaping() {
        #expect(XLSXSheetWriter.escaped("a < b & \"c\" > d") == "a &lt; b &amp; &quot;c&quot; &gt; d")
        #expect(XLSXSheetWriter.escaped("x\u{0}y\u{1B}z\u{FFFF}") == "xyz")
        #expect(XLSXSheetWriter.escaped("ligne 1\nligne 2\té") == "ligne 1\nligne 2\té")
        #expect(XLSXSheetWriter.escaped(String(repeating: "a", count: 40_000)).count == 32_767)
    }

    @Test("Rows: a bold header, inline strings, numbers, dates with the date style, empty cells left out")
    func rows() {
        var sheet = XLSXSheetWriter(widths: [12, 24, 12, 12])
        #expect(sheet.header(["Date", "Type"]) == #"<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" s="1" t="inlineStr"><is><t>Type</t></is></c></row>"#)
        let row = sheet.row([.date(day), .text(" =1 & 2"), .integer(45), .empty])
        #expect(row == #"<row r="2"><c r="A2" s="2"><v>46037</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve"> =1 &amp; 2</t></is></c><c r="C2"><v>45</v></c></row>"#)
        #expect(sheet.row([.tenths(125)]).contains("<v>12.5</v>"))
        #expect(sheet.rowCount == 3)
        #expect(sheet.end() == #"</sheetData><autoFilter ref="A1:D3"/></worksheet>"#)
    }

    @Test("The whole sheet and every fixed part are well-formed XML")
    func wellFormed() {
        var sheet = XLSXSheetWriter(widths: ActivitySheet(includesMediator: true, includesNotes: true).columns.map(\.width))
        let layout = ActivitySheet(includesMediator: true, includesNotes: true)
        var xml = sheet.start() + sheet.header(layout.headers)
        for record in [individual(notes: "<script>\u{7}&"), workshop(), training()] { xml += sheet.row(layout.cells(record)) }
        xml += sheet.end()
        #expect(isWellFormed(xml))
        let parts = XLSXWorkbook.parts(sheetName: "Activités & co")
        #expect(parts.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"])
        for part in parts { #expect(isWellFormed(part.content), "\(part.path)") }
        #expect(parts[3].content.contains(#"<sheet name="Activités &amp; co""#))
    }
}
