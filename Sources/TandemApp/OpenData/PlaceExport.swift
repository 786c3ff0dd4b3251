import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The places as open data, in the national standard (`standard-mediation-num` v1.0.2): the CSV
/// of the standard, or the same records as JSON. Shared by `/opendata/lieux.*` and
/// `tandem export places`.
///
/// The export streams: it reads the table one page at a time (keyset on the primary key, never an
/// offset, never the whole table) and hands each page's text to `write` before reading the next,
/// so memory stays flat however many places there are.
///
/// Only the standard's fields leave Tandem. Equipment and accessibility notes are Tandem's own
/// additions: they are not columns of the standard, so the CSV cannot carry them, and the JSON
/// gives the same records as the CSV (no extra key). Nothing about accounts is ever read here.
struct PlaceExport: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case csv, json

        var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            }
        }

        var fileName: String { "lieux.\(rawValue)" }
    }

    let db: any Database
    let logger: Logger
    /// Places read per query; one page's text is written at once.
    var pageSize = 1_000

    struct Summary: Sendable, Equatable {
        /// Places written.
        var written = 0
        /// Stored places whose fields no longer pass the standard's checks, left out of the file so
        /// that it stays valid (logged by id, which is public: it is the place's open-data id).
        var skipped = 0
    }

    /// Writes the whole file through `write`, one chunk per page of places, and returns what it wrote.
    @discardableResult
    func run(_ format: Format, write: (String) async throws -> Void) async throws -> Summary {
        var summary = Summary()
        var first = true
        try await write(format == .csv ? CSVWriter().header(PlaceStandard.fields) : "[")
        var after: UUID?
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database expected") }
        while true {
            let query = sql.select().columns(PlaceRows.Stored.columns).from(PlaceModel.schema)
                .orderBy("id").limit(pageSize)
            if let after { query.where("id", .greaterThan, after) }
            let page = try await query.all(decoding: PlaceRows.Stored.self)
            guard let last = page.last else { break }
            after = last.id
            var chunk = ""
            chunk.reserveCapacity(page.count * 600)
            for place in page {
                switch PlaceRecord.validate(place.record.row) {
                case let .success(record):
                    switch format {
                    case .csv:
                        chunk += CSVWriter.line(record.csvFields)
                    case .json:
                        chunk += first ? "\n" : ",\n"
                        chunk += Self.jsonObject(record)
                    }
                    first = false
                    summary.written += 1
                case let .failure(failure):
                    summary.skipped += 1
                    logger.warning("Lieu laissé hors de l'export : il ne respecte plus le standard", metadata: [
                        "lieu": .string(place.standardId),
                        "champs": .string(failure.errors.map(\.field).joined(separator: ",")),
                    ])
                }
            }
            if !chunk.isEmpty { try await write(chunk) }
            if page.count < pageSize { break }
        }
        if format == .json { try await write(first ? "]\n" : "\n]\n") }
        return summary
    }

    // MARK: JSON

    /// One place as a JSON object: the standard's 32 field names, in the schema's order, always
    /// all present. Multi-valued fields are arrays (empty when there is no value); `latitude` and
    /// `longitude` are numbers; `date_maj` is an ISO date; any other absent value is `null`.
    static func jsonObject(_ record: PlaceRecord) -> String {
        let row = record.row
        var out = "{"
        for (index, field) in PlaceStandard.fields.enumerated() {
            if index > 0 { out += "," }
            out += jsonString(field) + ":"
            if let list = listValue(field, of: record) {
                out += "[" + list.map(jsonString).joined(separator: ",") + "]"
            } else if field == "latitude" || field == "longitude" {
                let value = field == "latitude" ? record.latitude : record.longitude
                out += value.map(PlaceRecord.decimalText).flatMap { $0.isEmpty ? nil : $0 } ?? "null"
            } else if let text = row[field] {
                out += jsonString(text)
            } else {
                out += "null"
            }
        }
        return out + "}"
    }

    /// The values of a multi-valued field, or nil when `field` holds a single value.
    static func listValue(_ field: String, of record: PlaceRecord) -> [String]? {
        switch field {
        case "typologie": record.typologie
        case "courriels": record.courriels
        case "site_web": record.siteWeb
        case "itinerance": record.itinerance
        case "services": record.services
        case "publics_specifiquement_adresses": record.publicsSpecifiquementAdresses
        case "prise_en_charge_specifique": record.priseEnChargeSpecifique
        case "frais_a_charge": record.fraisACharge
        case "dispositif_programmes_nationaux": record.dispositifProgrammesNationaux
        case "formations_labels": record.formationsLabels
        case "autres_formations_labels": record.autresFormationsLabels
        case "modalites_acces": record.modalitesAcces
        case "modalites_accompagnement": record.modalitesAccompagnement
        default: nil
        }
    }

    /// A JSON string literal (RFC 8259): quote, backslash and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028" // valid JSON, but not valid inside a JavaScript string
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Places read and written with SQLKit rather than as Fluent models, for the open-data export and
/// the import: Fluent reflects over a model's 39 properties (a `Mirror`) for every row it decodes
/// or inserts, which was most of the time of an export or import of 100,000 places. The mappings
/// between a place and the standard's record stay `PlaceModel`'s own (`record`, `apply`): a row is
/// read into a transient `PlaceModel`, and a row is written from one.
enum PlaceRows {
    /// The columns of a place that the standard's record reads, with the place's and its structure's ids.
    struct Stored: Decodable, Sendable {
        let id: UUID
        let structureId: UUID
        let standardId: String
        let name: String
        let typology: String
        let address: String
        let postalCode: String
        let commune: String
        let pivot: String
        let codeInsee: String?
        let complementAdresse: String?
        let latitude: Double?
        let longitude: Double?
        let telephone: String?
        let courriels: String
        let siteWeb: String
        let horaires: String?
        let presentationResume: String?
        let presentationDetail: String?
        let source: String?
        let itinerance: String
        let structureParente: String?
        let dateMaj: String
        let services: String
        let publics: String
        let priseEnCharge: String
        let frais: String
        let dispositifs: String
        let formationsLabels: String
        let autresFormationsLabels: String
        let modalitesAcces: String
        let modalitesAccompagnement: String
        let ficheAccesLibre: String?
        let priseRdv: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id
            case structureId = "structure_id"
            case standardId = "standard_id"
            case name, typology, address
            case postalCode = "postal_code"
            case commune, pivot
            case codeInsee = "code_insee"
            case complementAdresse = "complement_adresse"
            case latitude, longitude, telephone, courriels
            case siteWeb = "site_web"
            case horaires
            case presentationResume = "presentation_resume"
            case presentationDetail = "presentation_detail"
            case source, itinerance
            case structureParente = "structure_parente"
            case dateMaj = "date_maj"
            case services
            case publics = "publics_specifiquement_adresses"
            case priseEnCharge = "prise_en_charge_specifique"
            case frais = "frais_a_charge"
            case dispositifs = "dispositif_programmes_nationaux"
            case formationsLabels = "formations_labels"
            case autresFormationsLabels = "autres_formations_labels"
            case modalitesAcces = "modalites_acces"
            case modalitesAccompagnement = "modalites_accompagnement"
            case ficheAccesLibre = "fiche_acces_libre"
            case priseRdv = "prise_rdv"
        }

        static var columns: [any SQLExpression] { CodingKeys.allCases.map { SQLIdentifier($0.rawValue) } }

        /// The place as a model that is never saved, for its `record`.
        var model: PlaceModel {
            let place = PlaceModel()
            place.id = id
            place.$structure.id = structureId
            place.standardId = standardId
            place.name = name
            place.typology = typology
            place.address = address
            place.postalCode = postalCode
            place.commune = commune
            place.pivot = pivot
            place.codeInsee = codeInsee
            place.complementAdresse = complementAdresse
            place.latitude = latitude
            place.longitude = longitude
            place.telephone = telephone
            place.courriels = courriels
            place.siteWeb = siteWeb
            place.horaires = horaires
            place.presentationResume = presentationResume
            place.presentationDetail = presentationDetail
            place.source = source
            place.itinerance = itinerance
            place.structureParente = structureParente
            place.dateMaj = dateMaj
            place.services = services
            place.publics = publics
            place.priseEnCharge = priseEnCharge
            place.frais = frais
            place.dispositifs = dispositifs
            place.formationsLabels = formationsLabels
            place.autresFormationsLabels = autresFormationsLabels
            place.modalitesAcces = modalitesAcces
            place.modalitesAccompagnement = modalitesAccompagnement
            place.ficheAccesLibre = ficheAccesLibre
            place.priseRdv = priseRdv
            return place
        }

        var record: PlaceRecord { model.record }
    }

    /// The columns that `PlaceModel.apply(_:)` sets, with their values in `place`.
    static func standardValues(of place: PlaceModel) -> [(column: String, value: any Encodable & Sendable)] {
        [
            ("standard_id", place.standardId), ("name", place.name), ("typology", place.typology), ("address", place.address),
            ("postal_code", place.postalCode), ("commune", place.commune), ("pivot", place.pivot), ("code_insee", place.codeInsee),
            ("complement_adresse", place.complementAdresse), ("latitude", place.latitude), ("longitude", place.longitude),
            ("telephone", place.telephone), ("courriels", place.courriels), ("site_web", place.siteWeb), ("horaires", place.horaires),
            ("presentation_resume", place.presentationResume), ("presentation_detail", place.presentationDetail),
            ("source", place.source), ("itinerance", place.itinerance), ("structure_parente", place.structureParente),
            ("date_maj", place.dateMaj), ("services", place.services), ("publics_specifiquement_adresses", place.publics),
            ("prise_en_charge_specifique", place.priseEnCharge), ("frais_a_charge", place.frais),
            ("dispositif_programmes_nationaux", place.dispositifs), ("formations_labels", place.formationsLabels),
            ("autres_formations_labels", place.autresFormationsLabels), ("modalites_acces", place.modalitesAcces),
            ("modalites_accompagnement", place.modalitesAccompagnement), ("fiche_acces_libre", place.ficheAccesLibre),
            ("prise_rdv", place.priseRdv), ("search_text", place.searchText),
        ]
    }

    /// Every column of a new place: its ids, the standard's values, Tandem's own (empty) and the timestamps.
    static func insertValues(of place: PlaceModel, now: Date) -> [(column: String, value: any Encodable & Sendable)] {
        [("id", place.id!), ("structure_id", place.$structure.id)] + standardValues(of: place)
            + [("equipment", place.equipment), ("created_at", now), ("updated_at", now)]
    }
}
