import Fluent
import Foundation
import TandemCore
import Vapor

/// The public portraits, without signing in: `/portraits` (the series, newest first, by context
/// and tag), `/portraits/{slug}` (one portrait, printable) and `/portraits/flux.atom`. Every
/// value shown comes from `PortraitPublication`, which applies the consent: an interview not
/// published, or without consent, answers 404 as if it did not exist.
struct PortraitsController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("portraits", use: list)
        routes.get("portraits", "flux.atom", use: feed)
        routes.get("portraits", ":slug", use: show)
    }

    struct ListPage: Encodable {
        let layout: Layout
        let filters: [FormField]
        let notices: [String]
        let resultSentence: String
        let portraits: [PortraitCard]
        let feedHref: String
    }

    struct ShowPage: Encodable {
        let layout: Layout
        let portrait: PortraitDetails
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let all = try await records(req)
        let filter = PortraitFilter(query: req.url.query, knownTags: Set(all.flatMap(\.portrait.tags)))
        let shown = all.filter(filter.matches)
        let page = ListPage(layout: Layout(request: req, title: "Portraits de médiateurs numériques"),
                            filters: filter.fields(tags: PortraitFilter.sortedTags(all)), notices: filter.notices,
                            resultSentence: PortraitFilter.sentence(count: shown.count, filtered: filter.isFiltering),
                            portraits: shown.map(PortraitCard.init), feedHref: PortraitPaths.feed)
        return try await req.view.render("Survey/portraits", page)
    }

    @Sendable func show(_ req: Request) async throws -> View {
        guard let slug = req.parameters.get("slug"), slug.count <= 120,
              let model = try await req.survey.respondent(slug: slug),
              let record = try await Self.record(req, model) else { throw Abort(.notFound) }
        return try await req.view.render("Survey/portrait", ShowPage(layout: Layout(request: req, title: record.portrait.title),
                                                                     portrait: PortraitDetails(record)))
    }

    @Sendable func feed(_ req: Request) async throws -> Response {
        let document = PortraitAtom.document(PortraitFeed.feed(try await records(req), origin: CalendarController.origin(req)))
        let response = Response(status: .ok, body: .init(string: document))
        response.headers.replaceOrAdd(name: .contentType, value: PortraitAtom.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    // MARK: Reading

    /// Every portrait that may be shown, newest interview first.
    private func records(_ req: Request) async throws -> [PortraitRecord] {
        var records: [PortraitRecord] = []
        var versions: [UUID: QuestionnaireContent] = [:]
        let models = try await req.survey.publishedPortraits()
        let answers = try await req.survey.answers(of: models.compactMap(\.id))
        for model in models {
            if versions[model.versionId] == nil {
                versions[model.versionId] = try await req.survey.version(model.versionId)?.questionnaire
            }
            guard let questionnaire = versions[model.versionId], let id = model.id else { continue }
            if let record = Self.record(model, questionnaire: questionnaire, answers: answers[id] ?? [:]) { records.append(record) }
        }
        return records
    }

    private static func record(_ req: Request, _ model: SurveyRespondentModel) async throws -> PortraitRecord? {
        guard let questionnaire = try await req.survey.version(model.versionId)?.questionnaire else { return nil }
        return try await record(req, model, questionnaire: questionnaire)
    }

    private static func record(_ req: Request, _ model: SurveyRespondentModel, questionnaire: QuestionnaireContent) async throws -> PortraitRecord? {
        record(model, questionnaire: questionnaire, answers: try await req.survey.answers(of: try model.requireID()))
    }

    /// The portrait as the public may read it, or nil (not published, no consent).
    private static func record(_ model: SurveyRespondentModel, questionnaire: QuestionnaireContent, answers: [String: String]) -> PortraitRecord? {
        guard let id = model.id else { return nil }
        let respondent = CorpusRespondent(id: id, slug: model.slug, profile: model.profile, tags: model.tagList, mediatorId: nil,
                                          status: model.interviewStatus, answers: answers)
        guard let portrait = PortraitPublication.portrait(of: respondent, questionnaire: questionnaire) else { return nil }
        let published = model.publishedAt ?? model.updatedAt ?? model.createdAt ?? Date(timeIntervalSince1970: 0)
        return PortraitRecord(portrait: portrait, sections: questionnaire.sections, publishedAt: published,
                              updatedAt: model.updatedAt ?? published, respondentId: id)
    }
}

/// The series' filters, read from the query (`contexte`, `etiquette`). A value that matches
/// nothing is dropped with a notice rather than refused: the list still shows.
struct PortraitFilter {
    var context: RespondentContext?
    var tag: String?
    var notices: [String] = []

    init(query: String?, knownTags: Set<String>) {
        let form = FormBody.parse(query ?? "")
        if let raw = form.value("contexte"), !raw.isEmpty {
            if let context = RespondentContext(code: raw) { self.context = context } else {
                notices.append("Ce contexte n'existe pas : tous les contextes sont affichés.")
            }
        }
        if let raw = form.value("etiquette")?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if knownTags.contains(raw) { tag = raw } else {
                notices.append("Aucun portrait ne porte l'étiquette « \(String(raw.prefix(60))) » : toutes les étiquettes sont affichées.")
            }
        }
    }

    var isFiltering: Bool { context != nil || tag != nil }

    func matches(_ record: PortraitRecord) -> Bool {
        (context == nil || record.portrait.context == context) && (tag == nil || record.portrait.tags.contains(tag!))
    }

    func fields(tags: [String]) -> [FormField] {
        let contexts = [FormOption(value: "", label: "Tous les contextes", id: "portraits-contexte-tous", checked: context == nil)]
            + RespondentContext.allCases.map {
                FormOption(value: $0.code, label: PortraitText.contextLabel($0), id: "portraits-contexte-\($0.code)", checked: context == $0)
            }
        let tagOptions = [FormOption(value: "", label: "Toutes les étiquettes", id: "portraits-etiquette-toutes", checked: tag == nil)]
            + tags.enumerated().map { FormOption(value: $1, label: $1, id: "portraits-etiquette-\($0)", checked: tag == $1) }
        return [
            FormField(type: "select", name: "contexte", id: "portraits-contexte", label: "Contexte", options: contexts),
            FormField(type: "select", name: "etiquette", id: "portraits-etiquette", label: "Étiquette", options: tagOptions),
        ]
    }

    static func sortedTags(_ records: [PortraitRecord]) -> [String] {
        Set(records.flatMap(\.portrait.tags)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    static func sentence(count: Int, filtered: Bool) -> String {
        switch count {
        case 0: filtered ? "Aucun portrait ne correspond à ces filtres." : "Aucun portrait n'est encore publié."
        case 1: "Un portrait."
        default: "\(count) portraits, du plus récent au plus ancien."
        }
    }
}
