import Foundation

/// Reading an `ActivityInput` from the two shapes clients send: a JSON object (the API) and an
/// HTML form post. Type problems, repeated and unknown fields become `readErrors`, so that the
/// validator reports them with everything else.
extension ActivityInput {
    /// Names of single-valued fields (a repeated one is an error, not a list).
    static let singleFields: Set<String> = [
        "kind", "date", "startTime", "durationMinutes", "locationKind", "placeId", "commune",
        "procedureName", "interventionMode", "mandate", "autonomy", "workshopLevel", "title",
        "participantCount", "ageBracket", "socialStatus", "gender", "referralTarget", "resourceId", "personId", "notes",
    ]
    static let listFields: Set<String> = ["themes", "procedureDomains", "devices", "deviceOwners", "audiences"]
    static let breakdownFields: Set<String> = ["ageBreakdown", "statusBreakdown", "genderBreakdown"]
    /// Fields of an activity as the API returns it, ignored on input so a client may send back
    /// what it read.
    static let readOnlyFields: Set<String> = ["id", "mediatorId", "structureId", "placeName", "createdAt", "updatedAt", "participants"]

    public static var fieldNames: Set<String> { singleFields.union(listFields).union(breakdownFields) }

    // MARK: JSON

    /// Reads a JSON document; a syntax error is reported on the field `body`.
    public init(json bytes: [UInt8]) {
        self.init()
        do {
            let value = try JSONValue.parse(bytes)
            guard let object = value.objectValue else {
                readErrors.append(FieldError("body", "Le corps de la requête doit être un objet JSON."))
                isMalformed = true
                return
            }
            self.init(jsonObject: object)
        } catch {
            readErrors.append(FieldError("body", "\(error)"))
            isMalformed = true
        }
    }

    public init(jsonObject object: JSONObject) {
        self.init()
        for key in object.duplicateKeys {
            readErrors.append(FieldError(key, "Ce champ est répété."))
        }
        for key in object.keys where !Self.fieldNames.contains(key) && !Self.readOnlyFields.contains(key) {
            readErrors.append(FieldError(key, "Ce champ n'existe pas."))
        }
        func string(_ key: String) -> String? {
            guard let value = object[key], value != .null else { return nil }
            guard let text = value.stringValue else {
                readErrors.append(FieldError(key, "Ce champ doit être un texte, pas un \(value.typeName)."))
                return nil
            }
            return text
        }
        func integer(_ key: String) -> Int? {
            guard let value = object[key], value != .null else { return nil }
            guard case let .number(number) = value, let int = number.int else {
                readErrors.append(FieldError(key, "Ce champ doit être un nombre entier."))
                return nil
            }
            return int
        }
        func strings(_ key: String) -> [String] {
            guard let value = object[key], value != .null else { return [] }
            guard let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                readErrors.append(FieldError(key, "Ce champ doit être une liste de codes (textes)."))
                return []
            }
            return array.compactMap(\.stringValue)
        }
        func counts(_ key: String) -> [String: Int] {
            guard let value = object[key], value != .null else { return [:] }
            guard let members = value.objectValue?.members else {
                readErrors.append(FieldError(key, "Ce champ doit être un objet associant un code à un effectif."))
                return [:]
            }
            var result: [String: Int] = [:]
            for member in members {
                guard case let .number(number) = member.value, let int = number.int, result[member.key] == nil else {
                    readErrors.append(FieldError(key, "Chaque effectif doit être un nombre entier, une seule fois par code."))
                    return [:]
                }
                result[member.key] = int
            }
            return result
        }
        kind = string("kind")
        date = string("date")
        startTime = string("startTime")
        durationMinutes = integer("durationMinutes")
        locationKind = string("locationKind")
        placeId = string("placeId")
        commune = string("commune")
        themes = strings("themes")
        procedureDomains = strings("procedureDomains")
        procedureName = string("procedureName")
        devices = strings("devices")
        deviceOwners = strings("deviceOwners")
        interventionMode = string("interventionMode")
        if let value = object["mandate"], value != .null {
            if let bool = value.boolValue { mandate = bool } else {
                readErrors.append(FieldError("mandate", "Ce champ doit être true ou false."))
            }
        }
        autonomy = string("autonomy")
        workshopLevel = string("workshopLevel")
        title = string("title")
        participantCount = integer("participantCount")
        ageBracket = string("ageBracket")
        socialStatus = string("socialStatus")
        gender = string("gender")
        ageBreakdown = counts("ageBreakdown")
        statusBreakdown = counts("statusBreakdown")
        genderBreakdown = counts("genderBreakdown")
        audiences = strings("audiences")
        referralTarget = string("referralTarget")
        resourceId = string("resourceId")
        personId = string("personId")
        notes = string("notes")
    }

    // MARK: HTML form

    /// Reads a form post. Empty inputs count as absent; breakdown inputs are named
    /// `ageBreakdown.60_69` and so on; `mandate` is `oui` or `non`.
    public init(form: FormBody) {
        self.init()
        for name in form.repeatedNames(among: Self.singleFields) {
            readErrors.append(FieldError(name, "Ce champ est répété."))
        }
        func string(_ name: String) -> String? {
            guard let value = form.value(name), !value.isEmpty else { return nil }
            return value
        }
        func integer(_ name: String, _ message: String) -> Int? {
            guard let text = string(name)?.trimmingCharacters(in: .whitespaces) else { return nil }
            guard let value = Int(text) else {
                readErrors.append(FieldError(name, message))
                return nil
            }
            return value
        }
        func strings(_ name: String) -> [String] { form.values(name).filter { !$0.isEmpty } }
        func counts(_ field: String) -> [String: Int] {
            var result: [String: Int] = [:]
            for name in form.names where name.hasPrefix(field + ".") {
                let code = String(name.dropFirst(field.count + 1))
                guard let text = string(name)?.trimmingCharacters(in: .whitespaces) else { continue }
                guard let value = Int(text), form.count(name) == 1 else {
                    readErrors.append(FieldError(field, "Chaque effectif doit être un nombre entier."))
                    return [:]
                }
                result[code] = value
            }
            return result
        }
        kind = string("kind")
        date = string("date")
        startTime = string("startTime")
        durationMinutes = integer("durationMinutes", "La durée doit être un nombre entier de minutes.")
        locationKind = string("locationKind")
        placeId = string("placeId")
        commune = string("commune")
        themes = strings("themes")
        procedureDomains = strings("procedureDomains")
        procedureName = string("procedureName")
        devices = strings("devices")
        deviceOwners = strings("deviceOwners")
        interventionMode = string("interventionMode")
        switch string("mandate") {
        case nil: mandate = nil
        case "oui": mandate = true
        case "non": mandate = false
        default: readErrors.append(FieldError("mandate", "Répondez par oui ou par non."))
        }
        autonomy = string("autonomy")
        workshopLevel = string("workshopLevel")
        title = string("title")
        participantCount = integer("participantCount", "Le nombre de participants doit être un nombre entier.")
        ageBracket = string("ageBracket")
        socialStatus = string("socialStatus")
        gender = string("gender")
        ageBreakdown = counts("ageBreakdown")
        statusBreakdown = counts("statusBreakdown")
        genderBreakdown = counts("genderBreakdown")
        audiences = strings("audiences")
        referralTarget = string("referralTarget")
        resourceId = string("resourceId")
        personId = string("personId")
        notes = string("notes")
    }
}
