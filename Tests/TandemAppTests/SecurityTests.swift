import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Issue 8, security: headers on every kind of answer, templates that the policy does not
/// break, the session cookie, password rules and sign-in throttling.
@Suite("Security")
struct SecurityTests {
    // MARK: Headers

    static func expectSecurityHeaders(_ response: TestingHTTPResponse, _ what: String) {
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(!csp.isEmpty, "\(what): a Content-Security-Policy")
        #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(what): no unsafe-inline")
        #expect(csp.contains("script-src 'self'"), "\(what): scripts from the site only")
        #expect(csp.contains("frame-ancestors 'none'"), "\(what): never framed")
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what): nosniff")
        #expect(response.headers.first(name: "Referrer-Policy").map { !$0.isEmpty } == true, "\(what): a referrer policy")
    }

    @Test("Pages, API answers, 404s, 500s, static files and redirects all carry the security headers")
    func headersOnEveryAnswer() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            struct Boom: Error {}
            t.app.get("essai-securite", "panne") { _ -> String in throw Boom() }
            let browser = t.browser()
            let page = try await browser.get("/lieux")
            #expect(page.status == .ok)
            Self.expectSecurityHeaders(page, "page")
            let api = try await t.api(t.fixture.mediatorA).send(.GET, "/api/v1/activities")
            #expect(api.status == .ok)
            Self.expectSecurityHeaders(api, "API JSON")
            let apiRefused = try await t.api(nil).send(.GET, "/api/v1/activities")
            #expect(apiRefused.status == .unauthorized)
            Self.expectSecurityHeaders(apiRefused, "API 401")
            let missing = try await browser.get("/pas-de-page-ici")
            #expect(missing.status == .notFound)
            Self.expectSecurityHeaders(missing, "404")
            let failure = try await browser.get("/essai-securite/panne")
            #expect(failure.status == .internalServerError)
            Self.expectSecurityHeaders(failure, "500")
            let file = try await browser.get("/css/tandem.css")
            #expect(file.status == .ok)
            Self.expectSecurityHeaders(file, "static file")
            let redirect = try await browser.get("/activites")
            #expect(redirect.status == .seeOther)
            Self.expectSecurityHeaders(redirect, "redirect")
            let health = try await browser.get("/health")
            Self.expectSecurityHeaders(health, "health")
        }
    }

    @Test("No template has an inline script, an inline event handler, a style attribute or block, or a javascript: link")
    func templatesFollowThePolicy() throws {
        let root = DirectoryConfiguration.detect().viewsDirectory
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") } ?? []
        #expect(files.count > 20, "the templates were found in \(root)")
        let rules: [(String, String)] = [
            (#"<script\b(?![^>]*\bsrc\s*=)[^>]*>"#, "inline <script>"),
            (#"\son[a-z]+\s*=\s*["'{#]"#, "inline event handler"),
            (#"\sstyle\s*=\s*["'{#]"#, "style attribute"),
            (#"<style\b"#, "<style> block"),
            (#"javascript:"#, "javascript: link"),
        ]
        for file in files {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            for (pattern, what) in rules {
                let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
                let hits = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
                #expect(hits.isEmpty, "\(file): \(what) (blocked by the Content-Security-Policy)")
            }
        }
    }

    @Test("The scan catches what it looks for")
    func scanSelfCheck() throws {
        let samples = ["<script>alert(1)</script>", "<button onclick=\"go()\">", "<p style=\"color:red\">", "<a href=\"javascript:x\">"]
        let patterns = [#"<script\b(?![^>]*\bsrc\s*=)[^>]*>"#, #"\son[a-z]+\s*=\s*["'{#]"#, #"\sstyle\s*=\s*["'{#]"#, #"javascript:"#]
        for (sample, pattern) in zip(samples, patterns) {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            #expect(regex.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil, "\(sample)")
        }
        let allowed = "<script src=\"/js/coding.js\" defer></script> <p class=\"mon=1\">"
        let script = try NSRegularExpression(pattern: patterns[0], options: [.caseInsensitive])
        #expect(script.firstMatch(in: allowed, range: NSRange(allowed.startIndex..., in: allowed)) == nil)
    }

    // MARK: Session cookie

    /// An application on a fresh SQLite file with `config` adjusted, for settings TestApp does not
    /// take (here: Secure cookies).
    static func withApp(_ adjust: (inout AppConfig) -> Void, _ body: (Application, Fixture) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-security-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var config = AppConfig(storage: .sqlite(path: folder + "/tandem.sqlite"), dataDirectory: folder, bcryptCost: 4)
        adjust(&config)
        do {
            try await configure(app, config: config)
            try await app.asyncBoot()
            try await app.autoMigrate()
            try await body(app, try await Fixture.create(on: app.db))
        } catch {
            try? await app.asyncShutdown()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func sessionCookie(_ response: TestingHTTPResponse) -> String? {
        response.headers[.setCookie].first { $0.hasPrefix("tandem_session=") }
    }

    static func cookieValue(_ header: String) -> String {
        String(header.split(separator: ";")[0].dropFirst("tandem_session=".count))
    }

    @Test("The session cookie is HttpOnly and SameSite=Lax; Secure only with TANDEM_SECURE_COOKIES=1", arguments: [false, true])
    func sessionCookieFlags(secure: Bool) async throws {
        #expect(try AppConfig.fromEnvironment(["TANDEM_DATA": FileManager.default.temporaryDirectory.path,
                                               "TANDEM_SECURE_COOKIES": secure ? "1" : ""]).secureCookies == secure)
        try await Self.withApp({ $0.secureCookies = secure }) { app, fixture in
            let browser = Browser(app: app)
            let page = try await browser.get("/connexion")
            let first = try #require(Self.sessionCookie(page), "the sign-in page opens a session for its CSRF token")
            let signedIn = try await browser.post("/connexion", form: [("email", fixture.mediatorA.email), ("password", Fixture.password)])
            #expect(signedIn.status == .seeOther)
            let cookie = try #require(Self.sessionCookie(signedIn))
            for header in [first, cookie] {
                let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                #expect(attributes.contains("httponly"))
                #expect(attributes.contains("samesite=lax"))
                #expect(attributes.contains("path=/"))
                #expect(attributes.contains("secure") == secure, "\(header)")
            }
        }
    }

    @Test("Signing in gives a new session id; the id held before no longer signs anyone in")
    func sessionFixation() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let browser = t.browser()
            let before = try #require(Self.sessionCookie(try await browser.get("/connexion")))
            let signedIn = try await browser.post("/connexion", form: [("email", t.fixture.coordinatorA.email), ("password", Fixture.password)])
            let after = try #require(Self.sessionCookie(signedIn))
            #expect(Self.cookieValue(before) != Self.cookieValue(after))
            #expect(try await browser.get("/activites").status == .ok)
            // Someone holding the old id (planted before sign-in) is not signed in.
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "tandem_session=\(Self.cookieValue(before))")
            let planted = try await t.app.testing().sendRequest(.GET, "/activites", headers: headers)
            #expect(planted.status == .seeOther)
            #expect(planted.headers.first(name: .location)?.hasPrefix("/connexion") == true)
            // Signing out destroys the new one too.
            _ = try await browser.post("/deconnexion", form: [])
            var old = HTTPHeaders()
            old.add(name: .cookie, value: "tandem_session=\(Self.cookieValue(after))")
            #expect(try await t.app.testing().sendRequest(.GET, "/activites", headers: old).status == .seeOther)
        }
    }

    // MARK: Passwords

    @Test("Passwords: 12 characters, not common (any case), not one repeated character, not the e-mail's local part")
    func passwordRules() throws {
        let email = "marie.dupont@exemple.fr"
        #expect(try PasswordRules.problem("court", email: email)?.contains("12 caractères") == true)
        #expect(try PasswordRules.problem("onze-carac.", email: email)?.contains("12 caractères") == true)
        for common in ["123456789012", "Password123456", "AZERTYUIOP123", "motdepasse123", "soleilsoleil", "qwertyuiop123",
                       "1qaz2wsx3edc", "christophe1975", "azertyazerty", "MotDePasse2024", "bienvenue123", "iloveyou2024"] {
            #expect(try PasswordRules.problem(common, email: email)?.contains("plus courants") == true, "\(common)")
        }
        #expect(try PasswordRules.problem("aaaaaaaaaaaaaaa", email: email)?.contains("un seul caractère") == true)
        #expect(try PasswordRules.problem("%%%%%%%%%%%%", email: email)?.contains("un seul caractère") == true)
        #expect(try PasswordRules.problem("Marie.Dupont", email: email)?.contains("adresse e-mail") == true)
        #expect(try PasswordRules.problem("jeanne.martinez", email: "  Jeanne.Martinez@Exemple.fr ")?.contains("adresse e-mail") == true)
        for good in [Fixture.password, DemoTerritory.password, "un-mot-de-passe-solide", "a-long-enough-password",
                     "girafe bleue sous la pluie", "marie.dupont.2"] {
            #expect(try PasswordRules.problem(good, email: email) == nil, "\(good)")
        }
    }

    @Test("The list of common passwords is shipped, read once, in lower case, and large")
    func commonList() throws {
        let list = try PasswordRules.commonPasswords()
        #expect(list.count > 3000)
        #expect(list.allSatisfy { $0 == $0.lowercased() && !$0.hasPrefix("#") && !$0.isEmpty })
        #expect(list.contains("azerty") && list.contains("motdepasse") && list.contains("123456789012") && list.contains("password123"))
        #expect(!list.contains(Fixture.password) && !list.contains(DemoTerritory.password))
    }

    @Test("Creating an account refuses a common password, with its French message, and writes nothing")
    func accountStoreRefusesCommonPasswords() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let store = AccountStore(db: t.db, passwords: t.app.password)
            let before = try await UserModel.query(on: t.db).count()
            for (password, message) in [("azertyuiop123", "plus courants"), ("court", "12 caractères"),
                                        ("nouvelle.recrue", "adresse e-mail"), ("zzzzzzzzzzzz", "un seul caractère")] {
                do {
                    _ = try await store.create(NewAccount(email: "nouvelle.recrue@test.example", role: "researcher", password: password))
                    Issue.record("\(password) was accepted")
                } catch let error as ConfigurationError {
                    #expect(error.message.contains(message), "\(password): \(error.message)")
                }
            }
            #expect(try await UserModel.query(on: t.db).count() == before)
            let user = try await store.create(NewAccount(email: "nouvelle.recrue@test.example", role: "researcher", password: "girafe bleue sous la pluie"))
            #expect(user.email == "nouvelle.recrue@test.example")
        }
    }

    // MARK: Sign-in throttling

    /// The wall clock of the sign-in counters (shared by processes, so a date), moved by hand.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var wall = Date()
        var date: Date { lock.withLock { wall } }
        func advance(_ duration: Duration) {
            lock.withLock { wall += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        }
    }

    /// Posts a sign-in from `address` (`X-Forwarded-For`, trusted in these tests).
    static func signIn(_ browser: Browser, email: String, password: String, from address: String) async throws -> TestingHTTPResponse {
        let token = try await browser.csrfToken()
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.add(name: .xForwardedFor, value: address)
        let body = [("_csrf", token), ("email", email), ("password", password)]
            .map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await browser.send(.POST, "/connexion", headers: headers, body: body)
    }

    static func throttled(_ t: TestApp) -> TestClock {
        let clock = TestClock()
        t.app.tandemConfig.trustProxy = true
        t.app.signInThrottle = SignInThrottle(now: { clock.date })
        return clock
    }

    @Test("After 10 failures for an account, a 429 in French with Retry-After, the same for an unknown address; the right password waits too")
    func throttleByAccount() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let clock = Self.throttled(t)
            let browser = t.browser()
            let known = t.fixture.mediatorA.email
            let unknown = "personne@nulle.part"
            for n in 0..<10 {
                // Each failure from another address: only the account's count reaches the limit.
                #expect(try await Self.signIn(browser, email: known, password: "pas-le-bon-\(n)", from: "10.0.1.\(n)").status == .unauthorized)
                #expect(try await Self.signIn(browser, email: unknown, password: "pas-le-bon-\(n)", from: "10.0.2.\(n)").status == .unauthorized)
                clock.advance(.seconds(30))
            }
            var answers: [TestingHTTPResponse] = []
            for email in [known, " Mediatrice.A@Test.Example ", unknown] {
                let response = try await Self.signIn(browser, email: email, password: Fixture.password, from: "10.0.3.1")
                #expect(response.status == .tooManyRequests, "\(email)")
                answers.append(response)
            }
            let text = answers.map { $0.body.string.replacingOccurrences(of: "&#39;", with: "'") }
            #expect(text[0].contains("Trop de tentatives de connexion. Réessayez dans 10 minutes."))
            #expect(text[2].contains("Trop de tentatives de connexion. Réessayez dans 10 minutes."), "the same for no account")
            #expect(!text[0].contains("incorrect"))
            // 15 min − 10 × 30 s = 600 s since the first failure.
            #expect(answers[0].headers.first(name: .retryAfter) == "600")
            #expect(answers[2].headers.first(name: .retryAfter) == "600")
            #expect(try await browser.get("/activites").status == .seeOther, "a refused sign-in signs nobody in")
            // Another account from a fresh address is not held up.
            #expect(try await Self.signIn(browser, email: t.fixture.coordinatorA.email, password: Fixture.password, from: "10.0.4.1").status == .seeOther)
            // Journaled: the throttled attempts on the account, by id.
            let journal = try await JournalEntryModel.query(on: t.db).filter(\.$action == JournalAction.signInThrottled.rawValue).all()
            #expect(journal.count == 3)
            #expect(journal.filter { $0.recordId == t.fixture.mediatorA.id }.count == 2)
            clock.advance(.seconds(600))
            #expect(try await Self.signIn(browser, email: known, password: Fixture.password, from: "10.0.3.1").status == .seeOther,
                    "let in once the oldest failure is 15 minutes old")
        }
    }

    @Test("After 10 failures from one client address, every account is refused from it; a success resets the account's count, not the address's")
    func throttleByAddress() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let clock = Self.throttled(t)
            let browser = t.browser()
            let f = t.fixture
            // 9 failures on mediator A, then a success: the account's count is cleared...
            for n in 0..<9 {
                #expect(try await Self.signIn(browser, email: f.mediatorA.email, password: "pas-le-bon-\(n)", from: "10.9.0.\(n)").status == .unauthorized)
            }
            #expect(try await Self.signIn(t.browser(), email: f.mediatorA.email, password: Fixture.password, from: "10.9.1.1").status == .seeOther)
            for n in 0..<9 {
                #expect(try await Self.signIn(browser, email: f.mediatorA.email, password: "pas-le-bon-\(n)", from: "10.9.2.\(n)").status == .unauthorized,
                        "the account's count started again at the success")
            }
            // ...but not the address's: 10 failures from 192.0.2.7 over several accounts.
            let accounts = [f.mediatorB, f.coordinatorB, f.researcher, f.admin, f.mediatorA2]
            for n in 0..<9 {
                #expect(try await Self.signIn(browser, email: accounts[n % accounts.count].email, password: "x-\(n)", from: "192.0.2.7").status == .unauthorized)
                clock.advance(.seconds(10))
            }
            #expect(try await Self.signIn(t.browser(), email: f.coordinatorA.email, password: Fixture.password, from: "192.0.2.7").status == .seeOther)
            #expect(try await Self.signIn(browser, email: "inconnu@nulle.part", password: "x-9", from: "192.0.2.7").status == .unauthorized)
            let refused = try await Self.signIn(t.browser(), email: f.coordinatorA.email, password: Fixture.password, from: "192.0.2.7")
            #expect(refused.status == .tooManyRequests, "a success did not clear the address's count")
            #expect(refused.body.string.contains("Trop de tentatives de connexion."))
            #expect(refused.headers.first(name: .retryAfter) == "810")
            #expect(try await Self.signIn(t.browser(), email: f.coordinatorA.email, password: Fixture.password, from: "192.0.2.8").status == .seeOther,
                    "another address is not held up")
        }
    }

    @Test("Without TANDEM_TRUST_PROXY, X-Forwarded-For is ignored: the connection's address is counted")
    func forgedForwardedFor() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            _ = Self.throttled(t)
            t.app.tandemConfig.trustProxy = false
            let browser = t.browser()
            for n in 0..<10 {
                #expect(try await Self.signIn(browser, email: "n\(n)@nulle.part", password: "x", from: "203.0.113.\(n)").status == .unauthorized)
            }
            #expect(try await Self.signIn(browser, email: t.fixture.admin.email, password: Fixture.password, from: "203.0.113.99").status == .tooManyRequests)
        }
    }

    @Test("Failures are counted in the database: a throttle elsewhere (another server) sees them; keys hashed; rows forgotten after the window")
    func sharedAndForgotten() async throws {
        try await TestApp.run { (t: TestApp) async throws in
            let clock = TestClock()
            let serverA = SignInThrottle(now: { clock.date })
            let serverB = SignInThrottle(now: { clock.date })
            for n in 0..<10 {
                try await serverA.recordFailure(email: "Canari@Exemple.fr", client: "198.51.100.\(n)", on: t.db)
                clock.advance(.seconds(1))
            }
            let refused = try await serverB.check(email: " canari@exemple.fr", client: "198.51.100.200", on: t.db)
            #expect(!refused.isAllowed, "the other server counts the same failures")
            #expect(refused.retryAfter == .seconds(890))
            #expect(try await serverB.check(email: "autre@exemple.fr", client: "198.51.100.200", on: t.db).isAllowed)
            let keys = try await SignInFailureModel.query(on: t.db).all().map(\.key)
            #expect(keys.count == 20)
            #expect(!keys.contains { $0.lowercased().contains("canari") || $0.contains("198.51") }, "neither the e-mail nor the address in clear")
            clock.advance(.seconds(890))
            #expect(try await serverB.check(email: "canari@exemple.fr", client: "198.51.100.200", on: t.db).isAllowed,
                    "let in once the oldest failure has left the window")
            clock.advance(.seconds(10))
            try await serverB.recordFailure(email: "autre@exemple.fr", client: "198.51.100.1", on: t.db)
            #expect(try await SignInFailureModel.query(on: t.db).count() == 2, "failures older than the window are deleted")
            // The daily retention run deletes them too (on the real clock), when nobody signs in.
            try await SignInFailureModel(key: "compte:ancien", at: Date().timeIntervalSince1970 - 3600).create(on: t.db)
            _ = try await Retention(db: t.db, config: t.app.tandemConfig, logger: t.app.logger).run()
            #expect(try await SignInFailureModel.query(on: t.db).filter(\.$key == "compte:ancien").count() == 0)
        }
    }

    @Test("The message rounds minutes up")
    func message() {
        #expect(SignInThrottle.message(retryAfter: .seconds(900)) == "Trop de tentatives de connexion. Réessayez dans 15 minutes.")
        #expect(SignInThrottle.message(retryAfter: .seconds(61)) == "Trop de tentatives de connexion. Réessayez dans 2 minutes.")
        #expect(SignInThrottle.message(retryAfter: .seconds(5)) == "Trop de tentatives de connexion. Réessayez dans 1 minute.")
    }
}
