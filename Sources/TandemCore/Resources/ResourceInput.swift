/// The limits of a local resource of the catalogue.
public enum ResourceLimits {
    public static let nameLength = 150
    public static let providerLength = 150
    public static let urlLength = 500
    public static let descriptionLength = 2_000
}

/// A resource of the local catalogue that mediators recommend (a library network's online
/// training platform, its digital press…), as `ResourceInput.validate()` makes it.
public struct LocalResource: Equatable, Sendable {
    public var name: String
    public var provider: String?
    public var kind: ResourceKind
    public var url: String?
    public var description: String?
    /// Whether it shows on the public page `/ressources` and in the logbook's choices.
    public var isPublished: Bool

    public init(name: String, provider: String? = nil, kind: ResourceKind, url: String? = nil,
                description: String? = nil, isPublished: Bool = true) {
        self.name = name
        self.provider = provider
        self.kind = kind
        self.url = url
        self.description = description
        self.isPublished = isPublished
    }

    /// The input that describes this resource, to fill the edit form.
    public var input: ResourceInput {
        ResourceInput(name: name, provider: provider, kind: kind.code, url: url, description: description, isPublished: isPublished)
    }
}

/// What a coordinator typed for one resource, before validation. The property names are the
/// form's input names and the names errors are reported on.
public struct ResourceInput: Equatable, Sendable {
    public var name: String?
    public var provider: String?
    public var kind: String?
    public var url: String?
    public var description: String?
    public var isPublished: Bool

    public init(name: String? = nil, provider: String? = nil, kind: String? = nil, url: String? = nil,
                description: String? = nil, isPublished: Bool = true) {
        self.name = name
        self.provider = provider
        self.kind = kind
        self.url = url
        self.description = description
        self.isPublished = isPublished
    }

    /// Reads a form post. `isPublished` is a checkbox: sent as `1` when ticked, absent otherwise.
    public init(form: FormBody) {
        self.init(name: form.value("name"), provider: form.value("provider"), kind: form.value("kind"),
                  url: form.value("url"), description: form.value("description"),
                  isPublished: form.value("isPublished") == "1")
    }

    /// Checks every field and reports all the problems at once, one French message per field.
    public func validate() -> Result<LocalResource, ValidationFailure> {
        var errors: [FieldError] = []
        func text(_ raw: String?, _ field: String, max: Int, multiline: Bool = false) -> String? {
            guard let trimmed = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            guard trimmed.count <= max else {
                errors.append(FieldError(field, "Ce texte dépasse \(French.integer(max)) caractères."))
                return nil
            }
            // Control characters have no place in a catalogue (and PostgreSQL refuses NUL).
            let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
            guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
                errors.append(FieldError(field, multiline ? "Ce texte contient des caractères de contrôle." : "Ce texte doit tenir sur une ligne, sans caractère de contrôle."))
                return nil
            }
            return trimmed
        }

        let name = text(self.name, "name", max: ResourceLimits.nameLength)
        if name == nil, !errors.contains(where: { $0.field == "name" }) {
            errors.append(FieldError("name", "Indiquez le nom de la ressource."))
        }
        let provider = text(self.provider, "provider", max: ResourceLimits.providerLength)

        var kind: ResourceKind?
        if let raw = self.kind, !raw.isEmpty {
            kind = ResourceKind(code: raw)
            if kind == nil { errors.append(FieldError("kind", "« \(raw.prefix(50)) » n'est pas un type de ressource possible.")) }
        } else {
            errors.append(FieldError("kind", "Choisissez le type de ressource."))
        }

        let url = text(self.url, "url", max: ResourceLimits.urlLength)
        if let url, !PlaceRecord.isPlausibleURL(url) {
            errors.append(FieldError("url", "L'adresse doit commencer par http:// ou https:// suivi du nom du site, sans espace."))
        }
        let description = text(self.description, "description", max: ResourceLimits.descriptionLength, multiline: true)

        guard errors.isEmpty, let name, let kind else { return .failure(ValidationFailure(errors)) }
        return .success(LocalResource(name: name, provider: provider, kind: kind, url: url,
                                      description: description, isPublished: isPublished))
    }
}
