import Foundation
import Testing
@testable import TandemCore

// MARK: - Reference files of the standard

/// A file of shared/reference/standard-mediation-num, found from the package root (the working
/// directory of `swift test`), or else from this source file's place in the package.
private func referenceFile(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
    let relative = "../shared/reference/standard-mediation-num/" + name
    if let data = FileManager.default.contents(atPath: relative) { return [UInt8](data) }
    let packageRoot = URL(fileURLWithPath: filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reference/standard-mediation-num/" + name)
    return [UInt8](try Data(contentsOf: url))
}

/// The schema's fields, as JSON objects, in order.
private func schemaFields() throws -> [[String: Any]] {
    let json = try JSONSerialization.jsonObject(with: Data(try referenceFile("schema.json")))
    let schema = try #require(json as? [String: Any])
    return try #require(schema["fields"] as? [[String: Any]])
}

private func constraints(_ field: [String: Any]) -> [String: Any] {
    field["constraints"] as? [String: Any] ?? [:]
}

/// The alternatives of a pattern `(?:(?:^|\|)(A|B|…))+$`, unescaped; nil for other patterns.
private func closedList(in pattern: String) -> [String]? {
    let prefix = "(?:(?:^|\\|)(", suffix = "))+$"
    guard pattern.hasPrefix(prefix), pattern.hasSuffix(suffix) else { return nil }
    let inner = pattern.dropFirst(prefix.count).dropLast(suffix.count)
    var values: [String] = [], current = "", escaped = false
    for character in inner {
        if escaped {
            current.append(character)
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "|" {
            values.append(current)
            current = ""
        } else {
            current.append(character)
        }
    }
    values.append(current)
    return values
}

private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Rows used by the tests

/// A complete valid row (every field filled), written for these tests.
private let fullRow: [String: String] = [
    "id": "lieu-42",
    "pivot": "21510454800014",
    "nom": "Médiathèque Jean Falala",
    "commune": "Reims",
    "code_postal": "51100",
    "code_insee": "51454",
    "adresse": "2 rue des Fuseliers",
    "complement_adresse": "Espace numérique, 1er étage",
    "latitude": "49.2583",
    "longitude": "4.0317",
    "typologie": "BIB|MUNI",
    "telephone": "+33326356800",
    "courriels": "numerique@reims.fr|mediatheque@reims.fr",
    "site_web": "https://www.bm-reims.fr/|https://www.facebook.com/bmreims",
    "horaires": "Tu-Sa 10:00-18:00",
    "presentation_resume": "Accès libre à internet, ateliers et aide aux démarches.",
    "presentation_detail": "Des ateliers chaque semaine.\nUn médiateur sur rendez-vous le samedi.",
    "source": "Ville de Reims",
    "itinerance": "Fixe",
    "structure_parente": "Ville de Reims",
    "date_maj": "2026-03-14",
    "services": "Aide aux démarches administratives|Accès internet et matériel informatique",
    "publics_specifiquement_adresses": "Seniors|Familles et/ou enfants",
    "prise_en_charge_specifique": "Déficience visuelle",
    "frais_a_charge": "Gratuit",
    "dispositif_programmes_nationaux": "Conseillers numériques|France Services",
    "formations_labels": "Étapes numériques(La Poste)|ORDI 3.0",
    "autres_formations_labels": "Label A|Label B",
    "modalites_acces": "Se présenter|Prendre un RDV en ligne",
    "modalites_accompagnement": "Accompagnement individuel|Dans un atelier collectif",
    "fiche_acces_libre": "https://acceslibre.beta.gouv.fr/app/51-reims/a/bibliotheque/erp/mediatheque/",
    "prise_rdv": "https://www.rdv-solidarites.fr/",
]

private let minimalRow: [String: String] = [
    "id": "1", "pivot": "W511234567", "nom": "EPN", "commune": "Reims",
    "code_postal": "51100", "adresse": "1 place X", "date_maj": "2024-04-02",
]

private func changed(_ changes: [String: String?], from base: [String: String] = fullRow) -> [String: String] {
    var row = base
    for (field, value) in changes { row[field] = value }
    return row
}

private func errors(_ row: [String: String]) -> [FieldError] {
    switch PlaceRecord.validate(row) {
    case .success: []
    case .failure(let failure): failure.errors
    }
}

private func valid(_ row: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> PlaceRecord {
    switch PlaceRecord.validate(row) {
    case .success(let record): return record
    case .failure(let failure):
        Issue.record("unexpected errors: \(failure.errors)", sourceLocation: sourceLocation)
        throw failure
    }
}

private let formulaMessage = "commence par un caractère de formule (=, +, -, @) : refusé pour protéger les tableurs"

// MARK: - The standard, read from schema.json

struct PlaceStandardSchemaTests {
    @Test func fieldNamesAndOrderAreTheSchemas() throws {
        let names = try schemaFields().map { $0["name"] as? String }
        #expect(names == PlaceStandard.fields)
        #expect(PlaceStandard.fields.count == 32)
    }

    @Test func requiredFieldsAreTheSchemasRequiredFlags() throws {
        let required = try schemaFields().filter { constraints($0)["required"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(required == PlaceStandard.requiredFields)
        // The schema gives `services` no `required` flag at all, so it is optional.
        #expect(!PlaceStandard.isRequired("services"))
    }

    @Test func closedListsAreThePatternAlternatives() throws {
        var found: [String: [String]] = [:]
        for field in try schemaFields() {
            guard let name = field["name"] as? String, let pattern = constraints(field)["pattern"] as? String,
                  let values = closedList(in: pattern) else { continue }
            found[name] = values
        }
        #expect(found.count == 9)
        #expect(Set(found.keys) == Set(PlaceStandard.enumerations.keys))
        for (name, values) in found {
            #expect(PlaceStandard.enumerations[name] == values, "\(name)")
        }
        #expect(PlaceStandard.services == found["services"])
        #expect(PlaceStandard.itinerance == ["Itinérant", "Fixe"])
        // Every closed list is multi-valued.
        #expect(Set(found.keys).isSubset(of: PlaceStandard.listFields))
    }

    @Test func maxLengthsOfTheSchemaAreEnforced() throws {
        for field in try schemaFields() {
            guard let name = field["name"] as? String, let limit = constraints(field)["maxLength"] as? Int else { continue }
            #expect(PlaceStandard.maxLength(of: name) == limit, "\(name)")
        }
    }

    /// The hand-written checks accept exactly what the schema's regular expression accepts.
    @Test(arguments: ["pivot", "code_postal", "code_insee", "telephone"])
    func handWrittenCheckAgreesWithSchemaPattern(field: String) throws {
        let schemaField = try #require(try schemaFields().first { $0["name"] as? String == field })
        let pattern = try #require(constraints(schemaField)["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        let check: (String) -> Bool = switch field {
        case "pivot": PlaceStandard.isValidPivot
        case "code_postal": PlaceStandard.isValidCodePostal
        case "code_insee": PlaceStandard.isValidCodeInsee
        default: PlaceStandard.isValidTelephone
        }
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789AB2abzZ +-é.")
        var samples = ["43493312300029", "W511234567", "51100", "2A004", "2B033", "20004", "97411", "+33180059880",
                       "+262262123456", "+3318005988012", "+331234", "+33123456", "0180059880", "", "2a004", "+590590123456"]
        for _ in 0..<20_000 {
            var text = ""
            if field == "telephone" && Bool.random(using: &random) {
                text = PlaceStandard.telephonePrefixes.randomElement(using: &random)!
                text += String((0..<Int.random(in: 4...11, using: &random)).map { _ in "0123456789".randomElement(using: &random)! })
                if Int.random(in: 0..<5, using: &random) == 0 { text.insert(alphabet.randomElement(using: &random)!, at: text.index(text.startIndex, offsetBy: 2)) }
            } else {
                let length = Int.random(in: 3...16, using: &random)
                text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            }
            samples.append(text)
        }
        var accepted = 0
        for text in samples {
            let range = NSRange(text.startIndex..., in: text)
            let matches = regex.firstMatch(in: text, range: range).map { $0.range == range } ?? false
            #expect(check(text) == matches, "\(field): «\(text)»")
            if matches { accepted += 1 }
        }
        #expect(accepted > 5, "the samples include valid values")
    }
}

// MARK: - The valid example of the standard

struct PlaceExampleTests {
    private func exampleRecords() throws -> [CSVRecord] {
        var reader = CSVReader(bytes: try referenceFile("exemple-valide.csv"))
        return try reader.readAll()
    }

    @Test func exampleValidatesAndWritesBackIdentically() throws {
        let records = try exampleRecords()
        let header = try #require(records.first)
        #expect(header.fields == PlaceStandard.fields)
        let check = PlaceStandard.checkHeader(header.fields)
        #expect(check.errors.isEmpty && check.unknown.isEmpty && check.looksLikeStandard)
        #expect(records.count == 2)

        for record in records.dropFirst() {
            #expect(check.countMismatch(record.fields) == nil)
            let place = try valid(check.row(record.fields))
            // Every cell of the example is already in the standard's own form.
            #expect(place.csvFields == record.fields)
        }
    }

    @Test func exampleValuesAreRead() throws {
        let records = try exampleRecords()
        let place = try valid(PlaceStandard.checkHeader(records[0].fields).row(records[1].fields))
        #expect(place.id == "structure-1")
        #expect(place.latitude == 43.52609 && place.longitude == 5.41423)
        #expect(place.typologie == ["TIERS_LIEUX", "ASSO"])
        #expect(place.courriels == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"])
        #expect(place.siteWeb.count == 2)
        #expect(place.dateMaj == LocalDate(year: 2024, month: 4, day: 2))
        #expect(place.services.count == 3)
        #expect(place.modalitesAccompagnement == ["Dans un atelier collectif", "À distance", "En autonomie", "Accompagnement individuel"])
        #expect(place.autresFormationsLabels == ["Label et la bête"])
        #expect(place.horaires == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00")
    }

    @Test(arguments: [CSVDelimiter.comma, .semicolon])
    func writtenThenReadGivesEqualRecords(delimiter: CSVDelimiter) throws {
        let records = try exampleRecords()
        let check = PlaceStandard.checkHeader(records[0].fields)
        let places = try records.dropFirst().map { try valid(check.row($0.fields)) } + [try valid(fullRow), try valid(minimalRow)]

        let writer = CSVWriter(delimiter: delimiter, byteOrderMark: true)
        let text = writer.header(PlaceStandard.fields) + places.map { writer.line($0.csvFields) }.joined()
        var reader = CSVReader(bytes: Array(text.utf8), delimiter: delimiter)
        let read = try reader.readAll()
        #expect(read.first?.fields == PlaceStandard.fields)
        let again = try read.dropFirst().map { try valid(PlaceStandard.checkHeader(read[0].fields).row($0.fields)) }
        #expect(again == places)
        // The full row has a two-line presentation: its record spans two physical lines.
        #expect(read.map(\.line) == [1, 2, 3, 5])
    }
}

// MARK: - Validation rules

struct PlaceRecordValidTests {
    @Test func fullAndMinimalRowsAreValid() throws {
        let full = try valid(fullRow)
        #expect(full.row == fullRow)
        #expect(full.formationsLabels == ["Étapes numériques(La Poste)", "ORDI 3.0"])
        let minimal = try valid(minimalRow)
        #expect(minimal.services == [] && minimal.latitude == nil && minimal.codeInsee == nil)
        #expect(minimal.csvFields.filter { !$0.isEmpty }.count == 7)
    }

    @Test func servicesMayBeAbsentAsTheSchemaSays() throws {
        #expect(try valid(changed(["services": nil])).services == [])
    }

    @Test func spacesAroundValuesAndListValuesAreTrimmed() throws {
        let place = try valid(changed([
            "nom": "  Médiathèque  ", "code_postal": " 51100 ",
            "publics_specifiquement_adresses": " Jeunes | Femmes ", "latitude": " -12.5 ",
        ]))
        #expect(place.nom == "Médiathèque" && place.codePostal == "51100")
        #expect(place.publicsSpecifiquementAdresses == ["Jeunes", "Femmes"])
        #expect(place.latitude == -12.5)
    }

    @Test func decomposedAccentsMatchAndAreStoredAsTheListSpellsThem() throws {
        let decomposed = "E\u{301}tudiants" // É as E + combining acute accent
        let place = try valid(changed(["publics_specifiquement_adresses": decomposed]))
        #expect(Array(place.publicsSpecifiquementAdresses[0].unicodeScalars) == Array("Étudiants".unicodeScalars))
    }

    @Test(arguments: [
        ("presentation_resume", String(repeating: "é", count: 280)),
        ("presentation_detail", String(repeating: "a", count: 10_000)),
        ("id", String(repeating: "i", count: 200)),
        ("nom", String(repeating: "n", count: 2_000)),
        ("telephone", "+33123456"),
        ("telephone", "+262262123456"),
        ("code_insee", "2A004"),
        ("code_insee", "2B033"),
        ("code_insee", "97411"),
        ("latitude", "-90"),
        ("latitude", "90.0"),
        ("latitude", ".5"),
        ("longitude", "-180"),
        ("longitude", "+179.999999"),
        ("date_maj", "2024-02-29"),
        ("typologie", "TIERS_LIEUX|ASSO|NOUVEAU_CODE_2"),
        ("site_web", "HTTP://EXEMPLE.FR"),
        ("courriels", "prénom.nom+tag@mairie-reims.fr"),
        ("pivot", "W511234567"),
    ])
    func limitValuesAreAccepted(field: String, value: String) throws {
        _ = try valid(changed([field: value]))
    }

    @Test func recordBuiltInCodeRoundTripsThroughItsRow() throws {
        var place = PlaceRecord(id: "p1", pivot: "123456789", nom: "Tiers-lieu", commune: "Épernay", codePostal: "51200",
                                adresse: "3 rue X", dateMaj: LocalDate(year: 2026, month: 1, day: 31)!)
        place.latitude = 0.00001
        place.longitude = -4.5
        place.services = ["Utilisation sécurisée du numérique"]
        place.modalitesAcces = ["Téléphoner"]
        #expect(place.csvFields[8] == "0.00001" && place.csvFields[9] == "-4.5")
        #expect(try valid(place.row) == place)
    }
}

struct PlaceRuleCase: Sendable, CustomTestStringConvertible {
    let field: String
    let value: String
    /// A piece of the expected message.
    let message: String
    var testDescription: String { "\(field) = «\(value.prefix(40))»" }
}

struct PlaceRecordRuleTests {
    static let cases: [PlaceRuleCase] = [
        PlaceRuleCase(field: "pivot", value: "12345678", message: "9 à 14"),
        PlaceRuleCase(field: "pivot", value: "434933123000299", message: "9 à 14"),
        PlaceRuleCase(field: "pivot", value: "434 933 123 00029", message: "9 à 14"),
        PlaceRuleCase(field: "code_postal", value: "5110", message: "5 chiffres"),
        PlaceRuleCase(field: "code_postal", value: "51 100", message: "5 chiffres"),
        PlaceRuleCase(field: "code_insee", value: "20004", message: "INSEE"),
        PlaceRuleCase(field: "code_insee", value: "2C004", message: "INSEE"),
        PlaceRuleCase(field: "telephone", value: "0180059880", message: "international"),
        PlaceRuleCase(field: "telephone", value: "+33 1 80 05 98 80", message: "international"),
        PlaceRuleCase(field: "telephone", value: "+4412345678", message: "international"),
        PlaceRuleCase(field: "telephone", value: "+3312345", message: "international"),
        PlaceRuleCase(field: "latitude", value: "43,52609", message: "point"),
        PlaceRuleCase(field: "latitude", value: "90.0001", message: "entre -90 et 90"),
        PlaceRuleCase(field: "latitude", value: "1e3", message: "nombre décimal"),
        PlaceRuleCase(field: "latitude", value: "nan", message: "nombre décimal"),
        PlaceRuleCase(field: "longitude", value: "-180.5", message: "entre -180 et 180"),
        PlaceRuleCase(field: "longitude", value: "4.03.17", message: "nombre décimal"),
        PlaceRuleCase(field: "date_maj", value: "2024-02-30", message: "date réelle"),
        PlaceRuleCase(field: "date_maj", value: "02/04/2024", message: "AAAA-MM-JJ"),
        PlaceRuleCase(field: "date_maj", value: "2024-4-2", message: "AAAA-MM-JJ"),
        PlaceRuleCase(field: "presentation_resume", value: String(repeating: "é", count: 281), message: "280 caractères"),
        PlaceRuleCase(field: "presentation_detail", value: String(repeating: "a", count: 10_001), message: "10000 caractères"),
        PlaceRuleCase(field: "id", value: String(repeating: "i", count: 201), message: "200 caractères"),
        PlaceRuleCase(field: "horaires", value: String(repeating: "h", count: 2_001), message: "2000 caractères"),
        PlaceRuleCase(field: "site_web", value: "www.bm-reims.fr", message: "« www.bm-reims.fr »"),
        PlaceRuleCase(field: "site_web", value: "https://ok.fr|ftp://files.fr", message: "« ftp://files.fr »"),
        PlaceRuleCase(field: "fiche_acces_libre", value: "acceslibre.beta.gouv.fr/app/x", message: "http://"),
        PlaceRuleCase(field: "prise_rdv", value: "https://", message: "http://"),
        PlaceRuleCase(field: "prise_rdv", value: "https://rdv exemple.fr", message: "http://"),
        PlaceRuleCase(field: "courriels", value: "contact", message: "« contact »"),
        PlaceRuleCase(field: "courriels", value: "a@b", message: "« a@b »"),
        PlaceRuleCase(field: "courriels", value: "ok@reims.fr|jean dupont@reims.fr", message: "« jean dupont@reims.fr »"),
        PlaceRuleCase(field: "courriels", value: "a@@reims.fr", message: "adresse électronique"),
        PlaceRuleCase(field: "typologie", value: "MUNI|Mairie", message: "« Mairie »"),
        PlaceRuleCase(field: "typologie", value: "tiers_lieux", message: "typologie"),
        PlaceRuleCase(field: "itinerance", value: "Mobile", message: "« Mobile »"),
        PlaceRuleCase(field: "services", value: "Aide aux démarches administratives|Cours de cuisine", message: "« Cours de cuisine »"),
        PlaceRuleCase(field: "services", value: "Comprehension du monde numérique", message: "« Comprehension du monde numérique »"),
        PlaceRuleCase(field: "publics_specifiquement_adresses", value: "Jeunes|Enfants|Retraités", message: "« Enfants », « Retraités »"),
        PlaceRuleCase(field: "publics_specifiquement_adresses", value: "Jeunes||Femmes", message: "valeur vide"),
        PlaceRuleCase(field: "publics_specifiquement_adresses", value: "Jeunes|", message: "valeur vide"),
        PlaceRuleCase(field: "prise_en_charge_specifique", value: "surdité", message: "« surdité »"),
        PlaceRuleCase(field: "frais_a_charge", value: "Gratuit;Payant", message: "« Gratuit;Payant »"),
        PlaceRuleCase(field: "dispositif_programmes_nationaux", value: "Pass numérique", message: "« Pass numérique »"),
        PlaceRuleCase(field: "formations_labels", value: "Étapes numériques (La Poste)", message: "« Étapes numériques (La Poste) »"),
        PlaceRuleCase(field: "modalites_acces", value: "Écrire", message: "« Écrire »"),
        PlaceRuleCase(field: "modalites_accompagnement", value: "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique",
                 message: "valeur non reconnue"),
        PlaceRuleCase(field: "nom", value: "Média\u{0}thèque", message: "caractère de contrôle"),
    ]

    @Test(arguments: cases)
    func ruleFailsOnItsField(rule: PlaceRuleCase) {
        let found = errors(changed([rule.field: rule.value]))
        #expect(found.map(\.field) == [rule.field])
        #expect(found.first?.message.contains(rule.message) == true, "\(found)")
    }

    @Test func enumerationMessageListsThePossibleValues() {
        let message = errors(changed(["frais_a_charge": "Libre"])).first?.message
        #expect(message == "valeur non reconnue : « Libre » (valeurs possibles : Gratuit ; Gratuit sous condition ; Payant)")
    }

    @Test(arguments: PlaceStandard.requiredFields)
    func requiredFieldMissingOrBlank(field: String) {
        for value in [nil, "", "   "] as [String?] {
            let found = errors(changed([field: value]))
            #expect(found == [FieldError(field, "champ obligatoire")])
        }
    }

    @Test func everyProblemIsReportedInSchemaOrder() {
        let found = errors(changed(["prise_rdv": "rdv.fr", "pivot": "x", "nom": nil, "code_postal": "ABCDE", "latitude": "100"]))
        #expect(found.map(\.field) == ["pivot", "nom", "code_postal", "latitude", "prise_rdv"])
    }

    @Test func unknownKeysAreIgnored() throws {
        _ = try valid(changed(["colonne_maison": "=danger"]))
    }
}

struct PlaceRecordFormulaTests {
    @Test(arguments: PlaceStandard.fields)
    func formulaStartsAreRefusedInEveryField(field: String) {
        for value in ["=1+1", "@SUM(A1)", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")", "  @x"] {
            #expect(errors(changed([field: value])) == [FieldError(field, formulaMessage)], "\(field) «\(value)»")
        }
        let signed = PlaceStandard.signedFields.contains(field)
        for value in ["+1", "-1", "-cmd|' /C calc'!A0"] {
            let found = errors(changed([field: value]))
            if signed {
                #expect(!found.contains { $0.message == formulaMessage }, "\(field) «\(value)»")
            } else {
                #expect(found == [FieldError(field, formulaMessage)], "\(field) «\(value)»")
            }
        }
    }

    @Test func signedFieldsAcceptTheirSign() throws {
        let place = try valid(changed(["telephone": "+33180059880", "latitude": "-21.1151", "longitude": "+55.5364"]))
        #expect(place.telephone == "+33180059880" && place.latitude == -21.1151 && place.longitude == 55.5364)
    }

    @Test func formulaInsideAListIsRefused() {
        #expect(errors(changed(["typologie": "ASSO|=cmd"])) == [FieldError("typologie", formulaMessage)])
        #expect(errors(changed(["autres_formations_labels": "Label A| -1+1"])) == [FieldError("autres_formations_labels", formulaMessage)])
        #expect(errors(changed(["courriels": "a@reims.fr|@b.fr"])) == [FieldError("courriels", formulaMessage)])
    }

    @Test func signsInsideTextAreFine() throws {
        _ = try valid(changed(["nom": "Espace 2-3", "presentation_resume": "Ateliers +/- 2 h, contact: a@b.fr = ok"]))
    }
}

struct PlaceDecimalAndHeaderTests {
    @Test(arguments: [
        (43.52609, "43.52609"), (5.0, "5"), (-0.5, "-0.5"), (0.00001, "0.00001"), (-1.5e-7, "-0.00000015"),
        (1e16, "10000000000000000"), (0.0, "0"), (-0.0, "0"), (180.0, "180"), (123.456e-10, "0.0000000123456"),
    ])
    func decimalTextHasNoExponent(value: Double, text: String) {
        #expect(PlaceRecord.decimalText(value) == text)
    }

    @Test func decimalTextReadsBackTheSameNumber() {
        var random = SeededRandom(seed: 99)
        for _ in 0..<20_000 {
            let value = Double.random(in: -180...180, using: &random) * (Bool.random(using: &random) ? 1 : 1e-6)
            let text = PlaceRecord.decimalText(value)
            #expect(!text.contains("e") && !text.contains("E") && !text.contains(","))
            #expect(Double(text) == value, "\(value) → \(text)")
        }
    }

    @Test func headerCheckFindsMissingDuplicatedAndUnknownColumns() {
        let check = PlaceStandard.checkHeader(["id", " nom ", "nom", "commune", "code_postal", "adresse", "date_maj", "remarque"])
        #expect(check.missingRequired == ["pivot"])
        #expect(check.duplicated == ["nom"])
        #expect(check.unknown == ["remarque"])
        #expect(check.errors.map(\.field) == ["pivot", "nom"])
        #expect(check.looksLikeStandard)
        #expect(check.row(["1", "A", "B", "C", "51100", "X"]) == ["id": "1", "nom": "A", "commune": "C", "code_postal": "51100", "adresse": "X"])
        #expect(check.countMismatch(["1"]) == "la ligne a 1 champ(s) alors que l'en-tête en a 8")
    }

    @Test func aFileThatIsNotTheStandardIsRecognizedByItsHeader() throws {
        var reader = CSVReader(text: "<!DOCTYPE html>\n<html><body>\n")
        let first = try #require(try reader.next())
        let check = PlaceStandard.checkHeader(first.fields)
        #expect(!check.looksLikeStandard)
        #expect(check.missingRequired == PlaceStandard.requiredFields)
    }
}
