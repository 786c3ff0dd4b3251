import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

private typealias ByteClient = ByteBrowser

extension ByteBrowser {
    /// The first step's form: the questionnaire version (the default one unless given) and the file.
    fileprivate func upload(_ file: [UInt8], version: String? = nil) async throws -> TestingHTTPResponse {
        let chosen: String
        if let version { chosen = version } else { chosen = Self.selectedVersion(try await send(.GET, InterviewImportController.path).body.string) ?? "" }
        return try await multipart(InterviewImportController.path, fields: [("_csrf", try await csrf()), ("version", chosen)],
                                   file: file, fileName: "export.csv")
    }

    fileprivate static func selectedVersion(_ html: String) -> String? {
        guard let select = html.range(of: "name=\"version\"") else { return nil }
        let rest = String(html[select.upperBound...])
        guard let selected = rest.range(of: "\" selected>") else { return nil }
        let before = rest[..<selected.lowerBound]
        return before.range(of: "value=\"", options: .backwards).map { String(before[$0.upperBound...]) }
    }
}

/// What a browser sends back from the mapping page as it is: the hidden fields and each select's
/// chosen option.
private func mappingForm(_ html: String) -> [(String, String)] {
    var fields: [(String, String)] = []
    for name in ["version", "contenu"] {
        if let start = html.range(of: "name=\"\(name)\" value=\"") {
            fields.append((name, String(html[start.upperBound...].prefix { $0 != "\"" })))
        }
    }
    for chunk in html.components(separatedBy: "<select id=\"colonne-").dropFirst() {
        let name = "colonne-" + chunk.prefix { $0 != "\"" }
        let select = chunk.components(separatedBy: "</select>")[0]
        var value = ""
        if let selected = select.range(of: "\" selected>") {
            let before = select[..<selected.lowerBound]
            value = before.range(of: "value=\"", options: .backwards).map { String(before[$0.upperBound...]) } ?? ""
        }
        fields.append((name, value))
    }
    return fields
}

private func respondentCount(_ t: TestApp) async throws -> Int {
    try await SurveyRespondentModel.query(on: t.db).count()
}

/// As LimeSurvey exports for a French spreadsheet: a byte order mark, `;` between fields, its own
/// columns (`id`, `submitdate`), question columns headed by their code and wording.
private let limeSurvey = "\u{FEFF}" + """
id;submitdate;Nom;Contexte;Poste;Département;Consentement;A1. Quelle formation avez-vous suivie (diplômes, cursus) ?;A2. Quel chemin professionnel vous a mené à ce poste ?
1;2026-03-02 10:14:00;Léa Martin;bibliothèque;Bibliothécaire;87;anonyme;"Licence de lettres; puis DUT métiers du livre";Remplacements, puis un poste à la médiathèque.
2;2026-03-05 16:40:00;Karim B.;hors bibliothèque;Conseiller numérique;33;;BTS SIO.;"Animateur, puis ""conseiller numérique"" en 2021."
3;2026-03-09 09:05:00;Nadia;Hors bibliothèque;Médiatrice;2A;nom;;Reconversion après dix ans dans la vente.

"""

struct InterviewImportTests {
    @Test func aLimeSurveyFileIsMappedThenImportedAsDrafts() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let before = try await respondentCount(t)

            let mapping = try await client.upload(Array(limeSurvey.utf8))
            #expect(mapping.status == .ok)
            let html = mapping.body.string
            #expect(html.contains("3 entretiens"))
            #expect(html.contains("<option value=\"question:A1\" selected>"))
            #expect(html.contains("<option value=\"profile:context\" selected>"))
            #expect(try await respondentCount(t) == before, "nothing is written before the confirmation")

            let done = try await client.post(InterviewImportController.confirmPath, form: mappingForm(html))
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == SurveyPath.respondents)
            #expect(try await client.send(.GET, SurveyPath.respondents).body.string.contains("3 entretiens importés."))

            let imported = try await t.app.survey.respondents()
            #expect(imported.count == before + 3)
            let lea = try #require(imported.first { $0.displayName == "Léa Martin" })
            #expect(lea.interviewStatus == .draft)
            #expect(lea.respondentContext == .library)
            #expect(lea.publicationConsent == .anonymous)
            #expect(lea.departement == "87")
            #expect(lea.interviewDate == "2026-03-02")
            let answers = try await t.app.survey.answers(of: lea.requireID())
            #expect(answers == ["A1": "Licence de lettres; puis DUT métiers du livre", "A2": "Remplacements, puis un poste à la médiathèque."])

            let karim = try #require(imported.first { $0.displayName == "Karim B." })
            #expect(karim.publicationConsent == PublicationConsent.none, "no consent in the file means no publication")
            #expect(karim.respondentContext == .outsideLibrary)
            #expect(try await t.app.survey.answers(of: karim.requireID())["A2"] == "Animateur, puis \"conseiller numérique\" en 2021.")
            let nadia = try #require(imported.first { $0.displayName == "Nadia" })
            #expect(try await t.app.survey.answers(of: nadia.requireID()).keys.sorted() == ["A2"], "an empty cell is no answer")
        }
    }

    @Test func theSameExportImportedAgainAddsOnlyTheNewResponses() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let before = try await respondentCount(t)
            func importFile(_ text: String) async throws -> String {
                let html = try await client.upload(Array(text.utf8)).body.string
                let done = try await client.post(InterviewImportController.confirmPath, form: mappingForm(html))
                #expect(done.status == .seeOther)
                return try await client.send(.GET, SurveyPath.respondents).body.string.replacingOccurrences(of: "&#39;", with: "'")
            }
            #expect(try await importFile(limeSurvey).contains("3 entretiens importés."))
            // The same export again: nothing new.
            #expect(try await importFile(limeSurvey).contains("Aucun entretien importé : les 3 lignes du fichier sont déjà importées (lignes 2, 3, 4)."))
            #expect(try await respondentCount(t) == before + 3)
            // A later export: the three (one name typed in capitals, one accent lost), and a new response.
            let later = limeSurvey.replacingOccurrences(of: "Léa Martin", with: "LEA MARTIN") + """
                4;2026-03-12 11:00:00;Odile;bibliothèque;Médiathécaire;19;anonyme;CAP petite enfance.;Bénévole, puis salariée.

                """
            let page = try await importFile(later.replacingOccurrences(of: "\n\n", with: "\n"))
            #expect(page.contains("1 entretien importé ; 3 lignes déjà importées ont été ignorées (lignes 2, 3, 4)."))
            #expect(try await respondentCount(t) == before + 4)
            #expect(try await t.app.survey.respondents().filter { $0.displayName.lowercased().hasPrefix("l") && $0.displayName.contains("Martin") }.count == 1)
        }
    }

    @Test func aLatin1FileIsRefusedWithAMessageNamingUTF8() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let before = try await respondentCount(t)
            // « Léa » and « bibliothèque » as Windows-1252 / Latin-1 write them: one byte 0xE9, 0xE8.
            let latin1: [UInt8] = Array("Nom;Contexte;A1\nL".utf8) + [0xE9] + Array("a;biblioth".utf8) + [0xE8] + Array("que;Licence\n".utf8)
            let response = try await client.upload(latin1)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("n&#39;est pas encodé en UTF-8"))
            #expect(html.contains("Rien n&#39;a été importé."))
            #expect(try await respondentCount(t) == before)
        }
    }

    @Test func aBadRowIsShownWithItsLineAndNothingIsWritten() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.admin)
            let before = try await respondentCount(t)
            let file = "Nom,Contexte,A1\nLéa,bibliothèque,Licence\nKarim,biblio,BTS\nNadia,hors bibliothèque,Master\n"
            let mapping = try await client.upload(Array(file.utf8))
            #expect(mapping.status == .ok)
            let response = try await client.post(InterviewImportController.confirmPath, form: mappingForm(mapping.body.string))
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("<h2>Rien n'a été importé</h2>"))
            #expect(html.contains("Ligne 3 : le contexte « biblio » n&#39;est pas reconnu"))
            #expect(!html.contains("Ligne 2 :"))
            #expect(try await respondentCount(t) == before, "the two good rows are not written either")
            // The page keeps the file and the mapping, to try again once fixed.
            #expect(mappingForm(html).contains { $0.0 == "contenu" && !$0.1.isEmpty })
        }
    }

    @Test func aMappingWithoutNameOrWithAnUnknownQuestionIsRefused() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let before = try await respondentCount(t)
            let file = "Nom,Contexte,A1\nLéa,bibliothèque,Licence\n"
            let html = try await client.upload(Array(file.utf8)).body.string
            let withoutName = mappingForm(html).map { $0.1 == "profile:name" ? ($0.0, "") : $0 }
            let refused = try await client.post(InterviewImportController.confirmPath, form: withoutName)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Ligne 1 : aucune colonne n&#39;est associée au nom"))
            let forged = mappingForm(html).map { $0.0 == "colonne-2" ? ($0.0, "question:Z99") : $0 }
            let unknown = try await client.post(InterviewImportController.confirmPath, form: forged)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("la question « Z99 » n&#39;existe pas"))
            #expect(try await respondentCount(t) == before)
        }
    }

    @Test func aFileOverFiveMegabytesGetsTheImportPageWithAMessage() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let before = try await respondentCount(t)
            let big = Array("Nom,Contexte,A1\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024 + 10)
            let response = try await client.upload(big)
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("Le fichier dépasse la taille maximale de 5 Mo"))
            #expect(try await respondentCount(t) == before)
        }
    }

    @Test func onlyResearchersAndAdministratorsImport() async throws {
        try await TestApp.run { t in
            let mediator = ByteClient(app: t.app)
            try await mediator.signIn(t.fixture.mediatorA)
            #expect(try await mediator.send(.GET, InterviewImportController.path).status == .forbidden)
            let before = try await respondentCount(t)
            let posted = try await mediator.upload(Array("Nom,Contexte\nLéa,bibliothèque\n".utf8), version: UUID().uuidString)
            #expect(posted.status == .forbidden)
            #expect(try await mediator.post(InterviewImportController.confirmPath, form: []).status == .forbidden)
            #expect(try await respondentCount(t) == before)

            let anonymous = t.browser()
            let response = try await anonymous.get(InterviewImportController.path)
            #expect(response.status == .seeOther || response.status == .found)
            #expect(response.headers.first(name: .location)?.hasPrefix("/connexion") == true)
        }
    }

    @Test func aFormulaLikeCellIsStoredAsTextAndExportedHarmless() async throws {
        try await TestApp.run { t in
            let client = ByteClient(app: t.app)
            try await client.signIn(t.fixture.researcher)
            let file = "Nom;Contexte;A1\nLéa;bibliothèque;=CMD()\n"
            let html = try await client.upload(Array(file.utf8)).body.string
            #expect(html.contains("=CMD()"))
            let done = try await client.post(InterviewImportController.confirmPath, form: mappingForm(html))
            #expect(done.status == .seeOther)
            let lea = try #require(try await t.app.survey.respondents().first { $0.displayName == "Léa" })
            #expect(try await t.app.survey.answers(of: lea.requireID())["A1"] == "=CMD()")
            let csv = try await client.send(.GET, "/enquete/export/csv?forme=longue&format=csv").body.string
            #expect(csv.contains("'=CMD()"), "a spreadsheet opening the export sees text, not a formula")
        }
    }
}
