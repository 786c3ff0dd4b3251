import Fluent
import Foundation
import TandemCore

/// Writes the demo territory's workshop sessions and their fictional registrants.
enum DemoWorkshopsLoader {
    static func insert(_ workshops: [DemoTerritory.Workshop], on db: any Database) async throws {
        for workshop in workshops {
            let session = WorkshopModel(id: workshop.id, structureId: workshop.structureId, seriesId: workshop.seriesId,
                                        plan: workshop.plan, date: workshop.date)
            try await session.create(on: db)
            for mediator in workshop.mediatorIds {
                try await WorkshopMediatorModel(workshopId: workshop.id, userId: mediator).create(on: db)
            }
            for (index, person) in workshop.registrants.enumerated() {
                try await registration(person, rank: index + 1, of: workshop).create(on: db)
            }
        }
    }

    /// The first `capacity` registrants have a seat, the others wait, in order of arrival.
    static func registration(_ person: DemoTerritory.Registrant, rank: Int, of workshop: DemoTerritory.Workshop) -> RegistrationModel {
        let registration = RegistrationModel()
        registration.id = UUID.random()
        registration.workshopId = workshop.id
        registration.firstName = person.firstName
        registration.phone = person.phone
        registration.email = person.email
        registration.consent = true
        registration.status = (rank <= workshop.capacity ? RegistrationModel.Status.confirmed : .waiting).rawValue
        registration.source = (person.atDesk ? RegistrationModel.Source.desk : .online).rawValue
        registration.registeredBy = person.atDesk ? workshop.mediatorIds.first : nil
        registration.rank = rank
        // Nobody holds a demo registration's cancellation link: a random one nobody knows.
        registration.cancelTokenHash = RegistrationModel.hash(token: RegistrationModel.newToken())
        registration.toNotify = false
        return registration
    }
}
