import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The pages where a person finds help, without an account: `/` and `/lieux`, `/lieux/{id}`.
/// Large type, plain French, no JavaScript needed, and nothing personal: only what places publish.
struct PublicPlacesController {
    static let pageSize = 30

    func register(_ routes: any RoutesBuilder) {
        routes.get(use: home)
        routes.get("lieux", use: search)
        routes.get("lieux", ":id", use: show)
    }

    // MARK: Pages

    struct HomePage: Encodable {
        let layout: Layout
        let openNow: [PlaceCard]
        let placeCount: Int
    }

    @Sendable func home(_ req: Request) async throws -> View {
        let now = Date()
        let places = try await PlaceModel.query(on: req.db).sort(\.$name).limit(500).all()
        let open = places.filter { $0.openingHours?.isOpen(at: now) == true }.prefix(6).map { PlaceCard($0, now: now) }
        let page = HomePage(layout: Layout(request: req, title: "Trouver de l'aide numérique près de chez vous"),
                            openNow: Array(open), placeCount: try await PlaceModel.query(on: req.db).count())
        return try await req.view.render("Public/home", page)
    }

    struct SearchPage: Encodable {
        let layout: Layout
        let query: String
        let filters: [FormField]
        let openNowChecked: Bool
        let results: [PlaceCard]
        let resultSentence: String
        let nextHref: String?
        let previousHref: String?
    }

    @Sendable func search(_ req: Request) async throws -> View {
        let search = PlaceSearch(req.url.query)
        let now = Date()
        let query = PlaceModel.query(on: req.db)
        for word in SearchText.fold(search.text).split(separator: " ").prefix(6) {
            query.filter(\.$searchText ~~ String(word))
        }
        if let service = search.service { query.filter(\.$services ~~ service) }
        if let audience = search.audience { query.filter(\.$publics ~~ audience) }
        if let support = search.support { query.filter(\.$priseEnCharge ~~ support) }
        query.sort(\.$commune).sort(\.$name)
        var places: [PlaceModel]
        var hasNext: Bool
        if search.openNow {
            // Opening hours are understood in Swift: read a bounded set, then keep the open ones.
            let candidates = try await query.limit(2_000).all().filter { $0.openingHours?.isOpen(at: now) == true }
            let start = (search.page - 1) * Self.pageSize
            places = Array(candidates.dropFirst(start).prefix(Self.pageSize))
            hasNext = candidates.count > start + Self.pageSize
        } else {
            let rows = try await query.offset((search.page - 1) * Self.pageSize).limit(Self.pageSize + 1).all()
            places = Array(rows.prefix(Self.pageSize))
            hasNext = rows.count > Self.pageSize
        }
        let cards = places.map { PlaceCard($0, now: now) }
        let sentence = cards.isEmpty ? "Aucun lieu ne correspond à votre recherche." :
            (cards.count == 1 && search.page == 1 && !hasNext ? "Un lieu correspond à votre recherche." : "Lieux correspondant à votre recherche, page \(search.page).")
        let page = SearchPage(layout: Layout(request: req, title: search.isEmpty ? "Les lieux d'aide numérique" : "Recherche de lieux"),
                              query: search.text, filters: search.fields(), openNowChecked: search.openNow, results: cards,
                              resultSentence: sentence, nextHref: hasNext ? search.href(page: search.page + 1) : nil,
                              previousHref: search.page > 1 ? search.href(page: search.page - 1) : nil)
        return try await req.view.render("Public/places", page)
    }

    @Sendable func show(_ req: Request) async throws -> View {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let place = try await PlaceModel.find(id, on: req.db) else { throw Abort(.notFound) }
        let details = PublicPlace(place, now: Date())
        let sessions = try await WorkshopModel.upcomingPublic(on: req.db).filter(\.$placeId == id)
            .sort(\.$date).sort(\.$startMinutes).limit(10).all()
        let seats = try await req.registrations.seats(of: sessions)
        let rows = sessions.map { PublicWorkshopRow($0, seats: seats[$0.id!] ?? SeatCount(emptyOf: $0)) }
        let page = PlacePage(layout: Layout(request: req, title: place.name), place: details, week: details.week,
                             workshops: rows, calendarHref: WebPath.place(id) + "/ateliers.ics")
        return try await req.view.render("Public/place", page)
    }
}

/// The public search's query string: `q`, `service`, `public`, `prise_en_charge`, `ouvert`, `page`.
struct PlaceSearch {
    var text = ""
    var service: String?
    var audience: String?
    var support: String?
    var openNow = false
    var page = 1

    init(_ query: String?) {
        let form = FormBody.parse(query ?? "")
        text = String((form.value("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        // Only values of the standard's lists are used as filters; anything else is ignored.
        service = form.value("service").flatMap { PlaceStandard.services.contains($0) ? $0 : nil }
        audience = form.value("public").flatMap { PlaceStandard.publicsSpecifiquementAdresses.contains($0) ? $0 : nil }
        support = form.value("prise_en_charge").flatMap { PlaceStandard.priseEnChargeSpecifique.contains($0) ? $0 : nil }
        openNow = form.value("ouvert") == "1"
        if let number = form.value("page").flatMap(Int.init), (1...10_000).contains(number) { page = number }
    }

    var isEmpty: Bool { text.isEmpty && service == nil && audience == nil && support == nil && !openNow }

    func href(page: Int) -> String {
        var items: [URLQueryItem] = []
        if !text.isEmpty { items.append(URLQueryItem(name: "q", value: text)) }
        if let service { items.append(URLQueryItem(name: "service", value: service)) }
        if let audience { items.append(URLQueryItem(name: "public", value: audience)) }
        if let support { items.append(URLQueryItem(name: "prise_en_charge", value: support)) }
        if openNow { items.append(URLQueryItem(name: "ouvert", value: "1")) }
        items.append(URLQueryItem(name: "page", value: String(page)))
        var components = URLComponents()
        components.path = WebPath.places
        components.queryItems = items
        return components.string ?? WebPath.places
    }

    func fields() -> [FormField] {
        func select(_ name: String, _ label: String, _ values: [String], _ selected: String?, all: String) -> FormField {
            var options = [FormOption(value: "", label: all, id: "\(name)-tous", checked: selected == nil)]
            options += values.enumerated().map { FormOption(value: $1, label: $1, id: "\(name)-\($0)", checked: selected == $1) }
            return FormField(type: "select", name: name, id: "filtre-\(name)", label: label, options: options)
        }
        return [
            select("service", "Service", PlaceStandard.services, service, all: "Tous les services"),
            select("public", "Public accueilli", PlaceStandard.publicsSpecifiquementAdresses, audience, all: "Tous les publics"),
            select("prise_en_charge", "Accompagnement adapté", PlaceStandard.priseEnChargeSpecifique, support, all: "Sans précision"),
        ]
    }
}

/// A place in a list of results.
struct PlaceCard: Encodable {
    let href: String
    let name: String
    let address: String
    let status: String?
    let isOpen: Bool
    let services: String

    init(_ place: PlaceModel, now: Date) {
        href = WebPath.place(place.id!)
        name = place.name
        address = "\(place.address), \(place.postalCode) \(place.commune)"
        let status = place.openingHours?.status(at: now)
        self.status = status.map { FrenchText.unbreakable($0.sentence) }
        isOpen = status?.isOpen ?? false
        services = PlaceModel.list(place.services).joined(separator: " · ")
    }
}

struct PlacePage: Encodable {
    let layout: Layout
    let place: PublicPlace
    /// At the top level, where the shared week table (Places/week.leaf) looks for it.
    let week: [PlaceWeekRow]
    /// The place's next public workshops.
    let workshops: [PublicWorkshopRow]
    let calendarHref: String
}

/// A public workshop session in a list: when and what, in French.
struct PublicWorkshopRow: Encodable {
    let when: String
    let title: String
    let href: String
    /// "3 places restantes", or full with a waiting list.
    let seats: String

    init(_ session: WorkshopModel, seats: SeatCount) {
        let date = LocalDate(iso: session.date)
        let day = date.map { FrenchTime.weekdayName($0.isoWeekday) + " " + $0.french } ?? session.date
        when = FrenchText.unbreakable("\(day), \(FrenchTime.text(minutes: session.startMinutes))")
        title = session.title
        href = WebPath.workshop(session.id!)
        self.seats = seats.publicSentence
    }
}

/// Everything a place publishes, ready for its public page.
struct PublicPlace: Encodable {
    struct Link: Encodable {
        let href: String
        let label: String
    }

    let name: String
    let summary: String?
    let detail: String?
    let address: String
    let complement: String?
    let postalCode: String
    let commune: String
    let status: String?
    let isOpen: Bool
    let week: [PlaceWeekRow]
    let hoursExpression: String?
    let services: [String]
    let audiences: [String]
    let support: [String]
    let fees: [String]
    let access: [String]
    let support_modes: [String]
    let equipment: [String]
    let accessibilityNotes: String?
    let telephone: String?
    let telephoneHref: String?
    let emails: [String]
    let websites: [Link]
    let booking: String?
    let accessLibre: String?
    let latitude: String?
    let longitude: String?
    let mapHref: String?
    let mobile: Bool
    let typology: String

    init(_ place: PlaceModel, now: Date) {
        name = place.name
        summary = place.presentationResume
        detail = place.presentationDetail
        address = place.address
        complement = place.complementAdresse
        postalCode = place.postalCode
        commune = place.commune
        let hours = place.openingHours
        let status = hours?.status(at: now)
        self.status = status.map { FrenchText.unbreakable($0.sentence) }
        isOpen = status?.isOpen ?? false
        week = hours.map { PlaceWeekRow.week(of: $0, now: now) } ?? []
        hoursExpression = place.horaires
        services = PlaceModel.list(place.services)
        audiences = PlaceModel.list(place.publics)
        support = PlaceModel.list(place.priseEnCharge)
        fees = PlaceModel.list(place.frais)
        access = PlaceModel.list(place.modalitesAcces)
        support_modes = PlaceModel.list(place.modalitesAccompagnement)
        equipment = place.equipmentList.map(\.label)
        accessibilityNotes = place.accessibilityNotes
        telephone = place.telephone.map(PublicPlace.frenchPhone)
        telephoneHref = place.telephone.map { "tel:\($0)" }
        emails = PlaceModel.list(place.courriels)
        websites = PlaceModel.list(place.siteWeb).map { Link(href: $0, label: $0.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")) }
        booking = place.priseRdv
        accessLibre = place.ficheAccesLibre
        latitude = place.latitude.map { String(format: "%.5f", $0) }
        longitude = place.longitude.map { String(format: "%.5f", $0) }
        mapHref = place.latitude.flatMap { lat in place.longitude.map { lon in
            "https://www.openstreetmap.org/?mlat=\(String(format: "%.5f", lat))&mlon=\(String(format: "%.5f", lon))#map=17/\(String(format: "%.5f", lat))/\(String(format: "%.5f", lon))"
        } }
        mobile = PlaceModel.list(place.itinerance).contains("Itinérant")
        typology = PlaceModel.list(place.typology).compactMap { PlaceTypology(code: $0)?.label }.joined(separator: ", ")
    }

    /// "+33555123456" → "05 55 12 34 56", as French people read a number.
    static func frenchPhone(_ international: String) -> String {
        guard international.hasPrefix("+33"), international.count == 12 else { return international }
        let national = "0" + international.dropFirst(3)
        return stride(from: 0, to: national.count, by: 2).map { index -> String in
            let start = national.index(national.startIndex, offsetBy: index)
            return String(national[start..<national.index(start, offsetBy: min(2, national.count - index))])
        }.joined(separator: " ")
    }
}

extension PlaceModel {
    /// The place's hours, understood; nil when absent (or, for imported text, not understood).
    var openingHours: OpeningHours? {
        guard let horaires, !horaires.isEmpty else { return nil }
        return try? OpeningHours.parse(horaires)
    }
}
