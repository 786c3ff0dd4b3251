import Foundation
import TandemCore

/// What a questionnaire must be before it is saved: a title, sections with titles, questions
/// with unique keys and a wording, and choices for the choice questions.
enum QuestionnaireRules {
    static let maxTitle = 200
    static let maxText = 2_000

    static func errors(_ content: QuestionnaireContent) -> [FieldError] {
        var errors: [FieldError] = []
        if content.title.isEmpty { errors.append(FieldError("title", "Donnez un titre au questionnaire.")) }
        if content.title.count > maxTitle { errors.append(FieldError("title", "Le titre dépasse \(maxTitle) caractères.")) }
        if content.introduction.count > maxText * 5 {
            errors.append(FieldError("introduction", "L'introduction dépasse \(maxText * 5) caractères."))
        }
        if content.questions.isEmpty { errors.append(FieldError("sections", "Ajoutez au moins une question.")) }
        var seen: Set<String> = []
        for (s, section) in content.sections.enumerated() {
            if section.title.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError("sections[\(s)].title", "Donnez un titre à la section \(s + 1)."))
            }
            for (q, question) in section.questions.enumerated() {
                let field = "sections[\(s)].questions[\(q)]"
                let label = "la question \(q + 1) de la section \(s + 1)"
                if !isValidKey(question.key) {
                    errors.append(FieldError(field + ".key", "Le repère de \(label) doit faire 1 à 10 lettres ou chiffres (par exemple « A1 »)."))
                } else if !seen.insert(question.key).inserted {
                    errors.append(FieldError(field + ".key", "Le repère « \(question.key) » est déjà utilisé par une autre question."))
                }
                if question.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    errors.append(FieldError(field + ".text", "Écrivez le texte de \(label)."))
                }
                if question.text.count > maxText || question.variants.values.contains(where: { $0.count > maxText }) {
                    errors.append(FieldError(field + ".text", "Le texte de \(label) dépasse \(maxText) caractères."))
                }
                switch question.kind {
                case .singleChoice, .multipleChoice:
                    let choices = question.choices.map { $0.trimmingCharacters(in: .whitespaces) }
                    if choices.count < 2 || choices.contains(where: \.isEmpty) {
                        errors.append(FieldError(field + ".choices", "Donnez au moins deux choix non vides pour \(label)."))
                    } else if Set(choices).count != choices.count {
                        errors.append(FieldError(field + ".choices", "Deux choix de \(label) sont identiques."))
                    } else if choices.contains(where: { $0.contains("\n") || $0.count > 200 }) {
                        errors.append(FieldError(field + ".choices", "Un choix de \(label) est trop long."))
                    }
                case .freeText, .yesNo:
                    break
                }
            }
        }
        return errors
    }

    /// Keys name questions in CSV columns and REFI-QDA: short, letters and digits only.
    static func isValidKey(_ key: String) -> Bool {
        (1...10).contains(key.count) && key.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.alphanumerics.contains($0) }
    }
}
