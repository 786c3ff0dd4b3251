import Fluent
import Foundation
import TandemCore
import Vapor

/// A place as the logbook shows it.
struct PlaceSummary: Sendable, Equatable, Codable {
    let id: UUID
    let name: String
    let commune: String
    /// Whether the signed-in mediator works there (their places come first on the form).
    let isMine: Bool
}

struct PlaceStore {
    let db: any Database

    /// The places of a structure, the actor's own first, then by name.
    func places(of structureId: UUID, for actor: Actor) async throws -> [PlaceSummary] {
        let places = try await PlaceModel.query(on: db)
            .filter(\.$structure.$id == structureId).sort(\.$name).all()
        let mine = Set(try await UserPlaceModel.query(on: db).filter(\.$user.$id == actor.id).all().map(\.$place.id))
        return places.compactMap { place in
            place.id.map { PlaceSummary(id: $0, name: place.name, commune: place.commune, isMine: mine.contains($0)) }
        }
        .sorted { ($0.isMine ? 0 : 1, $0.name) < ($1.isMine ? 0 : 1, $1.name) }
    }

    /// Names of places by id, for lists.
    func names(of ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let places = try await PlaceModel.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(places.compactMap { place in place.id.map { ($0, place.name) } }, uniquingKeysWith: { a, _ in a })
    }
}

extension Request {
    var places: PlaceStore { PlaceStore(db: db) }
}
