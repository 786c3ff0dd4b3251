import Foundation
import TandemCore

/// The activity form: one page, every field of TAXONOMY.md "Activity" and "People accompanied",
/// grouped so that a script can hide what does not apply to the chosen kind.
struct ActivityFormPage: Encodable {
    let layout: Layout
    let heading: String
    let action: String
    let submitLabel: String
    let errorSummary: [FieldErrorLink]
    let sections: [FormSection]
    let cancelHref: String
    /// The one-time key of a new-activity form (empty when editing).
    let formKey: String
    /// How the followed-person field shows (`Activities/person-field`).
    var personPicker = PersonPicker(canPick: false)
    /// Where `offline.js` sends the records saved offline (`data-offline-sync`): the sync
    /// endpoint for a new activity, empty when editing (an edit needs the network).
    var offlineSync = ""
    /// The one-time key of the form the server has just answered (recorded, then this page; or
    /// refused, and this page shows why): `offline.js` drops its copy of that record.
    var answeredKey = ""

    struct FieldErrorLink: Encodable {
        let href: String
        let message: String
    }
}

/// The followed-person field: a plain select without JavaScript, an accessible combobox with
/// `person-picker.js`, which searches `searchHref` as the mediator types.
struct PersonPicker: Encodable {
    /// Whether the actor may see the structure's people. An actor who may not (an administrator
    /// correcting a record) keeps the link as it is, in a hidden input, without seeing who it is.
    let canPick: Bool
    var searchHref = WebPath.peopleSearch
    var newHref = WebPath.newPersonForActivity
}

/// Builds the form's sections from what was typed, the errors, the places and the habits.
struct ActivityFormBuilder {
    let input: ActivityInput
    let failure: ValidationFailure?
    let places: [PlaceSummary]
    let quick: QuickChoices
    let today: LocalDate
    /// The structure's local resources a referral may name (empty: the field is not shown).
    var resources: [ResourceChoice] = []
    /// The structure's followed people, for the person field; nil when the actor may not see
    /// them (the field is then a hidden input keeping the current link).
    var people: [PersonChoice]? = nil

    func error(_ field: String) -> String? { failure?.message(for: field) }

    func sections() -> [FormSection] {
        [essentials(), location(), themes(), devices(), howItWent(), individual(), collective(), workshop(), training(), followUp()]
    }

    /// Error links for the summary at the top, in the order of the form.
    func errorLinks() -> [ActivityFormPage.FieldErrorLink] {
        FormAnchor.errorLinks(for: failure, in: sections())
    }

    private func essentials() -> FormSection {
        var kind = FormFields.choice("radio", name: "kind", label: "Type d'activité", ActivityKind.self,
                                     selected: [input.kind ?? ""], error: error("kind"), required: true)
        kind.hint = nil
        var date = FormField(type: "date", name: "date", id: "date", label: "Date", error: error("date"),
                             value: input.date ?? "", required: true)
        date.min = ActivityLimits.earliestDate.iso
        date.max = today.iso
        let start = FormField(type: "time", name: "startTime", id: "startTime", label: "Heure de début (facultatif)",
                              error: error("startTime"), value: input.startTime ?? "")
        return FormSection(title: "L'activité", fields: [kind, date, start, duration()])
    }

    private func duration() -> FormField {
        let quickValues = (ActivityLimits.quickDurations + quick.durations).reduce(into: [Int]()) { list, value in
            if !list.contains(value) { list.append(value) }
        }.sorted()
        let typed = input.durationMinutes
        let options = quickValues.map { minutes in
            FormOption(value: String(minutes), label: French.duration(minutes: minutes), id: "durationMinutes-\(minutes)",
                       checked: typed == minutes)
        }
        var field = FormField(type: "duration", name: "durationMinutes", id: "durationMinutes", label: "Durée",
                              error: error("durationMinutes"), options: options, required: true)
        // A duration that is not a quick choice goes in the "other" box.
        field.value = typed.map { quickValues.contains($0) ? "" : String($0) } ?? ""
        field.min = "1"
        field.max = "1440"
        return field
    }

    private func location() -> FormSection {
        let kind = FormFields.choice("radio", name: "locationKind", label: "Lieu de l'activité", LocationKind.self,
                                     selected: [input.locationKind ?? ""], error: error("locationKind"), required: true)
        let selectedPlace = (input.placeId ?? "").lowercased()
        func option(_ place: PlaceSummary) -> FormOption {
            let id = place.id.uuidString.lowercased()
            return FormOption(value: id, label: "\(place.name) (\(place.commune))", id: "placeId-\(id)", checked: selectedPlace == id)
        }
        let none = FormOption(value: "", label: "— Choisir un lieu —", id: "placeId-aucun", checked: selectedPlace.isEmpty)
        let groups = [
            FormOptionGroup(label: "Vos lieux", options: places.filter(\.isMine).map(option)),
            FormOptionGroup(label: "Autres lieux de la structure", options: places.filter { !$0.isMine }.map(option)),
        ].filter { !$0.options.isEmpty }
        var place = FormField(type: "select", name: "placeId", id: "placeId", label: "Lieu", error: error("placeId"), options: [none])
        place.groups = groups
        place.showWhen = "locationKind=place"
        var commune = FormField(type: "text", name: "commune", id: "commune", label: "Commune", error: error("commune"),
                                value: input.commune ?? "")
        commune.maxLength = String(ActivityLimits.communeLength)
        commune.showWhen = "locationKind=home,other"
        commune.autocomplete = "address-level2"
        return FormSection(title: "Où", fields: [kind, place, commune])
    }

    private func themes() -> FormSection {
        let frequent = quick.themes
        let ordered = frequent + Theme.allCases.filter { !frequent.contains($0) }
        let options = ordered.enumerated().map { index, theme in
            FormOption(value: theme.code, label: theme.label, id: "themes-\(theme.code)", checked: input.themes.contains(theme.code),
                       heading: frequent.isEmpty ? nil : (index == 0 ? "Vos thématiques fréquentes" : (index == frequent.count ? "Les autres thématiques" : nil)))
        }
        let themes = FormField(type: "checkbox", name: "themes", id: "themes", label: "Thématiques (une ou plusieurs)",
                               error: error("themes"), options: options, required: true)
        var domains = FormFields.choice("checkbox", name: "procedureDomains", label: "Domaines de la démarche", ProcedureDomain.self,
                                        selected: input.procedureDomains, error: error("procedureDomains"))
        domains.showWhen = "themes=admin_procedures"
        var name = FormField(type: "text", name: "procedureName", id: "procedureName", label: "Nom de la démarche (facultatif)",
                             hint: "Par exemple : Ameli, retraite, Doctolib.", error: error("procedureName"), value: input.procedureName ?? "")
        name.maxLength = String(ActivityLimits.procedureNameLength)
        name.showWhen = "themes=admin_procedures"
        return FormSection(title: "Thématiques", fields: [themes, domains, name])
    }

    private func devices() -> FormSection {
        let devices = FormFields.choice("checkbox", name: "devices", label: "Matériel numérique utilisé", Device.self,
                                        selected: input.devices, error: error("devices"), required: true)
        var owners = FormFields.choice("checkbox", name: "deviceOwners", label: "À qui appartient ce matériel", DeviceOwner.self,
                                       selected: input.deviceOwners, error: error("deviceOwners"))
        owners.showWhen = "devices!=none"
        return FormSection(title: "Matériel", fields: [devices, owners])
    }

    private func howItWent() -> FormSection {
        let mode = FormFields.choice("radio", name: "interventionMode", label: "Comment s'est passé l'accompagnement",
                                     InterventionMode.self, selected: [input.interventionMode ?? ""], error: error("interventionMode"))
        let mandateValue = input.mandate.map { $0 ? "oui" : "non" } ?? ""
        var mandate = FormField(type: "radio", name: "mandate", id: "mandate", label: "Sous mandat Aidants Connect ?",
                                error: error("mandate"), options: [
                                    FormOption(value: "oui", label: "Oui", id: "mandate-oui", checked: mandateValue == "oui"),
                                    FormOption(value: "non", label: "Non", id: "mandate-non", checked: mandateValue == "non"),
                                ])
        mandate.showWhen = "interventionMode=on_behalf"
        return FormSection(title: "Faire avec ou à la place", hint: "Obligatoire pour un accompagnement individuel.", fields: [mode, mandate])
    }

    private func individual() -> FormSection {
        var age = FormFields.choice("select", name: "ageBracket", label: "Tranche d'âge", AgeBracket.self,
                                    selected: [input.ageBracket ?? AgeBracket.unknown.code], error: error("ageBracket"))
        // With a followed person the bracket is computed from their year of birth: the script
        // hides the field then ("personId=" reads "no person chosen").
        age.showWhen = "personId="
        let status = FormFields.choice("select", name: "socialStatus", label: "Statut", SocialStatus.self,
                                       selected: [input.socialStatus ?? SocialStatus.unknown.code], error: error("socialStatus"))
        let gender = FormFields.choice("select", name: "gender", label: "Genre", Gender.self,
                                       selected: [input.gender ?? Gender.unknown.code], error: error("gender"))
        let autonomy = FormFields.choice("radio", name: "autonomy", label: "Niveau d'autonomie de la personne (facultatif)",
                                         Autonomy.self, selected: [input.autonomy ?? ""], error: error("autonomy"))
        return FormSection(title: "La personne accompagnée", hint: "Pour un accompagnement individuel.",
                           showWhen: "kind=individual", fields: [person(), age, status, gender, autonomy])
    }

    /// « Personne suivie (facultatif) »: anonymous first, then the structure's people. Rendered by
    /// `Activities/person-field` (a select, or a hidden input for an actor who may not see people).
    private func person() -> FormField {
        let selected = (input.personId ?? "").lowercased()
        var options = [FormOption(value: "", label: "Personne anonyme", id: "personId-anonyme", checked: selected.isEmpty)]
        options += (people ?? []).map { choice in
            let id = choice.id.uuidString.lowercased()
            return FormOption(value: id, label: choice.label, id: "personId-\(id)", checked: selected == id)
        }
        return FormField(type: "person", name: "personId", id: "personId", label: "Personne suivie (facultatif)",
                         hint: "Seulement avec son accord. Sa tranche d'âge est alors calculée d'après son année de naissance.",
                         error: error("personId"), value: selected, options: options)
    }

    private func collective() -> FormSection {
        var title = FormField(type: "text", name: "title", id: "title", label: "Titre (facultatif)",
                              hint: "Par exemple : Premiers pas sur la tablette.", error: error("title"), value: input.title ?? "")
        title.maxLength = String(ActivityLimits.titleLength)
        var count = FormField(type: "number", name: "participantCount", id: "participantCount", label: "Nombre de participants",
                              error: error("participantCount"), value: input.participantCount.map(String.init) ?? "")
        count.min = "1"
        count.max = "10000"
        return FormSection(title: "Atelier ou formation", hint: "Pour un atelier collectif ou une formation interne.",
                           showWhen: "kind=workshop,internal_training", fields: [title, count])
    }

    private func workshop() -> FormSection {
        let level = FormFields.choice("radio", name: "workshopLevel", label: "Niveau de l'atelier (facultatif)", WorkshopLevel.self,
                                      selected: [input.workshopLevel ?? ""], error: error("workshopLevel"))
        let ages = FormFields.counts(name: "ageBreakdown", label: "Participants par tranche d'âge (facultatif)", AgeBracket.self,
                                     values: input.ageBreakdown, error: error("ageBreakdown"))
        let statuses = FormFields.counts(name: "statusBreakdown", label: "Participants par statut (facultatif)", SocialStatus.self,
                                         values: input.statusBreakdown, error: error("statusBreakdown"))
        let genders = FormFields.counts(name: "genderBreakdown", label: "Participants par genre (facultatif)", Gender.self,
                                        values: input.genderBreakdown, error: error("genderBreakdown"))
        return FormSection(title: "Atelier collectif", hint: "Chaque répartition compte au plus le nombre de participants.",
                           showWhen: "kind=workshop", fields: [level, ages, statuses, genders])
    }

    private func training() -> FormSection {
        let audiences = FormFields.choice("checkbox", name: "audiences", label: "Public de la formation", InternalAudience.self,
                                          selected: input.audiences, error: error("audiences"))
        return FormSection(title: "Formation interne", showWhen: "kind=internal_training", fields: [audiences])
    }

    private func followUp() -> FormSection {
        let referral = FormFields.choice("select", name: "referralTarget", label: "Orientation vers (facultatif)", ReferralTarget.self,
                                         selected: [input.referralTarget ?? ""], error: error("referralTarget"))
        var withNone = referral
        withNone.options.insert(FormOption(value: "", label: "Pas d'orientation", id: "referralTarget-aucune",
                                           checked: (input.referralTarget ?? "").isEmpty), at: 0)
        var notes = FormField(type: "textarea", name: "notes", id: "notes", label: "Notes (facultatif)",
                              hint: "Jamais de nom ni de coordonnées : 5 000 caractères au plus.", error: error("notes"), value: input.notes ?? "")
        notes.maxLength = String(ActivityLimits.notesLength)
        return FormSection(title: "Suite", fields: [withNone] + [resource()].compactMap { $0 } + [notes])
    }

    /// The local resource the person was sent to, among the structure's catalogue, grouped by
    /// kind; shown once a referral is chosen (`referralTarget!=` reads "not empty").
    private func resource() -> FormField? {
        guard !resources.isEmpty else { return nil }
        let selected = (input.resourceId ?? "").lowercased()
        let groups = ResourceKind.allCases.compactMap { kind -> FormOptionGroup? in
            let options = resources.filter { $0.kind == kind }.map { choice in
                let id = choice.id.uuidString.lowercased()
                return FormOption(value: id, label: choice.isPublished ? choice.name : "\(choice.name) (retirée du catalogue)",
                                  id: "resourceId-\(id)", checked: selected == id)
            }
            return options.isEmpty ? nil : FormOptionGroup(label: kind.label, options: options)
        }
        let none = FormOption(value: "", label: "Aucune ressource précise", id: "resourceId-aucune", checked: selected.isEmpty)
        var field = FormField(type: "select", name: "resourceId", id: "resourceId", label: "Ressource recommandée (facultatif)",
                              hint: "Par exemple une ressource numérique de la médiathèque, pour une orientation vers elle.",
                              error: error("resourceId"), options: [none])
        field.groups = groups
        field.showWhen = "referralTarget!="
        return field
    }
}

enum FormAnchor {
    /// The summary at the top of a form: each problem, in the order of the form, linked to its
    /// field (to the form itself when the field is not on the page). `label` may name the field.
    static func errorLinks(for failure: ValidationFailure?, in sections: [FormSection],
                           label: (String) -> String? = { _ in nil }) -> [ActivityFormPage.FieldErrorLink] {
        guard let failure else { return [] }
        let order = sections.flatMap { $0.fields.map(\.name) }
        return failure.errors.sorted { (order.firstIndex(of: $0.field) ?? .max) < (order.firstIndex(of: $1.field) ?? .max) }
            .map { error in
                let target = order.contains(error.field) ? id(for: error.field, in: sections) : "formulaire"
                let message = label(error.field).map { "\($0) : \(error.message)" } ?? error.message
                return .init(href: "#" + target, message: message)
            }
    }

    /// The element an error link jumps to: the first option of a group, or the input itself.
    static func id(for field: String, in sections: [FormSection]) -> String {
        for section in sections {
            for item in section.fields where item.name == field {
                if ["radio", "checkbox", "duration", "counts"].contains(item.type), let first = item.options.first { return first.id }
                return item.id
            }
        }
        return field
    }
}
