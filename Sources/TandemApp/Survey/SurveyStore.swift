import Crypto
import Fluent
import Foundation
import TandemCore
import Vapor

/// The survey's storage: questionnaires in versions, respondents and their answers, the private
/// answer links, the codebook and the codings (those two in `CodebookStore.swift`). Every write
/// validates first and runs in one transaction, so bad input changes nothing.
struct SurveyStore {
    let db: any Database

    /// The slug of the questionnaire installed out of the box.
    static let defaultQuestionnaireSlug = "portrait"

    // MARK: Defaults

    /// The default questionnaire ("portrait", version 1) and the default codebook, when absent.
    /// Run once by the `CreateSurvey` migration; calling it again changes nothing.
    func installDefaults() async throws {
        try await installDefaults(questionnaire: DefaultSurvey.questionnaire, codebook: DefaultSurvey.codebook)
    }

    func installDefaults(questionnaire: QuestionnaireContent, codebook: [SurveyCode]) async throws {
        try await db.writeTransaction { db in
            if try await SurveyQuestionnaireModel.query(on: db).filter(\.$slug == Self.defaultQuestionnaireSlug).first() == nil {
                let model = SurveyQuestionnaireModel(slug: Self.defaultQuestionnaireSlug, title: questionnaire.title)
                try await model.create(on: db)
                try await SurveyVersionModel(questionnaireId: model.id!, number: 1, content: questionnaire).create(on: db)
            }
            // The codebook goes in only into an empty table: a researcher who removed default codes keeps them removed.
            if try await SurveyCodeModel.query(on: db).count() == 0 {
                for (position, code) in codebook.enumerated() {
                    try await SurveyCodeModel(code, position: position).create(on: db)
                }
            }
        }
    }

    // MARK: Questionnaires

    func questionnaires() async throws -> [SurveyQuestionnaireModel] {
        try await SurveyQuestionnaireModel.query(on: db).sort(\.$createdAt).sort(\.$title).all()
    }

    func questionnaire(_ id: UUID) async throws -> SurveyQuestionnaireModel? {
        try await SurveyQuestionnaireModel.find(id, on: db)
    }

    func latestVersion(of questionnaireId: UUID) async throws -> SurveyVersionModel? {
        try await SurveyVersionModel.query(on: db).filter(\.$questionnaireId == questionnaireId).sort(\.$number, .descending).first()
    }

    func versions(of questionnaireId: UUID) async throws -> [SurveyVersionModel] {
        try await SurveyVersionModel.query(on: db).filter(\.$questionnaireId == questionnaireId).sort(\.$number).all()
    }

    func version(_ id: UUID) async throws -> SurveyVersionModel? {
        try await SurveyVersionModel.find(id, on: db)
    }

    /// Whether some respondent of this version has answered: such a version is never changed.
    func hasAnswers(version id: UUID) async throws -> Bool {
        let respondents = try await SurveyRespondentModel.query(on: db).filter(\.$versionId == id).all().compactMap(\.id)
        guard !respondents.isEmpty else { return false }
        return try await SurveyAnswerModel.query(on: db).filter(\.$respondentId ~~ respondents).count() > 0
    }

    /// Creates a questionnaire (nil id) or edits one. The latest version is edited in place only
    /// while nobody has answered it; otherwise the edit becomes version n+1, and respondents of
    /// the old version keep reading the questions they answered.
    @discardableResult
    func saveQuestionnaire(_ questionnaireId: UUID?, title: String, content: QuestionnaireContent) async throws -> SurveyVersionModel {
        var cleaned = content
        cleaned.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let content = cleaned
        let errors = QuestionnaireRules.errors(content)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        guard let questionnaireId else {
            let slug = try await uniqueQuestionnaireSlug(for: content.title)
            return try await db.writeTransaction { db in
                let model = SurveyQuestionnaireModel(slug: slug, title: content.title)
                try await model.create(on: db)
                let version = SurveyVersionModel(questionnaireId: model.id!, number: 1, content: content)
                try await version.create(on: db)
                return version
            }
        }
        guard let model = try await questionnaire(questionnaireId), let latest = try await latestVersion(of: questionnaireId) else {
            throw Abort(.notFound, reason: "Ce questionnaire n'existe pas.")
        }
        let frozen = try await hasAnswers(version: latest.requireID())
        return try await db.writeTransaction { db in
            model.title = content.title
            try await model.update(on: db)
            if frozen {
                let next = SurveyVersionModel(questionnaireId: questionnaireId, number: latest.number + 1, content: content)
                try await next.create(on: db)
                return next
            }
            latest.questionnaire = content
            try await latest.update(on: db)
            return latest
        }
    }

    private func uniqueQuestionnaireSlug(for title: String) async throws -> String {
        let taken = Set(try await SurveyQuestionnaireModel.query(on: db).all().map(\.slug))
        return SurveySlug.make(title, existing: taken)
    }

    // MARK: Respondents

    /// Newest interview first; respondents without a date come after, newest record first.
    func respondents(context: RespondentContext? = nil, tag: String? = nil) async throws -> [SurveyRespondentModel] {
        var query = SurveyRespondentModel.query(on: db)
        if let context { query = query.filter(\.$context == context.code) }
        let all = try await query.all()
        let tagged = tag.map { tag in all.filter { $0.tagList.contains(tag) } } ?? all
        return tagged.sorted(by: Self.newestFirst)
    }

    static func newestFirst(_ a: SurveyRespondentModel, _ b: SurveyRespondentModel) -> Bool {
        switch (a.interviewDate, b.interviewDate) {
        case let (x?, y?) where x != y: return x > y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return (a.createdAt ?? .distantPast) > (b.createdAt ?? .distantPast)
        }
    }

    func respondent(_ id: UUID) async throws -> SurveyRespondentModel? {
        try await SurveyRespondentModel.find(id, on: db)
    }

    func respondent(slug: String) async throws -> SurveyRespondentModel? {
        try await SurveyRespondentModel.query(on: db).filter(\.$slug == slug).first()
    }

    /// Creates or edits a respondent. Withdrawing consent (`none`) from a published portrait
    /// unpublishes it at once: consent is obeyed everywhere, at the moment it changes.
    @discardableResult
    func saveRespondent(_ id: UUID?, versionId: UUID, profile: RespondentProfile, tags: [String], mediatorId: UUID?) async throws -> SurveyRespondentModel {
        var profile = profile
        profile.displayName = profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.post = profile.post.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.employer = profile.employer.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.territory = profile.territory.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.departement = profile.departement.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let tags = RespondentRules.normalisedTags(tags)
        var errors = RespondentRules.errors(profile, tags: tags)
        var existing: SurveyRespondentModel?
        if let id {
            guard let found = try await respondent(id) else { throw Abort(.notFound, reason: "Cette personne interrogée n'existe pas.") }
            existing = found
        }
        if let version = try await version(versionId) {
            if let existing, existing.versionId != versionId {
                let keys = Set(version.questionnaire.questions.map(\.key))
                let answered = try await answers(of: existing.requireID()).keys
                if !answered.allSatisfy(keys.contains) {
                    errors.append(FieldError("versionId", "Cette version n'a pas toutes les questions déjà répondues."))
                }
            }
        } else {
            errors.append(FieldError("versionId", "Choisissez un questionnaire existant."))
        }
        if let mediatorId {
            let user = try await UserModel.find(mediatorId, on: db)
            if user.flatMap({ Role(code: $0.role) }).map(RespondentRules.linkableRoles.contains) != true {
                errors.append(FieldError("mediatorId", "Choisissez un compte de médiateur existant."))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }

        let model = existing ?? SurveyRespondentModel(versionId: versionId, slug: "", profile: profile, tags: tags, mediatorId: mediatorId)
        let wasNamed = existing?.publicationConsent == .named
        let isNew = existing == nil
        model.versionId = versionId
        model.profile = profile
        model.tagList = tags
        model.mediatorId = mediatorId
        // The slug is the portrait's address: it carries the name only when the name may be published.
        if existing == nil || wasNamed != (profile.consent == .named) {
            model.slug = try await uniqueRespondentSlug(for: profile, except: existing?.id)
        }
        if profile.consent == .none, model.interviewStatus == .published {
            model.status = InterviewStatus.validated.code
            model.publishedAt = nil
        }
        try await db.writeTransaction { db in
            if isNew { try await model.create(on: db) } else { try await model.update(on: db) }
        }
        return model
    }

    /// A named portrait's address carries the name; any other carries only the post and the
    /// département, so that the address says no more than the page.
    private func uniqueRespondentSlug(for profile: RespondentProfile, except id: UUID?) async throws -> String {
        let taken = Set(try await SurveyRespondentModel.query(on: db).all().filter { $0.id != id }.map(\.slug))
        let text = profile.consent == .named ? profile.displayName : "\(profile.post) \(profile.departement)"
        return SurveySlug.make(text, existing: taken)
    }

    /// Erases an interview: its answers, its codings and its profile (a person may withdraw from the survey).
    func deleteRespondent(_ id: UUID) async throws {
        guard let model = try await respondent(id) else { throw Abort(.notFound, reason: "Cet entretien n'existe pas.") }
        try await db.writeTransaction { db in
            try await SurveyCodingModel.query(on: db).filter(\.$respondentId == id).delete()
            try await SurveyAnswerModel.query(on: db).filter(\.$respondentId == id).delete()
            try await model.delete(on: db)
        }
    }

    /// Moves an interview on: draft, validated by the respondent, published. Publishing needs a consent.
    func setStatus(_ respondentId: UUID, _ status: InterviewStatus) async throws {
        guard let model = try await respondent(respondentId) else { throw Abort(.notFound, reason: "Cette personne interrogée n'existe pas.") }
        if status == .published, model.publicationConsent == .none {
            throw ValidationFailure([FieldError("status", "Publication impossible : la personne n'a pas donné son accord.")])
        }
        model.status = status.code
        if status == .published {
            if model.publishedAt == nil { model.publishedAt = Date() }
        } else {
            model.publishedAt = nil
        }
        try await db.writeTransaction { db in try await model.update(on: db) }
    }

    /// Published portraits that may be shown (consent `named` or `anonymous`), newest first.
    func publishedPortraits(context: RespondentContext? = nil, tag: String? = nil) async throws -> [SurveyRespondentModel] {
        try await respondents(context: context, tag: tag)
            .filter { $0.interviewStatus == .published && $0.publicationConsent != .none }
    }

    /// The mediator and coordinator accounts an interview can be linked to, by name.
    func linkableAccounts() async throws -> [UserModel] {
        try await UserModel.query(on: db).filter(\.$role ~~ RespondentRules.linkableRoles.map(\.code)).sort(\.$displayName).all()
    }

    // MARK: Answers

    /// The answers of several respondents in one query (a list of portraits reads them all).
    func answers(of respondentIds: [UUID]) async throws -> [UUID: [String: String]] {
        guard !respondentIds.isEmpty else { return [:] }
        var result: [UUID: [String: String]] = [:]
        for row in try await SurveyAnswerModel.query(on: db).filter(\.$respondentId ~~ respondentIds).all() {
            result[row.respondentId, default: [:]][row.questionKey] = result[row.respondentId]?[row.questionKey] ?? row.text
        }
        return result
    }

    func answers(of respondentId: UUID) async throws -> [String: String] {
        let rows = try await SurveyAnswerModel.query(on: db).filter(\.$respondentId == respondentId).all()
        return Dictionary(rows.map { ($0.questionKey, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes the answers given (keys absent from `answers` are left alone; an empty text removes
    /// the answer). When a text changes, each coding of it follows its passage: kept when the
    /// passage is still in place, moved when the passage is found elsewhere in the new text,
    /// removed when the passage is gone — a coding never points at words that are not there.
    func saveAnswers(_ respondentId: UUID, _ answers: [String: String]) async throws {
        guard let model = try await respondent(respondentId), let version = try await version(model.versionId) else {
            throw Abort(.notFound, reason: "Cette personne interrogée n'existe pas.")
        }
        let questionnaire = version.questionnaire
        let cleaned = answers.mapValues(AnswerRules.normalise)
        let errors = AnswerRules.errors(cleaned, questionnaire: questionnaire)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let current = try await SurveyAnswerModel.query(on: db).filter(\.$respondentId == respondentId).all()
        let codings = try await SurveyCodingModel.query(on: db).filter(\.$respondentId == respondentId).all()
        try await db.writeTransaction { db in
            for (key, text) in cleaned {
                let row = current.first { $0.questionKey == key }
                let previous = row?.text ?? ""
                guard row?.text != text else { continue }
                if let row {
                    if text.isEmpty { try await row.delete(on: db) } else {
                        row.text = text
                        try await row.update(on: db)
                    }
                } else if !text.isEmpty {
                    try await SurveyAnswerModel(respondentId: respondentId, questionKey: key, text: text).create(on: db)
                }
                for coding in codings where coding.questionKey == key {
                    if let moved = CodingRelocation.range(of: TextRange(start: coding.start, end: coding.end), from: previous, to: text) {
                        guard moved.start != coding.start || moved.end != coding.end else { continue }
                        coding.start = moved.start
                        coding.end = moved.end
                        try await coding.update(on: db)
                    } else {
                        try await coding.delete(on: db)
                    }
                }
            }
        }
    }

    // MARK: Private answer link

    /// A new private link's token (32 random bytes, base64url), returned once; only its SHA-256 is
    /// kept, and it replaces the previous one, which stops working.
    func issueAnswerLink(_ respondentId: UUID) async throws -> String {
        guard let model = try await respondent(respondentId) else { throw Abort(.notFound, reason: "Cette personne interrogée n'existe pas.") }
        let token = AnswerLinkToken.generate()
        model.answerTokenHash = AnswerLinkToken.hash(token)
        try await db.writeTransaction { db in try await model.update(on: db) }
        return token
    }

    func respondent(answerToken: String) async throws -> SurveyRespondentModel? {
        guard AnswerLinkToken.isWellFormed(answerToken) else { return nil }
        return try await SurveyRespondentModel.query(on: db).filter(\.$answerTokenHash == AnswerLinkToken.hash(answerToken)).first()
    }

    // MARK: Corpus

    /// Everything the exports and the reports read, as plain values: the questionnaire (its latest
    /// version; keys are stable across versions), its respondents with their answers, the
    /// codebook and their codings. Without an id, the default questionnaire.
    func corpus(questionnaireId: UUID? = nil) async throws -> SurveyCorpus {
        let chosen: SurveyQuestionnaireModel?
        if let questionnaireId {
            chosen = try await questionnaire(questionnaireId)
        } else {
            chosen = try await SurveyQuestionnaireModel.query(on: db).filter(\.$slug == Self.defaultQuestionnaireSlug).first()
        }
        guard let chosen, let id = chosen.id, let latest = try await latestVersion(of: id) else {
            return SurveyCorpus(questionnaire: QuestionnaireContent(title: "", sections: []), respondents: [], codes: try await codes(), codings: [])
        }
        let versionIds = try await versions(of: id).compactMap(\.id)
        let models = try await SurveyRespondentModel.query(on: db).filter(\.$versionId ~~ versionIds).all().sorted(by: Self.newestFirst)
        let ids = models.compactMap(\.id)
        let answerRows = ids.isEmpty ? [] : try await SurveyAnswerModel.query(on: db).filter(\.$respondentId ~~ ids).all()
        let byRespondent = Dictionary(grouping: answerRows, by: \.respondentId)
        let respondents = models.map { model in
            CorpusRespondent(
                id: model.id!, slug: model.slug, profile: model.profile, tags: model.tagList, mediatorId: model.mediatorId,
                status: model.interviewStatus,
                answers: Dictionary((byRespondent[model.id!] ?? []).map { ($0.questionKey, $0.text) }, uniquingKeysWith: { a, _ in a }))
        }
        let codings = ids.isEmpty ? [] : try await SurveyCodingModel.query(on: db).filter(\.$respondentId ~~ ids).all()
            .sorted { ($0.respondentId.uuidString, $0.questionKey, $0.start) < ($1.respondentId.uuidString, $1.questionKey, $1.start) }
            .map(\.coding)
        return SurveyCorpus(questionnaire: latest.questionnaire, respondents: respondents, codes: try await codes(), codings: codings)
    }
}

extension Request {
    var survey: SurveyStore { SurveyStore(db: db) }
}

extension Application {
    var survey: SurveyStore { SurveyStore(db: db) }
}

/// The private answer link's secret: unguessable, shown once, stored as a hash.
enum AnswerLinkToken {
    static func generate() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// 32 bytes in base64url are 43 characters: anything else is not ours, and costs no query.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }
}
