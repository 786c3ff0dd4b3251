import Fluent
import SQLKit
import TandemCore
import Vapor

/// A place where mediation happens, with every field of the national standard
/// (`standard-mediation-num` v1.0.2) and what mediators need beyond it. Lists are stored as
/// `a|b` text, as the standard writes them. `typology` holds the standard's `typologie` list.
final class PlaceModel: Model, @unchecked Sendable {
    static let schema = "places"

    @ID(key: .id) var id: UUID?
    @Parent(key: "structure_id") var structure: StructureModel
    /// The standard's `id`: our own id for a place created here, the source's for an import.
    @Field(key: "standard_id") var standardId: String
    @Field(key: "name") var name: String
    @Field(key: "typology") var typology: String
    @Field(key: "address") var address: String
    @Field(key: "postal_code") var postalCode: String
    @Field(key: "commune") var commune: String
    @Field(key: "pivot") var pivot: String
    @OptionalField(key: "code_insee") var codeInsee: String?
    @OptionalField(key: "complement_adresse") var complementAdresse: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "telephone") var telephone: String?
    @Field(key: "courriels") var courriels: String
    @Field(key: "site_web") var siteWeb: String
    @OptionalField(key: "horaires") var horaires: String?
    @OptionalField(key: "presentation_resume") var presentationResume: String?
    @OptionalField(key: "presentation_detail") var presentationDetail: String?
    @OptionalField(key: "source") var source: String?
    @Field(key: "itinerance") var itinerance: String
    @OptionalField(key: "structure_parente") var structureParente: String?
    @Field(key: "date_maj") var dateMaj: String
    @Field(key: "services") var services: String
    @Field(key: "publics_specifiquement_adresses") var publics: String
    @Field(key: "prise_en_charge_specifique") var priseEnCharge: String
    @Field(key: "frais_a_charge") var frais: String
    @Field(key: "dispositif_programmes_nationaux") var dispositifs: String
    @Field(key: "formations_labels") var formationsLabels: String
    @Field(key: "autres_formations_labels") var autresFormationsLabels: String
    @Field(key: "modalites_acces") var modalitesAcces: String
    @Field(key: "modalites_accompagnement") var modalitesAccompagnement: String
    @OptionalField(key: "fiche_acces_libre") var ficheAccesLibre: String?
    @OptionalField(key: "prise_rdv") var priseRdv: String?
    /// Tandem's own additions: equipment on site (codes of `PlaceEquipment`) and accessibility notes.
    @Field(key: "equipment") var equipment: String
    @OptionalField(key: "accessibility_notes") var accessibilityNotes: String?
    /// Name, commune and postal code folded (lower case, no accents) for the public search.
    @Field(key: "search_text") var searchText: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// A place with the logbook's fields only; the others are filled by `apply(_:)`.
    init(id: UUID? = nil, structureId: UUID, name: String, typology: PlaceTypology, address: String, postalCode: String, commune: String) {
        self.id = id
        self.$structure.id = structureId
        self.standardId = (id ?? UUID.random()).uuidString.lowercased()
        self.name = name
        self.typology = typology.code
        self.address = address
        self.postalCode = postalCode
        self.commune = commune
        self.pivot = "00000000000000"
        self.dateMaj = LocalDate.today().iso
        courriels = ""; siteWeb = ""; itinerance = ""; services = ""; publics = ""; priseEnCharge = ""
        frais = ""; dispositifs = ""; formationsLabels = ""; autresFormationsLabels = ""; modalitesAcces = ""
        modalitesAccompagnement = ""; equipment = ""
        searchText = SearchText.fold("\(name) \(commune) \(postalCode)")
    }
}

struct CreatePlace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlaceModel.schema)
            .id()
            .field("structure_id", .uuid, .required, .references(StructureModel.schema, "id", onDelete: .restrict))
            .field("name", .string, .required)
            .field("typology", .string, .required)
            .field("address", .string, .required)
            .field("postal_code", .string, .required)
            .field("commune", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlaceModel.schema).delete()
    }
}

/// The national standard's fields and Tandem's additions on places.
struct AddPlaceStandardFields: AsyncMigration {
    static let textLists = ["courriels", "site_web", "itinerance", "services", "publics_specifiquement_adresses",
                            "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
                            "formations_labels", "autres_formations_labels", "modalites_acces",
                            "modalites_accompagnement", "equipment", "search_text"]
    static let optionalTexts = ["code_insee", "complement_adresse", "telephone", "horaires", "presentation_resume",
                                "presentation_detail", "source", "structure_parente", "fiche_acces_libre", "prise_rdv",
                                "accessibility_notes"]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        func add(_ name: String, _ type: DatabaseSchema.DataType, _ constraints: DatabaseSchema.FieldConstraint...) async throws {
            try await database.schema(PlaceModel.schema)
                .field(.definition(name: .key(.string(name)), dataType: type, constraints: constraints)).update()
        }
        try await add("standard_id", .string, .required, .sql(.default("")))
        try await add("pivot", .string, .required, .sql(.default("00000000000000")))
        try await add("latitude", .double)
        try await add("longitude", .double)
        try await add("date_maj", .string, .required, .sql(.default("2025-01-01")))
        for name in Self.textLists { try await add(name, .string, .required, .sql(.default(""))) }
        for name in Self.optionalTexts { try await add(name, .string) }
        guard let sql = database as? any SQLDatabase else { return }
        // Places made before this migration keep their own id as the standard's id.
        let places = try await PlaceModel.query(on: database)
            .field(\.$id).field(\.$name).field(\.$commune).field(\.$postalCode).all()
        for place in places {
            try await sql.update(PlaceModel.schema)
                .set("standard_id", to: place.id!.uuidString.lowercased())
                .set("search_text", to: SearchText.fold("\(place.name) \(place.commune) \(place.postalCode)"))
                .where("id", .equal, place.id!).run()
        }
        try await sql.create(index: "places_standard_id").on(PlaceModel.schema).column("standard_id").unique().run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "places_standard_id").run()
        }
        for name in ["standard_id", "pivot", "latitude", "longitude", "date_maj"] + Self.textLists + Self.optionalTexts {
            try await database.schema(PlaceModel.schema).deleteField(.string(name)).update()
        }
    }
}
