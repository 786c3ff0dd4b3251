import Foundation
import TandemCore
import Vapor

/// The respondent profile form as typed, and its reading into a profile.
struct RespondentDraft {
    var displayName = ""
    var post = ""
    var employer = ""
    var context = ""
    var territory = ""
    var departement = ""
    var interviewDate = ""
    var tags = ""
    var consent = ""
    var mediatorId = ""
    var versionId = ""

    init() {}

    init(form: FormBody) {
        displayName = form.value("displayName") ?? ""
        post = form.value("post") ?? ""
        employer = form.value("employer") ?? ""
        context = form.value("context") ?? ""
        territory = form.value("territory") ?? ""
        departement = form.value("departement") ?? ""
        interviewDate = form.value("interviewDate") ?? ""
        tags = form.value("tags") ?? ""
        consent = form.value("consent") ?? ""
        mediatorId = form.value("mediatorId") ?? ""
        versionId = form.value("versionId") ?? ""
    }

    init(_ model: SurveyRespondentModel) {
        displayName = model.displayName
        post = model.post
        employer = model.employer
        context = model.context
        territory = model.territory
        departement = model.departement
        interviewDate = model.interviewDate ?? ""
        tags = model.tagList.joined(separator: ", ")
        consent = model.consent
        mediatorId = model.mediatorId?.uuidString.lowercased() ?? ""
        versionId = model.versionId.uuidString.lowercased()
    }

    struct Parsed {
        let profile: RespondentProfile
        let tags: [String]
        let mediatorId: UUID?
        let versionId: UUID
    }

    /// The profile, or the errors of what could not be read (the store checks the rest).
    func parse() -> Result<Parsed, ValidationFailure> {
        var errors: [FieldError] = []
        let context = RespondentContext(code: self.context)
        if context == nil { errors.append(FieldError("context", "Indiquez si la personne travaille en bibliothèque ou hors bibliothèque.")) }
        let consent = PublicationConsent(code: self.consent)
        if consent == nil { errors.append(FieldError("consent", "Indiquez l'accord de publication de la personne.")) }
        let date = interviewDate.trimmingCharacters(in: .whitespaces)
        let day = date.isEmpty ? nil : LocalDate(iso: date)
        if !date.isEmpty, day == nil { errors.append(FieldError("interviewDate", "Indiquez la date de l'entretien au format AAAA-MM-JJ.")) }
        let mediator = mediatorId.isEmpty ? nil : UUID(uuidString: mediatorId)
        if !mediatorId.isEmpty, mediator == nil { errors.append(FieldError("mediatorId", "Choisissez un compte de médiateur existant.")) }
        let version = UUID(uuidString: versionId)
        if version == nil { errors.append(FieldError("versionId", "Choisissez un questionnaire existant.")) }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError("displayName", "Indiquez un nom ou un pseudonyme.")) }
        guard errors.isEmpty, let context, let consent, let version else { return .failure(ValidationFailure(errors)) }
        let profile = RespondentProfile(displayName: displayName, post: post, employer: employer, context: context, territory: territory,
                                        departement: departement, interviewDate: day, consent: consent)
        return .success(Parsed(profile: profile, tags: tags.split(separator: ",").map(String.init), mediatorId: mediator, versionId: version))
    }

    /// The form's fields, with the choices of questionnaire version and of linked account.
    func fields(failure: ValidationFailure?, versions: [FormOption], accounts: [FormOption]) -> [FormField] {
        func error(_ field: String) -> String? { failure?.message(for: field) }
        func text(_ name: String, _ label: String, _ value: String, hint: String? = nil, required: Bool = false) -> FormField {
            var field = FormField(type: "text", name: name, id: name, label: label, hint: hint, error: error(name), value: value, required: required)
            field.maxLength = "200"
            return field
        }
        var version = FormField(type: "select", name: "versionId", id: "versionId", label: "Questionnaire", error: error("versionId"))
        version.options = versions.map { option in
            var option = option
            option.checked = option.value == versionId.lowercased()
            return option
        }
        var mediator = FormField(type: "select", name: "mediatorId", id: "mediatorId", label: "Compte de médiateur lié (facultatif)",
                                 hint: "Pour mettre ce que dit l'entretien à côté de ce que montre le carnet de bord.", error: error("mediatorId"))
        mediator.options = [FormOption(value: "", label: "— Aucun —", id: "mediatorId-aucun", checked: mediatorId.isEmpty)]
            + accounts.map { option in
                var option = option
                option.checked = option.value == mediatorId.lowercased()
                return option
            }
        var date = FormField(type: "date", name: "interviewDate", id: "interviewDate", label: "Date de l'entretien (facultatif)",
                             error: error("interviewDate"), value: interviewDate)
        date.hint = "Au format AAAA-MM-JJ."
        return [
            text("displayName", "Nom ou pseudonyme", displayName, required: true),
            text("post", "Poste", post, hint: "Par exemple : conseiller numérique, bibliothécaire, médiateur."),
            text("employer", "Employeur", employer),
            FormFields.choice("radio", name: "context", label: "Contexte", RespondentContext.self, selected: [context],
                              error: error("context"), required: true),
            text("territory", "Territoire", territory, hint: "La commune ou le territoire d'intervention ; montré seulement si la personne publie sous son nom."),
            text("departement", "Département", departement, hint: "Le numéro : « 87 », « 2A », « 974 ». Seule indication de lieu d'un portrait anonyme."),
            date,
            text("tags", "Étiquettes (facultatif)", tags, hint: "Séparées par des virgules, par exemple : série 2025, rural."),
            FormFields.choice("radio", name: "consent", label: "Accord de publication", PublicationConsent.self, selected: [consent],
                              error: error("consent"), required: true),
            version,
            mediator,
        ]
    }
}

/// One textarea (or set of choices) per question, in the respondent's context wording.
struct AnswerFormSection: Encodable {
    struct Question: Encodable {
        let key: String
        let id: String
        let name: String
        let text: String
        let kind: String
        let value: String
        let options: [FormOption]
        let error: String?
    }

    let title: String
    let questions: [Question]

    static func sections(_ content: QuestionnaireContent, context: RespondentContext, answers: [String: String],
                         failure: ValidationFailure?) -> [AnswerFormSection] {
        content.sections.map { section in
            AnswerFormSection(title: section.title, questions: section.questions.map { question in
                let value = answers[question.key] ?? ""
                let id = "answers-" + question.key
                let choices: [String] = switch question.kind {
                case .yesNo: [AnswerRules.yes, AnswerRules.no]
                case .singleChoice, .multipleChoice: question.choices
                case .freeText: []
                }
                let chosen = Set(value.split(separator: "\n").map(String.init))
                let options = choices.enumerated().map { index, choice in
                    FormOption(value: choice, label: choice, id: "\(id)-\(index)", checked: chosen.contains(choice))
                }
                return Question(key: question.key, id: id, name: "answers." + question.key, text: question.text(for: context),
                                kind: question.kind == .multipleChoice ? "checkbox" : (choices.isEmpty ? "textarea" : "radio"),
                                value: value, options: options, error: failure?.message(for: "answers." + question.key))
            })
        }
    }

    /// The answers posted: `answers.A1` fields; a multiple choice sends one value per ticked box.
    static func answers(from form: FormBody, content: QuestionnaireContent) -> [String: String] {
        var result: [String: String] = [:]
        for name in Set(form.names) where name.hasPrefix("answers.") {
            let key = String(name.dropFirst("answers.".count))
            let values = form.values(name)
            result[key] = content.question(key)?.kind == .multipleChoice ? values.joined(separator: "\n") : (values.first ?? "")
        }
        // An unticked multiple choice sends nothing: the marker field says the question was on the page.
        for key in form.values("asked") where result[key] == nil { result[key] = "" }
        return result
    }
}
