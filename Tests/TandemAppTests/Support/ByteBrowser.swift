import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A signed-in client that sends bodies as bytes: the shared `Browser` sends Strings, and an
/// upload (a Latin-1 file, a multipart form) is not one.
final class ByteBrowser: @unchecked Sendable {
    let app: Application
    private var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let response = try await app.testing().sendRequest(method, "/", headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { request in
            request.url = URI(string: path)
        }
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    func csrf() async throws -> String {
        Browser.csrf(in: try await send(.GET, "/connexion").body.string) ?? ""
    }

    /// A form post with the CSRF token first.
    func post(_ path: String, form pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        let fields = [("_csrf", try await csrf())] + pairs
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: Array(body.utf8))
    }

    func signIn(_ actor: Actor) async throws {
        let response = try await post("/connexion", form: [("email", actor.email), ("password", Fixture.password)])
        #expect(response.status == .seeOther)
    }

    /// A multipart form: the text fields in order, then the file (field `fichier`), if any.
    func multipart(_ path: String, fields: [(String, String)], file: [UInt8]?, fileName: String) async throws -> TestingHTTPResponse {
        let boundary = "----tandem-test-7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            body += file + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }
}
