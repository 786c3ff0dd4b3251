import Fluent
import Foundation
import TandemCore
import Vapor

/// Someone who can lead a workshop: a mediator or coordinator of the structure.
struct WorkshopLeader: Sendable, Equatable {
    let id: UUID
    let name: String
}

/// Planning, changing and cancelling workshop sessions of a structure.
struct WorkshopStore {
    let db: any Database

    func leaders(of structureId: UUID) async throws -> [WorkshopLeader] {
        try await UserModel.query(on: db).filter(\.$structure.$id == structureId)
            .filter(\.$role ~~ [Role.mediator.code, Role.coordinator.code]).sort(\.$displayName).all()
            .compactMap { user in user.id.map { WorkshopLeader(id: $0, name: user.displayName) } }
    }

    /// The errors of a plan against the structure: its place and its leaders must be the structure's.
    func check(_ plan: WorkshopPlan, structureId: UUID) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let place = try await PlaceModel.find(plan.placeId, on: db)
        if place?.$structure.id != structureId { errors.append(FieldError("placeId", "Ce lieu n'existe pas dans votre structure.")) }
        let leaders = Set(try await leaders(of: structureId).map(\.id))
        if !plan.mediatorIds.allSatisfy(leaders.contains) {
            errors.append(FieldError("mediatorIds", "Un médiateur choisi n'appartient pas à votre structure."))
        }
        return errors
    }

    /// Plans every session of the series in one transaction; returns them in date order.
    func plan(_ plan: WorkshopPlan, structureId: UUID) async throws -> [WorkshopModel] {
        let seriesId: UUID? = plan.weeks > 1 ? UUID.random() : nil
        let sessions = plan.sessionDates.map { WorkshopModel(structureId: structureId, seriesId: seriesId, plan: plan, date: $0) }
        try await db.writeTransaction { db in
            for session in sessions {
                try await session.create(on: db)
                for mediator in plan.mediatorIds {
                    try await WorkshopMediatorModel(workshopId: session.id!, userId: mediator).create(on: db)
                }
            }
        }
        return sessions
    }

    /// The session, if it is the structure's (nil otherwise, so callers answer 404).
    func find(_ id: UUID, structureId: UUID?) async throws -> WorkshopModel? {
        guard let session = try await WorkshopModel.find(id, on: db), session.structureId == structureId else { return nil }
        return session
    }

    func leaders(ofSession id: UUID) async throws -> [UUID] {
        try await WorkshopMediatorModel.query(on: db).filter(\.$workshopId == id).all().map(\.userId)
    }

    /// Changes one session only; the others of its series keep theirs. More seats go to the
    /// waiting list at once; returns who got one (fewer seats never remove anyone already in).
    @discardableResult
    func update(_ session: WorkshopModel, with plan: WorkshopPlan) async throws -> [RegistrationModel] {
        let id = try session.requireID()
        session.apply(plan, date: plan.date)  // the caller's copy shows the change too
        return try await db.writeTransaction { db in
            guard let locked = try await RegistrationStore.lockedSession(id, on: db) else { throw Abort(.notFound) }
            locked.apply(plan, date: plan.date)
            try await locked.update(on: db)
            try await WorkshopMediatorModel.query(on: db).filter(\.$workshopId == id).delete()
            for mediator in plan.mediatorIds {
                try await WorkshopMediatorModel(workshopId: id, userId: mediator).create(on: db)
            }
            return locked.isCancelled ? [] : try await RegistrationStore.fillSeats(of: locked, on: db)
        }
    }

    func cancel(_ session: WorkshopModel) async throws {
        session.status = WorkshopModel.Status.cancelled.rawValue
        try await session.update(on: db)
    }

    /// The structure's sessions from `day` on, in time order.
    func upcoming(structureId: UUID, from day: LocalDate, limit: Int = 200) async throws -> [WorkshopModel] {
        try await WorkshopModel.query(on: db).filter(\.$structureId == structureId).filter(\.$date >= day.iso)
            .sort(\.$date).sort(\.$startMinutes).limit(limit).all()
    }
}

extension Request {
    var workshops: WorkshopStore { WorkshopStore(db: db) }
}
