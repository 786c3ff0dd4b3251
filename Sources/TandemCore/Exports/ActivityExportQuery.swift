import Foundation

/// The files of the activities export.
public enum ActivityExportFormat: String, CaseIterable, Sendable {
    case csvFrench = "csv-fr"
    case csv
    case xlsx

    public var fileExtension: String { self == .xlsx ? "xlsx" : "csv" }

    public var contentType: String {
        self == .xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8"
    }

    /// The CSV flavour, nil for XLSX.
    public var csvFlavour: CSVFlavour? {
        switch self {
        case .csvFrench: .french
        case .csv: .standard
        case .xlsx: nil
        }
    }

    /// « csv-fr, csv ou xlsx », for messages.
    public static var choices: String { "csv-fr, csv ou xlsx" }
}

/// What an activities export asks for, validated: the format, and the list's own filters (days,
/// place, kind). The names are the query parameters of `/activites/export`; `du` and `au`, the
/// list page's names, are read as `from` and `to` so that the list's export links carry its period.
public struct ActivityExportQuery: Equatable, Sendable {
    public var format: ActivityExportFormat
    public var from: LocalDate?
    public var to: LocalDate?
    public var placeId: UUID?
    public var kind: ActivityKind?

    public init(format: ActivityExportFormat, from: LocalDate? = nil, to: LocalDate? = nil, placeId: UUID? = nil, kind: ActivityKind? = nil) {
        self.format = format
        self.from = from
        self.to = to
        self.placeId = placeId
        self.kind = kind
    }

    /// The query, or every problem in French, each named by its parameter. Empty values count as
    /// absent (a form sends every field).
    public static func parse(_ form: FormBody, defaultFormat: ActivityExportFormat = .csvFrench) -> Result<ActivityExportQuery, ValidationFailure> {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { form.value($0)?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        }
        var errors: [FieldError] = []
        var query = ActivityExportQuery(format: defaultFormat)
        if let raw = value("format") {
            if let format = ActivityExportFormat(rawValue: raw.lowercased()) { query.format = format }
            else { errors.append(FieldError("format", "« \(raw.prefix(40)) » n'est pas un format d'export : choisissez \(ActivityExportFormat.choices).")) }
        }
        query.from = day(value("from", "du"), "from", &errors)
        query.to = day(value("to", "au"), "to", &errors)
        if let from = query.from, let to = query.to, to < from {
            errors.append(FieldError("to", "La date de fin (\(to.french)) précède la date de début (\(from.french))."))
        }
        if let raw = value("lieu", "placeId") {
            if let id = UUID(uuidString: raw) { query.placeId = id }
            else { errors.append(FieldError("lieu", "« \(raw.prefix(40)) » n'est pas un lieu.")) }
        }
        if let raw = value("type", "kind") {
            if let kind = ActivityKind(code: raw) { query.kind = kind }
            else { errors.append(FieldError("type", "« \(raw.prefix(40)) » n'est pas un type d'activité.")) }
        }
        return errors.isEmpty ? .success(query) : .failure(ValidationFailure(errors))
    }

    private static func day(_ raw: String?, _ field: String, _ errors: inout [FieldError]) -> LocalDate? {
        guard let raw else { return nil }
        guard let date = LocalDate(iso: raw) else {
            errors.append(FieldError(field, "« \(raw.prefix(40)) » n'est pas une date au format AAAA-MM-JJ (par exemple 2026-03-14)."))
            return nil
        }
        return date
    }

    /// `activites.xlsx`, `activites-du-2026-01-01-au-2026-03-31.csv`.
    public var fileName: String {
        var name = "activites"
        if let from { name += "-du-" + from.iso }
        if let to { name += "-au-" + to.iso }
        return name + "." + format.fileExtension
    }
}
