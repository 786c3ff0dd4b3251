import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Tandem as an installable web app: the manifest, its icons, the service worker's headers and
/// what every page's head carries.
@Suite("Installable web app")
struct WebAppManifestTests {
    /// Width and height from a PNG's IHDR chunk, when the bytes are a PNG.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == Array("IHDR".utf8)[...] else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    @Test("The manifest is served as application/manifest+json, names Tandem in French and lists icons that exist")
    func manifest() async throws {
        try await TestApp.run { t in
            let response = try await t.browser().get("/manifest.webmanifest")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/manifest+json")
            #expect(response.headers.first(name: .cacheControl) == "no-cache")
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(manifest["name"] as? String == "Tandem — carnet de bord de la médiation numérique")
            #expect(manifest["short_name"] as? String == "Tandem")
            #expect(manifest["lang"] as? String == "fr")
            #expect(manifest["start_url"] as? String == "/activites/nouvelle")
            #expect(manifest["scope"] as? String == "/")
            #expect(manifest["display"] as? String == "standalone")
            #expect((manifest["theme_color"] as? String)?.hasPrefix("#") == true)
            #expect((manifest["background_color"] as? String)?.hasPrefix("#") == true)
            let icons = try #require(manifest["icons"] as? [[String: String]])
            var seen: Set<String> = []
            for icon in icons {
                let src = try #require(icon["src"])
                let served = try await t.browser().get(src)
                #expect(served.status == .ok, "\(src)")
                #expect(served.headers.contentType == .png, "\(src)")
                let size = try #require(Self.pngSize(Array(served.body.readableBytesView)), "\(src) is not a PNG")
                #expect(icon["sizes"] == "\(size.0)x\(size.1)", "\(src)")
                #expect(icon["type"] == "image/png")
                seen.insert("\(icon["sizes"] ?? "") \(icon["purpose"] ?? "any")")
            }
            #expect(seen.isSuperset(of: ["192x192 any", "512x512 any", "512x512 maskable"]), "\(seen)")
        }
    }

    @Test("The service worker is served as text/javascript and revalidated on every visit")
    func serviceWorkerHeaders() async throws {
        try await TestApp.run { t in
            // A folder of its own: the test does not depend on what Public/sw.js holds.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-public-\(UUID().uuidString)").path + "/"
            try FileManager.default.createDirectory(atPath: folder + "js", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            #expect(FileManager.default.createFile(atPath: folder + "sw.js", contents: Data("self.addEventListener('fetch', () => {});\n".utf8)))
            #expect(FileManager.default.createFile(atPath: folder + "js/other.js", contents: Data("void 0;\n".utf8)))
            let middleware = StaticFilesMiddleware(publicDirectory: folder)
            struct NotFound: Responder {
                func respond(to request: Request) -> EventLoopFuture<Response> {
                    request.eventLoop.makeSucceededFuture(Response(status: .notFound))
                }
            }
            func get(_ path: String) async throws -> Response {
                let request = Request(application: t.app, method: .GET, url: URI(string: path), on: t.app.eventLoopGroup.next())
                return try await middleware.respond(to: request, chainingTo: NotFound()).get()
            }
            let worker = try await get("/sw.js")
            #expect(worker.status == .ok)
            #expect(worker.headers.first(name: .contentType)?.hasPrefix("text/javascript") == true, "\(worker.headers)")
            #expect(worker.headers.first(name: .cacheControl) == "no-cache")
            let other = try await get("/js/other.js")
            #expect(other.status == .ok)
            #expect(other.headers.first(name: .cacheControl) == "public, max-age=3600")
            #expect(try await get("/sw2.js").status == .notFound)
            // Served from the real Public/ too, when the client side has written it.
            if FileManager.default.fileExists(atPath: t.app.directory.publicDirectory + "sw.js") {
                let real = try await t.browser().get("/sw.js")
                #expect(real.status == .ok)
                #expect(real.headers.first(name: .contentType)?.hasPrefix("text/javascript") == true)
                #expect(real.headers.first(name: .cacheControl) == "no-cache")
            }
        }
    }

    @Test("A mediator's pages load the offline script and its queue status; public pages only the manifest")
    func pageHead() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let manifest = "<link rel=\"manifest\" href=\"/manifest.webmanifest\">"
            let script = "<script src=\"/js/offline.js\" defer></script>"
            let style = "<link rel=\"stylesheet\" href=\"/css/offline.css\">"
            let status = "<div id=\"file-attente\" class=\"queue-status\" hidden></div>"

            let visitor = try await t.browser().get("/").body.string
            #expect(visitor.contains(manifest))
            #expect(visitor.contains("<meta name=\"theme-color\" content=\"#083a66\">"))
            #expect(!visitor.contains(script) && !visitor.contains(style) && !visitor.contains(status))
            #expect(!visitor.contains("data-recorder"))

            for actor in [f.mediatorA, f.coordinatorA] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                for path in ["/", "/activites/nouvelle", "/activites", "/deconnexion"] {
                    let html = try await browser.get(path).body.string
                    #expect(html.contains(manifest) && html.contains(script) && html.contains(style) && html.contains(status), "\(actor.role) \(path)")
                    #expect(html.contains("<body data-recorder=\"1\">"), "\(actor.role) \(path)")
                }
                let signOut = try await browser.get("/deconnexion").body.string
                #expect(signOut.contains("id=\"deconnexion-formulaire\""))
            }
            // Roles that record nothing get no queue.
            for actor in [f.researcher, f.admin] {
                let browser = t.browser()
                _ = try await browser.signIn(actor)
                let html = try await browser.get("/").body.string
                #expect(html.contains(manifest))
                #expect(!html.contains(script) && !html.contains("data-recorder"), "\(actor.role)")
            }
        }
    }
}
