import Fluent
import FluentSQLiteDriver
import Foundation
import Leaf
import TandemCore
import Vapor

/// Turns every error into a French answer: JSON under `/api` (with the fields at fault), a page
/// elsewhere. Unexpected errors become a 500 whose log line names the error's type only, since
/// a database message can quote the values of a record.
struct TandemErrorMiddleware: Middleware {
    // Middlewares here are future-based on purpose: Vapor runs each AsyncMiddleware in a task of
    // its own, and those hand-offs were a large part of a request's cost.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            answer(error, to: request)
        }
    }

    func answer(_ error: any Error, to request: Request) -> EventLoopFuture<Response> {
        let (status, code, message, fields) = describe(error, request: request)
        if status == .internalServerError {
            request.logger.error("Erreur interne", metadata: ["error": .string(String(reflecting: type(of: error)))])
        }
        if request.url.path.hasPrefix("/api/") || request.url.path == "/health" || request.url.path == "/ready" {
            let body = APIErrorBody(error: code, message: message, fields: fields)
            let response = Response(status: status, body: .init(data: (try? APIResponse.encoder.encode(body)) ?? Data()))
            response.headers.contentType = .json
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return request.eventLoop.makeSucceededFuture(response)
        }
        if status == .unauthorized {
            let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.eventLoop.makeSucceededFuture(request.redirect(to: WebPath.signIn(next: target)))
        }
        let page = ErrorPage(layout: Layout(request: request, title: title(for: status)), status: Int(status.code), message: message)
        return request.view.render("error", page)
            .flatMap { $0.encodeResponse(for: request) }
            .map { response in
                response.status = status
                return response
            }
            .flatMapErrorThrowing { _ in
                let response = Response(status: status, body: .init(string: message))
                response.headers.contentType = .plainText
                return response
            }
    }

    static let busyMessage = "Tandem est très occupé en ce moment : rien n'a été enregistré. Réessayez dans quelques secondes."

    private func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, String, [FieldError]) {
        switch error {
        case let error as APIError:
            return (error.status, error.code, error.message, error.fields)
        case let error as any AbortError:
            let status = error.status
            return (status, code(for: status), frenchReason(status, fallback: error.reason), [])
        case is DecodingError:
            return (.badRequest, "bad_request", "La requête est mal formée.", [])
        // Safety nets: a form controller answers these itself, beside the fields; one that
        // forgets still gets a clear 400, never a 500.
        case let failure as ValidationFailure:
            return (.badRequest, "invalid", failure.errors.map(\.message).joined(separator: " "), failure.errors)
        case let error as FieldError:
            return (.badRequest, "invalid", error.message, [error])
        // Two people saving the same thing at the same instant: the database refused the second.
        case let error as any DatabaseError where error.isConstraintFailure:
            return (.conflict, "conflict", "Quelqu'un vient d'enregistrer la même chose au même moment : rien n'a été enregistré. Rechargez la page et réessayez.", [])
        // The database stayed busy longer than its timeout (a backup, a long import): the
        // request wrote nothing and can simply be sent again.
        case let error as SQLiteError where [.busy, .locked, .busyTimeout, .busyInSnapshot].contains(error.reason):
            return (.serviceUnavailable, "busy", Self.busyMessage, [])
        case is ConnectionPoolTimeoutError:
            return (.serviceUnavailable, "busy", Self.busyMessage, [])
        default:
            return (.internalServerError, "internal", "Une erreur inattendue est survenue ; rien n'a été enregistré. Réessayez dans un instant.", [])
        }
    }

    private func code(for status: HTTPResponseStatus) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .payloadTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .tooManyRequests: "too_many_requests"
        default: status.code >= 500 ? "internal" : "error"
        }
    }

    /// Vapor's own messages are in English; people read French.
    private func frenchReason(_ status: HTTPResponseStatus, fallback: String) -> String {
        switch status {
        case .notFound: "Cette page n'existe pas (ou plus)."
        case .payloadTooLarge: "La requête est trop volumineuse."
        case .methodNotAllowed: "Cette action n'est pas possible à cette adresse."
        case .unauthorized: fallback.isEmpty || fallback == "Unauthorized" ? "Connectez-vous pour continuer." : fallback
        case .forbidden: fallback == "Forbidden" ? "Votre compte ne donne pas accès à cette page." : fallback
        case .badRequest: fallback == "Bad Request" ? "La requête est mal formée." : fallback
        default:
            status.code >= 500 ? "Une erreur inattendue est survenue ; rien n'a été enregistré." : fallback
        }
    }

    private func title(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "Page introuvable"
        case .forbidden: "Accès refusé"
        default: status.code >= 500 ? "Erreur" : "Requête refusée"
        }
    }
}

/// Headers that keep pages from being framed, sniffed or fed inline scripts.
struct SecurityHeadersMiddleware: Middleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
            response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
            response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
            return response
        }
    }
}

/// One log line per request: method, route, status and duration, with a request id also sent
/// back to the client. The route is the pattern (`/ateliers/annulation/:token`), never the
/// path itself: paths carry private tokens (cancellation, calendar, shared links) and queries
/// carry searches. Only a path that matched no route is written as is. The same answer feeds
/// `/metrics` (`TandemMetrics`), where an unmatched path counts as `unmatched`.
struct RouteLoggingMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        let requestId = Self.requestId(from: request.headers.first(name: "X-Request-Id"))
        request.logger[metadataKey: "request-id"] = .string(requestId)
        let metrics = TandemMetrics.shared
        metrics.requestStarted()
        let method = TandemMetrics.methodLabel(request.method)
        let answered = next.respond(to: request).map { response in
            let elapsed = ContinuousClock.now - start
            response.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
            let pattern = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            let route = pattern ?? request.url.path
            request.logger.info("\(request.method) \(route) \(response.status.code)", metadata: [
                "ms": .string(String(format: "%.1f", elapsed.milliseconds)),
            ])
            metrics.requestFinished(method: method, route: TandemMetrics.routeLabel(pattern: pattern, path: request.url.path, status: response.status.code),
                                    status: response.status.code, seconds: TandemMetrics.seconds(elapsed))
            return response
        }
        // The error middleware turns errors into answers; should one still escape, Vapor answers
        // 500, and so does the count.
        answered.whenFailure { _ in
            let pattern = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            metrics.requestFinished(method: method, route: TandemMetrics.routeLabel(pattern: pattern, path: request.url.path, status: 500),
                                    status: 500, seconds: TandemMetrics.seconds(ContinuousClock.now - start))
        }
        return answered
    }

    /// The client's `X-Request-Id` when it is 1 to 64 characters of `[A-Za-z0-9._-]` (a proxy's
    /// id then follows the request through), a new one otherwise: anything else could forge or
    /// break a log line.
    static func requestId(from header: String?) -> String {
        if let header, (1...64).contains(header.utf8.count),
           header.utf8.allSatisfy({ byte in
               (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                   || byte == 0x2E || byte == 0x5F || byte == 0x2D
           }) {
            return header
        }
        return UUID.random().uuidString.lowercased()
    }
}

extension TandemMetrics {
    /// A duration in seconds, as `/metrics` counts them.
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Serves the files of `Public/` under the paths that hold them (`/css/`, `/js/`, `/icons/` and a
/// few root files), so that other requests never look at the disk.
struct StaticFilesMiddleware: Middleware {
    static let prefixes = ["/css/", "/js/", "/icons/"]
    static let rootFiles: Set<String> = ["/favicon.ico", "/manifest.webmanifest", "/service-worker.js", "/sw.js", "/robots.txt"]
    /// Types Vapor does not guess from the extension as browsers want them.
    static let mediaTypes: [String: HTTPMediaType] = [
        "/manifest.webmanifest": HTTPMediaType(type: "application", subType: "manifest+json"),
        "/sw.js": HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
    ]
    /// The service worker is checked on every visit: a stale copy would keep old pages in the
    /// phone's cache for an hour after an update.
    static let revalidated: Set<String> = ["/sw.js", "/manifest.webmanifest"]

    let publicDirectory: String

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD,
              Self.rootFiles.contains(path) || Self.prefixes.contains(where: { path.hasPrefix($0) }),
              !path.contains(".."), !path.contains("//"), !path.contains("\\"),
              let decoded = path.removingPercentEncoding, !decoded.contains("..") else {
            return next.respond(to: request)
        }
        let file = publicDirectory + String(decoded.dropFirst())
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask {
            let response = try await request.fileio.asyncStreamFile(at: file, mediaType: Self.mediaTypes[path])
            response.headers.replaceOrAdd(name: .cacheControl, value: Self.revalidated.contains(path) ? "no-cache" : "public, max-age=3600")
            return response
        }
    }
}
