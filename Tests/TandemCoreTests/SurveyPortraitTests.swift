import Foundation
import Testing
@testable import TandemCore

@Suite("Survey portraits and slugs")
struct SurveyPortraitTests {
    static func respondent(consent: PublicationConsent, status: InterviewStatus = .published,
                           context: RespondentContext = .library) -> CorpusRespondent {
        CorpusRespondent(
            id: UUID(), slug: "portrait-test",
            profile: RespondentProfile(displayName: "Solène Garnier", post: "bibliothécaire", employer: "Médiathèque Jean-Jaurès",
                                       context: context, territory: "Pessac", departement: "33",
                                       interviewDate: LocalDate(year: 2026, month: 3, day: 14), consent: consent),
            tags: ["gironde"], status: status,
            answers: ["A1": "Un DUT métiers du livre.", "A2": "  ", "C13": "Oui, vers France Services."])
    }

    @Test func namedPortraitShowsNameEmployerAndTerritory() throws {
        let portrait = try #require(PortraitPublication.portrait(of: Self.respondent(consent: .named), questionnaire: DefaultSurvey.questionnaire))
        #expect(portrait.who == "Solène Garnier")
        #expect(portrait.title == "Solène Garnier, bibliothécaire")
        #expect(portrait.place == "Médiathèque Jean-Jaurès, Pessac (Département 33)")
        #expect(portrait.interviewMonth == "mars 2026")
        #expect(!portrait.isAnonymous)
    }

    @Test func anonymousPortraitShowsNoNameEmployerOrTerritoryAnywhere() throws {
        let respondent = Self.respondent(consent: .anonymous)
        let portrait = try #require(PortraitPublication.portrait(of: respondent, questionnaire: DefaultSurvey.questionnaire))
        #expect(portrait.who == "Médiatrice ou médiateur en bibliothèque")
        #expect(portrait.title == "Médiatrice ou médiateur en bibliothèque, bibliothécaire")
        #expect(portrait.place == "Département 33")
        #expect(portrait.isAnonymous)
        for value in portrait.allText {
            #expect(!value.contains("Solène") && !value.contains("Garnier"), "\(value)")
            #expect(!value.contains("Jean-Jaurès"), "\(value)")
            #expect(!value.contains("Pessac"), "\(value)")
        }
        let outside = try #require(PortraitPublication.portrait(of: Self.respondent(consent: .anonymous, context: .outsideLibrary),
                                                                 questionnaire: DefaultSurvey.questionnaire))
        #expect(outside.who == "Médiatrice ou médiateur hors bibliothèque")
    }

    @Test func entriesFollowTheQuestionnaireWordedForTheContextWithoutEmptyAnswers() throws {
        let portrait = try #require(PortraitPublication.portrait(of: Self.respondent(consent: .named), questionnaire: DefaultSurvey.questionnaire))
        #expect(portrait.entries.map(\.key) == ["A1", "C13"])
        #expect(portrait.entries[1].question == DefaultSurvey.questionnaire.question("C13")!.variants[.library])
        #expect(portrait.entries[1].answer == "Oui, vers France Services.")
    }

    @Test func noPortraitWithoutConsentOrBeforePublication() {
        #expect(PortraitPublication.portrait(of: Self.respondent(consent: .none), questionnaire: DefaultSurvey.questionnaire) == nil)
        #expect(PortraitPublication.portrait(of: Self.respondent(consent: .named, status: .validated), questionnaire: DefaultSurvey.questionnaire) == nil)
        #expect(PortraitPublication.portrait(of: Self.respondent(consent: .named, status: .draft), questionnaire: DefaultSurvey.questionnaire) == nil)
    }

    @Test func slugSourceOfAnAnonymousPortraitIsNeutral() {
        let anonymous = Self.respondent(consent: .anonymous).profile
        let source = PortraitPublication.slugSource(for: anonymous)
        #expect(!source.contains("Solène") && !source.contains("Pessac") && !source.contains("Jean-Jaurès"))
        #expect(SurveySlug.make(source, existing: []) == "bibliotheque-bibliothecaire-33")
        #expect(SurveySlug.make(PortraitPublication.slugSource(for: Self.respondent(consent: .named).profile), existing: []) == "solene-garnier")
    }

    @Test func slugsFoldAccentsAndStayUnique() {
        #expect(SurveySlug.make("Médiatrice à Saint-Étienne !", existing: []) == "mediatrice-a-saint-etienne")
        #expect(SurveySlug.make("Cœur  d'Œuvre", existing: []) == "coeur-d-oeuvre")
        #expect(SurveySlug.make("Léa", existing: ["lea"]) == "lea-2")
        #expect(SurveySlug.make("Léa", existing: ["lea", "lea-2"]) == "lea-3")
        #expect(SurveySlug.make("!!!", existing: []) == "portrait")
        let long = SurveySlug.make(String(repeating: "abcdefghij ", count: 10), existing: [])
        #expect(long.count <= 60 && !long.hasSuffix("-"))
        let second = SurveySlug.make(String(repeating: "abcdefghij ", count: 10), existing: [long])
        #expect(second.count <= 60 && second.hasSuffix("-2"))
    }
}
