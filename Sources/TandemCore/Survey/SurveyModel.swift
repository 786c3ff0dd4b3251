import Foundation

// The portrait survey's vocabulary (SURVEY.md): questionnaires in versions, respondents and their
// answers, a hierarchical codebook, and codings of answer passages. Plain values: the app stores
// them, the REFI-QDA exchange, the reports and the CSV files read and write them.

/// What kind of answer a question asks for.
public enum QuestionKind: String, CodedVocabulary {
    case freeText = "free_text"
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    case yesNo = "yes_no"

    public var label: String {
        switch self {
        case .freeText: "Réponse libre"
        case .singleChoice: "Choix unique"
        case .multipleChoice: "Choix multiples"
        case .yesNo: "Oui / non"
        }
    }
}

// The respondent's context (`RespondentContext`), the interview's status (`InterviewStatus`) and
// the publication consent (`PublicationConsent`) are TAXONOMY.md's lists, in Vocabulary/.

extension RespondentContext {
    /// The observatory's context of the same name: said-versus-done compares like with like.
    public var statContext: StatContext { self == .library ? .library : .outsideLibrary }
}

/// One question of a questionnaire. `key` is stable across versions ("A1", "C12"): answers,
/// CSV columns and reports name questions by it. A question with `variants` has one wording per
/// context (part C of the portrait): a respondent sees the wording of their context, and the
/// reports set the two side by side as one question.
public struct SurveyQuestion: Sendable, Equatable, Codable, Hashable {
    public var key: String
    public var text: String
    public var kind: QuestionKind
    /// The choices of a single- or multiple-choice question (empty otherwise).
    public var choices: [String]
    /// The wording for each context, when it differs; `text` is then the neutral wording.
    public var variants: [RespondentContext: String]

    public init(key: String, text: String, kind: QuestionKind = .freeText, choices: [String] = [], variants: [RespondentContext: String] = [:]) {
        self.key = key
        self.text = text
        self.kind = kind
        self.choices = choices
        self.variants = variants
    }

    /// The wording a respondent of this context reads.
    public func text(for context: RespondentContext?) -> String {
        context.flatMap { variants[$0] } ?? text
    }
}

/// A titled group of questions, in order.
public struct SurveySection: Sendable, Equatable, Codable, Hashable {
    public var title: String
    public var questions: [SurveyQuestion]

    public init(title: String, questions: [SurveyQuestion]) {
        self.title = title
        self.questions = questions
    }
}

/// The content of one version of a questionnaire. A version that has answers never changes:
/// editing it makes the next version (the app enforces it).
public struct QuestionnaireContent: Sendable, Equatable, Codable, Hashable {
    public var title: String
    public var introduction: String
    public var sections: [SurveySection]

    public init(title: String, introduction: String = "", sections: [SurveySection]) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
    }

    public var questions: [SurveyQuestion] { sections.flatMap(\.questions) }

    public func question(_ key: String) -> SurveyQuestion? { questions.first { $0.key == key } }
}

/// Who answered: what the portrait says about them, and what they agreed to.
public struct RespondentProfile: Sendable, Equatable, Codable, Hashable {
    /// The name, or a pseudonym chosen for the publication.
    public var displayName: String
    public var post: String
    public var employer: String
    public var context: RespondentContext
    /// The commune or territory where they work (shown only when the consent is `named`).
    public var territory: String
    /// The département (two or three characters, "2A", "974"): what an anonymous portrait shows.
    public var departement: String
    public var interviewDate: LocalDate?
    public var consent: PublicationConsent

    public init(displayName: String, post: String, employer: String, context: RespondentContext, territory: String,
                departement: String, interviewDate: LocalDate?, consent: PublicationConsent) {
        self.displayName = displayName
        self.post = post
        self.employer = employer
        self.context = context
        self.territory = territory
        self.departement = departement
        self.interviewDate = interviewDate
        self.consent = consent
    }
}

/// One code of the codebook. Codes form a tree through `parentId`.
public struct SurveyCode: Sendable, Equatable, Codable, Hashable, Identifiable {
    public var id: UUID
    public var parentId: UUID?
    public var name: String
    /// `#rrggbb`.
    public var colour: String
    public var description: String
    /// Words from which Tandem suggests passages to code (never applied by itself).
    public var keywords: [String]

    public init(id: UUID, parentId: UUID?, name: String, colour: String, description: String = "", keywords: [String] = []) {
        self.id = id
        self.parentId = parentId
        self.name = name
        self.colour = colour
        self.description = description
        self.keywords = keywords
    }
}

/// A passage of one answer: `[start, end)` in Unicode scalars (what REFI-QDA's
/// PlainTextSelection counts), within the answer's text.
public struct TextRange: Sendable, Equatable, Codable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
}

/// A code applied to a passage of an answer, with an optional memo.
public struct SurveyCoding: Sendable, Equatable, Codable, Hashable, Identifiable {
    public var id: UUID
    public var respondentId: UUID
    public var questionKey: String
    public var range: TextRange
    public var codeId: UUID
    public var memo: String

    public init(id: UUID, respondentId: UUID, questionKey: String, range: TextRange, codeId: UUID, memo: String = "") {
        self.id = id
        self.respondentId = respondentId
        self.questionKey = questionKey
        self.range = range
        self.codeId = codeId
        self.memo = memo
    }
}
