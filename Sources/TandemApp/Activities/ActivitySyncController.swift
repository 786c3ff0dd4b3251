import Crypto
import Fluent
import FluentSQLiteDriver
import Foundation
import TandemCore
import Vapor

/// `POST /activites/synchronisation`: where `offline.js` sends the activities a mediator saved on
/// their phone while offline. The body is exactly what the new-activity form posts (same fields,
/// `_csrf` of the current session, `_cle` ignored), the `Idempotency-Key` header is the key the
/// phone made when it queued the record, and every answer is JSON:
///
/// - 201 `{"id", "message"}`; the same key again (an answer lost on the way) answers the first
///   result and records nothing; the same key with another body is a 409; a key « form-… » is
///   the `_cle` of a form the phone also sent the usual way: if that form was recorded, 201;
/// - 422 `{"message", "errors": [{"field", "message"}]}`, nothing recorded;
/// - 400 (key missing or malformed, body unreadable), 401 (signed out: never a redirect, the
///   phone keeps the record), 403 (CSRF token, or a role that does not record), 503 (busy).
///
/// The checks are those of the form (`ActivityWebController.input(from:)` and `validate`); the
/// idempotency is the API's (`ActivityStore.create(…key:requestHash:response:)`).
struct ActivitySyncController {
    static let path = "/activites/synchronisation"
    /// Keys are stored beside those of the API and of the form, under a prefix of their own.
    static let keyPrefix = "hors-ligne:"
    static let savedMessage = "Activité enregistrée."
    static let invalidMessage = "L'activité n'est pas enregistrée : corrigez ces points."

    func register(_ routes: any RoutesBuilder) {
        // The body is read by the handler, so that a body too large is answered in JSON too.
        routes.on(.POST, "activites", "synchronisation", body: .stream, use: sync)
    }

    /// An answer other than 201, as JSON.
    struct Refusal: Error {
        let status: HTTPResponseStatus
        let message: String
        var errors: [FieldError] = []
    }

    struct Saved: Codable {
        let id: String
        let message: String
    }

    struct RefusalBody: Encodable {
        let message: String
        let errors: [FieldError]?
    }

    @Sendable func sync(_ req: Request) async throws -> Response {
        do {
            return try await record(req)
        } catch {
            return answer(error, req: req)
        }
    }

    private func record(_ req: Request) async throws -> Response {
        guard let actor = req.actor else {
            throw Refusal(status: .unauthorized, message: "Connectez-vous pour envoyer les activités en attente.")
        }
        guard Policy.canRecordActivities(actor), let structureId = actor.structureId else {
            throw Refusal(status: .forbidden, message: "Seuls les médiateurs et coordinateurs rattachés à une structure enregistrent des activités.")
        }
        let key = try Self.key(req.headers)
        let form = try await Self.form(req)
        guard CSRF.isValid(form, request: req) else {
            throw Refusal(status: .forbidden, message: "La session a changé : rouvrez le formulaire d'activité en ligne, puis envoyez à nouveau les activités en attente.")
        }
        let requestHash = Self.hash(form)
        let store = req.activities
        if let replay = try await replay(req, actor: actor, key: key, requestHash: requestHash) { return replay }

        let details: ActivityDetails
        switch try await ActivityWebController.validate(ActivityWebController.input(from: form), req: req, structureId: structureId) {
        case let .failure(failure): throw Refusal(status: .unprocessableEntity, message: Self.invalidMessage, errors: failure.errors)
        case let .success(valid): details = valid
        }
        do {
            let model = try await store.create(details, by: actor, structureId: structureId, key: key, requestHash: requestHash) { model in
                String(decoding: try Self.encoder.encode(Saved(id: model.id!.uuidString.lowercased(), message: Self.savedMessage)), as: UTF8.self)
            }
            return try Self.json(Saved(id: model.id!.uuidString.lowercased(), message: Self.savedMessage), status: .created)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same record sent twice at once (a retry while the first send was still on its
            // way): the other send won; answer as it did.
            if let replay = try await replay(req, actor: actor, key: key, requestHash: requestHash) { return replay }
            // Otherwise the place, resource or person was removed between the check and the insert.
            throw Refusal(status: .unprocessableEntity, message: Self.invalidMessage, errors: [
                details.placeId == nil ? nil : FieldError("placeId", "Ce lieu n'existe plus."),
                details.resourceId == nil ? nil : FieldError("resourceId", "Cette ressource n'existe plus."),
            ].compactMap { $0 })
        }
    }

    /// The first answer given to this key, when there is one; a 409 when the key served another record.
    private func replay(_ req: Request, actor: Actor, key: String, requestHash: String) async throws -> Response? {
        guard let record = try await req.activities.idempotencyRecord(userId: actor.id, key: key) else { return nil }
        // A form key recorded by the form itself (`ActivityWebController.createOnce`) is the same
        // record arriving by the other road: answered as saved.
        let sameRecord = record.requestHash == requestHash || (Self.isFormKey(key) && record.requestHash == ActivityWebController.formRequestHash)
        guard sameRecord else {
            throw Refusal(status: .conflict, message: "Cette clé d'envoi a déjà servi pour une autre activité : rien n'a été enregistré.")
        }
        let saved = (try? JSONDecoder().decode(Saved.self, from: Data(record.responseBody.utf8)))
            ?? Saved(id: record.activityId.uuidString.lowercased(), message: Self.savedMessage)
        let response = try Self.json(saved, status: .created)
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return response
    }

    // MARK: Reading the request

    /// The `Idempotency-Key` header: once, 8 to 80 characters of `[A-Za-z0-9._:-]` (a UUID fits).
    static func key(_ headers: HTTPHeaders) throws -> String {
        let values = headers["Idempotency-Key"]
        guard values.count == 1, let key = values.first, (8...80).contains(key.utf8.count),
              key.utf8.allSatisfy({ byte in
                  (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                      || byte == 0x2E || byte == 0x5F || byte == 0x3A || byte == 0x2D
              }) else {
            throw Refusal(status: .badRequest, message: "L'en-tête Idempotency-Key doit être présent une fois et compter de 8 à 80 caractères (lettres, chiffres, . _ : -).",
                          errors: [FieldError("Idempotency-Key", "Clé absente ou mal formée.")])
        }
        // A form's own one-time key: the phone kept a copy of a form it sent the usual way, in
        // case the answer never came. Same namespace as the form, so that the record is made
        // once whichever of the two arrives first.
        return isFormKey(key) ? key : keyPrefix + key
    }

    /// The one-time key a new-activity form carries (`_cle`, « form-… »).
    static func isFormKey(_ key: String) -> Bool { key.hasPrefix(formKeyPrefix) }
    static let formKeyPrefix = "form-"

    /// As for the form's page (`defaultMaxBodySize`).
    static let maxBody = 512 * 1024

    /// The body: a form, `application/x-www-form-urlencoded`, not empty.
    static func form(_ req: Request) async throws -> FormBody {
        guard let type = req.headers.contentType, type.type == "application", type.subType == "x-www-form-urlencoded" else {
            throw Refusal(status: .badRequest, message: "Le corps doit être un formulaire (application/x-www-form-urlencoded).")
        }
        let tooLarge = Refusal(status: .payloadTooLarge, message: "La requête est trop volumineuse : rien n'a été enregistré.")
        let collected: ByteBuffer?
        do {
            collected = try await req.body.collect(max: maxBody).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw tooLarge
        }
        guard let body = collected, body.readableBytes > 0 else {
            throw Refusal(status: .badRequest, message: "Le corps de la requête est vide.")
        }
        guard body.readableBytes <= maxBody else { throw tooLarge }
        return FormBody.parse(String(decoding: body.readableBytesView, as: UTF8.self))
    }

    /// What identifies a record: every field but the CSRF token (the phone puts the current one,
    /// which changes with the session) and the form's own one-time key.
    static func hash(_ form: FormBody) -> String {
        var bytes: [UInt8] = []
        for pair in form.pairs where pair.name != CSRF.fieldName && pair.name != "_cle" {
            bytes += Array(pair.name.utf8) + [0] + Array(pair.value.utf8) + [0]
        }
        return Hex.encode(SHA256.hash(data: bytes))
    }

    // MARK: Answers

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus) throws -> Response {
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        // The service worker and any proxy must never keep an answer to a write.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Every error as JSON, never a page nor a redirect: the phone reads the message and keeps
    /// the record when it was not saved.
    private func answer(_ error: any Error, req: Request) -> Response {
        let busy = "Tandem est très occupé en ce moment : rien n'a été enregistré. L'envoi sera refait dans quelques secondes."
        let refusal: Refusal
        switch error {
        case let error as Refusal:
            refusal = error
        case let error as SQLiteError where [.busy, .locked, .busyTimeout, .busyInSnapshot].contains(error.reason):
            refusal = Refusal(status: .serviceUnavailable, message: busy)
        case is ConnectionPoolTimeoutError:
            refusal = Refusal(status: .serviceUnavailable, message: busy)
        case let error as any DatabaseError where error.isConstraintFailure:
            refusal = Refusal(status: .conflict, message: "Quelqu'un vient d'enregistrer la même chose au même moment : rien n'a été enregistré. Réessayez.")
        case let error as any AbortError where error.status.code < 500:
            refusal = Refusal(status: error.status, message: error.status == .payloadTooLarge ? "La requête est trop volumineuse." : "La requête est mal formée.")
        default:
            req.logger.error("Erreur interne", metadata: ["error": .string(String(reflecting: type(of: error)))])
            refusal = Refusal(status: .serviceUnavailable, message: "Une erreur inattendue est survenue ; rien n'a été enregistré. L'envoi sera refait plus tard.")
        }
        let body = RefusalBody(message: refusal.message, errors: refusal.errors.isEmpty && refusal.status != .unprocessableEntity ? nil : refusal.errors)
        let response = (try? Self.json(body, status: refusal.status)) ?? Response(status: refusal.status)
        if refusal.status == .serviceUnavailable { response.headers.replaceOrAdd(name: "Retry-After", value: "5") }
        return response
    }
}
