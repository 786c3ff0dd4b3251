import Foundation
import Testing
@testable import TandemCore

@Suite("Survey keyword suggestions")
struct SurveyKeywordSuggestionsTests {
    static let respondent = UUID()
    static let seniors = SurveyCode(id: UUID(), parentId: nil, name: "seniors", colour: "#7e22ce", keywords: ["personnes âgées", "retraité"])
    static let ia = SurveyCode(id: UUID(), parentId: nil, name: "IA", colour: "#c2410c", keywords: ["IA"])

    static func suggest(_ text: String, codes: [SurveyCode] = [seniors, ia], existing: [SurveyCoding] = []) -> [Suggestion] {
        KeywordSuggestions.suggest(codes: codes, answers: [(respondentId: respondent, questionKey: "B7", text: text)], existing: existing)
    }

    @Test func suggestsTheSentenceIgnoringCaseAndAccents() {
        let text = "Beaucoup de monde vient. Surtout des PERSONNES AGEES du quartier ! Et des jeunes."
        let suggestions = Self.suggest(text)
        #expect(suggestions.count == 1)
        let suggestion = suggestions[0]
        #expect(suggestion.codeId == Self.seniors.id && suggestion.keyword == "personnes âgées")
        #expect(suggestion.questionKey == "B7" && suggestion.respondentId == Self.respondent)
        #expect(CodingRules.excerpt(of: suggestion.range, in: text) == "Surtout des PERSONNES AGEES du quartier !")
    }

    @Test func matchesOnWordBoundariesOnly() {
        #expect(Self.suggest("Un accompagnement social et initial.").isEmpty) // "ia" inside words
        #expect(Self.suggest("Des retraitées, surtout.").isEmpty)             // "retraité" is a prefix here
        #expect(Self.suggest("On parle de l'IA tous les jours.").map(\.codeId) == [Self.ia.id])
        #expect(Self.suggest("On parle de l’ia, un peu.").map(\.codeId) == [Self.ia.id])
    }

    @Test func oneSuggestionPerSentenceAndCode() {
        let text = "Les retraités et les personnes âgées viennent. Un retraité revient souvent."
        let suggestions = Self.suggest(text)
        #expect(suggestions.count == 2)
        #expect(suggestions.map { CodingRules.excerpt(of: $0.range, in: text) }
                == ["Les retraités et les personnes âgées viennent.", "Un retraité revient souvent."])
    }

    @Test func neverSuggestsAPassageAlreadyCodedWithThatCode() {
        let text = "Des personnes âgées. L'IA aussi."
        let coded = SurveyCoding(id: UUID(), respondentId: Self.respondent, questionKey: "B7",
                                 range: TextRange(start: 4, end: 19), codeId: Self.seniors.id)
        let suggestions = Self.suggest(text, existing: [coded])
        #expect(suggestions.map(\.codeId) == [Self.ia.id])
        // Another code on the same passage does not hide the suggestion.
        let other = SurveyCoding(id: UUID(), respondentId: Self.respondent, questionKey: "B7",
                                 range: TextRange(start: 0, end: 20), codeId: UUID())
        #expect(Self.suggest(text, existing: [other]).count == 2)
    }

    @Test func rangesAreInScalarsAndPassTheCodingRules() {
        let text = "👩‍💻 Première phrase.\nUne retraitée ? Non, un retraité."
        for suggestion in Self.suggest(text) {
            #expect(throws: Never.self) { try CodingRules.validate(suggestion.range, in: text) }
            #expect(CodingRules.excerpt(of: suggestion.range, in: text) == "Non, un retraité.")
        }
        #expect(Self.suggest(text).count == 1)
    }

    @Test func keywordsWithPunctuationAndAtTheEdgesOfTheText() {
        let apostrophe = SurveyCode(id: UUID(), parentId: nil, name: "orientation", colour: "#be185d", keywords: ["j'oriente"])
        #expect(Self.suggest("J’oriente vers la mairie", codes: [apostrophe]).count == 1)
        #expect(Self.suggest("retraité", codes: [Self.seniors]).map(\.range) == [TextRange(start: 0, end: 8)])
        #expect(Self.suggest("IA", codes: [Self.ia]).count == 1)
    }

    @Test func aLargeCorpusIsFast() {
        let answer = String(repeating: "Les personnes viennent pour leurs démarches et leurs e-mails, parfois pour l'IA. ", count: 20)
        let answers = (0..<200).map { _ in (respondentId: UUID(), questionKey: "B7", text: answer) }
        let start = Date()
        let suggestions = KeywordSuggestions.suggest(codes: DefaultSurvey.codebook, answers: answers, existing: [])
        #expect(suggestions.count >= 200 * 20)
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func defaultCodebookSuggestsFromAnInterviewSentence() {
        let text = "Je préfère faire avec elle, à côté, pour qu'elle gagne en autonomie."
        let suggestions = KeywordSuggestions.suggest(codes: DefaultSurvey.codebook,
                                                     answers: [(respondentId: Self.respondent, questionKey: "A4", text: text)], existing: [])
        #expect(suggestions.contains { $0.codeId == DefaultSurvey.codeID("Posture", "faire avec") })
        #expect(Self.suggest("").isEmpty)
        #expect(Self.suggest("Des retraités.", codes: []).isEmpty)
    }
}
