import Foundation
import Testing
@testable import TandemCore

/// A small corpus: two library respondents (one named, one anonymous), one outside (no consent).
enum SurveyReportsFixture {
    static let avec = DefaultSurvey.codeID("Posture", "faire avec")
    static let place = DefaultSurvey.codeID("Posture", "faire à la place")
    static let seniors = DefaultSurvey.codeID("Publics", "seniors")
    static let posture = DefaultSurvey.codeID("Posture")

    static func respondent(_ name: String, _ context: RespondentContext, _ consent: PublicationConsent, answer: String) -> CorpusRespondent {
        CorpusRespondent(id: UUID(), slug: name.lowercased(),
                         profile: RespondentProfile(displayName: name, post: "médiateur", employer: "Employeur de \(name)", context: context,
                                                    territory: "Ville", departement: "33", interviewDate: nil, consent: consent),
                         status: .validated, answers: ["A4": answer])
    }

    static let alice = respondent("Alice", .library, .named, answer: "Je fais avec eux. Des retraités surtout.")
    static let bruno = respondent("Bruno", .library, .anonymous, answer: "Je fais avec. Parfois à la place.")
    static let chloe = respondent("Chloé", .outsideLibrary, .none, answer: "Souvent à la place, hélas.")

    static func coding(_ who: CorpusRespondent, _ code: UUID, _ start: Int, _ end: Int) -> SurveyCoding {
        SurveyCoding(id: UUID(), respondentId: who.id, questionKey: "A4", range: TextRange(start: start, end: end), codeId: code)
    }

    static let corpus = SurveyCorpus(
        questionnaire: DefaultSurvey.questionnaire, respondents: [alice, bruno, chloe], codes: DefaultSurvey.codebook,
        codings: [
            coding(alice, avec, 0, 17), coding(alice, seniors, 18, 39),
            coding(bruno, avec, 0, 13), coding(bruno, place, 14, 33),
            coding(chloe, place, 0, 25),
        ])
}

@Suite("Survey reports")
struct SurveyReportsTests {
    typealias F = SurveyReportsFixture

    @Test func labelsRespectConsent() {
        let labels = SurveyReports.respondentLabels(F.corpus)
        #expect(labels[F.alice.id] == "Alice")
        #expect(labels[F.bruno.id] == "Répondant n° 2")
        #expect(labels[F.chloe.id] == "Répondant n° 3")
    }

    @Test func perCodeSharesByContextWithQuotes() throws {
        let rows = SurveyReports.codeFrequencies(F.corpus)
        #expect(rows.count == DefaultSurvey.codebook.count)
        let avec = try #require(rows.first { $0.codeId == F.avec })
        #expect(avec.label == "Posture › faire avec" && avec.depth == 1)
        #expect(avec.overall == GroupShare(count: 2, total: 3))
        #expect(avec.library == GroupShare(count: 2, total: 2))
        #expect(avec.outsideLibrary == GroupShare(count: 0, total: 1))
        #expect(avec.quotes.map(\.excerpt) == ["Je fais avec eux.", "Je fais avec."])
        #expect(avec.quotes.map(\.respondentLabel) == ["Alice", "Répondant n° 2"])
        // A family counts its children's respondents once each.
        let posture = try #require(rows.first { $0.codeId == F.posture })
        #expect(posture.overall.count == 3 && posture.quotes.count == 4)
        #expect(avec.overall.percent == 67 && avec.overall.text == "2 sur 3 (67 %)")
    }

    @Test func noQuoteNamesAnAnonymousRespondent() {
        for row in SurveyReports.codeFrequencies(F.corpus) {
            for quote in row.quotes { #expect(!quote.respondentLabel.contains("Bruno") && !quote.respondentLabel.contains("Chloé")) }
        }
    }

    @Test func cooccurrenceOverallAndPerContext() {
        let all = SurveyReports.cooccurrence(F.corpus)
        #expect(all.respondents == 3)
        #expect(all.count(F.avec, F.place) == 1)
        #expect(all.count(F.place, F.avec) == 1)
        #expect(all.count(F.avec, F.seniors) == 1)
        #expect(all.count(F.place, F.place) == 2)
        let outside = SurveyReports.cooccurrence(F.corpus, context: .outsideLibrary)
        #expect(outside.respondents == 1)
        #expect(outside.count(F.avec, F.place) == 0)
        #expect(outside.count(F.place, F.place) == 1)
    }

    @Test func presenceMatrixAndItsCSV() throws {
        let matrix = SurveyReports.presenceMatrix(F.corpus)
        let column = try #require(matrix.codeIds.firstIndex(of: F.avec))
        #expect(matrix.rows.map { $0.values[column] } == [1, 1, 0])
        #expect(matrix.rows.allSatisfy { $0.values.reduce(0, +) == 2 || $0.values.reduce(0, +) == 1 })

        let csv = SurveyReports.matrixCSV(F.corpus)
        #expect(csv.hasPrefix("\u{FEFF}repondant;contexte;Compétences;Compétences › techniques;"))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[1].hasPrefix("Alice;library;"))
        #expect(lines[3].hasPrefix("Répondant n° 3;outside_library;"))
        #expect(lines[1].split(separator: ";").count == 2 + DefaultSurvey.codebook.count)
        let standard = SurveyReports.matrixCSV(F.corpus, flavour: .standard)
        #expect(standard.hasPrefix("repondant,contexte,Compétences,"))
        #expect(standard.contains("\"Publics › reconversion, emploi\""))
    }

    @Test func researchQuestionsPutContextsSideBySide() throws {
        #expect(SurveyReports.researchQuestions.map(\.families) == [
            ["Accompagnement", "Compétences", "Demandes", "Publics"], ["Posture", "Moyens", "Avenir du métier"], ["Regards croisés"],
        ])
        let rows = SurveyReports.comparison(for: SurveyReports.researchQuestions[1], in: F.corpus)
        #expect(rows.first?.label == "Posture")
        #expect(rows.count == 6 + 3 + 7)
        let place = try #require(rows.first { $0.codeId == F.place })
        #expect(place.library == GroupShare(count: 1, total: 2) && place.outsideLibrary == GroupShare(count: 1, total: 1))
        #expect(place.gapInPoints == -50)
    }

    @Test func emptyCorpusGivesZerosNotCrashes() {
        let empty = SurveyCorpus(questionnaire: DefaultSurvey.questionnaire, respondents: [], codes: DefaultSurvey.codebook, codings: [])
        #expect(SurveyReports.codeFrequencies(empty).allSatisfy { $0.overall.percent == 0 && $0.overall.text == "aucun répondant" })
        #expect(SurveyReports.cooccurrence(empty).counts.allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(SurveyReports.matrixCSV(empty, flavour: .standard).components(separatedBy: "\r\n").count == 2)
    }
}

@Suite("Survey said versus done")
struct SurveySaidVersusDoneTests {
    typealias F = SurveyReportsFixture

    /// 100 activities: 40 guided, 30 on behalf, 5 with their owner's device; 50 people, 20 aged 60-69, 10 over 70.
    static var logbook: Dashboard {
        var board = Dashboard()
        board.add(.total, code: "", StatCounts(activities: 100, people: 50, minutes: 3000))
        board.add(.interventionMode, code: "guided", StatCounts(activities: 40, people: 40, minutes: 0))
        board.add(.interventionMode, code: "on_behalf", StatCounts(activities: 30, people: 30, minutes: 0))
        board.add(.deviceOwner, code: "beneficiary", StatCounts(activities: 5, people: 5, minutes: 0))
        board.add(.ageBracket, code: "60_69", StatCounts(activities: 20, people: 20, minutes: 0))
        board.add(.ageBracket, code: "70_plus", StatCounts(activities: 10, people: 10, minutes: 0))
        return board
    }

    static func row(_ rows: [SaidVersusDoneRow], _ path: [String]) -> SaidVersusDoneRow? { rows.first { $0.claim.path == path } }

    @Test func everyClaimPointsAtARealCodeAndARealStatCode() {
        let tree = CodebookTree(DefaultSurvey.codebook)
        for claim in SaidVersusDone.claims {
            #expect(tree.code(path: claim.path) != nil, "\(claim.label)")
            for code in claim.statCodes { #expect(claim.dimension.vocabularyLabel(code) != nil, "\(claim.label) \(code)") }
        }
    }

    @Test func verdictsForOneMediator() throws {
        let applied: Set<UUID> = [F.avec, DefaultSurvey.codeID("Matériel", "de la personne")]
        let rows = SaidVersusDone.compare(appliedCodeIds: applied, codebook: DefaultSurvey.codebook, logbook: Self.logbook)
        let avec = try #require(Self.row(rows, ["Posture", "faire avec"]))
        #expect(avec.said && avec.percent == 40 && avec.verdict == "dit et fait")
        let device = try #require(Self.row(rows, ["Matériel", "de la personne"]))
        #expect(device.said && device.percent == 5 && device.verdict == "dit, peu fait (< 10 %)")
        let onBehalf = try #require(Self.row(rows, ["Posture", "faire à la place"]))
        #expect(!onBehalf.said && onBehalf.verdict == "fait sans être dit (≥ 25 %)")
        // Ages count people: 30 of 50.
        let seniors = try #require(Self.row(rows, ["Publics", "seniors"]))
        #expect(seniors.done == 30 && seniors.total == 50 && seniors.percent == 60)
        let health = try #require(Self.row(rows, ["Demandes", "santé"]))
        #expect(!health.said && health.verdict == "ni dit, ni fréquent")
    }

    @Test func saidButNeverDoneAndEmptyLogbook() throws {
        let rows = SaidVersusDone.compare(appliedCodeIds: [DefaultSurvey.codeID("Demandes", "santé")],
                                          codebook: DefaultSurvey.codebook, logbook: Self.logbook)
        #expect(Self.row(rows, ["Demandes", "santé"])?.verdict == "dit, jamais fait dans le carnet")
        let empty = SaidVersusDone.compare(appliedCodeIds: [F.avec], codebook: DefaultSurvey.codebook, logbook: Dashboard())
        #expect(empty.allSatisfy { $0.verdict == "carnet vide sur la période" && $0.percent == 0 })
    }

    @Test func claimsMissingFromAnEditedCodebookAreLeftOut() {
        let codebook = DefaultSurvey.codebook.filter { $0.name != "faire avec" }
        let rows = SaidVersusDone.compare(appliedCodeIds: [], codebook: codebook, logbook: Self.logbook)
        #expect(rows.count == SaidVersusDone.claims.count - 1)
        #expect(Self.row(rows, ["Posture", "faire avec"]) == nil)
    }

    @Test func respondentOfTheCorpusUsesTheirCodings() throws {
        let rows = SaidVersusDone.compare(respondent: F.bruno.id, in: F.corpus, logbook: Self.logbook)
        #expect(Self.row(rows, ["Posture", "faire avec"])?.said == true)
        #expect(Self.row(rows, ["Posture", "faire à la place"])?.verdict == "dit et fait")
        #expect(Self.row(rows, ["Publics", "seniors"])?.said == false)
    }

    @Test func perContextSharesSaidAndDone() throws {
        var outsideBoard = Dashboard()
        outsideBoard.add(.total, code: "", StatCounts(activities: 10, people: 10, minutes: 100))
        outsideBoard.add(.interventionMode, code: "on_behalf", StatCounts(activities: 6, people: 6, minutes: 60))
        let rows = SaidVersusDone.compareContexts(F.corpus, logbooks: [.library: Self.logbook, .outsideLibrary: outsideBoard])
        let libraryAvec = try #require(rows.first { $0.context == .library && $0.claim.path == ["Posture", "faire avec"] })
        #expect(libraryAvec.saying == GroupShare(count: 2, total: 2) && libraryAvec.donePercent == 40 && libraryAvec.gapInPoints == 60)
        let outsidePlace = try #require(rows.first { $0.context == .outsideLibrary && $0.claim.path == ["Posture", "faire à la place"] })
        #expect(outsidePlace.saying == GroupShare(count: 1, total: 1) && outsidePlace.donePercent == 60)
        #expect(rows.count == 2 * SaidVersusDone.claims.count)
    }
}
