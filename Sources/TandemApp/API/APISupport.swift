import Fluent
import Foundation
import TandemCore
import Vapor

/// An API error with a French message and, for bad input, one entry per field.
struct APIError: Error, AbortError {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    let fields: [FieldError]

    var reason: String { message }

    static func badRequest(_ fields: [FieldError]) -> APIError {
        APIError(status: .badRequest, code: "bad_request", message: "La requête est mal formée.", fields: fields)
    }

    static func invalid(_ fields: [FieldError]) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid", message: "Certains champs sont invalides : rien n'a été enregistré.", fields: fields)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message, fields: [])
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message, fields: [])
    }
}

/// The JSON body of every API error.
struct APIErrorBody: Content {
    let error: String
    let message: String
    let fields: [FieldError]
}

enum APIResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok, location: ActivityModel? = nil) throws -> Response {
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        if let id = location?.id {
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/activities/\(id.uuidString.lowercased())")
        }
        return response
    }
}

enum APIBody {
    /// The raw JSON body of a write. Requiring `application/json` also keeps a hostile web page
    /// from posting to the API with a visitor's cookie: browsers cannot send that type cross-site
    /// without asking first.
    static func bytes(_ req: Request) throws -> [UInt8] {
        guard let type = req.headers.contentType, type.type == "application", type.subType == "json" else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                           message: "Envoyez le corps en JSON (Content-Type: application/json).",
                           fields: [FieldError("Content-Type", "application/json attendu.")])
        }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw APIError.badRequest([FieldError("body", "Le corps de la requête est vide.")])
        }
        return Array(buffer.readableBytesView)
    }
}
