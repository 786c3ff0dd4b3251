import Foundation
import TandemCore

/// The filters of `/statistiques`: a GET form whose names are the observatory's parameters, so
/// that the address of a page is also its API query. Values are shown as typed, so that a wrong
/// one can be corrected beside its message.
enum StatisticsFilterForm {
    static func fields(input: ObservatoryInput, failure: ValidationFailure?, choices: ObservatoryChoices, actor: Actor) -> [FormField] {
        func error(_ name: String) -> String? { failure?.message(for: name) }
        let preset = input.period ?? (input.from != nil || input.to != nil ? PeriodPreset.custom.code : PeriodPreset.thisYear.code)
        var fields = [
            FormField(type: "select", name: "period", id: "filtre-period", label: "Période", error: error("period"),
                      options: PeriodPreset.allCases.map { option("period", $0.code, $0.label, selected: preset) }),
            month("from", label: "Premier mois", value: input.from, error: error("from")),
            month("to", label: "Dernier mois", value: input.to, error: error("to")),
        ]
        if actor.role == .admin || actor.role == .researcher {
            fields.append(select("structureId", label: "Structure", all: "Toutes les structures", choices.structures, selected: input.structureId, error: error("structureId")))
        }
        if !choices.places.isEmpty {
            fields.append(select("placeId", label: "Lieu", all: "Tous les lieux", choices.places, selected: input.placeId, error: error("placeId")))
        }
        if !choices.mediators.isEmpty {
            fields.append(select("mediatorId", label: "Médiateur", all: "Tous les médiateurs", choices.mediators, selected: input.mediatorId, error: error("mediatorId")))
        }
        fields += [
            vocabulary("context", label: "Contexte", all: "En bibliothèque et hors bibliothèque", StatContext.self, selected: input.context, error: error("context")),
            vocabulary("kind", label: "Type d'activité", all: "Tous les types", ActivityKind.self, selected: input.kind, error: error("kind")),
            vocabulary("theme", label: "Thématique", all: "Toutes les thématiques", Theme.self, selected: input.theme, error: error("theme")),
            vocabulary("ageBracket", label: "Tranche d'âge", all: "Tous les âges", AgeBracket.self, selected: input.ageBracket, error: error("ageBracket")),
            vocabulary("socialStatus", label: "Statut", all: "Tous les statuts", SocialStatus.self, selected: input.socialStatus, error: error("socialStatus")),
        ]
        return fields
    }

    /// Whether a filter other than the period is set: the filter box then shows open.
    static func isFiltering(_ input: ObservatoryInput) -> Bool {
        [input.placeId, input.mediatorId, input.context, input.kind, input.theme, input.ageBracket, input.socialStatus, input.structureId]
            .contains { $0 != nil }
    }

    private static func option(_ name: String, _ value: String, _ label: String, selected: String?) -> FormOption {
        FormOption(value: value, label: label, id: "filtre-\(name)-\(value.isEmpty ? "tous" : value)",
                   checked: (selected ?? "").lowercased() == value.lowercased())
    }

    private static func month(_ name: String, label: String, value: String?, error: String?) -> FormField {
        var field = FormField(type: "month", name: name, id: "filtre-" + name, label: label,
                              hint: "Avec « Période choisie » ; au format AAAA-MM, par exemple 2026-03.", error: error, value: value ?? "")
        field.min = YearMonth(ActivityLimits.earliestDate).iso
        return field
    }

    private static func select(_ name: String, label: String, all: String, _ choices: [(UUID, String)], selected: String?, error: String?) -> FormField {
        let options = [option(name, "", all, selected: selected)]
            + choices.map { option(name, $0.0.uuidString.lowercased(), $0.1, selected: selected) }
        return FormField(type: "select", name: name, id: "filtre-" + name, label: label, error: error, options: options)
    }

    private static func vocabulary<V: CodedVocabulary>(_ name: String, label: String, all: String, _ type: V.Type, selected: String?, error: String?) -> FormField {
        let options = [option(name, "", all, selected: selected)] + V.allCases.map { option(name, $0.code, $0.label, selected: selected) }
        return FormField(type: "select", name: name, id: "filtre-" + name, label: label,
                         hint: name == "theme" ? "Une seule caractéristique à la fois : une thématique, une tranche d'âge ou un statut." : nil,
                         error: error, options: options)
    }
}
