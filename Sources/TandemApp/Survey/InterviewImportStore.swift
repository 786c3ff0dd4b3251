import Fluent
import Foundation
import TandemCore
import Vapor

/// Why an import of interviews wrote nothing: every faulty row, with its line in the file.
struct InterviewImportFailure: Error {
    let errors: [RowError]
}

extension SurveyStore {
    /// Rows written per INSERT: well under SQLite's limit on bound parameters.
    static let importBatchSize = 50

    /// Stores the interviews read from a CSV file as drafts of one questionnaire version: all of
    /// them in one transaction, or none. Each row is checked with the rules of the forms
    /// (`RespondentRules`, `AnswerRules`) first, so that an imported interview is one the forms
    /// could have written; any faulty row throws `InterviewImportFailure` with its line, and
    /// nothing is written — a half import would be hard to undo. Interviews are never published
    /// by default: status `draft`, consent as read (`none` when the file says nothing).
    /// Returns the new respondents' ids, in the file's order.
    @discardableResult
    func importInterviews(_ interviews: [ImportedInterview], versionId: UUID) async throws -> [UUID] {
        guard let version = try await version(versionId) else {
            throw InterviewImportFailure(errors: [RowError(line: 1, message: "le questionnaire choisi n'existe plus ; choisissez-en un autre.")])
        }
        guard !interviews.isEmpty else {
            throw InterviewImportFailure(errors: [RowError(line: 1, message: "le fichier ne contient aucun entretien à importer.")])
        }
        let prepared = interviews.map(Self.cleaned)
        let errors = Self.importErrors(prepared, questionnaire: version.questionnaire)
        guard errors.isEmpty else { throw InterviewImportFailure(errors: errors) }

        var taken = Set(try await SurveyRespondentModel.query(on: db).all(\.$slug))
        var respondents: [SurveyRespondentModel] = []
        var answers: [SurveyAnswerModel] = []
        for interview in prepared {
            let slug = SurveySlug.make(Self.slugText(interview.profile), existing: taken)
            taken.insert(slug)
            let model = SurveyRespondentModel(versionId: versionId, slug: slug, profile: interview.profile, tags: [], mediatorId: nil)
            respondents.append(model)
            answers += interview.answers.sorted { $0.key < $1.key }.map { key, text in
                SurveyAnswerModel(respondentId: model.id!, questionKey: key, text: text)
            }
        }
        let newRespondents = respondents
        let newAnswers = answers
        try await db.writeTransaction { db in
            for batch in newRespondents.chunked(Self.importBatchSize) { try await batch.create(on: db) }
            for batch in newAnswers.chunked(Self.importBatchSize) { try await batch.create(on: db) }
        }
        return respondents.compactMap(\.id)
    }

    /// Trimmed as the profile form trims, answers normalised as the answer form does; empty answers left out.
    static func cleaned(_ interview: ImportedInterview) -> ImportedInterview {
        var result = interview
        result.profile.displayName = interview.profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        result.profile.post = interview.profile.post.trimmingCharacters(in: .whitespacesAndNewlines)
        result.profile.employer = interview.profile.employer.trimmingCharacters(in: .whitespacesAndNewlines)
        result.profile.territory = interview.profile.territory.trimmingCharacters(in: .whitespacesAndNewlines)
        result.profile.departement = interview.profile.departement.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        result.answers = interview.answers.mapValues(AnswerRules.normalise).filter { !$0.value.isEmpty }
        return result
    }

    /// The forms' rules, row by row, as errors carrying the row's line.
    static func importErrors(_ interviews: [ImportedInterview], questionnaire: QuestionnaireContent) -> [RowError] {
        interviews.flatMap { interview in
            (RespondentRules.errors(interview.profile, tags: []) + AnswerRules.errors(interview.answers, questionnaire: questionnaire))
                .map { RowError(line: interview.line, message: Self.lowercasingFirst($0.message)) }
        }
    }

    /// « Ligne 4 : la réponse… »: the forms' messages start a sentence, here they follow a colon.
    static func lowercasingFirst(_ message: String) -> String {
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }

    /// As `saveRespondent` does: the address carries the name only when the name may be published.
    static func slugText(_ profile: RespondentProfile) -> String {
        profile.consent == .named ? profile.displayName : "\(profile.post) \(profile.departement)"
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
