import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Survey pages: access, questionnaires, interviews, private link, codebook, demo")
struct SurveyAdminTests {
    static func text(_ response: TestingHTTPResponse) -> String {
        response.body.string.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
    }

    static func person(_ t: TestApp, consent: PublicationConsent = .named) async throws -> SurveyRespondentModel {
        try await SurveyStoreTests.respondent(t.app.survey, "Camille Martin", consent: consent)
    }

    @Test("Researchers and admins use /enquete; mediators and coordinators get 403; signed-out people go to sign in")
    func accessMatrix() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let person = try await Self.person(t)
            let code = try #require(try await t.app.survey.codes().first)
            let pages = ["/enquete", "/enquete/questionnaires", "/enquete/questionnaires/nouveau", "/enquete/entretiens",
                         "/enquete/entretiens/nouveau", SurveyPath.respondent(person.id!), SurveyPath.respondentAnswers(person.id!),
                         SurveyPath.respondentProfile(person.id!), SurveyPath.deleteRespondent(person.id!), "/enquete/codes", "/enquete/codes/nouveau", SurveyPath.code(code.id)]
            for actor in [f.researcher, f.admin] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                for page in pages { #expect(try await browser.get(page).status == .ok, "\(page) for \(actor.role)") }
            }
            for actor in [f.mediatorA, f.coordinatorA] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                for page in pages {
                    let response = try await browser.get(page)
                    #expect(response.status == .forbidden, "\(page) for \(actor.role)")
                    #expect(Self.text(response).contains("réservée aux chargés d'enquête"))
                }
                // Writing is refused the same way, and writes nothing.
                #expect(try await browser.post(SurveyPath.newCode, form: [("name", "intrus"), ("colour", "#000000")]).status == .forbidden)
                #expect(try await browser.post(SurveyPath.deleteRespondent(person.id!), form: []).status == .forbidden)
                #expect(try await browser.post(SurveyPath.respondentLink(person.id!), form: []).status == .forbidden)
            }
            #expect(try await t.app.survey.codes().count == DefaultSurvey.codebook.count)
            #expect(try await t.app.survey.respondent(person.id!)?.answerTokenHash == nil)
            let anonymous = t.browser()
            for page in pages {
                let response = try await anonymous.get(page)
                #expect(response.status == .seeOther || response.status == .found, "\(page) signed out")
                #expect(response.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            }
            // A researcher never reaches a person's activities.
            let researcher = t.browser()
            _ = try await researcher.signIn(f.researcher)
            #expect(try await researcher.get("/activites").status == .forbidden)
            let home = Self.text(try await researcher.get("/enquete"))
            #expect(home.contains("href=\"/enquete\""))
            // Every link of the home page leads to a page that answers.
            for link in SurveyAdminController.availableLinks(t.app) {
                #expect(home.contains(link.href))
                #expect(try await researcher.get(link.href).status == .ok, "\(link.href)")
            }
        }
    }

    @Test("Editing a questionnaire with answers creates version 2 and says so; the editor's buttons add and reorder")
    func questionnaireEditor() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            // A new questionnaire through the form, with one more question added by the button.
            let base = [("title", "Usages des tiers-lieux"), ("sections.0.title", "Lieu"), ("sections.0.questions.0.key", "A1"),
                        ("sections.0.questions.0.text", "Où travaillez-vous ?"), ("sections.0.questions.0.kind", "free_text")]
            let added = try await browser.post(SurveyPath.newQuestionnaire, form: base + [("op", "add-question:0")])
            #expect(added.status == .ok)
            #expect(Self.text(added).contains("sections.0.questions.1.key"))
            #expect(try await t.app.survey.questionnaires().count == 1)
            let saved = try await browser.post(SurveyPath.newQuestionnaire, form: base + [
                ("sections.0.questions.1.key", "A2"), ("sections.0.questions.1.text", "Combien de lieux ?"),
                ("sections.0.questions.1.kind", "single_choice"), ("sections.0.questions.1.choices", "Un\nPlusieurs"), ("op", "save"),
            ])
            #expect(saved.status == .seeOther)
            let created = try #require(try await t.app.survey.questionnaires().first { $0.slug != SurveyStore.defaultQuestionnaireSlug })
            let v1 = try #require(try await t.app.survey.latestVersion(of: created.id!))
            #expect(v1.questionnaire.questions.map(\.key) == ["A1", "A2"])
            #expect(v1.questionnaire.questions[1].choices == ["Un", "Plusieurs"])

            // The default questionnaire, once answered, is frozen: the editor says so and saving makes version 2.
            let (portrait, original) = try await SurveyStoreTests.portrait(t.app.survey)
            let person = try await Self.person(t)
            try await t.app.survey.saveAnswers(person.id!, ["A1": "Un DUT informatique."])
            let editor = try await browser.get(SurveyPath.editQuestionnaire(portrait.id!))
            #expect(Self.text(editor).contains("Cette version a déjà des réponses : vos changements créent la version 2."))
            var form = QuestionnaireEditorForm.pairs(original.questionnaire)
            form.append(("op", "question-down:0:0"))
            let reordered = try await browser.post(SurveyPath.editQuestionnaire(portrait.id!), form: form)
            #expect(reordered.status == .ok)
            let body = reordered.body.string
            let a1 = try #require(body.range(of: "value=\"A1\""))
            let a2 = try #require(body.range(of: "value=\"A2\""))
            #expect(a2.lowerBound < a1.lowerBound)
            #expect(try await t.app.survey.latestVersion(of: portrait.id!)?.number == 1)
            form.removeLast()
            form.append(("op", "save"))
            #expect(try await browser.post(SurveyPath.editQuestionnaire(portrait.id!), form: form).status == .seeOther)
            #expect(try await t.app.survey.latestVersion(of: portrait.id!)?.number == 2)
            #expect(try await t.app.survey.version(original.id!)?.questionnaire == DefaultSurvey.questionnaire)
            // Both versions stay readable.
            let first = Self.text(try await browser.get(SurveyPath.questionnaire(portrait.id!) + "?version=1"))
            #expect(first.contains("Version 1"))
            #expect(first.contains("Version 2"))
            #expect(try await browser.get(SurveyPath.questionnaire(portrait.id!) + "?version=9").status == .notFound)
        }
    }

    @Test("Bad input gets a 400 page in French and writes nothing")
    func badInput() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let (_, version) = try await SurveyStoreTests.portrait(t.app.survey)
            let respondent = try await browser.post(SurveyPath.newRespondent, form: [
                ("displayName", ""), ("context", "ailleurs"), ("consent", "named"), ("departement", "999"),
                ("interviewDate", "14/03/2025"), ("versionId", version.id!.uuidString),
            ])
            #expect(respondent.status == .badRequest)
            #expect(Self.text(respondent).contains("Indiquez un nom ou un pseudonyme."))
            #expect(Self.text(respondent).contains("bibliothèque ou hors bibliothèque"))
            #expect(try await SurveyRespondentModel.query(on: t.db).count() == 0)

            let questionnaire = try await browser.post(SurveyPath.newQuestionnaire, form: [
                ("title", ""), ("sections.0.title", "A"), ("sections.0.questions.0.key", "A 1"),
                ("sections.0.questions.0.text", ""), ("sections.0.questions.0.kind", "essai"), ("op", "save"),
            ])
            #expect(questionnaire.status == .badRequest)
            #expect(Self.text(questionnaire).contains("Donnez un titre au questionnaire."))
            #expect(try await t.app.survey.questionnaires().count == 1)

            let person = try await Self.person(t, consent: .none)
            let answers = try await browser.post(SurveyPath.respondentAnswers(person.id!), form: [("answers.Z9", "Inconnue"), ("answers.A1", "Bac pro.")])
            #expect(answers.status == .badRequest)
            #expect(Self.text(answers).contains("La question « Z9 » n'existe pas"))
            #expect(try await t.app.survey.answers(of: person.id!).isEmpty)

            let publish = try await browser.post(SurveyPath.respondentStatus(person.id!), form: [("status", "published")])
            #expect(publish.status == .badRequest)
            #expect(Self.text(publish).contains("Publication impossible"))
            #expect(try await t.app.survey.respondent(person.id!)?.interviewStatus == .draft)

            let code = try await browser.post(SurveyPath.newCode, form: [("name", ""), ("colour", "rouge"), ("parentId", "pas-un-id")])
            #expect(code.status == .badRequest)
            #expect(Self.text(code).contains("Donnez un nom au code."))
            #expect(try await t.app.survey.codes().count == DefaultSurvey.codebook.count)

            let family = try #require(try await t.app.survey.codes().first { $0.parentId == nil })
            let delete = try await browser.post(SurveyPath.deleteCode(family.id), form: [])
            #expect(delete.status == .badRequest)
            #expect(Self.text(delete).contains("sous-code"))
            #expect(try await t.app.survey.codes().count == DefaultSurvey.codebook.count)

            #expect(try await browser.get("/enquete/entretiens/pas-un-id").status == .notFound)
            #expect(try await browser.post(SurveyPath.respondentStatus(person.id!), form: [("status", "published")], csrf: false).status == .forbidden)
        }
    }

    @Test("A researcher creates a code, then edits it")
    func codebookPages() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let family = try #require(try await t.app.survey.codes().first { $0.parentId == nil })
            let created = try await browser.post(SurveyPath.newCode, form: [
                ("name", "fablab"), ("parentId", family.id.uuidString.lowercased()), ("colour", "#AA3300"),
                ("description", "Impression 3D"), ("keywords", "fablab, imprimante 3D"), ("memo", "À surveiller"),
            ])
            #expect(created.status == .seeOther)
            let code = try #require(try await t.app.survey.codes().first { $0.name == "fablab" })
            #expect(code.parentId == family.id)
            #expect(code.colour == "#aa3300")
            #expect(code.keywords == ["fablab", "imprimante 3D"])
            let list = Self.text(try await browser.get("/enquete/codes"))
            #expect(list.contains("fablab"))
            // The tree is nested lists, balanced, one item per code.
            #expect(list.components(separatedBy: "<ul").count == list.components(separatedBy: "</ul>").count)
            #expect(list.components(separatedBy: "<li>").count == list.components(separatedBy: "</li>").count)
            #expect(list.components(separatedBy: "class=\"code-swatch c-").count - 1 == DefaultSurvey.codebook.count + 1)
            #expect(!list.contains("style="))
            #expect(!list.contains("Mots-clés : </span>"))
            #expect(list.contains("À surveiller"))
            #expect(try await browser.post(SurveyPath.deleteCode(code.id), form: []).status == .seeOther)
            #expect(try await t.app.survey.codes().first { $0.name == "fablab" } == nil)
        }
    }

    @Test("The private link: shown once, answers typed by the respondent, validated then read-only; a bad token is a 404")
    func privateLink() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let person = try await Self.person(t)
            let issued = try await browser.post(SurveyPath.respondentLink(person.id!), form: [])
            #expect(issued.status == .ok)
            #expect(issued.headers.first(name: .cacheControl) == "no-store")
            let page = issued.body.string
            let start = try #require(page.range(of: "/enquete/reponse/"))
            let token = String(page[start.upperBound...].prefix(43))
            #expect(try await t.app.survey.respondent(answerToken: token)?.id == person.id)
            #expect(!Self.text(try await browser.get(SurveyPath.respondent(person.id!))).contains(token))

            let respondent = t.browser()
            let form = Self.text(try await respondent.get(SurveyPath.answerLink(token: token)))
            // The wording of the respondent's context (library) for part C.
            let c12 = try #require(DefaultSurvey.questionnaire.question("C12"))
            #expect(form.contains(c12.text(for: .library)))
            let bad = try await respondent.post(SurveyPath.answerLink(token: token), form: [("answers.Z1", "?")], csrf: false)
            #expect(bad.status == .badRequest)
            #expect(try await t.app.survey.answers(of: person.id!).isEmpty)
            let saved = try await respondent.post(SurveyPath.answerLink(token: token), form: [("answers.A1", "Un master."), ("op", "save")], csrf: false)
            #expect(saved.status == .seeOther)
            #expect(try await t.app.survey.respondent(person.id!)?.interviewStatus == .draft)
            _ = try await respondent.post(SurveyPath.answerLink(token: token), form: [("answers.A1", "Un master, puis un DU."), ("op", "validate")], csrf: false)
            #expect(try await t.app.survey.answers(of: person.id!)["A1"] == "Un master, puis un DU.")
            #expect(try await t.app.survey.respondent(person.id!)?.interviewStatus == .validated)
            let readOnly = try await respondent.get(SurveyPath.answerLink(token: token))
            #expect(Self.text(readOnly).contains("Vos réponses sont validées"))
            #expect(!readOnly.body.string.contains("<textarea"))
            let late = try await respondent.post(SurveyPath.answerLink(token: token), form: [("answers.A1", "Changé")], csrf: false)
            #expect(late.status == .conflict)
            #expect(try await t.app.survey.answers(of: person.id!)["A1"] == "Un master, puis un DU.")

            // Renewing invalidates the old link.
            _ = try await browser.post(SurveyPath.respondentLink(person.id!), form: [])
            let gone = try await respondent.get(SurveyPath.answerLink(token: token))
            #expect(gone.status == .notFound)
            #expect(Self.text(gone).contains("Ce lien de réponse n'existe pas"))
            #expect(try await respondent.get("/enquete/reponse/nimporte-quoi").status == .notFound)
        }
    }

    @Test("A researcher records an interview: profile, answers, linked mediator, publication")
    func interviewFlow() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.researcher)
            let (_, version) = try await SurveyStoreTests.portrait(t.app.survey)
            let created = try await browser.post(SurveyPath.newRespondent, form: [
                ("displayName", "Nadia Benali"), ("post", "Conseillère numérique"), ("employer", "France Services du Plateau"),
                ("context", "outside_library"), ("territory", "Plateau"), ("departement", "87"), ("interviewDate", "2025-04-02"),
                ("tags", "série 2025, rural"), ("consent", "anonymous"), ("versionId", version.id!.uuidString.lowercased()),
                ("mediatorId", t.fixture.mediatorB.id.uuidString.lowercased()),
            ])
            #expect(created.status == .seeOther)
            let person = try #require(try await t.app.survey.respondents().first)
            #expect(person.mediatorId == t.fixture.mediatorB.id)
            #expect(person.tagList == ["série 2025", "rural"])
            #expect(!person.slug.contains("nadia"))
            let form = Self.text(try await browser.get(SurveyPath.respondentAnswers(person.id!)))
            #expect(form.contains(try #require(DefaultSurvey.questionnaire.question("C12")).text(for: .outsideLibrary)))
            #expect(try await browser.post(SurveyPath.respondentAnswers(person.id!), form: [("answers.A1", "BTS SIO"), ("asked", "A2")]).status == .seeOther)
            #expect(try await t.app.survey.answers(of: person.id!) == ["A1": "BTS SIO"])
            #expect(try await browser.post(SurveyPath.respondentStatus(person.id!), form: [("status", "published")]).status == .seeOther)
            #expect(try await t.app.survey.publishedPortraits(context: .outsideLibrary, tag: "rural").count == 1)
            let list = Self.text(try await browser.get("/enquete/entretiens?contexte=library"))
            #expect(!list.contains("Nadia Benali"))
            #expect(Self.text(try await browser.get("/enquete/entretiens?etiquette=rural")).contains("Nadia Benali"))

            // Erasing the interview removes its answers and its portrait.
            #expect(Self.text(try await browser.get(SurveyPath.deleteRespondent(person.id!))).contains("1 réponse(s)"))
            #expect(try await browser.post(SurveyPath.deleteRespondent(person.id!), form: []).status == .seeOther)
            #expect(try await t.app.survey.respondents().isEmpty)
            #expect(try await SurveyAnswerModel.query(on: t.db).count() == 0)
            #expect(try await t.app.survey.publishedPortraits().isEmpty)
        }
    }

    @Test("The demo loader writes the interviews with their codings and links, once")
    func demoLoader() async throws {
        try await TestApp.run { t in
            let first = try await DemoSurveyLoader(db: t.db, logger: t.app.logger).load()
            #expect(first.interviews == DemoSurvey.interviews.count)
            #expect(first.skippedCodings == 0)
            #expect(first.codings == DemoSurvey.interviews.flatMap(\.codings).count)
            let again = try await DemoSurveyLoader(db: t.db, logger: t.app.logger).load()
            #expect(again.interviews == 0)
            #expect(try await t.app.survey.respondents().count == DemoSurvey.interviews.count)
            for interview in DemoSurvey.interviews {
                #expect(try await t.app.survey.respondent(slug: interview.slug)?.interviewStatus == interview.status)
            }
        }
    }
}

@Suite("Survey page helpers")
struct SurveyPageHelperTests {
    @Test("The codebook's nesting tokens open and close lists by depth")
    func nesting() {
        let (before, after) = CodebookController.nesting([0, 1, 1, 2, 0, 1])
        #expect(before == [[], ["open"], ["end"], ["open"], ["end", "close", "close"], ["open"]])
        #expect(after == ["end", "close"])
    }

    @Test("The questionnaire draft's buttons add, move and remove, and ignore what is out of range")
    func draftOperations() {
        var draft = QuestionnaireDraft.blank
        draft.apply("add-question:0")
        #expect(draft.sections[0].questions.map(\.key) == ["A1", "A2"])
        draft.apply("question-down:0:0")
        #expect(draft.sections[0].questions.map(\.key) == ["A2", "A1"])
        draft.apply("add-section")
        #expect(draft.sections[1].questions.map(\.key) == ["B1"])
        draft.apply("section-up:1")
        #expect(draft.sections[0].questions.map(\.key) == ["B1"])
        let before = draft
        for op in ["remove-question:9:9", "question-up:0:0", "section-down:1", "section-up:-1", "nimporte", "remove-section:x"] {
            draft.apply(op)
        }
        #expect(draft == before)
        draft.apply("remove-section:0")
        #expect(draft.sections.count == 1)
    }
}

/// The editor's form fields for a questionnaire, as the page would post them.
enum QuestionnaireEditorForm {
    static func pairs(_ content: QuestionnaireContent) -> [(String, String)] {
        var pairs = [("title", content.title), ("introduction", content.introduction)]
        for (s, section) in content.sections.enumerated() {
            pairs.append(("sections.\(s).title", section.title))
            for (q, question) in section.questions.enumerated() {
                let name = "sections.\(s).questions.\(q)."
                pairs += [(name + "key", question.key), (name + "text", question.text), (name + "kind", question.kind.code),
                          (name + "choices", question.choices.joined(separator: "\n")),
                          (name + "library", question.variants[.library] ?? ""), (name + "outside_library", question.variants[.outsideLibrary] ?? "")]
            }
        }
        return pairs
    }
}
