import Foundation

/// The answers as CSV, for a spreadsheet or R (SURVEY.md, "Exchange"): `long`, one row per
/// respondent × question; `wide`, one row per respondent and one column per question key — the
/// shape the interview import reads back. Respondents are labelled as in the reports
/// (`SurveyReports.respondentLabels`: the name only when the consent is `named`), and the
/// employer and territory appear only then, as in the REFI-QDA project.
public enum SurveyAnswersCSV {
    public enum Shape: String, Sendable, CaseIterable {
        case long = "longue"
        case wide = "large"

        /// `longue`/`large` (the web's words) or `long`/`wide` (the command line's).
        public init?(word: String) {
            switch word.lowercased() {
            case "longue", "long": self = .long
            case "large", "wide": self = .wide
            default: return nil
            }
        }

        public var fileName: String { self == .long ? "reponses-longue.csv" : "reponses-large.csv" }
    }

    static let profileColumns = ["repondant", "contexte", "poste", "employeur", "territoire", "departement", "date_entretien", "consentement", "statut"]

    public static func csv(_ corpus: SurveyCorpus, shape: Shape, flavour: CSVFlavour = .french) -> String {
        let labels = SurveyReports.respondentLabels(corpus)
        let keys = questionKeys(corpus)
        switch shape {
        case .long:
            var out = flavour.writer.header(profileColumns + ["question", "intitule", "reponse"])
            for respondent in corpus.respondents {
                let profile = profileCells(respondent, label: labels[respondent.id] ?? "")
                for key in keys {
                    guard let answer = respondent.answers[key], !answer.isEmpty else { continue }
                    let wording = corpus.questionnaire.question(key)?.text(for: respondent.profile.context) ?? ""
                    out += flavour.line(profile + [.text(key), .text(wording), .text(answer)])
                }
            }
            return out
        case .wide:
            var out = flavour.writer.header(profileColumns + keys)
            for respondent in corpus.respondents {
                let answers = keys.map { key in respondent.answers[key].map(ExportCell.text) ?? .empty }
                out += flavour.line(profileCells(respondent, label: labels[respondent.id] ?? "") + answers)
            }
            return out
        }
    }

    /// The questionnaire's keys in order, then any other key an answer carries, sorted.
    static func questionKeys(_ corpus: SurveyCorpus) -> [String] {
        let ordered = corpus.questionnaire.questions.map(\.key)
        let known = Set(ordered)
        let others = Set(corpus.respondents.flatMap(\.answers.keys)).subtracting(known).sorted()
        return ordered + others
    }

    private static func profileCells(_ respondent: CorpusRespondent, label: String) -> [ExportCell] {
        let profile = respondent.profile
        let isNamed = profile.consent == .named
        return [
            .text(label), .text(profile.context.rawValue), .text(profile.post),
            isNamed ? .text(profile.employer) : .empty, isNamed ? .text(profile.territory) : .empty,
            .text(profile.departement), profile.interviewDate.map(ExportCell.date) ?? .empty,
            .text(profile.consent.rawValue), .text(respondent.status.rawValue),
        ]
    }
}
