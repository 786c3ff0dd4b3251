import Fluent
import Foundation
import TandemCore
import Vapor

/// iCalendar feeds of the public workshops: all of them, and a place's. Internal workshops
/// (staff, elected officials) never appear; cancelled sessions stay with `STATUS:CANCELLED` so
/// that calendars which subscribed remove them.
struct CalendarController {
    /// Sessions this long ago still appear, so a calendar keeps its recent history.
    static let historyDays = 90

    func register(_ routes: any RoutesBuilder) {
        routes.get("calendrier", "ateliers.ics", use: all)
        routes.get("calendrier", "ateliers", ":file", use: one)
        routes.get("calendrier", "mediateurs", ":file", use: mediator)
        routes.get("lieux", ":id", "ateliers.ics", use: place)
    }

    /// `/calendrier/ateliers/{id}.ics`: one public workshop session, to add to a calendar.
    @Sendable func one(_ req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics"), let id = UUID(uuidString: String(file.dropLast(4))),
              let session = try await WorkshopModel.find(id, on: req.db), session.isPublic else { throw Abort(.notFound) }
        return try await respond(req, name: session.title, sessions: [session])
    }

    /// `/calendrier/mediateurs/{token}.ics`: the sessions a mediator leads, public and internal,
    /// behind their private link.
    @Sendable func mediator(_ req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics"), file.count <= 100 else { throw Abort(.notFound) }
        let token = String(file.dropLast(4))
        guard let link = try await CalendarLinkModel.query(on: req.db).filter(\.$token == token).first() else { throw Abort(.notFound) }
        let since = LocalDate.today().adding(days: -Self.historyDays)
        let ids = try await WorkshopMediatorModel.query(on: req.db).filter(\.$userId == link.userId).all().map(\.workshopId)
        let sessions = ids.isEmpty ? [] : try await WorkshopModel.query(on: req.db).filter(\.$id ~~ ids).filter(\.$date >= since.iso)
            .sort(\.$date).sort(\.$startMinutes).limit(5_000).all()
        let response = try await respond(req, name: "Mes ateliers", sessions: sessions)
        // A private link: not for shared caches, not for search engines.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        response.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex")
        return response
    }

    @Sendable func all(_ req: Request) async throws -> Response {
        try await feed(req, name: "Ateliers numériques", placeId: nil)
    }

    @Sendable func place(_ req: Request) async throws -> Response {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let place = try await PlaceModel.find(id, on: req.db) else { throw Abort(.notFound) }
        return try await feed(req, name: "Ateliers — \(place.name)", placeId: id)
    }

    private func feed(_ req: Request, name: String, placeId: UUID?) async throws -> Response {
        let since = LocalDate.today().adding(days: -Self.historyDays)
        let query = WorkshopModel.query(on: req.db).filter(\.$isPublic == true).filter(\.$date >= since.iso)
        if let placeId { query.filter(\.$placeId == placeId) }
        let sessions = try await query.sort(\.$date).sort(\.$startMinutes).limit(5_000).all()
        return try await respond(req, name: name, sessions: sessions)
    }

    private func respond(_ req: Request, name: String, sessions: [WorkshopModel]) async throws -> Response {
        let places = try await PlaceModel.query(on: req.db).filter(\.$id ~~ Array(Set(sessions.map(\.placeId)))).all()
        let byId = Dictionary(places.compactMap { place in place.id.map { ($0, place) } }, uniquingKeysWith: { a, _ in a })
        let events = sessions.compactMap { session -> ICalendarEvent? in
            guard let id = session.id, let date = LocalDate(iso: session.date) else { return nil }
            let place = byId[session.placeId]
            return ICalendarEvent(
                uid: "atelier-\(id.uuidString.lowercased())@tandem", date: date, startMinutes: session.startMinutes,
                durationMinutes: session.durationMinutes, summary: session.title, description: session.about,
                location: place.map { "\($0.name), \($0.address), \($0.postalCode) \($0.commune)" },
                url: place.map { WebPath.place($0.id!) }.map { "\(Self.origin(req))\($0)" },
                isCancelled: session.isCancelled, lastModified: session.updatedAt ?? session.createdAt ?? Date())
        }
        let response = Response(status: .ok, body: .init(string: ICalendar.feed(name: name, events: events)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    /// The address the request came to, for the links in the events.
    static func origin(_ req: Request) -> String {
        let host = req.headers.first(name: .host).flatMap { $0.allSatisfy { $0.isLetter || $0.isNumber || ".:-[]".contains($0) } ? $0 : nil }
        return (req.application.tandemConfig.secureCookies ? "https://" : "http://") + (host ?? "localhost")
    }
}
