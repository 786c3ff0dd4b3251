import Fluent
import Foundation
import TandemCore
import Vapor

/// `/ateliers/annulation/{token}`: the private link given once at registration. Whoever holds it
/// can cancel that registration, and nothing else: the page never shows who registered.
struct RegistrationCancellationController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("ateliers", "annulation", ":token", use: show)
        routes.post("ateliers", "annulation", ":token", use: cancel)
    }

    struct Page: Encodable {
        let layout: Layout
        let heading: String
        let workshop: PublicWorkshopDetails
        /// What happened, after the button.
        let message: String?
        /// Where the registration stands now.
        let state: String
        let form: CancelForm?
    }

    struct CancelForm: Encodable {
        let action: String
        let csrf: String
        /// What cancelling does, for this registration.
        let note: String
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard let token = Self.token(req), let found = try await find(token, req: req) else { return try await notFound(req) }
        return try await render(req, token: token, registration: found.0, session: found.1, message: nil, status: .ok)
    }

    /// Cancels, then shows the page again with what happened. A reload sends the form again
    /// and only hears that the registration was already cancelled.
    @Sendable func cancel(_ req: Request) async throws -> Response {
        guard let token = Self.token(req), let found = try await find(token, req: req) else { return try await notFound(req) }
        _ = try req.verifiedForm()
        if found.1.hasStarted() {
            return try await render(req, token: token, registration: found.0, session: found.1,
                                    message: "Cet atelier a déjà commencé : l'inscription ne peut plus être annulée.", status: .conflict)
        }
        guard let outcome = try await req.registrations.cancel(token: token) else { return try await notFound(req) }
        let message = outcome.wasAlreadyCancelled ? "Cette inscription était déjà annulée : vous n'avez rien d'autre à faire."
            : "Votre inscription est annulée. Merci de nous avoir prévenus" + (outcome.promoted.isEmpty ? "." : " : votre place revient à la personne suivante de la liste d'attente.")
        return try await render(req, token: token, registration: outcome.registration, session: outcome.workshop, message: message, status: .ok)
    }

    private func render(_ req: Request, token: String, registration: RegistrationModel, session: WorkshopModel,
                        message: String?, status: HTTPResponseStatus) async throws -> Response {
        let seats = try await req.registrations.seats(of: session)
        let place = try await PlaceModel.find(session.placeId, on: req.db)
        let (state, canCancel) = Self.state(registration, session)
        let heading = registration.registrationStatus == .cancelled ? "Inscription annulée" : "Annuler votre inscription"
        let page = Page(layout: Layout(request: req, title: heading), heading: heading,
                        workshop: PublicWorkshopDetails(session, place: place, seats: seats), message: message, state: state,
                        form: canCancel ? Self.form(token: token, registration: registration, req: req) : nil)
        let response = try await req.view.render("Public/cancel-registration", page).encodeResponse(for: req)
        response.status = status
        return response.keepPrivate()
    }

    /// Where the registration stands, in a sentence, and whether it can still be cancelled.
    static func state(_ registration: RegistrationModel, _ session: WorkshopModel) -> (String, Bool) {
        if registration.registrationStatus == .cancelled { return ("Cette inscription est annulée.", false) }
        if session.isCancelled { return ("Cet atelier est annulé par l'équipe : vous n'avez rien à faire.", false) }
        if session.hasStarted() { return ("Cet atelier a déjà commencé : l'inscription ne peut plus être annulée.", false) }
        return registration.isWaiting ? ("Vous êtes sur la liste d'attente de cet atelier.", true) : ("Votre place à cet atelier est réservée.", true)
    }

    private static func form(token: String, registration: RegistrationModel, req: Request) -> CancelForm {
        let note = registration.isWaiting ? "Vous quitterez la liste d'attente ; pour y revenir, il faudra vous inscrire à nouveau."
            : "Votre place ira à quelqu'un d'autre (la première personne de la liste d'attente, s'il y en a une) ; pour revenir, il faudra vous inscrire à nouveau."
        return CancelForm(action: WebPath.registrationCancellation(token: token), csrf: CSRF.token(for: req), note: note)
    }

    /// The token of the path, if it has the shape of one (48 hexadecimal digits).
    static func token(_ req: Request) -> String? {
        guard let token = req.parameters.get("token"), token.count == 48,
              token.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return token
    }

    private func find(_ token: String, req: Request) async throws -> (RegistrationModel, WorkshopModel)? {
        let hash = RegistrationModel.hash(token: token)
        guard let registration = try await RegistrationModel.query(on: req.db).filter(\.$cancelTokenHash == hash).first(),
              let session = try await WorkshopModel.find(registration.workshopId, on: req.db) else { return nil }
        return (registration, session)
    }

    private func notFound(_ req: Request) async throws -> Response {
        try await PublicErrorPage.response(
            req, status: .notFound, title: "Lien d'annulation introuvable",
            message: "Ce lien d'annulation ne correspond à aucune inscription. Vérifiez qu'il est recopié en entier ; sinon, contactez le lieu de l'atelier pour annuler.")
            .keepPrivate()
    }
}
