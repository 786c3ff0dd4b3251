import TandemCore

/// A form field as a template draws it: every text already in French, every choice already
/// marked, so templates stay free of logic.
struct FormField: Encodable {
    /// radio, checkbox, select, text, number, date, time, textarea or counts (a grid of numbers).
    let type: String
    let name: String
    let id: String
    let label: String
    var hint: String?
    var error: String?
    var value: String = ""
    var options: [FormOption] = []
    /// For a select whose options fall in groups (an `optgroup` each); `options` stays empty then.
    var groups: [FormOptionGroup] = []
    var required = false
    var min: String?
    var max: String?
    var maxLength: String?
    var autocomplete: String?
    /// A condition the page's script uses to hide the field when it does not apply, such as
    /// `kind=individual` or `devices!=none`. Without JavaScript every field shows.
    var showWhen: String?

    var describedBy: String? {
        let ids = [hint == nil ? nil : id + "-aide", error == nil ? nil : id + "-erreur"].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case type, name, id, label, hint, error, value, options, groups, required, min, max, maxLength, autocomplete, showWhen, describedBy
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(name, forKey: .name)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encodeIfPresent(hint, forKey: .hint)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(value, forKey: .value)
        try c.encode(options, forKey: .options)
        try c.encode(groups, forKey: .groups)
        try c.encode(required, forKey: .required)
        try c.encodeIfPresent(min, forKey: .min)
        try c.encodeIfPresent(max, forKey: .max)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encodeIfPresent(autocomplete, forKey: .autocomplete)
        try c.encodeIfPresent(showWhen, forKey: .showWhen)
        try c.encodeIfPresent(describedBy, forKey: .describedBy)
    }
}

struct FormOption: Encodable {
    let value: String
    let label: String
    let id: String
    var checked = false
    /// For a grid of numbers: the number typed.
    var count = ""
    /// A sub-heading printed before this option (for example "Vos lieux").
    var heading: String?
}

struct FormOptionGroup: Encodable {
    let label: String
    let options: [FormOption]
}

/// A titled group of fields (a `fieldset` on the page).
struct FormSection: Encodable {
    let title: String
    var hint: String?
    var showWhen: String?
    let fields: [FormField]
}

/// Builders for the common shapes of fields from the closed lists.
enum FormFields {
    static func choice<V: CodedVocabulary>(_ type: String, name: String, label: String, _ vocabulary: V.Type,
                                           selected: [String], error: String?, required: Bool = false,
                                           labels: (V) -> String = { $0.label }) -> FormField {
        let options = V.allCases.map { value in
            FormOption(value: value.code, label: labels(value), id: "\(name)-\(value.code)", checked: selected.contains(value.code))
        }
        return FormField(type: type, name: name, id: name, label: label, error: error, options: options, required: required)
    }

    static func counts<V: CodedVocabulary>(name: String, label: String, _ vocabulary: V.Type, values: [String: Int], error: String?) -> FormField {
        let options = V.allCases.map { value in
            FormOption(value: value.code, label: value.label, id: "\(name)-\(value.code)", count: values[value.code].map(String.init) ?? "")
        }
        return FormField(type: "counts", name: name, id: name, label: label, error: error, options: options)
    }
}
