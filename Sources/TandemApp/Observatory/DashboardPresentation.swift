import Fluent
import Foundation
import TandemCore
import Vapor

extension Policy {
    /// Publishing a read-only view of the statistics is the coordination's (and the
    /// administrator's) decision: mediators and researchers read, they do not publish.
    static func canShareStatistics(_ actor: Actor) -> Bool {
        (actor.role == .coordinator && actor.structureId != nil) || actor.role == .admin
    }
}

/// Who looks at a dashboard, and so what it shows: the signed-in page every number and, when the
/// viewer may, the mediators' names; a shared link masks counts under 5 and names mediators only
/// when its author chose to.
struct DashboardAudience: Sendable {
    var showsMediators: Bool
    var masked: Bool

    static func signedIn(_ actor: Actor) -> DashboardAudience {
        DashboardAudience(showsMediators: Policy.seesMediatorNames(actor), masked: false)
    }

    /// The breakdowns this audience may have for `query` (the API returns all of them).
    func available(for query: ObservatoryQuery) -> [StatDimension] {
        StatDimension.allCases.filter { dimension in
            dimension != .total && (dimension != .mediator || showsMediators) && ObservatoryStore.keeps(dimension, for: query)
        }
    }

    /// The breakdowns a page shows: those available, less the one line of a chosen place or mediator.
    func dimensions(for query: ObservatoryQuery) -> [StatDimension] {
        available(for: query).filter { dimension in
            !(dimension == .place && query.placeId != nil) && !(dimension == .mediator && query.mediatorId != nil)
        }
    }

    /// Said when the territory's view leaves out places and mediators.
    func scopeNote(for query: ObservatoryQuery) -> String? {
        guard !ObservatoryStore.keeps(.place, for: query) else { return nil }
        let what = showsMediators ? "les lieux et les médiateurs" : "les lieux"
        return masked ? "Sur tout le territoire, \(what) ne sont pas détaillés." : "Choisissez une structure pour voir \(what)."
    }

    /// The names behind the codes; a mediator's name only when this audience shows them.
    func labels(for dashboard: Dashboard, on db: any Database) async throws -> DashboardLabels {
        var labels = try await DashboardLabels.load(for: dashboard, on: db)
        if !showsMediators { labels.mediators = [:] }
        return labels
    }
}

/// One line of « Ce que montrent ces chiffres »: a filter and its value, in French.
struct ScopeLine: Encodable, Sendable {
    let label: String
    let value: String
}

/// A dashboard ready for a template: what it covers, and its report.
struct DashboardContent: Encodable, Sendable {
    let scope: [ScopeLine]
    let scopeNote: String?
    let report: DashboardReport
    /// The start of each table's download link, to which `table=…&format=…` is appended (it
    /// ends with `?` or `&`); nil: no download links.
    let exportBase: String?
}

extension DashboardAudience {
    /// Counts, names and report of `query`, for this audience.
    func content(for query: ObservatoryQuery, on req: Request, exportBase: String? = nil) async throws -> DashboardContent {
        let dashboard = try await req.observatory.dashboard(for: query)
        let labels = try await labels(for: dashboard, on: req.db)
        let report = DashboardReportBuilder(dashboard: dashboard, period: query.period, masked: masked, label: labels.label)
            .build(dimensions: dimensions(for: query))
        return DashboardContent(scope: try await scope(of: query, on: req.db), scopeNote: scopeNote(for: query),
                                report: report, exportBase: exportBase)
    }

    /// « Période : de janvier à juin 2026 », « Structure : … », then each filter set.
    func scope(of query: ObservatoryQuery, on db: any Database) async throws -> [ScopeLine] {
        var lines = [ScopeLine(label: "Période", value: query.period.french.capitalizedFirst)]
        if let id = query.structureId {
            lines.append(ScopeLine(label: "Structure", value: try await StructureModel.find(id, on: db)?.name ?? "Structure supprimée"))
        } else {
            lines.append(ScopeLine(label: "Structure", value: "Toutes les structures du territoire"))
        }
        if let id = query.placeId {
            let place = try await PlaceModel.find(id, on: db)
            lines.append(ScopeLine(label: "Lieu", value: place.map { "\($0.name) (\($0.commune))" } ?? "Lieu supprimé"))
        }
        if let id = query.mediatorId {
            let name = showsMediators ? try await UserModel.find(id, on: db)?.displayName : nil
            lines.append(ScopeLine(label: "Médiateur", value: name ?? "Un seul médiateur (nom non publié)"))
        }
        if let context = query.context { lines.append(ScopeLine(label: "Contexte", value: context.label)) }
        if let kind = query.kind { lines.append(ScopeLine(label: "Type d'activité", value: kind.label)) }
        switch query.characteristic {
        case .none: break
        case let .theme(theme): lines.append(ScopeLine(label: "Thématique", value: theme.label))
        case let .age(age): lines.append(ScopeLine(label: "Tranche d'âge", value: age.label))
        case let .status(status): lines.append(ScopeLine(label: "Statut", value: status.label))
        }
        return lines
    }
}
