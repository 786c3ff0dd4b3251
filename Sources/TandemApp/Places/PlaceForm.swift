import Foundation
import TandemCore

/// The place form: every field of the national standard, named by the standard's field names,
/// plus Tandem's equipment and accessibility notes. It reads the posted form into the row the
/// standard's validation takes, and builds the sections a template draws.
struct PlaceForm {
    /// Free-text fields of the standard: (name, label, hint, maximum length, input type).
    struct TextSpec {
        let name: String
        let label: String
        var hint: String? = nil
        var type = "text"
        var autocomplete: String? = nil
    }

    /// Lists typed one value per line (the standard joins them with `|`).
    static let linedLists: Set<String> = ["courriels", "site_web", "autres_formations_labels"]
    /// Lists chosen among the standard's values (checkboxes).
    static let choiceLists: [(name: String, label: String, values: [String])] = [
        ("services", "Services proposés", PlaceStandard.services),
        ("publics_specifiquement_adresses", "Publics spécifiquement accueillis", PlaceStandard.publicsSpecifiquementAdresses),
        ("prise_en_charge_specifique", "Prise en charge spécifique", PlaceStandard.priseEnChargeSpecifique),
        ("frais_a_charge", "Frais à charge", PlaceStandard.fraisACharge),
        ("modalites_acces", "Modalités d'accès", PlaceStandard.modalitesAcces),
        ("modalites_accompagnement", "Modalités d'accompagnement", PlaceStandard.modalitesAccompagnement),
        ("dispositif_programmes_nationaux", "Dispositifs et programmes nationaux", PlaceStandard.dispositifProgrammesNationaux),
        ("formations_labels", "Formations et labels", PlaceStandard.formationsLabels),
        ("itinerance", "Itinérance", PlaceStandard.itinerance),
    ]

    static let identity: [TextSpec] = [
        TextSpec(name: "nom", label: "Nom du lieu"),
        TextSpec(name: "pivot", label: "SIRET ou RNA de la structure (pivot)", hint: "9 à 14 lettres ou chiffres, sans espace."),
        TextSpec(name: "structure_parente", label: "Structure parente (facultatif)"),
        TextSpec(name: "presentation_resume", label: "Présentation courte (280 caractères au plus)", type: "textarea"),
        TextSpec(name: "presentation_detail", label: "Présentation détaillée (facultatif)", type: "textarea"),
    ]
    static let address: [TextSpec] = [
        TextSpec(name: "adresse", label: "Adresse", autocomplete: "address-line1"),
        TextSpec(name: "complement_adresse", label: "Complément d'adresse (facultatif)", autocomplete: "address-line2"),
        TextSpec(name: "code_postal", label: "Code postal", type: "text", autocomplete: "postal-code"),
        TextSpec(name: "commune", label: "Commune", autocomplete: "address-level2"),
        TextSpec(name: "code_insee", label: "Code INSEE de la commune (facultatif)"),
        TextSpec(name: "latitude", label: "Latitude (facultatif)", hint: "Par exemple 45.1234, avec un point."),
        TextSpec(name: "longitude", label: "Longitude (facultatif)", hint: "Par exemple 0.5678, avec un point."),
    ]
    static let contact: [TextSpec] = [
        TextSpec(name: "telephone", label: "Téléphone (facultatif)", hint: "Au format international, par exemple +33555123456.", type: "tel"),
        TextSpec(name: "courriels", label: "Adresses e-mail (une par ligne)", type: "textarea"),
        TextSpec(name: "site_web", label: "Sites web (un par ligne, commençant par https://)", type: "textarea"),
        TextSpec(name: "prise_rdv", label: "Adresse de prise de rendez-vous en ligne (facultatif)", type: "url"),
        TextSpec(name: "fiche_acces_libre", label: "Fiche acceslibre (facultatif)", hint: "L'adresse de la fiche du lieu sur acceslibre.beta.gouv.fr.", type: "url"),
        TextSpec(name: "source", label: "Source des données (facultatif)"),
        TextSpec(name: "autres_formations_labels", label: "Autres formations et labels (un par ligne)", type: "textarea"),
    ]

    /// Every name the form posts for the standard.
    static var standardNames: [String] {
        identity.map(\.name) + address.map(\.name) + contact.map(\.name) + choiceLists.map(\.name) + ["typologie", "horaires"]
    }

    /// The standard's row from a posted form: lists joined with `|`, lined lists split on lines.
    static func row(from form: FormBody) -> [String: String] {
        var row: [String: String] = [:]
        for name in identity.map(\.name) + address.map(\.name) + contact.map(\.name) + ["horaires"] {
            guard var value = form.value(name) else { continue }
            if linedLists.contains(name) {
                value = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: "|")
            }
            row[name] = value
        }
        for list in choiceLists.map(\.name) + ["typologie"] {
            row[list] = form.values(list).filter { !$0.isEmpty }.joined(separator: "|")
        }
        return row
    }

    /// The form's values from a stored record (lists back to one per line).
    static func values(from record: PlaceRecord) -> [String: String] {
        var values = record.row
        for name in linedLists { values[name] = values[name]?.replacingOccurrences(of: "|", with: "\n") }
        return values
    }

    /// Sections of the form, with the values typed and the errors found.
    static func sections(values: [String: String], equipment: [String], accessibilityNotes: String,
                         errors: ValidationFailure?) -> [FormSection] {
        func text(_ spec: TextSpec) -> FormField {
            var field = FormField(type: spec.type, name: spec.name, id: "lieu-\(spec.name)", label: spec.label,
                                  hint: spec.hint, error: errors?.message(for: spec.name), value: values[spec.name] ?? "")
            field.required = PlaceStandard.isRequired(spec.name)
            let limit = PlaceStandard.maxLength(of: spec.name)
            if limit > 0 && !linedLists.contains(spec.name) { field.maxLength = String(limit) }
            field.autocomplete = spec.autocomplete
            return field
        }
        func choices(_ name: String, _ label: String, _ options: [(String, String)], selected: [String]) -> FormField {
            FormField(type: "checkbox", name: name, id: "lieu-\(name)", label: label, error: errors?.message(for: name),
                      options: options.enumerated().map { index, option in
                          FormOption(value: option.0, label: option.1, id: "lieu-\(name)-\(index)", checked: selected.contains(option.0))
                      })
        }
        func selected(_ name: String) -> [String] {
            (values[name] ?? "").split(separator: "|").map { String($0) }
        }
        let typologies = PlaceStandard.knownTypologies.map { code in (code, PlaceTypology(code: code)?.label ?? code) }
        var hours = FormField(type: "text", name: "horaires", id: "lieu-horaires", label: "Horaires d'ouverture",
                              hint: "Syntaxe OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off",
                              error: errors?.message(for: "horaires"), value: values["horaires"] ?? "")
        hours.maxLength = "1000"
        var notes = FormField(type: "textarea", name: "accessibility_notes", id: "lieu-accessibility_notes",
                              label: "Accessibilité (facultatif)", hint: "Accès en fauteuil, boucle magnétique, stationnement…",
                              error: errors?.message(for: "accessibility_notes"), value: accessibilityNotes)
        notes.maxLength = "2000"
        let equipmentField = FormFields.choice("checkbox", name: "equipment", label: "Équipement sur place", PlaceEquipment.self,
                                               selected: equipment, error: errors?.message(for: "equipment"))
        return [
            FormSection(title: "Le lieu", fields: identity.map(text) + [choices("typologie", "Type de lieu", typologies, selected: selected("typologie"))]),
            FormSection(title: "Adresse", fields: address.map(text)),
            FormSection(title: "Horaires", fields: [hours]),
            FormSection(title: "Services et publics", fields: choiceLists.map { choices($0.name, $0.label, $0.values.map { ($0, $0) }, selected: selected($0.name)) }),
            FormSection(title: "Contact et liens", fields: contact.map(text)),
            FormSection(title: "Sur place", fields: [equipmentField, notes]),
        ]
    }
}
