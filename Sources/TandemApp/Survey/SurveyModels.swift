import Fluent
import Foundation
import TandemCore
import Vapor

/// A questionnaire of the survey: its identity across versions. The questions live in its versions.
final class SurveyQuestionnaireModel: Model, @unchecked Sendable {
    static let schema = "survey_questionnaires"

    @ID(key: .id) var id: UUID?
    /// Stable and unique ("portrait"): the default questionnaire is found by it.
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID = UUID.random(), slug: String, title: String) {
        self.id = id
        self.slug = slug
        self.title = title
    }
}

/// One version of a questionnaire. Its content is the JSON of `QuestionnaireContent`; a version
/// that has answers is never changed in place (the store makes version n+1 instead).
final class SurveyVersionModel: Model, @unchecked Sendable {
    static let schema = "survey_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "questionnaire_id") var questionnaireId: UUID
    @Field(key: "number") var number: Int
    @Field(key: "content") var content: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID = UUID.random(), questionnaireId: UUID, number: Int, content: QuestionnaireContent) {
        self.id = id
        self.questionnaireId = questionnaireId
        self.number = number
        self.content = SurveyVersionModel.encode(content)
    }

    /// The decoded content; an unreadable row (never written by Tandem) reads as an empty questionnaire
    /// rather than failing every page that lists versions.
    var questionnaire: QuestionnaireContent {
        get {
            (try? JSONDecoder().decode(QuestionnaireContent.self, from: Data(content.utf8)))
                ?? QuestionnaireContent(title: "", sections: [])
        }
        set { content = SurveyVersionModel.encode(newValue) }
    }

    static func encode(_ content: QuestionnaireContent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(content)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A person interviewed: the profile a portrait shows, the answers' version, the status of the
/// interview and the private answer link (only its hash).
final class SurveyRespondentModel: Model, @unchecked Sendable {
    static let schema = "survey_respondents"

    @ID(key: .id) var id: UUID?
    @Field(key: "version_id") var versionId: UUID
    /// Unique: the portrait's address, `/portraits/{slug}`.
    @Field(key: "slug") var slug: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "post") var post: String
    @Field(key: "employer") var employer: String
    @Field(key: "context") var context: String
    @Field(key: "territory") var territory: String
    @Field(key: "departement") var departement: String
    /// `YYYY-MM-DD`, or nil when not known.
    @OptionalField(key: "interview_date") var interviewDate: String?
    @Field(key: "consent") var consent: String
    @Field(key: "status") var status: String
    /// `|`-separated, in the order typed.
    @Field(key: "tags") var tags: String
    @OptionalField(key: "mediator_id") var mediatorId: UUID?
    /// SHA-256 hex of the private answer link's token: the token itself is shown once, never stored.
    @OptionalField(key: "answer_token_hash") var answerTokenHash: String?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID = UUID.random(), versionId: UUID, slug: String, profile: RespondentProfile, tags: [String], mediatorId: UUID?) {
        self.id = id
        self.versionId = versionId
        self.slug = slug
        self.status = InterviewStatus.draft.code
        self.mediatorId = mediatorId
        self.profile = profile
        self.tagList = tags
    }

    var profile: RespondentProfile {
        get {
            RespondentProfile(
                displayName: displayName, post: post, employer: employer,
                context: RespondentContext(code: context) ?? .library, territory: territory, departement: departement,
                interviewDate: interviewDate.flatMap(LocalDate.init(iso:)),
                consent: PublicationConsent(code: consent) ?? .none)
        }
        set {
            displayName = newValue.displayName
            post = newValue.post
            employer = newValue.employer
            context = newValue.context.code
            territory = newValue.territory
            departement = newValue.departement
            interviewDate = newValue.interviewDate?.iso
            consent = newValue.consent.code
        }
    }

    var tagList: [String] {
        get { tags.split(separator: "|").map(String.init) }
        set { tags = newValue.joined(separator: "|") }
    }

    var interviewStatus: InterviewStatus { InterviewStatus(code: status) ?? .draft }
    var respondentContext: RespondentContext { RespondentContext(code: context) ?? .library }
    var publicationConsent: PublicationConsent { PublicationConsent(code: consent) ?? .none }
}

/// One answer: the text a respondent gave to one question (by its stable key).
final class SurveyAnswerModel: Model, @unchecked Sendable {
    static let schema = "survey_answers"

    @ID(key: .id) var id: UUID?
    @Field(key: "respondent_id") var respondentId: UUID
    @Field(key: "question_key") var questionKey: String
    @Field(key: "text") var text: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID = UUID.random(), respondentId: UUID, questionKey: String, text: String) {
        self.id = id
        self.respondentId = respondentId
        self.questionKey = questionKey
        self.text = text
    }
}

/// One code of the codebook, with the researcher's memo on it.
final class SurveyCodeModel: Model, @unchecked Sendable {
    static let schema = "survey_codes"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "parent_id") var parentId: UUID?
    @Field(key: "name") var name: String
    @Field(key: "colour") var colour: String
    @Field(key: "description") var about: String
    /// `|`-separated.
    @Field(key: "keywords") var keywords: String
    @Field(key: "memo") var memo: String
    /// Order among its siblings.
    @Field(key: "position") var position: Int

    init() {}

    init(_ code: SurveyCode, memo: String = "", position: Int) {
        self.id = code.id
        self.memo = memo
        self.position = position
        self.code = code
    }

    var code: SurveyCode {
        get {
            SurveyCode(id: id ?? UUID(), parentId: parentId, name: name, colour: colour, description: about,
                       keywords: keywords.split(separator: "|").map(String.init))
        }
        set {
            id = newValue.id
            parentId = newValue.parentId
            name = newValue.name
            colour = newValue.colour
            about = newValue.description
            keywords = newValue.keywords.joined(separator: "|")
        }
    }
}

/// A code applied to a passage `[start, end)` (Unicode scalars) of one answer.
final class SurveyCodingModel: Model, @unchecked Sendable {
    static let schema = "survey_codings"

    @ID(key: .id) var id: UUID?
    @Field(key: "respondent_id") var respondentId: UUID
    @Field(key: "question_key") var questionKey: String
    @Field(key: "start") var start: Int
    @Field(key: "end") var end: Int
    @Field(key: "code_id") var codeId: UUID
    @Field(key: "memo") var memo: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(_ coding: SurveyCoding) {
        self.id = coding.id
        self.respondentId = coding.respondentId
        self.questionKey = coding.questionKey
        self.start = coding.range.start
        self.end = coding.range.end
        self.codeId = coding.codeId
        self.memo = coding.memo
    }

    var coding: SurveyCoding {
        SurveyCoding(id: id ?? UUID(), respondentId: respondentId, questionKey: questionKey,
                     range: TextRange(start: start, end: end), codeId: codeId, memo: memo)
    }
}
