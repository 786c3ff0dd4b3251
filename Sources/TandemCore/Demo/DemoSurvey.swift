import Foundation

/// Seven fictional interviews for the portrait survey's demo (SURVEY.md), written for Tandem and
/// set in the demo territory of the Coteaux de l'Arlène: three mediators in the library network,
/// four outside it. Each answers the default questionnaire in the wording of their context and is
/// already coded with the default codebook, so that portraits, reports and exports have something
/// real to show.
///
/// Everything is invented. Four interviews are linked to demo mediators (by e-mail) and say what
/// their generated logbooks show — many seniors, phones, e-mail and health procedures — so that
/// « said versus done » reads plausibly. The others are people with no account.
public enum DemoSurvey {
    /// A coded passage, named by its text: the seeder finds the quote in the answer (see
    /// `range(in:)`) and the code by its path in the default codebook.
    public struct DemoCoding: Sendable {
        public let questionKey: String
        /// An exact substring of the answer, occurring once in it.
        public let quote: String
        /// Family then code, as SURVEY.md names them: `["Posture", "faire avec"]`.
        public let codePath: [String]
        public let memo: String
    }

    public struct Interview: Sendable {
        /// URL-safe; never contains the name of a person who did not consent to be named.
        public let slug: String
        public let profile: RespondentProfile
        public let tags: [String]
        /// The demo mediator account the respondent is, for « said versus done ».
        public let mediatorEmail: String?
        public let status: InterviewStatus
        /// Answers by question key ("A1" … "C15").
        public let answers: [String: String]
        public let codings: [DemoCoding]
    }

    /// In interview order.
    public static let interviews: [Interview] = [
        sophieMarty, julieCastagne, karimMansouri, assistantLibrarian, isabelleFaure, socialCentreAdvisor, thirdPlaceAnimator,
    ]

    // MARK: Helpers for the interview files

    /// The demo territory lies in département 24 (DemoTerritoryData.swift).
    static let departement = "24"

    static func day(_ month: Int, _ day: Int) -> LocalDate {
        LocalDate(year: 2026, month: month, day: day)!
    }

    static func code(_ questionKey: String, _ quote: String, _ family: String, _ name: String, memo: String = "") -> DemoCoding {
        DemoCoding(questionKey: questionKey, quote: quote, codePath: [family, name], memo: memo)
    }
}

extension DemoSurvey.DemoCoding {
    /// Where the quote lies in the answer, in Unicode scalars as `TextRange` counts; nil when the
    /// answer does not contain it. Compared scalar by scalar: a quote must match the answer exactly,
    /// not merely look the same after normalisation, or the stored offsets would drift.
    public func range(in answer: String) -> TextRange? {
        let text = Array(answer.unicodeScalars)
        let needle = Array(quote.unicodeScalars)
        guard !needle.isEmpty, needle.count <= text.count else { return nil }
        for start in 0...(text.count - needle.count) where text[start..<(start + needle.count)].elementsEqual(needle) {
            return TextRange(start: start, end: start + needle.count)
        }
        return nil
    }
}
