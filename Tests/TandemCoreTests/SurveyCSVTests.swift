import Foundation
import Testing
@testable import TandemCore

@Suite("Survey CSV")
struct SurveyCSVTests {
    static let questionnaire = DefaultSurvey.questionnaire

    static func parse(_ text: String) throws(SurveyCSVImportError) -> SurveyCSVTable {
        try SurveyCSVImport.parse(data: Data(text.utf8))
    }

    static func parseError(_ bytes: [UInt8]) -> String? {
        do { _ = try SurveyCSVImport.parse(data: Data(bytes)); return nil } catch { return error.message }
    }

    // MARK: Identity of an interview (imports run twice)

    @Test func anInterviewIsTheSameWhateverTheCaseAccentsOrAnswersWhenDated() {
        func profile(_ name: String, _ post: String, _ date: String?) -> RespondentProfile {
            RespondentProfile(displayName: name, post: post, employer: "", context: .library, territory: "", departement: "87",
                              interviewDate: date.flatMap(LocalDate.init(iso:)), consent: .none)
        }
        let lea = ImportedInterview.identity(of: profile("Léa Martin", "Bibliothécaire", "2026-03-02"), answers: ["A1": "Licence"])
        #expect(ImportedInterview.identity(of: profile("LEA  MARTIN", "bibliothecaire", "2026-03-02"), answers: ["A1": "Licence, corrigée"]) == lea,
                "dated: the same person on the same day, whatever was corrected in the answers")
        #expect(ImportedInterview.identity(of: profile("Léa Martin", "Bibliothécaire", "2026-03-09"), answers: ["A1": "Licence"]) != lea,
                "another day, another interview")
        #expect(ImportedInterview.identity(of: profile("Léa Martin", "Médiatrice", "2026-03-02"), answers: ["A1": "Licence"]) != lea)
        let anonymous = ImportedInterview.identity(of: profile("Anonyme", "Conseiller numérique", nil), answers: ["A1": "BTS"])
        #expect(ImportedInterview.identity(of: profile("anonyme", "Conseiller numérique", nil), answers: ["A1": "bts"]) == anonymous)
        #expect(ImportedInterview.identity(of: profile("Anonyme", "Conseiller numérique", nil), answers: ["A1": "Master"]) != anonymous,
                "undated: two « Anonyme » with other answers are two people")
    }

    // MARK: Export

    @Test func exportsLongAndWideInBothFlavours() {
        let corpus = SurveyReportsFixture.corpus
        let long = SurveyCSV.long(corpus)
        #expect(long.hasPrefix("\u{FEFF}repondant;"))
        #expect(long.contains("Alice;library;"))
        #expect(!long.contains("Bruno") && !long.contains("Chloé"))
        #expect(long.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1 + 3)
        let wide = SurveyCSV.wide(corpus, flavour: .standard)
        #expect(wide.hasPrefix("repondant,"))
        #expect(wide.components(separatedBy: "\r\n").first?.hasSuffix(",C15") == true)
    }

    @Test func wideExportReadsBackThroughTheImport() throws {
        let corpus = SurveyReportsFixture.corpus
        let table = try SurveyCSVImport.parse(data: Data(SurveyCSV.wide(corpus).utf8))
        let mapping = SurveyCSVImport.suggestMapping(headers: table.headers, questionnaire: Self.questionnaire)
        #expect(mapping.values.contains(.profile(.name)) && mapping.values.contains(.profile(.context)))
        #expect(mapping.values.contains(.question("A4")))
        let (valid, errors) = SurveyCSVImport.rows(table, mapping: mapping, questionnaire: Self.questionnaire)
        #expect(errors.isEmpty, "\(errors)")
        #expect(valid.map(\.profile.context) == [.library, .library, .outsideLibrary])
        #expect(valid.map(\.profile.consent) == [.named, .anonymous, .none])
        #expect(valid[0].answers["A4"] == SurveyReportsFixture.alice.answers["A4"])
    }

    // MARK: Reading

    @Test func readsSemicolonCommaAndTabWithOrWithoutBOM() throws {
        let semicolon = try Self.parse("\u{FEFF}Nom;Contexte;A1\r\nLéa;bibliothèque;\"Un master; puis un DU\"\r\n")
        #expect(semicolon.headers == ["Nom", "Contexte", "A1"])
        #expect(semicolon.rows.map(\.fields) == [["Léa", "bibliothèque", "Un master; puis un DU"]])
        let comma = try Self.parse("Nom,Contexte,A1\nLéa,library,\"Oui, un BTS\"\n")
        #expect(comma.rows[0].fields[2] == "Oui, un BTS")
        let tab = try Self.parse("Nom\tContexte\tA1\nLéa\thors bibliothèque\tAucun, diplôme; rien\n\nMax\tbibliothèque\tBTS\n")
        #expect(tab.rows.map(\.fields) == [["Léa", "hors bibliothèque", "Aucun, diplôme; rien"], ["Max", "bibliothèque", "BTS"]])
        #expect(tab.rows.map(\.line) == [2, 4])
    }

    @Test func refusesLatin1WithAClearMessage() throws {
        var bytes = Array("Nom;Contexte\n".utf8)
        bytes += [0x4C, 0xE9, 0x61, 0x3B, 0x62, 0x69, 0x62, 0x0A] // "Léa;bib" in Latin-1
        let message = try #require(Self.parseError(bytes))
        #expect(message.contains("n'est pas encodé en UTF-8"))
        #expect(message.contains("ligne 2"))
        #expect(message.contains("Latin-1"))
        #expect(Self.parseError([0xFF, 0xFE, 0x4E, 0x00])?.contains("UTF-16") == true)
    }

    @Test func refusesEmptyFilesAndHeaderOnly() {
        #expect(Self.parseError([]) == "Le fichier est vide.")
        #expect(Self.parseError(Array("\u{FEFF}\r\n  \n".utf8)) == "Le fichier est vide.")
        #expect(Self.parseError(Array("Nom;Contexte\r\n".utf8))?.contains("aucun entretien") == true)
        #expect(Self.parseError(Array(";;\r\nLéa;bib;\r\n".utf8))?.contains("première ligne") == true)
    }

    @Test func refusesAHugeCellAndTooManyRows() {
        let huge = "Nom;A1\nLéa;" + String(repeating: "x", count: 100_001) + "\n"
        #expect(Self.parseError(Array(huge.utf8))?.contains("100 ko") == true)
        let hugeTab = "Nom\tA1\nLéa\t" + String(repeating: "x", count: 100_001) + "\n"
        #expect(Self.parseError(Array(hugeTab.utf8))?.contains("100 ko") == true)
        let many = "Nom;Contexte\n" + String(repeating: "Léa;bib\n", count: 5_001)
        #expect(Self.parseError(Array(many.utf8))?.contains("plus de 5\u{00A0}000 entretiens") == true)
        let enough = "Nom;Contexte\n" + String(repeating: "Léa;bib\n", count: 5_000)
        #expect(Self.parseError(Array(enough.utf8)) == nil)
    }

    @Test func reportsMalformedCSVInFrench() {
        #expect(Self.parseError(Array("Nom;A1\nLéa;\"pas fermé\n".utf8))?.contains("guillemet") == true)
    }

    // MARK: Mapping

    @Test func suggestsMappingByKeyWordingAndProfileHeader() {
        let headers = ["Prénom et nom", "Poste", "Structure", "Contexte", "Commune", "Département", "Date de l'entretien", "Consentement",
                       "A1. Quelle formation ?", "Quel chemin professionnel vous a mené à ce poste ?", "b7", "Colonne inconnue",
                       "Orientez-vous les personnes vers la médiathèque ? Pour quels services ?"]
        let mapping = SurveyCSVImport.suggestMapping(headers: headers, questionnaire: Self.questionnaire)
        #expect(mapping[0] == .profile(.name))
        #expect(mapping[1] == .profile(.post))
        #expect(mapping[2] == .profile(.employer))
        #expect(mapping[3] == .profile(.context))
        #expect(mapping[4] == .profile(.territory))
        #expect(mapping[5] == .profile(.departement))
        #expect(mapping[6] == .profile(.date))
        #expect(mapping[7] == .profile(.consent))
        #expect(mapping[8] == .question("A1"))
        #expect(mapping[9] == .question("A2"))
        #expect(mapping[10] == .question("B7"))
        #expect(mapping[11] == nil)
        #expect(mapping[12] == .question("C13"))
        // "A10" is not "A1", and a target is suggested once.
        let again = SurveyCSVImport.suggestMapping(headers: ["A10", "A1", "a1"], questionnaire: Self.questionnaire)
        #expect(again == [1: .question("A1")])
    }

    @Test func mappingTargetCodesRoundTrip() {
        for target in [MappingTarget.question("C12"), .profile(.departement)] {
            #expect(MappingTarget(code: target.code) == target)
        }
        #expect(MappingTarget(code: "profile:age") == nil)
        #expect(MappingTarget(code: "question:") == nil)
    }

    // MARK: Rows

    static let mapping: [Int: MappingTarget] = [0: .profile(.name), 1: .profile(.context), 2: .profile(.date),
                                                3: .profile(.consent), 4: .profile(.departement), 5: .question("A1")]

    @Test func validRowsBecomeInterviews() throws {
        let table = try Self.parse("""
            nom;contexte;date;consentement;dep;A1
            Léa Martin;bibliothèque;14/03/2026;nom;33;Un DUT.
            Max;hors bibliothèque;2026-02-01T10:12:00;anonyme;2A;
            """)
        let (valid, errors) = SurveyCSVImport.rows(table, mapping: Self.mapping, questionnaire: Self.questionnaire)
        #expect(errors.isEmpty)
        #expect(valid.count == 2)
        #expect(valid[0].line == 2 && valid[0].profile.displayName == "Léa Martin" && valid[0].profile.context == .library)
        #expect(valid[0].profile.interviewDate == LocalDate(year: 2026, month: 3, day: 14))
        #expect(valid[0].answers == ["A1": "Un DUT."])
        #expect(valid[1].profile.context == .outsideLibrary && valid[1].profile.consent == .anonymous)
        #expect(valid[1].profile.departement == "2A" && valid[1].answers.isEmpty)
    }

    @Test func badRowsAreReportedWithTheirLineInTheFile() throws {
        let table = try Self.parse("""
            nom;contexte;date;consentement;dep;A1
            ;bibliothèque;;;;x
            Ana;cinéma;;;;x
            "Bob
            Dylan";library;31/02/2026;;;x
            Zoé;library;;peut-être;99;x
            """)
        let (valid, errors) = SurveyCSVImport.rows(table, mapping: Self.mapping, questionnaire: Self.questionnaire)
        #expect(valid.isEmpty)
        #expect(errors.map(\.line) == [2, 3, 4, 6, 6])
        #expect(errors[0].message.contains("nom"))
        #expect(errors[1].message.contains("« cinéma » n'est pas reconnu"))
        #expect(errors[2].message.contains("n'est pas une date"))
        #expect(errors[3].message.contains("consentement"))
        #expect(errors[4].message.contains("département"))
        #expect(errors[0].text.hasPrefix("Ligne 2 : "))
    }

    @Test func mappingWithoutNameOrContextOrWithUnknownQuestionIsRefused() throws {
        let table = try Self.parse("nom;contexte;A1\nLéa;library;x\n")
        let noContext = SurveyCSVImport.rows(table, mapping: [0: .profile(.name), 2: .question("A1")], questionnaire: Self.questionnaire)
        #expect(noContext.valid.isEmpty && noContext.errors.count == 1 && noContext.errors[0].message.contains("contexte"))
        let unknown = SurveyCSVImport.rows(table, mapping: [0: .profile(.name), 1: .profile(.context), 2: .question("Z9")],
                                           questionnaire: Self.questionnaire)
        #expect(unknown.valid.isEmpty && unknown.errors.map(\.message) == ["la question « Z9 » n'existe pas dans le questionnaire."])
        let twice = SurveyCSVImport.rows(table, mapping: [0: .profile(.name), 1: .profile(.context), 2: .profile(.name)],
                                         questionnaire: Self.questionnaire)
        #expect(twice.valid.isEmpty && twice.errors.first?.message.contains("plusieurs colonnes") == true)
        let outside = SurveyCSVImport.rows(table, mapping: [0: .profile(.name), 1: .profile(.context), 7: .question("A1")],
                                           questionnaire: Self.questionnaire)
        #expect(outside.errors.first?.message.contains("n'existe pas dans le fichier") == true)
    }

    @Test func missingCellsAtTheEndOfAShortRowReadAsEmpty() throws {
        let table = try Self.parse("nom;contexte;A1\nLéa;library\n")
        let (valid, errors) = SurveyCSVImport.rows(table, mapping: [0: .profile(.name), 1: .profile(.context), 2: .question("A1")],
                                                   questionnaire: Self.questionnaire)
        #expect(errors.isEmpty && valid.count == 1 && valid[0].answers.isEmpty)
    }

    @Test func answersNeutralisedByTheExportReadBackAsTyped() throws {
        var corpus = SurveyReportsFixture.corpus
        corpus.respondents[0].answers["A1"] = "- un BTS\n- puis un DU"
        corpus.respondents[1].answers["A1"] = "'ok"
        let table = try SurveyCSVImport.parse(data: Data(SurveyCSV.wide(corpus).utf8))
        let mapping = SurveyCSVImport.suggestMapping(headers: table.headers, questionnaire: Self.questionnaire)
        let (valid, _) = SurveyCSVImport.rows(table, mapping: mapping, questionnaire: Self.questionnaire)
        #expect(valid[0].answers["A1"] == "- un BTS\n- puis un DU")
        #expect(valid[1].answers["A1"] == "'ok")
    }

    @Test func contextConsentAndDateSpellings() {
        #expect(SurveyCSVImport.parseContext("Médiathèque") == .library)
        #expect(SurveyCSVImport.parseContext("outside_library") == .outsideLibrary)
        #expect(SurveyCSVImport.parseContext("Hors bibliothèque") == .outsideLibrary)
        #expect(SurveyCSVImport.parseContext("") == nil)
        #expect(SurveyCSVImport.parseConsent("") == PublicationConsent.none)
        #expect(SurveyCSVImport.parseConsent("Anonyme") == .anonymous)
        #expect(SurveyCSVImport.parseConsent("named") == .named)
        #expect(SurveyCSVImport.parseDate("2026-03-14") == LocalDate(year: 2026, month: 3, day: 14))
        #expect(SurveyCSVImport.parseDate("2026-03-14x") == nil)
        #expect(SurveyCSVImport.parseDate("14/3/26") == nil)
    }
}
