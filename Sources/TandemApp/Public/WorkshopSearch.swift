import Foundation
import TandemCore

/// The public listing's query string: `lieu` (a place's id), `theme` (a code of the themes list),
/// `du` and `au` (dates, `2026-03-14` as date fields send them or `14/03/2026` as people type
/// them). A value that is not understood is left out and the page says so: never an error page.
struct WorkshopSearch {
    var placeId: UUID?
    var theme: Theme?
    var from: LocalDate?
    var to: LocalDate?
    /// What was left out, and why, in French.
    var notices: [String] = []

    init(_ query: String?, today: LocalDate) {
        let form = FormBody.parse(query ?? "")
        func text(_ name: String) -> String? {
            let value = (form.value(name) ?? "").trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : String(value.prefix(40))
        }
        if let raw = text("lieu") {
            placeId = UUID(uuidString: raw)
            if placeId == nil { notices.append(Self.unknownPlace) }
        }
        if let raw = text("theme") {
            theme = Theme(code: raw)
            if theme == nil { notices.append("Le thème « \(raw) » n'existe pas : les ateliers de tous les thèmes sont affichés.") }
        }
        from = date(text("du"), label: "de début")
        to = date(text("au"), label: "de fin")
        checkOrder(today: today)
    }

    static let unknownPlace = "Le lieu demandé n'existe pas (ou plus) : les ateliers de tous les lieux sont affichés."

    var isEmpty: Bool { placeId == nil && theme == nil && from == nil && to == nil }

    /// Dates in the past and a period that ends before it starts are left out, and said so.
    private mutating func checkOrder(today: LocalDate) {
        if let from, from < today {
            self.from = nil
            notices.append("Les ateliers passés ne sont pas affichés : la liste commence aujourd'hui.")
        }
        if let to, to < today {
            self.to = nil
            notices.append("La date de fin du \(to.french) est passée : elle n'est pas prise en compte.")
        } else if let to, let from, to < from {
            self.to = nil
            notices.append("La date de fin du \(to.french) est avant la date de début : elle n'est pas prise en compte.")
        }
    }

    private mutating func date(_ raw: String?, label: String) -> LocalDate? {
        guard let raw else { return nil }
        if let date = Self.parseDate(raw) { return date }
        notices.append("La date \(label) « \(raw) » n'est pas une date : elle n'est pas prise en compte. Écrivez-la par exemple 14/03/2026.")
        return nil
    }

    /// `2026-03-14` or `14/03/2026` (also `14/3/2026`).
    static func parseDate(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// The filter form: the places that hold upcoming workshops, the themes, and the period.
    func fields(places: [PlaceModel], today: LocalDate) -> [FormField] {
        let selectedPlace = placeId?.uuidString.lowercased()
        var placeOptions = [FormOption(value: "", label: "Tous les lieux", id: "lieu-tous", checked: selectedPlace == nil)]
        placeOptions += places.map { place in
            let id = place.id!.uuidString.lowercased()
            return FormOption(value: id, label: "\(place.name) (\(place.commune))", id: "lieu-\(id)", checked: id == selectedPlace)
        }
        var themeOptions = [FormOption(value: "", label: "Tous les thèmes", id: "theme-tous", checked: theme == nil)]
        themeOptions += Theme.allCases.map { FormOption(value: $0.code, label: $0.label, id: "theme-\($0.code)", checked: $0 == theme) }
        var from = FormField(type: "date", name: "du", id: "filtre-du", label: "À partir du", value: self.from?.iso ?? "")
        var to = FormField(type: "date", name: "au", id: "filtre-au", label: "Jusqu'au", value: self.to?.iso ?? "")
        from.min = today.iso
        to.min = today.iso
        return [
            FormField(type: "select", name: "lieu", id: "filtre-lieu", label: "Lieu", options: placeOptions),
            FormField(type: "select", name: "theme", id: "filtre-theme", label: "Thème", options: themeOptions),
            from, to,
        ]
    }
}
