import Foundation

/// A fictional territory for demonstrations and benchmarks: an intercommunality with its library
/// network, its digital service and a social centre, their places, accounts, and as many activity
/// records as asked, whose mix looks like the field (DESIGN.md, "Demo territory").
///
/// Everything is invented and everything is deterministic: the same seed and the same `today`
/// give the same identifiers and the same activities on every machine. Names do not depend on the
/// seed; identifiers and activities do.
public struct DemoTerritory: Sendable {
    public struct Structure: Sendable, Equatable {
        public let id: UUID
        public let name: String
        public let typology: PlaceTypology
        public let isLibrary: Bool
    }

    public struct Place: Sendable, Equatable {
        public let id: UUID
        public let structureId: UUID
        public let name: String
        public let typology: PlaceTypology
        public let address: String
        public let postalCode: String
        public let commune: String
        public let inseeCode: String
        public let latitude: Double
        public let longitude: Double
        /// OpenStreetMap `opening_hours` syntax, e.g. "Tu-Fr 14:00-18:00; Sa 09:30-12:30".
        public let openingHours: String
        /// International format without spaces ("+33536490110"), as the national standard wants.
        public let phone: String?
        /// At most 280 characters, in French (`presentation_resume` of the national standard).
        public let summary: String
    }

    public struct Account: Sendable, Equatable {
        public let id: UUID
        public let email: String
        public let displayName: String
        public let role: Role
        public let structureId: UUID?
        public let placeIds: [UUID]
        /// The job title, e.g. "Conseillère numérique", "Bibliothécaire".
        public let post: String
    }

    public struct Activity: Sendable, Equatable {
        public let mediatorId: UUID
        public let structureId: UUID
        public let details: ActivityDetails
    }

    public let seed: UInt64
    public let today: LocalDate
    public let territoryName: String
    public let structures: [Structure]
    public let places: [Place]
    public let accounts: [Account]

    /// The one password of every demo account.
    public static let password = "tandem-demo-2026"

    /// How many days of activities the demo covers, ending `today` (included).
    public static let activityDays = 730

    /// What activity generation needs to know about each mediator, in account order.
    let mediatorProfiles: [DemoMediator]

    public init(seed: UInt64 = 1, today: LocalDate) {
        self.seed = seed
        self.today = today
        self.territoryName = DemoData.territoryName

        var ids = DemoRandom(seed: seed, stream: DemoStreams.identifiers)

        var structureIds: [DemoData.StructureKey: UUID] = [:]
        var structures: [Structure] = []
        for spec in DemoData.structures {
            let id = ids.uuid()
            structureIds[spec.key] = id
            structures.append(Structure(id: id, name: spec.name, typology: spec.typology, isLibrary: spec.typology.isLibrary))
        }

        var placeIds: [String: UUID] = [:]
        var places: [Place] = []
        var placeInfo: [String: DemoPlaceInfo] = [:]
        for spec in DemoData.places {
            let id = ids.uuid()
            placeIds[spec.key] = id
            let latitude = ((spec.commune.latitude * 10_000).rounded() + Double(spec.offset.0)) / 10_000
            let longitude = ((spec.commune.longitude * 10_000).rounded() + Double(spec.offset.1)) / 10_000
            places.append(Place(
                id: id, structureId: structureIds[spec.structure]!, name: spec.name, typology: spec.typology,
                address: spec.address, postalCode: spec.commune.postalCode, commune: spec.commune.name,
                inseeCode: spec.commune.inseeCode, latitude: latitude, longitude: longitude,
                openingHours: spec.hours.osm, phone: spec.phone, summary: spec.summary
            ))
            placeInfo[spec.key] = DemoPlaceInfo(id: id, typology: spec.typology, commune: spec.commune.name, hours: spec.hours)
        }

        var accounts: [Account] = []
        var mediators: [DemoMediator] = []
        for spec in DemoData.accounts {
            let id = ids.uuid()
            let structureId = spec.structure.map { structureIds[$0]! }
            let keys = spec.placeKeys ?? DemoData.places.filter { $0.structure == spec.structure }.map(\.key)
            let local = DemoData.emailLocalPart(firstName: spec.firstName, lastName: spec.lastName)
            accounts.append(Account(
                id: id, email: "\(local)@\(DemoData.emailDomain)", displayName: "\(spec.firstName) \(spec.lastName)",
                role: spec.role, structureId: structureId, placeIds: keys.map { placeIds[$0]! }, post: spec.post
            ))
            if spec.role == .mediator, let structureId, let profile = spec.profile {
                mediators.append(DemoMediator(id: id, structureId: structureId, profile: profile,
                                              places: keys.map { placeInfo[$0]! }))
            }
        }

        self.structures = structures
        self.places = places
        self.accounts = accounts
        self.mediatorProfiles = mediators
    }

    /// The accounts with the mediator role.
    public var mediators: [Account] { accounts.filter { $0.role == .mediator } }

    /// Lazily generates `count` activities, deterministic for (seed, today, count), spread over the
    /// `activityDays` days ending `today` and in date order. Nothing is generated up front: a caller
    /// can stream a million records without holding them in memory.
    public func activities(count: Int = 20_000) -> DemoActivities {
        DemoActivities(plan: DemoActivityPlan(territory: self), count: max(0, count))
    }
}

/// The numbered random streams of a seed, so that adding a draw in one place never changes
/// another.
enum DemoStreams {
    static let identifiers: UInt64 = 0x6964_656E_7469_7479 // "identity"
    static let activities: UInt64 = 0x6163_7469_7669_7479 // "activity"
    static let workshops: UInt64 = 0x776F_726B_7368_6F70 // "workshop"
}

/// A place as activity generation sees it.
struct DemoPlaceInfo: Sendable {
    let id: UUID
    let typology: PlaceTypology
    let commune: String
    let hours: DemoOpeningHours
}

/// A mediator as activity generation sees it.
struct DemoMediator: Sendable {
    let id: UUID
    let structureId: UUID
    let profile: DemoData.Profile
    let places: [DemoPlaceInfo]

    var isInLibrary: Bool { profile == .librarian || profile == .libraryAdvisor }

    func openPlaces(isoWeekday: Int) -> [DemoPlaceInfo] {
        places.filter { $0.hours.isOpen(isoWeekday: isoWeekday) }
    }
}
