import Fluent
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Sign-in and sessions")
struct SignInTests {
    @Test("A right password opens a session stored in the database and leads to the logbook")
    func signInSucceeds() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            let response = try await browser.signIn(t.fixture.mediatorA)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/activites/nouvelle")
            let cookie = try #require(response.headers.first(name: .setCookie))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(try await SessionRecord.query(on: t.db).count() >= 1)
            let form = try await browser.get("/activites/nouvelle")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("mediatrice.a"))
        }
    }

    @Test("A wrong password and an unknown address get the same answer, and no session")
    func signInFails() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            let wrong = try await browser.signIn(t.fixture.mediatorA, password: "not-the-password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("Adresse e-mail ou mot de passe incorrect."))
            try await browser.get("/connexion")
            let unknown = try await browser.post("/connexion", form: [("email", "personne@nulle.part"), ("password", "whatever-long-enough")])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.string.contains("Adresse e-mail ou mot de passe incorrect."))
            let page = try await browser.get("/activites")
            #expect(page.status == .seeOther)
        }
    }

    @Test("A form without its CSRF token changes nothing")
    func csrfIsRequired() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.get("/connexion")
            let response = try await browser.post("/connexion", form: [("email", t.fixture.mediatorA.email), ("password", Fixture.password)], csrf: false)
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("Ce formulaire a expiré"))
            _ = try await browser.signIn(t.fixture.mediatorA)
            let before = try await t.activityCount()
            let post = try await browser.post("/activites/nouvelle", form: [("kind", "individual")], csrf: false)
            #expect(post.status == .forbidden)
            #expect(try await t.activityCount() == before)
        }
    }

    @Test("Signing out ends the session")
    func signOut() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            _ = try await browser.signIn(t.fixture.mediatorA)
            #expect(try await browser.get("/activites").status == .ok)
            let out = try await browser.post("/deconnexion", form: [])
            #expect(out.status == .seeOther)
            let after = try await browser.get("/activites")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix("/connexion") == true)
        }
    }

    @Test("After sign-in, a local page asked for is opened, never another site")
    func nextPage() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.get("/connexion")
            let local = try await browser.post("/connexion", form: [("email", t.fixture.mediatorA.email), ("password", Fixture.password), ("suite", "/activites?type=workshop")])
            #expect(local.headers.first(name: .location) == "/activites?type=workshop")
            let other = t.browser()
            try await other.get("/connexion")
            let hostile = try await other.post("/connexion", form: [("email", t.fixture.mediatorA.email), ("password", Fixture.password), ("suite", "//evil.example/")])
            #expect(hostile.headers.first(name: .location) == "/activites/nouvelle")
        }
    }
}
