import Foundation
import TandemCore

/// What a respondent's profile must be.
enum RespondentRules {
    /// Accounts that keep a logbook, so that said-versus-done has something to compare with.
    static let linkableRoles: [Role] = [.mediator, .coordinator]
    static let maxField = 200

    static func errors(_ profile: RespondentProfile, tags: [String]) -> [FieldError] {
        var errors: [FieldError] = []
        if profile.displayName.isEmpty { errors.append(FieldError("displayName", "Indiquez un nom ou un pseudonyme.")) }
        for (field, value, label) in [("displayName", profile.displayName, "Le nom"), ("post", profile.post, "Le poste"),
                                      ("employer", profile.employer, "L'employeur"), ("territory", profile.territory, "Le territoire")]
        where value.count > maxField {
            errors.append(FieldError(field, "\(label) dépasse \(maxField) caractères."))
        }
        if !profile.departement.isEmpty, !isDepartement(profile.departement) {
            errors.append(FieldError("departement", "Indiquez un numéro de département (par exemple « 87 », « 2A » ou « 974 »)."))
        }
        if tags.count > 20 || tags.contains(where: { $0.count > 50 }) {
            errors.append(FieldError("tags", "Au plus 20 étiquettes de 50 caractères chacune."))
        }
        return errors
    }

    /// Two digits (01–95, 2A, 2B) or an overseas three-digit number (971–976).
    static func isDepartement(_ text: String) -> Bool {
        if ["2A", "2B"].contains(text) { return true }
        guard text.allSatisfy(\.isASCII), let number = Int(text) else { return false }
        switch text.count {
        case 2: return (1...95).contains(number) && number != 20
        case 3: return (971...976).contains(number)
        default: return false
        }
    }

    /// Trimmed, without the separator, without duplicates, in the order given.
    static func normalisedTags(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        return tags.map { $0.replacingOccurrences(of: "|", with: " ").trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}

/// What answers must be: for known questions, of a sensible length, and for choice questions,
/// among the choices (a multiple choice keeps one choice a line).
enum AnswerRules {
    static let maxScalars = 50_000
    static let yes = "Oui"
    static let no = "Non"

    /// Line ends as `\n`, outer blanks trimmed: offsets of codings then mean the same everywhere.
    static func normalise(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func errors(_ answers: [String: String], questionnaire: QuestionnaireContent) -> [FieldError] {
        var errors: [FieldError] = []
        for key in answers.keys.sorted() {
            let text = answers[key] ?? ""
            guard let question = questionnaire.question(key) else {
                errors.append(FieldError("answers.\(key)", "La question « \(key) » n'existe pas dans ce questionnaire."))
                continue
            }
            if text.unicodeScalars.count > maxScalars {
                errors.append(FieldError("answers.\(key)", "La réponse à la question \(key) dépasse \(maxScalars) caractères."))
            }
            guard !text.isEmpty else { continue }
            switch question.kind {
            case .freeText:
                break
            case .yesNo:
                if text != yes, text != no { errors.append(FieldError("answers.\(key)", "Répondez « Oui » ou « Non » à la question \(key).")) }
            case .singleChoice:
                if !question.choices.contains(text) { errors.append(FieldError("answers.\(key)", "Choisissez une des réponses proposées à la question \(key).")) }
            case .multipleChoice:
                let lines = text.split(separator: "\n").map(String.init)
                if !lines.allSatisfy(question.choices.contains) {
                    errors.append(FieldError("answers.\(key)", "Choisissez parmi les réponses proposées à la question \(key)."))
                }
            }
        }
        return errors
    }
}
