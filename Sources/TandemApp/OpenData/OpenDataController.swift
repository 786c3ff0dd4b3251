import Foundation
import TandemCore
import Vapor

/// `/opendata/lieux.csv` (the national standard v1.0.2) and `/opendata/lieux.json` (the same
/// records): public, without session, streamed page by page (see `PlaceExport`).
struct OpenDataController {
    static let placesCSV = "/opendata/lieux.csv"
    static let placesJSON = "/opendata/lieux.json"

    func register(_ routes: any RoutesBuilder) {
        let opendata = routes.grouped("opendata")
        opendata.get("lieux.csv") { req in Self.places(req, format: .csv) }
        opendata.get("lieux.json") { req in Self.places(req, format: .json) }
    }

    static func places(_ req: Request, format: PlaceExport.Format) -> Response {
        let export = PlaceExport(db: req.db, logger: req.logger)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: format.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(format.fileName)\"")
        // Public data that changes rarely: shared caches may keep it a few minutes.
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        let logger = req.logger
        // Headers are sent before the first place is read: a database failure midway can only
        // cut the body short (the client sees an incomplete transfer), never turn into a 500 page.
        let body = Response.Body(managedAsyncStream: { writer in
            do {
                try await export.run(format) { text in
                    try await writer.writeBuffer(ByteBuffer(string: text))
                }
            } catch {
                logger.error("Export des lieux interrompu", metadata: ["error": .string(String(reflecting: type(of: error)))])
                throw error
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}
