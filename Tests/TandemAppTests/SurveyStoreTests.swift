import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
@testable import TandemApp

@Suite("Survey store: versions, respondents, answers, private link, codebook, codings")
struct SurveyStoreTests {
    static func profile(_ name: String = "Camille Martin", context: RespondentContext = .library,
                        consent: PublicationConsent = .named) -> RespondentProfile {
        RespondentProfile(displayName: name, post: "Bibliothécaire", employer: "Médiathèques du Val", context: context,
                          territory: "Valbourg", departement: "87", interviewDate: LocalDate(iso: "2025-03-14"), consent: consent)
    }

    static func portrait(_ store: SurveyStore) async throws -> (SurveyQuestionnaireModel, SurveyVersionModel) {
        let questionnaire = try #require(try await store.questionnaires().first { $0.slug == SurveyStore.defaultQuestionnaireSlug })
        let version = try #require(try await store.latestVersion(of: questionnaire.requireID()))
        return (questionnaire, version)
    }

    static func respondent(_ store: SurveyStore, _ name: String = "Camille Martin", consent: PublicationConsent = .named) async throws -> SurveyRespondentModel {
        let (_, version) = try await portrait(store)
        return try await store.saveRespondent(nil, versionId: version.requireID(), profile: profile(name, consent: consent), tags: ["série 2025"], mediatorId: nil)
    }

    @Test("The default questionnaire and codebook are installed once; installing again changes nothing")
    func defaultsIdempotent() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let (questionnaire, version) = try await Self.portrait(store)
            #expect(version.number == 1)
            #expect(version.questionnaire == DefaultSurvey.questionnaire)
            #expect(questionnaire.title == DefaultSurvey.questionnaire.title)
            #expect(try await store.codes().count == DefaultSurvey.codebook.count)
            try await store.installDefaults()
            #expect(try await store.questionnaires().count == 1)
            #expect(try await SurveyVersionModel.query(on: t.db).count() == 1)
            #expect(try await store.codes().count == DefaultSurvey.codebook.count)
            // Tree order: every code comes after its parent.
            var seen: Set<UUID> = []
            for code in try await store.codes() {
                if let parent = code.parentId { #expect(seen.contains(parent)) }
                seen.insert(code.id)
            }
        }
    }

    @Test("A version without answers is edited in place; one with answers makes version 2 and stays as it was")
    func versioning() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let (questionnaire, original) = try await Self.portrait(store)
            var content = original.questionnaire
            content.introduction = "Merci de votre temps."
            let edited = try await store.saveQuestionnaire(questionnaire.id, title: content.title, content: content)
            #expect(edited.number == 1)
            #expect(try await store.version(original.requireID())?.questionnaire.introduction == "Merci de votre temps.")

            let person = try await Self.respondent(store)
            try await store.saveAnswers(person.requireID(), ["A1": "Un BTS puis une licence pro."])
            content.sections[0].questions[0].text = "Quelle formation avez-vous suivie ?"
            let next = try await store.saveQuestionnaire(questionnaire.id, title: content.title, content: content)
            #expect(next.number == 2)
            #expect(try await store.version(original.requireID())?.questionnaire.introduction == "Merci de votre temps.")
            #expect(try await store.version(original.requireID())?.questionnaire.questions[0].text == DefaultSurvey.questionnaire.questions[0].text)
            #expect(try await store.latestVersion(of: questionnaire.requireID())?.questionnaire.questions[0].text == "Quelle formation avez-vous suivie ?")
            #expect(try await store.respondent(person.requireID())?.versionId == original.id)
        }
    }

    @Test("A questionnaire with a duplicate key or a choice question without choices is refused, nothing written")
    func questionnaireValidation() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let content = QuestionnaireContent(title: "Essai", sections: [
                SurveySection(title: "A", questions: [
                    SurveyQuestion(key: "A1", text: "Première"), SurveyQuestion(key: "A1", text: "Doublon"),
                    SurveyQuestion(key: "A2", text: "Choix", kind: .singleChoice, choices: ["Seul"]),
                ]),
            ])
            await #expect(throws: ValidationFailure.self) { _ = try await store.saveQuestionnaire(nil, title: "Essai", content: content) }
            let count = try await store.questionnaires().count
            #expect(count == 1)
        }
    }

    @Test("Answers: unknown keys and choices outside the list are refused; changing a text moves or drops its codings")
    func answersAndCodings() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let person = try await Self.respondent(store)
            let id = try person.requireID()
            await #expect(throws: ValidationFailure.self) { try await store.saveAnswers(id, ["Z9": "Hors questionnaire"]) }
            #expect(try await store.answers(of: id).isEmpty)

            try await store.saveAnswers(id, ["A4": "Je fais avec les gens. Jamais à leur place."])
            let code = try #require(try await store.codes().first { $0.parentId != nil })
            let coding = SurveyCoding(id: UUID.random(), respondentId: id, questionKey: "A4", range: TextRange(start: 3, end: 21), codeId: code.id)
            try await store.addCoding(coding)
            // Overlapping the same code, out of range, or on a missing answer: refused.
            await #expect(throws: ValidationFailure.self) {
                try await store.addCoding(SurveyCoding(id: UUID.random(), respondentId: id, questionKey: "A4", range: TextRange(start: 10, end: 30), codeId: code.id))
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.addCoding(SurveyCoding(id: UUID.random(), respondentId: id, questionKey: "A4", range: TextRange(start: 30, end: 500), codeId: code.id))
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.addCoding(SurveyCoding(id: UUID.random(), respondentId: id, questionKey: "A5", range: TextRange(start: 0, end: 2), codeId: code.id))
            }
            #expect(try await store.codings(of: id).count == 1)
            // Another code may overlap.
            let other = try #require(try await store.codes().first { $0.parentId != nil && $0.id != code.id })
            try await store.addCoding(SurveyCoding(id: UUID.random(), respondentId: id, questionKey: "A4", range: TextRange(start: 10, end: 30), codeId: other.id))
            try await store.setCodingMemo(coding.id, "Posture claire.")
            #expect(try await store.codings(of: id).first { $0.id == coding.id }?.memo == "Posture claire.")

            // Text inserted before the passage: the coding follows its words.
            try await store.saveAnswers(id, ["A4": "Oui. Je fais avec les gens."])
            let moved = try #require(try await store.codings(of: id).first { $0.id == coding.id })
            #expect(CodingRules.excerpt(of: moved.range, in: "Oui. Je fais avec les gens.") == "fais avec les gens")
            // The other passage ("avec les gens. Jamais à leur") is gone: its coding is dropped.
            #expect(try await store.codings(of: id).count == 1)
            try await store.removeCoding(coding.id)
            #expect(try await store.codings(of: id).isEmpty)
        }
    }

    @Test("Publishing is refused without consent; withdrawing consent unpublishes")
    func publication() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let refused = try await Self.respondent(store, "Sans Accord", consent: .none)
            await #expect(throws: ValidationFailure.self) { try await store.setStatus(refused.requireID(), .published) }
            #expect(try await store.respondent(refused.requireID())?.interviewStatus == .draft)

            let named = try await Self.respondent(store, "Léa Dubois", consent: .named)
            #expect(named.slug == "lea-dubois")
            try await store.setStatus(named.requireID(), .published)
            #expect(try await store.publishedPortraits().map(\.id) == [named.id])
            let anonymous = try await store.saveRespondent(named.requireID(), versionId: named.versionId,
                                                           profile: Self.profile("Léa Dubois", consent: .anonymous), tags: [], mediatorId: nil)
            #expect(!anonymous.slug.contains("lea"))
            _ = try await store.saveRespondent(named.requireID(), versionId: named.versionId,
                                               profile: Self.profile("Léa Dubois", consent: .none), tags: [], mediatorId: nil)
            #expect(try await store.publishedPortraits().isEmpty)
            #expect(try await store.respondent(named.requireID())?.interviewStatus == .validated)
        }
    }

    @Test("The private link: only the hash is stored, renewing invalidates the old token")
    func answerLink() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let person = try await Self.respondent(store)
            let first = try await store.issueAnswerLink(person.requireID())
            #expect(first.count == 43)
            let stored = try #require(try await store.respondent(person.requireID())?.answerTokenHash)
            #expect(stored == AnswerLinkToken.hash(first))
            #expect(stored != first)
            #expect(try await store.respondent(answerToken: first)?.id == person.id)
            let second = try await store.issueAnswerLink(person.requireID())
            #expect(try await store.respondent(answerToken: first) == nil)
            #expect(try await store.respondent(answerToken: second)?.id == person.id)
            #expect(try await store.respondent(answerToken: "court") == nil)
        }
    }

    @Test("Codebook: delete refused with children or codings; import merges by path and writes nothing on error")
    func codebook() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let family = try #require(try await store.codes().first { $0.parentId == nil })
            await #expect(throws: ValidationFailure.self) { try await store.deleteCode(family.id) }
            let before = try await store.codes().count

            let newFamily = SurveyCode(id: UUID.random(), parentId: nil, name: "Nouveautés", colour: "#123456")
            let child = SurveyCode(id: UUID.random(), parentId: newFamily.id, name: "imprimante 3D", colour: "nope")
            let existing = SurveyCode(id: UUID.random(), parentId: nil, name: family.name, colour: "#000000")
            let result = try await store.importCodebook([child, newFamily, existing])
            #expect(result.created == 2)
            #expect(result.unchanged == 1)
            #expect(try await store.codes().count == before + 2)

            let orphan = SurveyCode(id: UUID.random(), parentId: UUID.random(), name: "Orphelin", colour: "#111111")
            await #expect(throws: ValidationFailure.self) { _ = try await store.importCodebook([orphan, SurveyCode(id: UUID.random(), parentId: nil, name: "Autre", colour: "#222222")]) }
            #expect(try await store.codes().count == before + 2)

            await #expect(throws: ValidationFailure.self) {
                try await store.saveCode(SurveyCode(id: UUID.random(), parentId: nil, name: "Mauvais", colour: "rouge"), memo: "")
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.saveCode(SurveyCode(id: newFamily.id, parentId: nil, name: family.name, colour: "#123456"), memo: "")
            }
        }
    }

    @Test("The corpus holds the default questionnaire's respondents, their answers and codings")
    func corpus() async throws {
        try await TestApp.run { t in
            let store = t.app.survey
            let person = try await Self.respondent(store)
            try await store.saveAnswers(person.requireID(), ["A1": "Un master en sciences de l'information."])
            let corpus = try await store.corpus()
            #expect(corpus.questionnaire == DefaultSurvey.questionnaire)
            #expect(corpus.respondents.count == 1)
            #expect(corpus.respondents[0].answers["A1"] == "Un master en sciences de l'information.")
            #expect(corpus.respondents[0].tags == ["série 2025"])
            #expect(corpus.codes.count == DefaultSurvey.codebook.count)
        }
    }
}
