import Fluent
import Foundation
import TandemCore
import Vapor

/// Which statistics an actor may read, and the query they actually get. The page, the API, the
/// exports and shared links all go through here.
///
/// - administrators: everything, any structure, place or mediator;
/// - researchers: any structure or place, never one mediator, and no breakdown by mediator
///   (they compare contexts and practices, not colleagues);
/// - coordinators: their structure (forced), any of its places and mediators;
/// - mediators: their own records (forced), in any place of their structure.
extension Policy {
    static func canReadStatistics(_ actor: Actor) -> Bool {
        switch actor.role {
        case .admin, .researcher: true
        case .coordinator, .mediator: actor.structureId != nil
        }
    }

    /// Whether the breakdown by mediator (names) is shown to this actor.
    static func seesMediatorNames(_ actor: Actor) -> Bool {
        actor.role != .researcher
    }
}

struct ObservatoryAccess {
    let db: any Database

    /// The actor's query: their forced scope applied, then checked against the database (a place
    /// or a mediator of another structure is refused like an unknown one).
    func resolve(_ input: ObservatoryInput, for actor: Actor, today: LocalDate = .today()) async throws -> Result<ObservatoryQuery, ValidationFailure> {
        var input = input
        switch actor.role {
        case .admin: break
        case .researcher:
            if input.mediatorId != nil {
                return .failure(ValidationFailure([FieldError("mediatorId", "Les statistiques par médiateur sont réservées à leur structure.")]))
            }
        case .coordinator:
            input.structureId = actor.structureId?.uuidString
        case .mediator:
            input.structureId = actor.structureId?.uuidString
            input.mediatorId = actor.id.uuidString
        }
        switch input.validate(today: today) {
        case let .failure(failure): return .failure(failure)
        case let .success(query):
            let errors = try await check(query)
            return errors.isEmpty ? .success(query) : .failure(ValidationFailure(errors))
        }
    }

    /// Places and mediators must exist, and belong to the chosen structure.
    func check(_ query: ObservatoryQuery) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let id = query.structureId, try await StructureModel.find(id, on: db) == nil {
            errors.append(FieldError("structureId", "Cette structure n'existe pas."))
        }
        if let id = query.placeId {
            let place = try await PlaceModel.find(id, on: db)
            if place == nil || (query.structureId != nil && place?.$structure.id != query.structureId) {
                errors.append(FieldError("placeId", "Ce lieu n'existe pas dans cette structure."))
            }
        }
        if let id = query.mediatorId {
            let user = try await UserModel.find(id, on: db)
            if user == nil || (query.structureId != nil && user?.$structure.id != query.structureId) {
                errors.append(FieldError("mediatorId", "Ce médiateur n'existe pas dans cette structure."))
            }
        }
        return errors
    }

    /// The choices the filter form offers this actor: the structures, places and mediators they
    /// may pick (empty lists when the choice is forced or not theirs to make).
    func choices(for actor: Actor, query: ObservatoryQuery) async throws -> ObservatoryChoices {
        var choices = ObservatoryChoices()
        if actor.role == .admin || actor.role == .researcher {
            choices.structures = try await StructureModel.query(on: db).sort(\.$name).all().compactMap { s in s.id.map { ($0, s.name) } }
        }
        if let structure = query.structureId {
            choices.places = try await PlaceModel.query(on: db).filter(\.$structure.$id == structure).sort(\.$name).all()
                .compactMap { p in p.id.map { ($0, "\(p.name) (\(p.commune))") } }
            if actor.role == .admin || actor.role == .coordinator {
                choices.mediators = try await UserModel.query(on: db).filter(\.$structure.$id == structure)
                    .filter(\.$role ~~ [Role.mediator.code, Role.coordinator.code]).sort(\.$displayName).all()
                    .compactMap { u in u.id.map { ($0, u.displayName) } }
            }
        }
        return choices
    }
}

/// What the filter form lists, by id and name.
struct ObservatoryChoices: Sendable {
    var structures: [(UUID, String)] = []
    var places: [(UUID, String)] = []
    var mediators: [(UUID, String)] = []
}

/// The names behind the codes that are data, not vocabulary: places, mediators, resources.
struct DashboardLabels: Sendable {
    var places: [String: String] = [:]
    var mediators: [String: String] = [:]
    var resources: [String: String] = [:]

    /// Loads the names of every place, mediator and resource that the dashboard mentions.
    static func load(for dashboard: Dashboard, on db: any Database) async throws -> DashboardLabels {
        func ids(_ dimension: StatDimension) -> [UUID] { (dashboard.breakdowns[dimension] ?? [:]).keys.compactMap(UUID.init(uuidString:)) }
        var labels = DashboardLabels()
        let places = ids(.place)
        if !places.isEmpty {
            for place in try await PlaceModel.query(on: db).filter(\.$id ~~ places).all() {
                labels.places[place.id!.uuidString.lowercased()] = "\(place.name) (\(place.commune))"
            }
        }
        let mediators = ids(.mediator)
        if !mediators.isEmpty {
            for user in try await UserModel.query(on: db).filter(\.$id ~~ mediators).all() {
                labels.mediators[user.id!.uuidString.lowercased()] = user.displayName
            }
        }
        let resources = ids(.resource)
        if !resources.isEmpty {
            for resource in try await LocalResourceModel.query(on: db).filter(\.$id ~~ resources).all() {
                labels.resources[resource.id!.uuidString.lowercased()] = resource.name
            }
        }
        return labels
    }

    /// The French label of a code of a breakdown.
    func label(_ dimension: StatDimension, _ code: String) -> String {
        switch dimension {
        case .place: places[code] ?? "Lieu supprimé"
        case .mediator: mediators[code] ?? "Compte supprimé"
        case .resource: resources[code] ?? "Ressource supprimée"
        default: dimension.vocabularyLabel(code) ?? code
        }
    }
}
