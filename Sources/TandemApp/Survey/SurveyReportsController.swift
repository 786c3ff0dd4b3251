import Fluent
import Foundation
import TandemCore
import Vapor

/// `/enquete/rapports`: what the coded interviews show (SURVEY.md, "What the reports show"), for
/// researchers and administrators. Every figure comes from `SurveyReports` and `SaidVersusDone`;
/// the logbooks are read as the observatory's aggregate dashboards, never as anyone's records.
struct SurveyReportsController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("enquete", "rapports", use: overview)
        routes.get("enquete", "rapports", "matrice.csv", use: matrix)
        routes.get("enquete", "rapports", "question", ":number", use: question)
        routes.get("enquete", "rapports", "dit-fait", use: saidDone)
    }

    struct OverviewPage: Encodable {
        let layout: Layout
        let nav: [ReportLink]
        let sentence: String
        let codes: [ReportCodeRow]
        let matrices: [ReportMatrixView]
        let matrixHref: String
    }

    struct QuestionPage: Encodable {
        let layout: Layout
        let nav: [ReportLink]
        let number: Int
        let title: String
        let sentence: String
        let rows: [ReportComparisonRow]
    }

    struct SaidDonePage: Encodable {
        let layout: Layout
        let nav: [ReportLink]
        let years: [YearOption]
        let respondents: [SaidDoneRespondentView]
        let contexts: [SaidDoneContextView]
    }

    /// One choice of the logbooks' year; the empty value is « each interview's year ».
    struct YearOption: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    @Sendable func overview(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let corpus = try await req.survey.corpus()
        let overall = SurveyReports.cooccurrence(corpus)
        let used = ReportText.usedCodes(overall)
        let matrices = [
            ReportMatrixView(id: "cooccurrences", caption: "Co-occurrences, tous contextes : répondants ayant les deux codes (\(overall.respondents) répondants)", overall, keep: used),
        ] + RespondentContext.allCases.map { context in
            let matrix = SurveyReports.cooccurrence(corpus, context: context)
            return ReportMatrixView(id: "cooccurrences-\(context.code)",
                                    caption: "Co-occurrences, \(ReportText.contextShort(context).lowercased()) (\(matrix.respondents) répondants)",
                                    matrix, keep: used)
        }
        let page = OverviewPage(layout: Layout(request: req, title: "Rapports de l'enquête"), nav: ReportText.links(current: ReportPaths.home),
                                sentence: Self.sentence(corpus), codes: ReportText.codeRows(SurveyReports.codeFrequencies(corpus), corpus: corpus),
                                matrices: matrices, matrixHref: ReportPaths.matrixCSV)
        return try await req.view.render("Survey/reports", page)
    }

    /// Respondent × code, 0/1, for R or a spreadsheet (UTF-8 with byte order mark, `;`).
    @Sendable func matrix(_ req: Request) async throws -> Response {
        _ = try SurveyAccess.researcher(req)
        let csv = SurveyReports.matrixCSV(try await req.survey.corpus(), flavour: .french)
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"enquete-matrice-repondants-codes.csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    @Sendable func question(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        guard let number = req.parameters.get("number").flatMap({ Int($0) }),
              let question = SurveyReports.researchQuestions.first(where: { $0.id == number }) else { throw Abort(.notFound) }
        let corpus = try await req.survey.corpus()
        let rows = SurveyReports.comparison(for: question, in: corpus).map { row in
            ReportComparisonRow(label: row.label, depth: min(row.depth, 3), isFamily: row.depth == 0, library: row.library.text,
                                outsideLibrary: row.outsideLibrary.text, gap: ReportText.points(row.gapInPoints))
        }
        let page = QuestionPage(layout: Layout(request: req, title: "Question \(number) — Rapports de l'enquête"),
                                nav: ReportText.links(current: ReportPaths.question(number)), number: number, title: question.title,
                                sentence: Self.sentence(corpus), rows: rows)
        return try await req.view.render("Survey/report-question", page)
    }

    @Sendable func saidDone(_ req: Request) async throws -> View {
        _ = try SurveyAccess.researcher(req)
        let corpus = try await req.survey.corpus()
        let chosenYear = try Self.chosenYear(req)
        let observatory = ObservatoryStore(db: req.db)
        let labels = SurveyReports.respondentLabels(corpus)
        var respondents: [SaidDoneRespondentView] = []
        for respondent in corpus.respondents {
            guard let mediatorId = respondent.mediatorId else { continue }
            let year = chosenYear ?? Self.year(of: respondent)
            let logbook = try await observatory.dashboard(for: Self.query(year: year, mediatorId: mediatorId))
            let rows = SaidVersusDone.compare(respondent: respondent.id, in: corpus, logbook: logbook).map { row in
                SaidDoneRespondentView.Row(claim: row.claim.label, said: row.said ? "oui" : "non",
                                           done: ReportText.done(row.done, row.total, people: row.claim.countsPeople), verdict: row.verdict)
            }
            respondents.append(SaidDoneRespondentView(label: labels[respondent.id] ?? "", context: ReportText.contextShort(respondent.profile.context),
                                                      period: "année \(year)", rows: rows))
        }
        let year = chosenYear ?? Self.contextYear(corpus)
        var logbooks: [RespondentContext: Dashboard] = [:]
        for context in RespondentContext.allCases {
            logbooks[context] = try await observatory.dashboard(for: Self.query(year: year, context: context.statContext))
        }
        let rows = SaidVersusDone.compareContexts(corpus, logbooks: logbooks)
        let contexts = RespondentContext.allCases.map { context in
            SaidDoneContextView(title: ReportText.contextShort(context), period: "année \(year)",
                                rows: rows.filter { $0.context == context }.map { row in
                                    SaidDoneContextView.Row(claim: row.claim.label, saying: row.saying.text,
                                                            done: ReportText.done(row.done, row.total, people: row.claim.countsPeople),
                                                            gap: ReportText.points(row.gapInPoints))
                                })
        }
        let page = SaidDonePage(layout: Layout(request: req, title: "Dit et fait — Rapports de l'enquête"),
                                nav: ReportText.links(current: ReportPaths.saidDone),
                                years: Self.yearOptions(corpus, chosen: chosenYear), respondents: respondents, contexts: contexts)
        return try await req.view.render("Survey/report-said-done", page)
    }

    /// The years a researcher may choose: from the earliest interview's year minus five (the
    /// logbooks before an interview say what the mediator did then) to this year.
    static func selectableYears(_ corpus: SurveyCorpus, today: LocalDate = .today()) -> ClosedRange<Int> {
        let earliest = corpus.respondents.compactMap(\.profile.interviewDate?.year).min() ?? today.year
        return min(earliest, today.year) - 5 ... today.year
    }

    /// `?annee=`: nil (each interview's year) when absent or empty; a year out of range or not a
    /// number is a 400 in French, never a silent default.
    static func chosenYear(_ req: Request, today: LocalDate = .today()) throws -> Int? {
        guard let text = req.query[String.self, at: "annee"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let year = Int(text), (2000...today.year).contains(year) else {
            throw Abort(.badRequest, reason: "L'année « \(text.prefix(12)) » n'est pas valable : choisissez une année de 2000 à \(today.year).")
        }
        return year
    }

    static func yearOptions(_ corpus: SurveyCorpus, chosen: Int?) -> [YearOption] {
        var years = Array(selectableYears(corpus).reversed())
        if let chosen, !years.contains(chosen) { years.append(chosen); years.sort(by: >) }
        return [YearOption(value: "", label: "L'année de chaque entretien", selected: chosen == nil)]
            + years.map { YearOption(value: String($0), label: String($0), selected: $0 == chosen) }
    }

    // MARK: Helpers

    /// « 6 entretiens : 3 en bibliothèque, 3 hors bibliothèque. »
    static func sentence(_ corpus: SurveyCorpus) -> String {
        let total = corpus.respondents.count
        let library = corpus.respondents.filter { $0.profile.context == .library }.count
        guard total > 0 else { return "Aucun entretien pour le moment : les rapports se rempliront avec les entretiens codés." }
        return "\(total) entretien\(total > 1 ? "s" : "") : \(library) en bibliothèque, \(total - library) hors bibliothèque."
    }

    /// The logbook's year: the interview's, or this year when its date is unknown.
    static func year(of respondent: CorpusRespondent, today: LocalDate = .today()) -> Int {
        respondent.profile.interviewDate?.year ?? today.year
    }

    /// The contexts' year: the latest interview's.
    static func contextYear(_ corpus: SurveyCorpus, today: LocalDate = .today()) -> Int {
        corpus.respondents.compactMap(\.profile.interviewDate?.year).max() ?? today.year
    }

    static func query(year: Int, mediatorId: UUID? = nil, context: StatContext? = nil) -> ObservatoryQuery {
        let first = YearMonth(year: year, month: 1) ?? YearMonth(LocalDate.today())
        let last = YearMonth(year: year, month: 12) ?? first
        return ObservatoryQuery(preset: .custom, period: MonthPeriod(first: first, last: last), mediatorId: mediatorId, context: context)
    }
}
