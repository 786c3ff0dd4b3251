import Foundation
import TandemCore

/// A questionnaire being edited, as the editor's form carries it. The form is server-side only:
/// each button (add, remove, move up or down) posts the whole draft with an `op`, and the page
/// comes back changed; nothing is saved until « Enregistrer ».
struct QuestionnaireDraft: Equatable {
    struct Question: Equatable {
        var key = ""
        var text = ""
        var kind = QuestionKind.freeText.code
        var choices = ""
        var library = ""
        var outsideLibrary = ""
    }

    struct Section: Equatable {
        var title = ""
        var questions: [Question] = []
    }

    var title = ""
    var introduction = ""
    var sections: [Section] = []

    static let maxSections = 30
    static let maxQuestionsPerSection = 60

    /// A new questionnaire: one section with one question.
    static var blank: QuestionnaireDraft {
        var draft = QuestionnaireDraft()
        draft.sections = [Section(title: "", questions: [Question(key: "A1")])]
        return draft
    }

    init() {}

    init(_ content: QuestionnaireContent) {
        title = content.title
        introduction = content.introduction
        sections = content.sections.map { section in
            Section(title: section.title, questions: section.questions.map { question in
                Question(key: question.key, text: question.text, kind: question.kind.code, choices: question.choices.joined(separator: "\n"),
                         library: question.variants[.library] ?? "", outsideLibrary: question.variants[.outsideLibrary] ?? "")
            })
        }
    }

    /// Reads `sections.N.title` and `sections.N.questions.M.field` names; a hostile form with
    /// huge indices is bounded by the maxima.
    init(form: FormBody) {
        title = form.value("title") ?? ""
        introduction = form.value("introduction") ?? ""
        var sections: [Int: Section] = [:]
        var questions: [Int: [Int: Question]] = [:]
        for (name, value) in form.pairs {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, parts[0] == "sections", let s = Int(parts[1]), (0..<Self.maxSections).contains(s) else { continue }
            if parts.count == 3, parts[2] == "title" {
                sections[s, default: Section()].title = value
                continue
            }
            guard parts.count == 5, parts[2] == "questions", let q = Int(parts[3]), (0..<Self.maxQuestionsPerSection).contains(q) else { continue }
            sections[s] = sections[s] ?? Section()
            var question = questions[s]?[q] ?? Question()
            switch parts[4] {
            case "key": question.key = value
            case "text": question.text = value
            case "kind": question.kind = value
            case "choices": question.choices = value
            case "library": question.library = value
            case "outside_library": question.outsideLibrary = value
            default: continue
            }
            questions[s, default: [:]][q] = question
        }
        self.sections = sections.keys.sorted().map { s in
            var section = sections[s]!
            section.questions = (questions[s] ?? [:]).keys.sorted().map { questions[s]![$0]! }
            return section
        }
    }

    /// The content to save; the kinds and texts are checked by `QuestionnaireRules` afterwards.
    func content() -> Result<QuestionnaireContent, ValidationFailure> {
        var errors: [FieldError] = []
        let sections = self.sections.enumerated().map { s, section in
            SurveySection(title: section.title.trimmingCharacters(in: .whitespacesAndNewlines), questions: section.questions.enumerated().map { q, question in
                let kind = QuestionKind(code: question.kind)
                if kind == nil { errors.append(FieldError("sections[\(s)].questions[\(q)].kind", "Choisissez le type de la question \(q + 1) de la section \(s + 1).")) }
                var variants: [RespondentContext: String] = [:]
                let library = question.library.trimmingCharacters(in: .whitespacesAndNewlines)
                let outside = question.outsideLibrary.trimmingCharacters(in: .whitespacesAndNewlines)
                if !library.isEmpty { variants[.library] = library }
                if !outside.isEmpty { variants[.outsideLibrary] = outside }
                let resolved = kind ?? .freeText
                let choices = resolved == .singleChoice || resolved == .multipleChoice
                    ? question.choices.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    : []
                return SurveyQuestion(key: question.key.trimmingCharacters(in: .whitespaces), text: question.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                      kind: resolved, choices: choices, variants: variants)
            })
        }
        let content = QuestionnaireContent(title: title.trimmingCharacters(in: .whitespacesAndNewlines),
                                           introduction: introduction.trimmingCharacters(in: .whitespacesAndNewlines), sections: sections)
        errors += QuestionnaireRules.errors(content)
        return errors.isEmpty ? .success(content) : .failure(ValidationFailure(errors))
    }

    /// Applies an editing button: `add-section`, `remove-section:N`, `section-up:N`,
    /// `section-down:N`, `add-question:N`, `remove-question:N:M`, `question-up:N:M`,
    /// `question-down:N:M`. An unknown or out-of-range operation changes nothing.
    mutating func apply(_ op: String) {
        let parts = op.split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap { Int($0) }
        func section(_ i: Int) -> Bool { sections.indices.contains(i) }
        switch (parts.first ?? "", numbers.count) {
        case ("add-section", 0) where sections.count < Self.maxSections:
            sections.append(Section(title: "", questions: [Question(key: nextKey(section: sections.count))]))
        case ("remove-section", 1) where section(numbers[0]):
            sections.remove(at: numbers[0])
        case ("section-up", 1) where section(numbers[0]) && numbers[0] > 0:
            sections.swapAt(numbers[0], numbers[0] - 1)
        case ("section-down", 1) where section(numbers[0]) && numbers[0] < sections.count - 1:
            sections.swapAt(numbers[0], numbers[0] + 1)
        case ("add-question", 1) where section(numbers[0]) && sections[numbers[0]].questions.count < Self.maxQuestionsPerSection:
            sections[numbers[0]].questions.append(Question(key: nextKey(section: numbers[0])))
        case ("remove-question", 2) where section(numbers[0]) && sections[numbers[0]].questions.indices.contains(numbers[1]):
            sections[numbers[0]].questions.remove(at: numbers[1])
        case ("question-up", 2) where section(numbers[0]) && sections[numbers[0]].questions.indices.contains(numbers[1]) && numbers[1] > 0:
            sections[numbers[0]].questions.swapAt(numbers[1], numbers[1] - 1)
        case ("question-down", 2) where section(numbers[0]) && numbers[1] >= 0 && numbers[1] < sections[numbers[0]].questions.count - 1:
            sections[numbers[0]].questions.swapAt(numbers[1], numbers[1] + 1)
        default:
            break
        }
    }

    /// A key not yet used: the section's letter and the next number ("B3").
    func nextKey(section: Int) -> String {
        let used = Set(sections.flatMap(\.questions).map(\.key))
        let letter = String(UnicodeScalar(UInt8(65 + min(section, 25))))
        var number = 1
        while used.contains("\(letter)\(number)") { number += 1 }
        return "\(letter)\(number)"
    }
}
