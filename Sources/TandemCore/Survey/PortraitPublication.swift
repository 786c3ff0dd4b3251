import Foundation

/// A portrait as the public reads it: only what the consent allows. Pages and the Atom feed show
/// these values and nothing else from the respondent, so consent is obeyed in one place.
public struct PublishedPortrait: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var question: String
        public var answer: String

        public init(key: String, question: String, answer: String) {
            self.key = key
            self.question = question
            self.answer = answer
        }
    }

    public var slug: String
    /// « Claire Martin, conseillère numérique » or « Médiatrice ou médiateur en bibliothèque, bibliothécaire ».
    public var title: String
    /// The name when `named`, else the neutral label.
    public var who: String
    public var post: String
    /// « Médiathèque Jean-Jaurès, Pessac (Département 33) » when `named`; « Département 33 » otherwise.
    public var place: String
    /// « mars 2026 », or "" when the date is unknown.
    public var interviewMonth: String
    public var interviewDate: LocalDate?
    public var context: RespondentContext
    public var tags: [String]
    public var isAnonymous: Bool
    /// The questions in questionnaire order, worded for the respondent's context, non-empty answers only.
    public var entries: [Entry]

    /// Every text the portrait shows, for checks that nothing private slipped in.
    public var allText: [String] {
        [slug, title, who, post, place, interviewMonth] + tags + entries.flatMap { [$0.question, $0.answer] }
    }
}

public enum PortraitPublication {
    /// The public portrait, or nil when it must not be published (consent `none`, or not yet
    /// published).
    public static func portrait(of respondent: CorpusRespondent, questionnaire: QuestionnaireContent) -> PublishedPortrait? {
        let profile = respondent.profile
        guard profile.consent != .none, respondent.status == .published else { return nil }
        let named = profile.consent == .named
        let post = profile.post.trimmingCharacters(in: .whitespacesAndNewlines)
        let who = named ? profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines) : anonymousLabel(for: profile.context)
        let entries = questionnaire.questions.compactMap { question -> PublishedPortrait.Entry? in
            let answer = (respondent.answers[question.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !answer.isEmpty else { return nil }
            return PublishedPortrait.Entry(key: question.key, question: question.text(for: profile.context), answer: answer)
        }
        return PublishedPortrait(
            slug: respondent.slug,
            title: post.isEmpty ? who : "\(who), \(post)",
            who: who,
            post: post,
            place: named ? namedPlace(profile) : departementLabel(profile.departement),
            interviewMonth: profile.interviewDate.map(month) ?? "",
            interviewDate: profile.interviewDate,
            context: profile.context,
            tags: respondent.tags,
            isAnonymous: !named,
            entries: entries
        )
    }

    /// What stands for the name in an anonymous portrait.
    public static func anonymousLabel(for context: RespondentContext) -> String {
        switch context {
        case .library: "Médiatrice ou médiateur en bibliothèque"
        case .outsideLibrary: "Médiatrice ou médiateur hors bibliothèque"
        }
    }

    /// The consent as a short French phrase for the researcher's screens.
    public static func label(for consent: PublicationConsent) -> String { consent.label }

    /// The slug source for a new portrait: the name when named, otherwise something neutral
    /// (context, post, département) so that the address reveals nobody.
    public static func slugSource(for profile: RespondentProfile) -> String {
        switch profile.consent {
        case .named: profile.displayName
        case .anonymous, .none:
            [profile.context == .library ? "bibliotheque" : "hors-bibliotheque", profile.post, profile.departement]
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    /// « Département 33 », or "" when unknown.
    public static func departementLabel(_ departement: String) -> String {
        let code = departement.trimmingCharacters(in: .whitespacesAndNewlines)
        return code.isEmpty ? "" : "Département \(code)"
    }

    /// « mars 2026 ».
    public static func month(_ date: LocalDate) -> String {
        YearMonth(date).french
    }

    static func namedPlace(_ profile: RespondentProfile) -> String {
        let parts = [profile.employer, profile.territory].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let departement = departementLabel(profile.departement)
        let base = parts.joined(separator: ", ")
        if departement.isEmpty { return base }
        return base.isEmpty ? departement : "\(base) (\(departement))"
    }
}
