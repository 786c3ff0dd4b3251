/// A place of digital mediation as `standard-mediation-num` v1.0.2 describes it: one row of the
/// national open-data file. Property names are the standard's field names in camel case.
///
/// Multi-valued fields (see `PlaceStandard.listFields`) are arrays; in CSV their values are joined
/// with `|`. Absent optional values are nil or empty arrays.
public struct PlaceRecord: Equatable, Sendable {
    public var id: String
    public var pivot: String
    public var nom: String
    public var commune: String
    public var codePostal: String
    public var codeInsee: String?
    public var adresse: String
    public var complementAdresse: String?
    public var latitude: Double?
    public var longitude: Double?
    public var typologie: [String]
    public var telephone: String?
    public var courriels: [String]
    public var siteWeb: [String]
    public var horaires: String?
    public var presentationResume: String?
    public var presentationDetail: String?
    public var source: String?
    public var itinerance: [String]
    public var structureParente: String?
    public var dateMaj: LocalDate
    public var services: [String]
    public var publicsSpecifiquementAdresses: [String]
    public var priseEnChargeSpecifique: [String]
    public var fraisACharge: [String]
    public var dispositifProgrammesNationaux: [String]
    public var formationsLabels: [String]
    public var autresFormationsLabels: [String]
    public var modalitesAcces: [String]
    public var modalitesAccompagnement: [String]
    public var ficheAccesLibre: String?
    public var priseRdv: String?

    /// A place with its required fields; set the others afterwards. Build records for export this
    /// way, then check them with `PlaceRecord.validate(record.row)`.
    public init(id: String, pivot: String, nom: String, commune: String, codePostal: String, adresse: String, dateMaj: LocalDate) {
        self.id = id
        self.pivot = pivot
        self.nom = nom
        self.commune = commune
        self.codePostal = codePostal
        self.adresse = adresse
        self.dateMaj = dateMaj
        codeInsee = nil
        complementAdresse = nil
        latitude = nil
        longitude = nil
        typologie = []
        telephone = nil
        courriels = []
        siteWeb = []
        horaires = nil
        presentationResume = nil
        presentationDetail = nil
        source = nil
        itinerance = []
        structureParente = nil
        services = []
        publicsSpecifiquementAdresses = []
        priseEnChargeSpecifique = []
        fraisACharge = []
        dispositifProgrammesNationaux = []
        formationsLabels = []
        autresFormationsLabels = []
        modalitesAcces = []
        modalitesAccompagnement = []
        ficheAccesLibre = nil
        priseRdv = nil
    }

    /// Validates one row given as (standard field name → raw text); empty text is absent.
    ///
    /// Each value is trimmed of surrounding spaces first (and each value of a list). Every problem
    /// is reported, at most one per field, named by the standard's field name, in French. Keys
    /// that are not fields of the standard are ignored.
    public static func validate(_ row: [String: String]) -> Result<PlaceRecord, ValidationFailure> {
        var check = RowCheck(row: row)

        let id = check.text("id")
        let pivot = check.text("pivot", PlaceStandard.isValidPivot,
                               "doit comporter 9 à 14 lettres ou chiffres, sans espace (SIRET, RNA ou RIDET)")
        let nom = check.text("nom")
        let commune = check.text("commune")
        let codePostal = check.text("code_postal", PlaceStandard.isValidCodePostal, "doit comporter exactement 5 chiffres")
        let codeInsee = check.text("code_insee", PlaceStandard.isValidCodeInsee,
                                   "n'est pas un code INSEE de commune (5 caractères, par exemple 51454 ou 2A004)")
        let adresse = check.text("adresse")
        let complementAdresse = check.text("complement_adresse")
        let latitude = check.coordinate("latitude", limit: 90)
        let longitude = check.coordinate("longitude", limit: 180)
        let typologie = check.list("typologie") { value in
            PlaceStandard.isTypologyCode(value) ? nil
                : "« \(RowCheck.shown(value)) » n'est pas un code de typologie (majuscules, chiffres et _, par exemple \(PlaceStandard.knownTypologies.prefix(4).joined(separator: ", ")))"
        }
        let telephone = check.text("telephone", PlaceStandard.isValidTelephone,
                                   "doit être au format international sans espace, par exemple +33180059880")
        let courriels = check.list("courriels") { value in
            isPlausibleEmail(value) ? nil : "« \(RowCheck.shown(value)) » n'est pas une adresse électronique valide"
        }
        let siteWeb = check.list("site_web") { value in
            isPlausibleURL(value) ? nil : "« \(RowCheck.shown(value)) » n'est pas une adresse web commençant par http:// ou https://"
        }
        let horaires = check.text("horaires")
        let presentationResume = check.text("presentation_resume")
        let presentationDetail = check.text("presentation_detail")
        let source = check.text("source")
        let itinerance = check.enumeration("itinerance")
        let structureParente = check.text("structure_parente")
        let dateMaj = check.date("date_maj")
        let services = check.enumeration("services")
        let publics = check.enumeration("publics_specifiquement_adresses")
        let priseEnCharge = check.enumeration("prise_en_charge_specifique")
        let frais = check.enumeration("frais_a_charge")
        let dispositifs = check.enumeration("dispositif_programmes_nationaux")
        let formations = check.enumeration("formations_labels")
        let autresFormations = check.list("autres_formations_labels") { _ in nil }
        let modalitesAcces = check.enumeration("modalites_acces")
        let modalitesAccompagnement = check.enumeration("modalites_accompagnement")
        let ficheAccesLibre = check.text("fiche_acces_libre", isPlausibleURL, "doit être une adresse web commençant par http:// ou https://")
        let priseRdv = check.text("prise_rdv", isPlausibleURL, "doit être une adresse web commençant par http:// ou https://")

        guard check.errors.isEmpty, let id, let pivot, let nom, let commune, let codePostal, let adresse, let dateMaj else {
            return .failure(ValidationFailure(check.errors))
        }
        var record = PlaceRecord(id: id, pivot: pivot, nom: nom, commune: commune, codePostal: codePostal, adresse: adresse, dateMaj: dateMaj)
        record.codeInsee = codeInsee
        record.complementAdresse = complementAdresse
        record.latitude = latitude
        record.longitude = longitude
        record.typologie = typologie
        record.telephone = telephone
        record.courriels = courriels
        record.siteWeb = siteWeb
        record.horaires = horaires
        record.presentationResume = presentationResume
        record.presentationDetail = presentationDetail
        record.source = source
        record.itinerance = itinerance
        record.structureParente = structureParente
        record.services = services
        record.publicsSpecifiquementAdresses = publics
        record.priseEnChargeSpecifique = priseEnCharge
        record.fraisACharge = frais
        record.dispositifProgrammesNationaux = dispositifs
        record.formationsLabels = formations
        record.autresFormationsLabels = autresFormations
        record.modalitesAcces = modalitesAcces
        record.modalitesAccompagnement = modalitesAccompagnement
        record.ficheAccesLibre = ficheAccesLibre
        record.priseRdv = priseRdv
        return .success(record)
    }

    /// The row in the standard's column order, lists joined with "|", date ISO, numbers with "."
    /// and no exponent. Cells are written as held: export only records that passed `validate`.
    public var csvFields: [String] {
        let row = self.row
        return PlaceStandard.fields.map { row[$0] ?? "" }
    }

    /// The record as (standard field name → text), absent values left out; `validate(row)` reads it back.
    public var row: [String: String] {
        func join(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: String(PlaceStandard.listSeparator)) }
        let cells: [String: String?] = [
            "id": id,
            "pivot": pivot,
            "nom": nom,
            "commune": commune,
            "code_postal": codePostal,
            "code_insee": codeInsee,
            "adresse": adresse,
            "complement_adresse": complementAdresse,
            "latitude": latitude.map(Self.decimalText),
            "longitude": longitude.map(Self.decimalText),
            "typologie": join(typologie),
            "telephone": telephone,
            "courriels": join(courriels),
            "site_web": join(siteWeb),
            "horaires": horaires,
            "presentation_resume": presentationResume,
            "presentation_detail": presentationDetail,
            "source": source,
            "itinerance": join(itinerance),
            "structure_parente": structureParente,
            "date_maj": dateMaj.iso,
            "services": join(services),
            "publics_specifiquement_adresses": join(publicsSpecifiquementAdresses),
            "prise_en_charge_specifique": join(priseEnChargeSpecifique),
            "frais_a_charge": join(fraisACharge),
            "dispositif_programmes_nationaux": join(dispositifProgrammesNationaux),
            "formations_labels": join(formationsLabels),
            "autres_formations_labels": join(autresFormationsLabels),
            "modalites_acces": join(modalitesAcces),
            "modalites_accompagnement": join(modalitesAccompagnement),
            "fiche_acces_libre": ficheAccesLibre,
            "prise_rdv": priseRdv,
        ]
        return cells.compactMapValues { $0 }
    }

    /// A number written with "." and without exponent, as short as reads back the same Double
    /// ("43.52609", "5", "0.00001"). Not finite numbers give "".
    public static func decimalText(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        var text = "\(value)" // shortest round-trip form, maybe with an exponent ("1e-05")
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponent = Int(text[text.index(after: e)...]) ?? 0
            var mantissa = text[..<e]
            let negative = mantissa.hasPrefix("-")
            if negative { mantissa = mantissa.dropFirst() }
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
            let integerDigits = parts.first.map(String.init) ?? ""
            let digits = integerDigits + (parts.count > 1 ? String(parts[1]) : "")
            let point = integerDigits.count + exponent
            let body: String
            if point <= 0 {
                body = "0." + String(repeating: "0", count: -point) + digits
            } else if point >= digits.count {
                body = digits + String(repeating: "0", count: point - digits.count)
            } else {
                body = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            }
            text = (negative ? "-" : "") + body
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    // MARK: - Checks of single values

    /// `local@domain.tld`, without spaces, one `@`, a domain with a dot and a TLD of letters.
    static func isPlausibleEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254 else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let forbiddenInLocal: Set<Unicode.Scalar> = ["\"", "(", ")", ",", ":", ";", "<", ">", "[", "\\", "]"]
        guard local.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value > 0x20 && $0.value != 0x7F && !forbiddenInLocal.contains($0) })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" })
            else { return false }
        }
        return tld.unicodeScalars.allSatisfy(\.properties.isAlphabetic) || tld.lowercased().hasPrefix("xn--")
    }

    /// Starts with `http://` or `https://`, then a host; no spaces or control characters.
    static func isPlausibleURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        guard text.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value > 0x20 && $0.value != 0x7F }) else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !host.hasPrefix(".") && !host.hasPrefix(":")
    }
}

/// Reads and checks the cells of one row, gathering one error per field.
private struct RowCheck {
    let row: [String: String]
    var errors: [FieldError] = []

    init(row: [String: String]) { self.row = row }

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    /// The trimmed cell, or nil when absent (an error if required) or refused.
    mutating func cell(_ field: String) -> String? {
        let text = Self.trimSpaces(row[field] ?? "")
        if text.isEmpty {
            if PlaceStandard.isRequired(field) { fail(field, "champ obligatoire") }
            return nil
        }
        let limit = PlaceStandard.maxLength(of: field)
        let length = text.unicodeScalars.count
        if length > limit {
            fail(field, "ne doit pas dépasser \(limit) caractères (\(length) actuellement)")
            return nil
        }
        if let problem = Self.unsafeStart(text, field: field) ?? Self.controlCharacter(text) {
            fail(field, problem)
            return nil
        }
        return text
    }

    mutating func text(_ field: String) -> String? { cell(field) }

    mutating func text(_ field: String, _ isValid: (String) -> Bool, _ message: String) -> String? {
        guard let text = cell(field) else { return nil }
        guard isValid(text) else {
            fail(field, "« \(Self.shown(text)) » \(message)")
            return nil
        }
        return text
    }

    /// The values of a `|`-separated cell, each trimmed; `problem` says what is wrong with a value.
    mutating func list(_ field: String, _ problem: (String) -> String?) -> [String] {
        guard let text = cell(field) else { return [] }
        var values: [String] = []
        for piece in text.split(separator: PlaceStandard.listSeparator, omittingEmptySubsequences: false) {
            let value = Self.trimSpaces(String(piece))
            if value.isEmpty {
                fail(field, "valeur vide dans la liste : les valeurs se séparent par un seul | (sans | au début ni à la fin)")
                return []
            }
            if let message = Self.unsafeStart(value, field: field) ?? problem(value) {
                fail(field, message)
                return []
            }
            values.append(value)
        }
        return values
    }

    /// A list whose values come from the schema's closed list, spelled as the list spells them.
    mutating func enumeration(_ field: String) -> [String] {
        let allowed = PlaceStandard.enumerations[field] ?? []
        var unknown: [String] = []
        let values = list(field) { value in
            if !allowed.contains(value) { unknown.append(value) }
            return nil
        }
        guard unknown.isEmpty else {
            let quoted = unknown.map { "« \(Self.shown($0)) »" }.joined(separator: ", ")
            fail(field, (unknown.count == 1 ? "valeur non reconnue : " : "valeurs non reconnues : ") + quoted
                + " (valeurs possibles : " + allowed.joined(separator: " ; ") + ")")
            return []
        }
        // Same text up to Unicode normalization: keep the list's spelling.
        return values.map { value in allowed.first { $0 == value } ?? value }
    }

    /// A real day written `YYYY-MM-DD`.
    mutating func date(_ field: String) -> LocalDate? {
        guard let text = cell(field) else { return nil }
        guard let date = LocalDate(iso: text) else {
            fail(field, "« \(Self.shown(text)) » n'est pas une date réelle au format AAAA-MM-JJ (par exemple 2024-04-02)")
            return nil
        }
        return date
    }

    /// A decimal number with "." in -limit...limit.
    mutating func coordinate(_ field: String, limit: Double) -> Double? {
        guard let text = cell(field) else { return nil }
        guard Self.isDecimal(text), let value = Double(text) else {
            fail(field, text.contains(",")
                ? "« \(Self.shown(text)) » : le séparateur décimal doit être un point (par exemple 43.52609)"
                : "« \(Self.shown(text)) » n'est pas un nombre décimal (par exemple 43.52609)")
            return nil
        }
        guard value.isFinite, (-limit...limit).contains(value) else {
            fail(field, "« \(Self.shown(text)) » doit être compris entre \(Int(-limit)) et \(Int(limit))")
            return nil
        }
        return value
    }

    /// `[+-]?(\d+(\.\d*)?|\.\d+)`: no exponent, no comma, no "nan" or "inf".
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts.first ?? []
        let fraction = parts.count > 1 ? parts[1] : []
        guard integer.allSatisfy(PlaceStandard.isASCIIDigit), fraction.allSatisfy(PlaceStandard.isASCIIDigit) else { return false }
        return !integer.isEmpty || !fraction.isEmpty
    }

    /// A value as quoted back in a message (long values cut).
    static func shown(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }

    static func trimSpaces(_ text: String) -> String {
        guard text.first == " " || text.last == " " else { return text }
        var slice = Substring(text)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }

    /// Refuses what a spreadsheet would run as a formula (CSV injection).
    static func unsafeStart(_ text: String, field: String) -> String? {
        guard let first = text.unicodeScalars.first else { return nil }
        let always: Set<Unicode.Scalar> = ["=", "@", "\t", "\r"]
        let signed = first == "+" || first == "-"
        guard always.contains(first) || (signed && !PlaceStandard.signedFields.contains(field)) else { return nil }
        return "commence par un caractère de formule (=, +, -, @) : refusé pour protéger les tableurs"
    }

    /// Refuses control characters other than tab, line feed and carriage return.
    static func controlCharacter(_ text: String) -> String? {
        let bad = text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
        }
        return bad ? "contient un caractère de contrôle invisible : retirez-le" : nil
    }
}
