import Foundation
import TandemCore

/// One line of the list, in French.
struct ActivityRow: Encodable {
    let id: String
    let date: String
    let kind: String
    let place: String
    let duration: String
    let themes: String
    let people: String
    let mediator: String?
    /// The followed person's page, for a linked session and an actor who may see people. The
    /// list names nobody: the page behind the link does, to those it is for.
    let personHref: String?
    let editHref: String
    let duplicateHref: String
    let deleteHref: String

    init(_ model: ActivityModel, placeNames: [UUID: String], showMediator mediators: [UUID: String]?, showPerson: Bool = false) {
        let details = model.details
        let id = model.id!
        self.id = id.uuidString.lowercased()
        date = details.date.french
        kind = details.kind.label
        switch details.locationKind {
        case .place: place = details.placeId.flatMap { placeNames[$0] } ?? LocationKind.place.label
        case .home, .other: place = "\(details.locationKind.label) — \(details.commune ?? "")"
        case .remote: place = LocationKind.remote.label
        }
        duration = French.duration(minutes: details.durationMinutes)
        themes = details.themes.map(\.label).joined(separator: ", ")
        switch details.participants {
        case let .individual(person):
            people = person.ageBracket == .unknown ? "1 personne" : person.ageBracket.label
        case let .group(group): people = "\(group.count) participant\(group.count > 1 ? "s" : "")"
        case let .training(training): people = "\(training.count) participant\(training.count > 1 ? "s" : "")"
        }
        mediator = mediators.map { $0[model.mediatorId] ?? "" }
        personHref = showPerson ? details.personId.map(WebPath.person) : nil
        editHref = WebPath.editActivity(id)
        duplicateHref = WebPath.duplicateActivity(id)
        deleteHref = WebPath.deleteActivity(id)
    }
}

struct ActivityListPage: Encodable {
    let layout: Layout
    let heading: String
    let filters: [FormField]
    /// Whether a filter is set: the filter box then shows open.
    let filtersActive: Bool
    let filterErrors: [String]
    let rows: [ActivityRow]
    let previousHref: String?
    let nextHref: String?
    let pageNumber: Int
    let canRecord: Bool
}

struct DeletePage: Encodable {
    let layout: Layout
    let activity: ActivityRow
    let action: String
}

/// The list's filters, read from the query string with French names (`du`, `au`, `lieu`,
/// `type`, `page`). Wrong values are ignored with a message, never an error page.
struct ActivityListQuery {
    var filter = ActivityFilter()
    var page = 1
    var errors: [String] = []
    private var raw: [String: String] = [:]

    init(_ query: String?) {
        let form = FormBody.parse(query ?? "")
        func value(_ name: String) -> String? {
            guard let value = form.value(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            raw[name] = value
            return value
        }
        if let from = value("du") {
            if let date = LocalDate(iso: from) { filter.from = date } else { errors.append("La date de début n'est pas valide : elle est ignorée.") }
        }
        if let to = value("au") {
            if let date = LocalDate(iso: to) { filter.to = date } else { errors.append("La date de fin n'est pas valide : elle est ignorée.") }
        }
        if let place = value("lieu") {
            if let id = UUID(uuidString: place) { filter.placeId = id } else { errors.append("Ce lieu n'existe pas : le filtre est ignoré.") }
        }
        if let kind = value("type") {
            if let value = ActivityKind(code: kind) { filter.kind = value } else { errors.append("Ce type d'activité n'existe pas : le filtre est ignoré.") }
        }
        if let number = value("page"), let page = Int(number), (1...100_000).contains(page) { self.page = page }
        raw["page"] = nil
    }

    var isFiltering: Bool { raw.keys.contains { $0 != "page" } }

    func href(page: Int) -> String {
        var items = raw.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        items.append(URLQueryItem(name: "page", value: String(page)))
        var components = URLComponents()
        components.path = WebPath.activities
        components.queryItems = items
        return components.string ?? WebPath.activities
    }

    func fields(places: [PlaceSummary]) -> [FormField] {
        let from = FormField(type: "date", name: "du", id: "filtre-du", label: "Du", value: raw["du"] ?? "")
        let to = FormField(type: "date", name: "au", id: "filtre-au", label: "Au", value: raw["au"] ?? "")
        var placeOptions = [FormOption(value: "", label: "Tous les lieux", id: "filtre-lieu-tous", checked: raw["lieu"] == nil)]
        placeOptions += places.map { place in
            let id = place.id.uuidString.lowercased()
            return FormOption(value: id, label: place.name, id: "filtre-lieu-\(id)", checked: raw["lieu"]?.lowercased() == id)
        }
        let place = FormField(type: "select", name: "lieu", id: "filtre-lieu", label: "Lieu", options: placeOptions)
        var kindOptions = [FormOption(value: "", label: "Tous les types", id: "filtre-type-tous", checked: raw["type"] == nil)]
        kindOptions += ActivityKind.allCases.map { kind in
            FormOption(value: kind.code, label: kind.label, id: "filtre-type-\(kind.code)", checked: raw["type"] == kind.code)
        }
        let kind = FormField(type: "select", name: "type", id: "filtre-type", label: "Type", options: kindOptions)
        return [from, to, place, kind]
    }
}
