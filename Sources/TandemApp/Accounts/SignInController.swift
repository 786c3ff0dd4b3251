import Fluent
import TandemCore
import Vapor

struct SignInPage: Encodable {
    let layout: Layout
    let csrf: String
    let email: String
    let error: String?
    let next: String
}

/// `/connexion` and `/deconnexion`. The message for a failed sign-in never says whether the
/// account exists. Every sign-in, refused sign-in and sign-out is journaled (ids only). After 10
/// failures in 15 minutes for an address typed or from a client, sign-in answers 429 for a while
/// (`SignInThrottle`).
struct SignInController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("connexion", use: show)
        routes.post("connexion", use: signIn)
        routes.get("deconnexion", use: confirmSignOut)
        routes.post("deconnexion", use: signOut)
    }

    @Sendable func show(_ req: Request) async throws -> View {
        if req.actor != nil, let next = try? req.query.get(String.self, at: "suite"), WebPath.isLocal(next) {
            // Already signed in: nothing to do but go on.
            throw Abort.redirect(to: next)
        }
        let next = (try? req.query.get(String.self, at: "suite")).flatMap { WebPath.isLocal($0) ? $0 : nil } ?? ""
        return try await render(req, email: "", error: nil, next: next)
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let form = try req.verifiedForm()
        let email = SignInThrottle.accountKey(form.value("email") ?? "")
        let password = form.value("password") ?? ""
        let next = form.value("suite").flatMap { WebPath.isLocal($0) ? $0 : nil } ?? ""
        let throttle = req.application.signInThrottle
        let client = req.clientAddress
        let user = email.isEmpty ? nil : try await UserModel.query(on: req.db).filter(\.$email == email).first()
        let decision = try await throttle.check(email: email, client: client, on: req.db)
        guard decision.isAllowed else {
            // Counted per address typed, whether an account has it or not, and answered before
            // any password is checked: the answer is the same for an account and for no account.
            try await req.journal.record(JournalEntry(.signInThrottled, by: nil, record: user?.id, structure: user?.$structure.id))
            return try await refusal(req, email: email, next: next, status: .tooManyRequests,
                                     error: SignInThrottle.message(retryAfter: decision.retryAfter), retryAfter: decision.retryAfter)
        }
        // Hash even when there is no such account, so that timing does not tell either.
        let hash = user?.passwordHash ?? Self.decoyHash
        let matches = (try? await req.password.async.verify(password, created: hash).get()) ?? false
        guard let user, matches, !password.isEmpty else {
            try await throttle.recordFailure(email: email, client: client, on: req.db)
            // The account, if the address names one, so that an administrator sees attempts on
            // it; never the address or the password typed, which may be someone else's or a
            // password typed in the wrong field.
            try await req.journal.record(JournalEntry(.signInFailed, by: nil, record: user?.id, structure: user?.$structure.id))
            return try await refusal(req, email: email, next: next, status: .unauthorized, error: "Adresse e-mail ou mot de passe incorrect.")
        }
        try await throttle.recordSuccess(email: email, on: req.db)
        try await startSession(for: user, on: req)
        let actor = try Actor(user)
        try await req.journal.record(JournalEntry(.signIn, by: actor, record: actor.id, structure: actor.structureId))
        return req.redirect(to: next.isEmpty ? home(for: actor) : next)
    }

    /// The sign-in page again, with the address typed and why it was refused.
    private func refusal(_ req: Request, email: String, next: String, status: HTTPResponseStatus, error: String,
                         retryAfter: Duration? = nil) async throws -> Response {
        let view = try await render(req, email: email, error: error, next: next)
        let response = try await view.encodeResponse(for: req)
        response.status = status
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(max(1, retryAfter.roundedUpSeconds))) }
        return response
    }

    @Sendable func confirmSignOut(_ req: Request) async throws -> View {
        struct Page: Encodable { let layout: Layout }
        return try await req.view.render("Accounts/signout", Page(layout: Layout(request: req, title: "Se déconnecter")))
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        _ = try req.verifiedForm()
        if let actor = req.actor {
            try await req.journal.record(JournalEntry(.signOut, by: actor, record: actor.id, structure: actor.structureId))
        }
        req.auth.logout(Actor.self)
        req.session.destroy()
        return req.redirect(to: WebPath.signInPath)
    }

    private func render(_ req: Request, email: String, error: String?, next: String) async throws -> View {
        let page = SignInPage(layout: Layout(request: req, title: "Connexion"), csrf: CSRF.token(for: req),
                              email: email, error: error, next: next)
        return try await req.view.render("Accounts/signin", page)
    }

    /// A new session id at sign-in, so an id planted before cannot be reused (session fixation).
    private func startSession(for user: UserModel, on req: Request) async throws {
        if let old = req.session.id {
            try? await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        let csrf = req.session.data[SessionKeys.csrf]
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionKeys.userId] = user.id?.uuidString
        req.session.data[SessionKeys.csrf] = csrf ?? Hex.encode([UInt8].random(count: 24))
        req.auth.login(try Actor(user))
    }

    private func home(for actor: Actor) -> String {
        Policy.canRecordActivities(actor) ? WebPath.newActivity : (Policy.canListActivities(actor) ? WebPath.activities : WebPath.home)
    }

    /// A bcrypt hash of a random password: checked when no account matches the address.
    static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""
}
