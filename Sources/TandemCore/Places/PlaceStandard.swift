import Foundation

/// The national open-data standard for places of digital mediation, `standard-mediation-num`
/// v1.0.2 (reference/standard-mediation-num/schema.json): field names in the schema's order,
/// closed value lists, and the schema's other patterns as Swift checks.
///
/// The lists and field names further down are generated from schema.json, not typed by hand;
/// a test reads schema.json and compares them.
public enum PlaceStandard {
    public static let version = "v1.0.2"

    /// Separator of the values of a multi-valued field in a CSV cell.
    public static let listSeparator: Character = "|"

    /// Multi-valued fields (values joined with `|`): those the schema describes as "séparées par
    /// un `|`" (every field with a closed list, `courriels`, `site_web`), `typologie` (the example
    /// has `TIERS_LIEUX|ASSO`), and `autres_formations_labels` (free labels; Tandem's choice, the
    /// schema only gives a single-value example).
    public static let listFields: Set<String> =
        Set(enumerations.keys).union(["typologie", "courriels", "site_web", "autres_formations_labels"])

    /// Fields holding a URL (`http://` or `https://`).
    public static let urlFields: Set<String> = ["site_web", "fiche_acces_libre", "prise_rdv"]

    /// Fields whose text may start with `+` or `-` (a phone number, a signed coordinate). Every
    /// other text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is refused.
    public static let signedFields: Set<String> = ["telephone", "latitude", "longitude"]

    /// The data·inclusion structure codes Tandem offers (TAXONOMY.md, "Places"), for forms.
    /// The schema's `typologie` has no closed list, so validation accepts any code written with
    /// uppercase letters, digits and `_` (see `isTypologyCode`), not only these.
    public static let knownTypologies: [String] = [
        "MUNI", "BIB", "RFS", "CSC", "EPN", "EPCI", "CCAS", "ASSO", "TIERS_LIEUX", "PIMMS", "MDS", "LA_POSTE",
    ]

    /// The most characters (Unicode scalars, as the schema's `maxLength` counts them) a cell may hold.
    public static func maxLength(of field: String) -> Int {
        switch field {
        case "id": 200
        case "presentation_resume": 280 // the schema's maxLength
        case "presentation_detail": 10_000
        default: 2_000
        }
    }

    public static func isRequired(_ field: String) -> Bool { requiredSet.contains(field) }
    private static let requiredSet = Set(requiredFields)

    // MARK: The schema's other patterns, as hand-written checks (ASCII digits and letters only).

    /// `^[a-zA-Z0-9]{9,14}$` (SIRET, RNA or RIDET).
    public static func isValidPivot(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (9...14).contains(bytes.count) && bytes.allSatisfy(isASCIIAlphanumeric)
    }

    /// `^\d{5}$`.
    public static func isValidCodePostal(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 5 && bytes.allSatisfy(isASCIIDigit)
    }

    /// `^([013-9]\d|2[AB1-9])\d{3}$` (Corsica is 2A / 2B, never 20).
    public static func isValidCodeInsee(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 5, b[2...].allSatisfy(isASCIIDigit) else { return false }
        if b[0] == UInt8(ascii: "2") {
            return b[1] == UInt8(ascii: "A") || b[1] == UInt8(ascii: "B") || (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b[1])
        }
        return isASCIIDigit(b[0]) && isASCIIDigit(b[1])
    }

    /// Country codes the schema's `telephone` pattern allows (France, overseas territories).
    public static let telephonePrefixes = ["+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681"]

    /// `^(\+33|\+590|…|\+681)(\d){6,9}$`: international format, no spaces, no leading 0.
    public static func isValidTelephone(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for prefix in telephonePrefixes {
            let p = Array(prefix.utf8)
            guard bytes.count > p.count, bytes.starts(with: p) else { continue }
            let rest = bytes[p.count...]
            if (6...9).contains(rest.count) && rest.allSatisfy(isASCIIDigit) { return true }
        }
        return false
    }

    /// A `typologie` code: uppercase ASCII letters, digits and `_`, starting with a letter.
    public static func isTypologyCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isASCIIUpper(first), bytes.count <= 50 else { return false }
        return bytes.allSatisfy { isASCIIUpper($0) || isASCIIDigit($0) || $0 == UInt8(ascii: "_") }
    }

    static func isASCIIDigit(_ b: UInt8) -> Bool { (48...57).contains(b) }
    static func isASCIIUpper(_ b: UInt8) -> Bool { (65...90).contains(b) }
    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIIDigit(b) || isASCIIUpper(b) || (97...122).contains(b) }

    // MARK: Header of an imported file

    /// What a file's header row says about its columns. A file whose header knows none of the
    /// standard's names is most likely not a file of the standard (or not CSV at all).
    public struct HeaderCheck: Equatable, Sendable {
        /// The header's names, spaces trimmed, in the file's order.
        public let columns: [String]
        public let missingRequired: [String]
        public let unknown: [String]
        public let duplicated: [String]

        /// True when the header names at least one field of the standard.
        public var looksLikeStandard: Bool { columns.contains { PlaceStandard.fieldSet.contains($0) } }

        /// Problems that make the file unusable: a required column absent, a column twice.
        /// Unknown columns are not errors here (the caller decides whether to mention them).
        public var errors: [FieldError] {
            missingRequired.map { FieldError($0, "colonne obligatoire absente de l'en-tête du fichier") }
                + duplicated.map { FieldError($0, "colonne présente plusieurs fois dans l'en-tête du fichier") }
        }

        /// A record's cells by standard field name (unknown columns left out, missing cells absent).
        public func row(_ fields: [String]) -> [String: String] {
            var row: [String: String] = [:]
            for (index, name) in columns.enumerated() where index < fields.count && PlaceStandard.fieldSet.contains(name) {
                if row[name] == nil { row[name] = fields[index] }
            }
            return row
        }

        /// A French message when a record does not have as many cells as the header, else nil.
        public func countMismatch(_ fields: [String]) -> String? {
            fields.count == columns.count ? nil
                : "la ligne a \(fields.count) champ(s) alors que l'en-tête en a \(columns.count)"
        }
    }

    public static func checkHeader(_ header: [String]) -> HeaderCheck {
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        var duplicated: [String] = []
        for column in columns where !seen.insert(column).inserted && !duplicated.contains(column) {
            duplicated.append(column)
        }
        return HeaderCheck(
            columns: columns,
            missingRequired: requiredFields.filter { !seen.contains($0) },
            unknown: columns.filter { !fieldSet.contains($0) },
            duplicated: duplicated
        )
    }

    static let fieldSet = Set(fields)
}

// The data below is generated from standard-mediation-num v1.0.2 schema.json (do not edit by hand).

extension PlaceStandard {
    /// The 32 field names of the standard, in the schema's order (the CSV column order).
    public static let fields: [String] = [
        "id",
        "pivot",
        "nom",
        "commune",
        "code_postal",
        "code_insee",
        "adresse",
        "complement_adresse",
        "latitude",
        "longitude",
        "typologie",
        "telephone",
        "courriels",
        "site_web",
        "horaires",
        "presentation_resume",
        "presentation_detail",
        "source",
        "itinerance",
        "structure_parente",
        "date_maj",
        "services",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
        "frais_a_charge",
        "dispositif_programmes_nationaux",
        "formations_labels",
        "autres_formations_labels",
        "modalites_acces",
        "modalites_accompagnement",
        "fiche_acces_libre",
        "prise_rdv",
    ]

    /// The fields whose `required` flag is true in the schema.
    public static let requiredFields: [String] = [
        "id",
        "pivot",
        "nom",
        "commune",
        "code_postal",
        "adresse",
        "date_maj",
    ]

    /// Allowed values of `itinerance` (the alternatives of its schema pattern).
    public static let itinerance: [String] = [
        "Itinérant",
        "Fixe",
    ]

    /// Allowed values of `services` (the alternatives of its schema pattern).
    public static let services: [String] = [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique",
        "Loisirs et créations numériques",
        "Compréhension du monde numérique",
        "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ]

    /// Allowed values of `publics_specifiquement_adresses` (the alternatives of its schema pattern).
    public static let publicsSpecifiquementAdresses: [String] = [
        "Jeunes",
        "Étudiants",
        "Familles et/ou enfants",
        "Seniors",
        "Femmes",
    ]

    /// Allowed values of `prise_en_charge_specifique` (the alternatives of its schema pattern).
    public static let priseEnChargeSpecifique: [String] = [
        "Surdité",
        "Handicaps moteurs",
        "Handicaps mentaux",
        "Illettrisme",
        "Langues étrangères (anglais)",
        "Langues étrangères (autres)",
        "Déficience visuelle",
    ]

    /// Allowed values of `frais_a_charge` (the alternatives of its schema pattern).
    public static let fraisACharge: [String] = [
        "Gratuit",
        "Gratuit sous condition",
        "Payant",
    ]

    /// Allowed values of `dispositif_programmes_nationaux` (the alternatives of its schema pattern).
    public static let dispositifProgrammesNationaux: [String] = [
        "Aidants Connect",
        "Bibliothèques numérique de référence",
        "Certification PIX",
        "Conseillers numériques",
        "Emmaüs Connect",
        "France Services",
        "Grande école du numérique",
        "La Croix Rouge",
        "Point d'accès numérique CAF",
        "Promeneurs du net",
        "Relais numérique (Emmaüs Connect)",
    ]

    /// Allowed values of `formations_labels` (the alternatives of its schema pattern).
    public static let formationsLabels: [String] = [
        "Formé à « Mon Espace Santé »",
        "Formé à « DUPLEX » (illettrisme)",
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        "Collectif ressources et acteurs réemploi (Normandie)",
        "Étapes numériques(La Poste)",
        "Fabriques de Territoire",
        "Les Éclaireurs du numérique (Drôme)",
        "Mes Papiers (Métropole de Lyon)",
        "ORDI 3.0",
        "SUD LABS (PACA)",
    ]

    /// Allowed values of `modalites_acces` (the alternatives of its schema pattern).
    public static let modalitesAcces: [String] = [
        "Se présenter",
        "Téléphoner",
        "Contacter par mail",
        "Prendre un RDV en ligne",
        "Ce lieu n'accueille pas de public",
        "Envoyer un mail avec une fiche de prescription",
    ]

    /// Allowed values of `modalites_accompagnement` (the alternatives of its schema pattern).
    public static let modalitesAccompagnement: [String] = [
        "En autonomie",
        "Accompagnement individuel",
        "Dans un atelier collectif",
        "À distance",
    ]

    /// Every field with a closed list of values, by standard field name.
    public static let enumerations: [String: [String]] = [
        "itinerance": itinerance,
        "services": services,
        "publics_specifiquement_adresses": publicsSpecifiquementAdresses,
        "prise_en_charge_specifique": priseEnChargeSpecifique,
        "frais_a_charge": fraisACharge,
        "dispositif_programmes_nationaux": dispositifProgrammesNationaux,
        "formations_labels": formationsLabels,
        "modalites_acces": modalitesAcces,
        "modalites_accompagnement": modalitesAccompagnement,
    ]
}
