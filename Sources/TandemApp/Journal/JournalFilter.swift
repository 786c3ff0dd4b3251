import Foundation
import TandemCore

/// What an administrator looks for in the journal. Every criterion is optional; they add up.
struct JournalFilter: Sendable, Equatable {
    var action: JournalAction?
    var actorId: UUID?
    var recordId: UUID?
    var structureId: UUID?
    /// First and last day, both included, in Paris time.
    var from: LocalDate?
    var to: LocalDate?

    var isEmpty: Bool { self == JournalFilter() }

    /// The first instant of `from` in Paris.
    var start: Date? { from.map(Self.startOfDay) }

    /// The first instant after `to` in Paris (the bound is exclusive).
    var end: Date? { to.map { Self.startOfDay($0.adding(days: 1)) } }

    static func startOfDay(_ day: LocalDate) -> Date {
        LocalDate.parisCalendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }
}

/// The journal's filter form, read from the query string (`action`, `compte`, `enregistrement`,
/// `structure`, `du`, `au`, `page`). Unlike the activity list, a wrong value is not ignored: an
/// audit that silently drops a criterion would show more than asked and be misread, so the page
/// answers 400 with the message beside the field, and the values as typed.
struct JournalQuery {
    static let pageSize = 50

    /// The values as typed, by field name, to show them again and to build links.
    private(set) var raw: [String: String] = [:]
    private(set) var page = 1

    init(_ query: String?) {
        let form = FormBody.parse(query ?? "")
        for name in Field.allCases.map(\.rawValue) + ["page"] {
            if let value = form.value(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { raw[name] = value }
        }
        if let number = raw["page"].flatMap({ Int($0) }), (1...1_000_000).contains(number) { page = number }
        raw["page"] = nil
    }

    enum Field: String, CaseIterable {
        case action
        case account = "compte"
        case record = "enregistrement"
        case structure
        case from = "du"
        case to = "au"
    }

    var offset: Int { (page - 1) * Self.pageSize }

    func value(_ field: Field) -> String? { raw[field.rawValue] }

    /// The filter, or every problem found, each tied to its field.
    func filter() -> Result<JournalFilter, ValidationFailure> {
        var filter = JournalFilter()
        var errors: [FieldError] = []
        func id(_ field: Field, _ message: String) -> UUID? {
            guard let text = value(field) else { return nil }
            guard let id = UUID(uuidString: text) else {
                errors.append(FieldError(field.rawValue, message))
                return nil
            }
            return id
        }
        func day(_ field: Field, _ message: String) -> LocalDate? {
            guard let text = value(field) else { return nil }
            guard let date = LocalDate(iso: text) else {
                errors.append(FieldError(field.rawValue, message))
                return nil
            }
            return date
        }
        if let code = value(.action) {
            if let action = JournalAction(code: code) { filter.action = action } else {
                errors.append(FieldError(Field.action.rawValue, "Cette action n'existe pas : choisissez-en une dans la liste."))
            }
        }
        filter.actorId = id(.account, "Ce compte n'existe pas : choisissez-en un dans la liste.")
        filter.recordId = id(.record, "Un identifiant compte 36 caractères, chiffres, lettres de a à f et tirets, par exemple 3f2b8c1e-0d4a-4e7b-9a61-5c2d8e9f0a1b.")
        filter.structureId = id(.structure, "Cette structure n'existe pas : choisissez-en une dans la liste.")
        filter.from = day(.from, "La date de début n'est pas une date valide (AAAA-MM-JJ, par exemple 2026-01-31).")
        filter.to = day(.to, "La date de fin n'est pas une date valide (AAAA-MM-JJ, par exemple 2026-01-31).")
        if let from = filter.from, let to = filter.to, to < from {
            errors.append(FieldError(Field.to.rawValue, "La date de fin précède la date de début."))
        }
        return errors.isEmpty ? .success(filter) : .failure(ValidationFailure(errors))
    }

    var isFiltering: Bool { !raw.isEmpty }

    /// The query string of these filters (without the page), for the CSV link and paging.
    func queryString(page: Int? = nil) -> String {
        var pairs = raw.sorted { $0.key < $1.key }
        if let page { pairs.append((key: "page", value: String(page))) }
        return pairs.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// Everything but letters, digits and `-._~` escaped, so a typed `&` or `+` stays in its value.
    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    func href(_ path: String, page: Int? = nil) -> String {
        let query = queryString(page: page)
        return query.isEmpty ? path : path + "?" + query
    }
}
