import Foundation
import TandemCore

/// The one place that decides who may see and change what. Controllers ask it; templates never
/// decide. A record outside what an actor may see is reported as absent (404), never as
/// forbidden, so that ids of other structures do not leak.
enum Policy {
    /// Which activities an actor's lists contain.
    enum ActivityScope: Equatable {
        case all
        case structure(UUID)
        case mediator(UUID)
        case none
    }

    static func activityScope(for actor: Actor) -> ActivityScope {
        switch actor.role {
        case .admin: .all
        case .coordinator: actor.structureId.map(ActivityScope.structure) ?? .none
        case .mediator: .mediator(actor.id)
        // A researcher works on aggregates, never on a person's record.
        case .researcher: .none
        }
    }

    /// Whether the actor may see (and so change) a record; coordinators correct their
    /// structure's records, mediators only their own.
    static func canAccess(activityOf mediatorId: UUID, in structureId: UUID, actor: Actor) -> Bool {
        switch activityScope(for: actor) {
        case .all: true
        case let .structure(id): id == structureId
        case let .mediator(id): id == mediatorId
        case .none: false
        }
    }

    /// Recording needs a structure to count the activity in: mediators and coordinators.
    static func canRecordActivities(_ actor: Actor) -> Bool {
        (actor.role == .mediator || actor.role == .coordinator) && actor.structureId != nil
    }

    static func canListActivities(_ actor: Actor) -> Bool {
        activityScope(for: actor) != .none
    }

    /// The local resources catalogue is kept by the coordination (its structure's) and the
    /// administrator (all); a resource of another structure answers 404.
    static func canManageResources(_ actor: Actor) -> Bool {
        actor.role == .coordinator || actor.role == .admin
    }

    /// People followed are their structure's: its mediators and coordinator see and change them,
    /// nobody else — not the administrator (who reads the journal), not a researcher.
    static func canFollowPeople(_ actor: Actor) -> Bool {
        (actor.role == .mediator || actor.role == .coordinator) && actor.structureId != nil
    }

    static func canAccess(personOf structureId: UUID, actor: Actor) -> Bool {
        canFollowPeople(actor) && actor.structureId == structureId
    }

    /// The journal is read by administrators only.
    static func canReadJournal(_ actor: Actor) -> Bool {
        actor.role == .admin
    }

    /// The survey of mediators (`/enquete`) is the researchers' and the administrators'. A mediator
    /// does not see their own interview here: they review it through its private answer link,
    /// which shows exactly what they answered and nothing of the coding.
    static func canUseSurvey(_ actor: Actor) -> Bool {
        actor.role == .researcher || actor.role == .admin
    }
}
