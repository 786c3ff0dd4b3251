import Fluent
import Foundation
import TandemCore
import Vapor

/// Why an import of interviews wrote nothing: every faulty row, with its line in the file.
struct InterviewImportFailure: Error {
    let errors: [RowError]
}

/// What an import wrote, and which rows it left out because the interview was already there.
struct InterviewImportOutcome: Sendable, Equatable {
    /// The new respondents' ids, in the file's order.
    var created: [UUID]
    /// The lines of the rows already imported (by an earlier import, or higher in the same file).
    var alreadyImported: [Int]

    /// The sentence shown after the import.
    var summary: String {
        let made = created.count == 1 ? "1 entretien importé" : "\(French.integer(created.count)) entretiens importés"
        guard !alreadyImported.isEmpty else { return made + "." }
        let shown = alreadyImported.prefix(10).map(String.init).joined(separator: ", ") + (alreadyImported.count > 10 ? "…" : "")
        let one = alreadyImported.count == 1
        if created.isEmpty {
            return one ? "Aucun entretien importé : la ligne \(shown) est déjà importée."
                : "Aucun entretien importé : les \(French.integer(alreadyImported.count)) lignes du fichier sont déjà importées (lignes \(shown))."
        }
        return made + (one ? " ; la ligne \(shown), déjà importée, a été ignorée."
            : " ; \(French.integer(alreadyImported.count)) lignes déjà importées ont été ignorées (lignes \(shown)).")
    }
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
    /// A row whose interview is already stored for this version (`ImportedInterview.identity`),
    /// or repeats one higher in the file, is left out and reported: importing a survey tool's
    /// export again, with a few new responses, adds only those.
    @discardableResult
    func importInterviews(_ interviews: [ImportedInterview], versionId: UUID) async throws -> InterviewImportOutcome {
        guard let version = try await version(versionId) else {
            throw InterviewImportFailure(errors: [RowError(line: 1, message: "le questionnaire choisi n'existe plus ; choisissez-en un autre.")])
        }
        guard !interviews.isEmpty else {
            throw InterviewImportFailure(errors: [RowError(line: 1, message: "le fichier ne contient aucun entretien à importer.")])
        }
        let prepared = interviews.map(Self.cleaned)
        let errors = Self.importErrors(prepared, questionnaire: version.questionnaire)
        guard errors.isEmpty else { throw InterviewImportFailure(errors: errors) }

        var seen = try await storedIdentities(versionId: versionId)
        var taken = Set(try await SurveyRespondentModel.query(on: db).all(\.$slug))
        var respondents: [SurveyRespondentModel] = []
        var answers: [SurveyAnswerModel] = []
        var alreadyImported: [Int] = []
        for interview in prepared {
            guard seen.insert(interview.identity).inserted else {
                alreadyImported.append(interview.line)
                continue
            }
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
        return InterviewImportOutcome(created: respondents.compactMap(\.id), alreadyImported: alreadyImported)
    }

    /// The identities of the interviews stored for a questionnaire version (answers read only
    /// for those without a date, the only ones whose identity needs them).
    private func storedIdentities(versionId: UUID) async throws -> Set<String> {
        let stored = try await SurveyRespondentModel.query(on: db).filter(\.$versionId == versionId).all()
        let undated = stored.filter { $0.interviewDate == nil }.compactMap(\.id)
        var answersByRespondent: [UUID: [String: String]] = [:]
        if !undated.isEmpty {
            for answer in try await SurveyAnswerModel.query(on: db).filter(\.$respondentId ~~ undated).all() {
                answersByRespondent[answer.respondentId, default: [:]][answer.questionKey] = answer.text
            }
        }
        return Set(stored.map { respondent in
            ImportedInterview.identity(of: respondent.profile, answers: respondent.id.flatMap { answersByRespondent[$0] } ?? [:])
        })
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
