import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
@testable import TandemApp

@Suite("Demo territory in the database")
struct DemoLoaderTests {
    @Test("The demo goes into an empty database, with its accounts and activities")
    func loadsDemo() async throws {
        try await TestApp.run { t in
            // The test fixture already holds data: the loader refuses to mix with it.
            let loader = DemoLoader(db: t.db, logger: t.app.logger)
            #expect(try await loader.isEmpty() == false)
            try await t.app.autoRevert()
            try await t.app.autoMigrate()
            #expect(try await loader.isEmpty())
            let result = try await loader.load(seed: 7, activities: 1_200, passwordHash: try Bcrypt.hash(DemoTerritory.password, cost: 4))
            #expect(try await ActivityModel.query(on: t.db).count() == 1_200)
            #expect(try await UserModel.query(on: t.db).count() == result.territory.accounts.count)
            #expect(result.summary.contains(DemoTerritory.password))
            let workshops = result.territory.workshops()
            #expect(try await WorkshopModel.query(on: t.db).count() == workshops.count)
            #expect(try await RegistrationModel.query(on: t.db).count() == workshops.map(\.registrants.count).reduce(0, +))
            #expect(try await RegistrationModel.query(on: t.db).filter(\.$status == "waiting").count() > 0)
            let mediator = try #require(result.territory.accounts.first { $0.role == .mediator })
            let browser = t.browser()
            try await browser.get("/connexion")
            let signIn = try await browser.post("/connexion", form: [("email", mediator.email), ("password", DemoTerritory.password)])
            #expect(signIn.status == .seeOther)
            let list = try await browser.get("/activites")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("class=\"activity\""))
        }
    }
}
