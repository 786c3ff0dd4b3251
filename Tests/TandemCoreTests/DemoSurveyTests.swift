import Foundation
import Testing
@testable import TandemCore

@Suite("Demo survey")
struct DemoSurveyTests {
    static let interviews = DemoSurvey.interviews
    static let questionKeys = ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "B8", "B9", "B10", "B11", "C12", "C13", "C14", "C15"]
    /// SURVEY.md's families, in its order.
    static let families = ["Compétences", "Accompagnement", "Posture", "Publics", "Demandes", "Matériel", "Moyens",
                           "Regards croisés", "Avenir du métier"]
    static let territory = DemoTerritory(seed: 1, today: LocalDate(year: 2026, month: 3, day: 14)!)

    // MARK: The interviews

    @Test func sevenInterviewsInBothContexts() {
        #expect(Self.interviews.count == 7)
        let library = Self.interviews.filter { $0.profile.context == .library }.count
        let outside = Self.interviews.filter { $0.profile.context == .outsideLibrary }.count
        #expect(library >= 3)
        #expect(outside >= 3)
    }

    @Test func everyInterviewAnswersTheFifteenQuestionsOfTheDefaultQuestionnaire() {
        #expect(DefaultSurvey.questionnaire.questions.map(\.key) == Self.questionKeys)
        for interview in Self.interviews {
            #expect(Set(interview.answers.keys) == Set(Self.questionKeys), "\(interview.slug)")
            for (key, answer) in interview.answers {
                #expect(answer == answer.trimmingCharacters(in: .whitespacesAndNewlines), "\(interview.slug) \(key)")
                #expect((2...7).contains(Self.sentenceCount(answer)), "\(interview.slug) \(key): \(Self.sentenceCount(answer)) phrases")
            }
        }
    }

    @Test func consentsAndStatusesAreMixedAsPlanned() {
        let consents = Self.interviews.map(\.profile.consent)
        #expect(consents.filter { $0 == .named }.count == 4)
        #expect(consents.filter { $0 == .anonymous }.count == 2)
        #expect(consents.filter { $0 == .none }.count == 1)
        let statuses = Self.interviews.map(\.status)
        #expect(statuses.filter { $0 == .published }.count == 5)
        #expect(statuses.filter { $0 == .validated }.count == 1)
        #expect(statuses.filter { $0 == .draft }.count == 1)
        // Someone who refused publication is never shown as published.
        for interview in Self.interviews where interview.profile.consent == .none {
            #expect(interview.status != .published, "\(interview.slug)")
        }
    }

    @Test func profilesFitTheDemoTerritory() {
        let communes = DemoData.communes.map(\.name)
        for interview in Self.interviews {
            let profile = interview.profile
            #expect(profile.departement == "24", "\(interview.slug)")
            #expect(profile.interviewDate?.year == 2026, "\(interview.slug)")
            #expect(!profile.displayName.isEmpty && !profile.post.isEmpty && !profile.employer.isEmpty, "\(interview.slug)")
            // The territory names a commune of the Coteaux de l'Arlène, or the intercommunality itself.
            #expect(communes.contains { profile.territory.contains($0) } || profile.territory.contains("Coteaux de l'Arlène"),
                    "\(interview.slug): \(profile.territory)")
        }
    }

    @Test func tagsAreFewAndDistinct() {
        for interview in Self.interviews {
            #expect((2...6).contains(interview.tags.count), "\(interview.slug)")
            #expect(Set(interview.tags).count == interview.tags.count, "\(interview.slug)")
            #expect(interview.tags.allSatisfy { !$0.isEmpty && $0 == $0.trimmingCharacters(in: .whitespaces) })
        }
        // Shared tags make the portraits' tag filter worth using.
        let seniors = Self.interviews.filter { $0.tags.contains("seniors") }.count
        #expect(seniors >= 2)
    }

    // MARK: Slugs and privacy

    @Test func slugsAreUniqueAndURLSafe() {
        let slugs = Self.interviews.map(\.slug)
        #expect(Set(slugs).count == slugs.count)
        for slug in slugs {
            #expect(slug.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(slug)")
            #expect(slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) == slug)
        }
    }

    @Test func unnamedRespondentsNameAppearsNeitherInTheSlugNorInTheAnswersNorTheTags() {
        for interview in Self.interviews where interview.profile.consent != .named {
            let words = interview.profile.displayName.split(separator: " ").map(String.init)
            #expect(words.count >= 2, "\(interview.slug): a name, not a blank")
            for word in words {
                #expect(!interview.slug.contains(Self.folded(word)), "\(interview.slug) contains \(word)")
                for (key, answer) in interview.answers {
                    #expect(!answer.contains(word), "\(interview.slug) \(key) contains \(word)")
                }
                #expect(!interview.tags.contains { $0.contains(word) })
            }
        }
    }

    // MARK: Links to demo mediators

    @Test func linkedInterviewsAreDemoMediatorsOfTheSameContext() throws {
        let linked = Self.interviews.filter { $0.mediatorEmail != nil }
        #expect((3...4).contains(linked.count))
        #expect(Set(linked.compactMap(\.mediatorEmail)).count == linked.count)
        #expect(linked.contains { $0.profile.context == .library })
        #expect(linked.contains { $0.profile.context == .outsideLibrary })
        for interview in linked {
            let email = try #require(interview.mediatorEmail)
            let account = try #require(Self.territory.mediators.first { $0.email == email }, "\(email) is no demo mediator")
            #expect(account.displayName == interview.profile.displayName)
            #expect(interview.profile.consent == .named, "a linked portrait is the mediator's own, under their name")
            let structure = try #require(Self.territory.structures.first { $0.id == account.structureId })
            #expect(structure.isLibrary == (interview.profile.context == .library), "\(email)")
        }
    }

    // MARK: Codings

    @Test func everyQuoteOccursExactlyOnceInItsAnswer() throws {
        for interview in Self.interviews {
            for coding in interview.codings {
                let answer = try #require(interview.answers[coding.questionKey], "\(interview.slug): no answer \(coding.questionKey)")
                let range = try #require(coding.range(in: answer), "\(interview.slug) \(coding.questionKey): « \(coding.quote) » not found")
                #expect(CodingRules.excerpt(of: range, in: answer) == coding.quote)
                #expect(throws: Never.self) { try CodingRules.validate(range, in: answer) }
                #expect(answer.components(separatedBy: coding.quote).count == 2, "\(interview.slug) \(coding.questionKey): « \(coding.quote) » is ambiguous")
                #expect(coding.quote.unicodeScalars.count >= 15, "\(interview.slug): a clause, not a word")
            }
        }
    }

    @Test func codePathsNameCodesOfTheDefaultCodebook() {
        let tree = CodebookTree(DefaultSurvey.codebook)
        #expect(tree.roots.map(\.name) == Self.families)
        for interview in Self.interviews {
            for coding in interview.codings {
                #expect(coding.codePath.count == 2, "\(interview.slug): \(coding.codePath)")
                #expect(Self.families.contains(coding.codePath[0]), "\(interview.slug): \(coding.codePath)")
                #expect(tree.code(path: coding.codePath) != nil, "\(interview.slug): \(coding.codePath) is not in the codebook")
            }
        }
    }

    @Test func eachInterviewHasSixToTwelveCodingsCoveringPostureAndTheOtherField() {
        for interview in Self.interviews {
            #expect((6...12).contains(interview.codings.count), "\(interview.slug): \(interview.codings.count)")
            let families = Set(interview.codings.map { $0.codePath[0] })
            #expect(families.contains("Posture"), "\(interview.slug)")
            #expect(families.contains("Regards croisés"), "\(interview.slug)")
        }
        let memos = Self.interviews.flatMap(\.codings).filter { !$0.memo.isEmpty }
        #expect(memos.count >= 5)
    }

    @Test func theCodingsPassTheAppsOverlapRule() throws {
        // CodingRules refuses one code twice on overlapping passages of an answer: the seeder
        // must be able to store every demo coding.
        for interview in Self.interviews {
            let respondent = UUID()
            var stored: [SurveyCoding] = []
            for coding in interview.codings {
                let answer = try #require(interview.answers[coding.questionKey])
                let range = try #require(coding.range(in: answer))
                let candidate = SurveyCoding(id: UUID(), respondentId: respondent, questionKey: coding.questionKey, range: range,
                                             codeId: DefaultSurvey.codeID(coding.codePath[0], coding.codePath[1]), memo: coding.memo)
                #expect(CodingRules.conflicts(adding: candidate, to: stored) == nil, "\(interview.slug) \(coding.codePath)")
                stored.append(candidate)
            }
        }
    }

    @Test func theContextsDifferOnPosture() {
        // The demo must give research question 2 something to show: « faire à la place » is
        // admitted outside libraries (France Services, itinerant visits) and refused or regretted
        // in them, while « faire avec » appears in both.
        func respondents(_ path: [String], _ context: RespondentContext) -> Int {
            Self.interviews.filter { $0.profile.context == context && $0.codings.contains { $0.codePath == path } }.count
        }
        #expect(respondents(["Posture", "faire à la place"], .library) >= 1)
        #expect(respondents(["Posture", "faire à la place"], .outsideLibrary) >= 2)
        #expect(respondents(["Posture", "faire avec"], .library) >= 1)
        #expect(respondents(["Posture", "faire avec"], .outsideLibrary) >= 1)
        #expect(respondents(["Regards croisés", "oriente vers la bibliothèque"], .outsideLibrary) >= 3)
        #expect(respondents(["Regards croisés", "oriente hors bibliothèque"], .library) >= 3)
    }

    @Test func textsAreComposedSoThatOffsetsSurviveStorage() {
        // Stored offsets count scalars: a text that some layer normalises to NFC would shift them.
        for interview in Self.interviews {
            for (key, answer) in interview.answers {
                #expect(answer.unicodeScalars.elementsEqual(answer.precomposedStringWithCanonicalMapping.unicodeScalars),
                        "\(interview.slug) \(key)")
                #expect(!answer.contains("\n") && !answer.contains("\t"), "\(interview.slug) \(key)")
            }
            for coding in interview.codings {
                #expect(coding.quote.unicodeScalars.elementsEqual(coding.quote.precomposedStringWithCanonicalMapping.unicodeScalars))
            }
        }
    }

    // MARK: Finding a quote

    @Test func rangeCountsUnicodeScalars() {
        let quote = DemoSurvey.DemoCoding(questionKey: "A1", quote: "été", codePath: ["Posture", "faire avec"], memo: "")
        #expect(quote.range(in: "L'été dernier") == TextRange(start: 2, end: 5))
        // An emoji is one scalar but two UTF-16 units: the offset counts it once.
        #expect(quote.range(in: "👋 été") == TextRange(start: 2, end: 5))
        // A decomposed « é » looks the same but is not the same text: offsets would drift.
        #expect(quote.range(in: "L'e\u{301}te\u{301}") == nil)
        #expect(quote.range(in: "ét") == nil)
        #expect(quote.range(in: "") == nil)
        let empty = DemoSurvey.DemoCoding(questionKey: "A1", quote: "", codePath: ["Posture", "faire avec"], memo: "")
        #expect(empty.range(in: "texte") == nil)
    }

    // MARK: Helpers

    /// Sentences end with « . », « ? » or « ! » followed by a space or the end of the text.
    static func sentenceCount(_ text: String) -> Int {
        text.matches(of: /[.?!…](\s|$)/).count
    }

    static func folded(_ word: String) -> String {
        word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
    }
}
