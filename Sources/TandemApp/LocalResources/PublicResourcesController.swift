import Foundation
import TandemCore
import Vapor

/// `/ressources`: the published resources of every structure, grouped by kind, without an
/// account. Nothing personal: only what coordinators chose to publish.
struct PublicResourcesController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("ressources", use: list)
    }

    struct Page: Encodable {
        let layout: Layout
        let groups: [Group]
    }

    struct Group: Encodable {
        let label: String
        let anchor: String
        let href: String
        let count: Int
        let items: [Item]
    }

    struct Item: Encodable {
        let name: String
        /// Who offers it: the provider typed by the coordination, or else their structure.
        let provider: String
        let paragraphs: [String]
        let url: String?
        /// The site's name, shown beside the link so that a person knows where it leads.
        let host: String?

        init(_ model: LocalResourceModel) {
            name = model.name
            provider = model.provider ?? model.structure.name
            paragraphs = (model.about ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            url = model.url
            host = model.url.flatMap { URLComponents(string: $0)?.host }
        }
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let models = try await req.localResources.published()
        let groups = ResourceKind.allCases.compactMap { kind -> Group? in
            let items = models.filter { (ResourceKind(code: $0.kind) ?? .other) == kind }.map(Item.init)
            guard !items.isEmpty else { return nil }
            let anchor = "type-" + kind.code.replacingOccurrences(of: "_", with: "-")
            return Group(label: kind.label, anchor: anchor, href: "#" + anchor, count: items.count, items: items)
        }
        return try await req.view.render("Resources/public", Page(layout: Layout(request: req, title: "Ressources numériques du territoire"), groups: groups))
    }
}
