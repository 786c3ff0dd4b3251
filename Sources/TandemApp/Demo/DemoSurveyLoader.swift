import Fluent
import Foundation
import TandemCore
import Vapor

/// Writes the demo interviews of the portrait survey (`DemoSurvey.interviews`) through the survey
/// store, so they pass the same checks as a researcher's: the default questionnaire and codebook
/// (installed by the migration, installed here too if missing), each interview's profile, answers,
/// status and codings. Interviews whose slug is already taken are skipped: loading twice adds nothing.
struct DemoSurveyLoader {
    let db: any Database
    let logger: Logger

    struct Result: Equatable {
        var interviews = 0
        var codings = 0
        var skippedCodings = 0
    }

    @discardableResult
    func load(_ interviews: [DemoSurvey.Interview] = DemoSurvey.interviews) async throws -> Result {
        let store = SurveyStore(db: db)
        try await store.installDefaults()
        guard let portrait = try await store.questionnaires().first(where: { $0.slug == SurveyStore.defaultQuestionnaireSlug }),
              let version = try await store.latestVersion(of: portrait.requireID()) else { return Result() }
        let tree = CodebookTree(try await store.codes())
        var result = Result()
        for interview in interviews where try await store.respondent(slug: interview.slug) == nil {
            var mediator: UUID?
            if let email = interview.mediatorEmail {
                mediator = try await UserModel.query(on: db).filter(\.$email == email.lowercased()).first()?.id
            }
            let model = try await store.saveRespondent(nil, versionId: version.requireID(), profile: interview.profile,
                                                       tags: interview.tags, mediatorId: mediator)
            let id = try model.requireID()
            // The demo's slugs are chosen by hand (and never name someone who did not consent).
            model.slug = interview.slug
            try await model.update(on: db)
            try await store.saveAnswers(id, interview.answers)
            let stored = try await store.answers(of: id)
            for coding in interview.codings {
                guard let code = tree.code(path: coding.codePath), let text = stored[coding.questionKey],
                      let range = coding.range(in: text) else {
                    result.skippedCodings += 1
                    continue
                }
                do {
                    try await store.addCoding(SurveyCoding(id: UUID.random(), respondentId: id, questionKey: coding.questionKey,
                                                           range: range, codeId: code.id, memo: coding.memo))
                    result.codings += 1
                } catch is ValidationFailure {
                    result.skippedCodings += 1
                }
            }
            if interview.status != .draft { try await store.setStatus(id, interview.status) }
            result.interviews += 1
        }
        if result.skippedCodings > 0 {
            logger.warning("Codages de démonstration ignorés", metadata: ["nombre": .stringConvertible(result.skippedCodings)])
        }
        return result
    }
}
