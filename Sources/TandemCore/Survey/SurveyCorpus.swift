import Foundation

/// One respondent as the exports and the reports read them: the profile, the answers by
/// question key, and the link to a mediator account (for said-versus-done).
public struct CorpusRespondent: Sendable, Equatable {
    public var id: UUID
    public var slug: String
    public var profile: RespondentProfile
    public var tags: [String]
    public var mediatorId: UUID?
    public var status: InterviewStatus
    public var answers: [String: String]

    public init(id: UUID, slug: String, profile: RespondentProfile, tags: [String] = [], mediatorId: UUID? = nil,
                status: InterviewStatus, answers: [String: String]) {
        self.id = id
        self.slug = slug
        self.profile = profile
        self.tags = tags
        self.mediatorId = mediatorId
        self.status = status
        self.answers = answers
    }
}

/// The whole survey as plain values: what the REFI-QDA project, the CSV files and the reports
/// are made from.
public struct SurveyCorpus: Sendable, Equatable {
    public var questionnaire: QuestionnaireContent
    public var respondents: [CorpusRespondent]
    public var codes: [SurveyCode]
    public var codings: [SurveyCoding]

    public init(questionnaire: QuestionnaireContent, respondents: [CorpusRespondent], codes: [SurveyCode], codings: [SurveyCoding]) {
        self.questionnaire = questionnaire
        self.respondents = respondents
        self.codes = codes
        self.codings = codings
    }
}
