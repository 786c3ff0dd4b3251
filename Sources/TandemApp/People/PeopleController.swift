import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The pages of the people followed with their consent: the list, the form, a person's page with
/// their sessions and progress, their data (access right), erasure, and the likely duplicates.
/// Only the mediators and the coordinator of the person's structure reach them; another
/// structure's person answers 404, as if it did not exist.
struct PeopleController {
    static let pageSize = 30

    func register(_ routes: any RoutesBuilder) {
        routes.get("personnes", use: list)
        routes.get("personnes", "nouvelle", use: newForm)
        routes.post("personnes", "nouvelle", use: create)
        routes.get("personnes", "doublons", use: duplicates)
        routes.post("personnes", "doublons", "fusion", use: merge)
        routes.get("personnes", ":id", use: show)
        routes.get("personnes", ":id", "modifier", use: editForm)
        routes.post("personnes", ":id", "modifier", use: update)
        routes.get("personnes", ":id", "donnees", use: dataPage)
        routes.get("personnes", ":id", "donnees.json", use: dataJSON)
        routes.get("personnes", ":id", "effacer", use: confirmErase)
        routes.post("personnes", ":id", "effacer", use: erase)
    }

    // MARK: List

    @Sendable func list(_ req: Request) async throws -> View {
        let actor = try follower(req)
        let structureId = actor.structureId!
        let form = FormBody.parse(req.url.query ?? "")
        // A name is short: a longer text finds nobody, and is not echoed back whole.
        let search = String((form.value("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "").prefix(60))
        let pageNumber = max(1, min(10_000, form.value("page").flatMap { Int($0) } ?? 1))
        let found = try await req.people.list(structureId: structureId, search: search.isEmpty ? nil : search,
                                              offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize + 1)
        let people = Array(found.prefix(Self.pageSize))
        let duplicateIds = try await req.people.duplicateIds(structureId: structureId)
        let tallies = try await SessionTallies(db: req.db).of(people.compactMap(\.id))
        let today = LocalDate.today()
        let summary: String
        if search.isEmpty {
            let total = try await req.people.count(structureId: structureId)
            summary = total == 0 ? "Aucune personne suivie pour l'instant."
                : "\(French.integer(total)) personne\(total > 1 ? "s" : "") suivie\(total > 1 ? "s" : "")."
        } else {
            summary = people.isEmpty && pageNumber == 1 ? "Aucune personne ne correspond à « \(search) »."
                : "Personnes correspondant à « \(search) » :"
        }
        func href(_ page: Int) -> String {
            var items: [String] = []
            if !search.isEmpty { items.append("q=" + QueryValue.encode(search)) }
            if page > 1 { items.append("page=\(page)") }
            return WebPath.people + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
        }
        let page = PeopleListPage(
            layout: Layout(request: req, title: "Personnes suivies"),
            query: search,
            rows: people.map { PersonRow($0, tally: tallies[$0.id!], today: today, possibleDuplicate: duplicateIds.contains($0.id!)) },
            summary: summary,
            duplicatesHref: duplicateIds.isEmpty ? nil : WebPath.peopleDuplicates,
            newPersonHref: WebPath.newPerson,
            previousHref: pageNumber > 1 ? href(pageNumber - 1) : nil,
            nextHref: found.count > Self.pageSize ? href(pageNumber + 1) : nil,
            pageNumber: pageNumber)
        return try await req.view.render("People/list", page)
    }

    // MARK: New

    @Sendable func newForm(_ req: Request) async throws -> View {
        _ = try follower(req)
        var input = PersonInput()
        input.consentDate = LocalDate.today().iso
        input.consentPurpose = PersonValidator.defaultConsentPurpose
        return try await renderForm(req, input: input, failure: nil, mode: .new(backToActivity: backToActivity(req)))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try follower(req)
        let input = PersonInput(form: try req.verifiedForm())
        let mode = Mode.new(backToActivity: backToActivity(req))
        switch PersonValidator(today: LocalDate.today()).validate(input) {
        case let .failure(failure):
            return try await errorResponse(req, input: input, failure: failure, mode: mode)
        case let .success(details):
            let person = try await req.people.create(details, structureId: actor.structureId!, by: actor)
            req.flash("Personne enregistrée.")
            let id = person.id!
            return req.redirect(to: backToActivity(req) ? WebPath.newActivity(for: id) : WebPath.person(id))
        }
    }

    /// The form was opened from the activity form (`?retour=activite`): once the person is
    /// created, the mediator goes back to recording the session with them.
    private func backToActivity(_ req: Request) -> Bool {
        FormBody.parse(req.url.query ?? "").value("retour") == "activite"
    }

    // MARK: Edit

    @Sendable func editForm(_ req: Request) async throws -> View {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        return try await renderForm(req, input: person.details.input, failure: nil, mode: .edit(person.id!))
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        let input = PersonInput(form: try req.verifiedForm())
        switch PersonValidator(today: LocalDate.today()).validate(input) {
        case let .failure(failure):
            return try await errorResponse(req, input: input, failure: failure, mode: .edit(person.id!))
        case let .success(details):
            try await req.people.update(person, with: details, by: actor)
            req.flash("Fiche modifiée.")
            return req.redirect(to: WebPath.person(person.id!))
        }
    }

    // MARK: A person's page

    @Sendable func show(_ req: Request) async throws -> View {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        let id = person.id!
        try await req.journal.record(JournalEntry(.personViewed, by: actor, record: id, structure: person.structureId))
        let content = try await PersonContent.load(person, req: req)
        let points = content.sessions.compactMap { session -> AutonomyPoint? in
            guard let autonomy = session.autonomy.flatMap(Autonomy.init(code:)), let date = LocalDate(iso: session.date) else { return nil }
            return AutonomyPoint(date: date, autonomy: autonomy)
        }
        let summary = AutonomyProgress.summary(points)
        let chart = AutonomyChart(description: summary, points: points)
        let duplicateIds = try await req.people.duplicateIds(structureId: person.structureId)
        let page = PersonPage(
            layout: Layout(request: req, title: PersonLabel.short(person)),
            heading: PersonLabel.short(person),
            identity: content.identity,
            consent: content.consent,
            newActivityHref: WebPath.newActivity(for: id),
            editHref: WebPath.editPerson(id),
            dataHref: WebPath.personData(id),
            eraseHref: WebPath.erasePerson(id),
            duplicatesHref: duplicateIds.contains(id) ? WebPath.peopleDuplicates : nil,
            sessions: content.sessionRows(),
            chart: points.isEmpty ? nil : chart.svg(),
            autonomySummary: summary,
            autonomyRows: chart.ordered.map { AutonomyRow(date: $0.date.french, level: $0.autonomy.label) },
            referrals: content.referralRows())
        return try await req.view.render("People/person", page)
    }

    // MARK: Data (right of access)

    @Sendable func dataPage(_ req: Request) async throws -> View {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        let export = try await req.people.exportData(person)
        try await req.journal.record(JournalEntry(.personExported, by: actor, record: person.id!, structure: person.structureId, detail: "page"))
        let name = PersonLabel.short(person)
        let page = PersonDataPage(
            layout: Layout(request: req, title: "Données de \(name)"),
            heading: "Données de \(name)",
            export: export,
            personHref: WebPath.person(person.id!),
            jsonHref: WebPath.personDataJSON(person.id!))
        return try await req.view.render("People/data", page)
    }

    @Sendable func dataJSON(_ req: Request) async throws -> Response {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        let export = try await req.people.exportData(person)
        try await req.journal.record(JournalEntry(.personExported, by: actor, record: person.id!, structure: person.structureId, detail: "json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let response = Response(status: .ok, body: .init(data: try encoder.encode(export)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"personne-\(person.id!.uuidString.lowercased()).json\"")
        // A person's data is not kept by caches on the way or on a shared computer.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: Erasure (right to erasure)

    @Sendable func confirmErase(_ req: Request) async throws -> View {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        let sessions = try await req.people.sessions(of: person).count
        let page = PersonErasePage(
            layout: Layout(request: req, title: "Effacer une personne suivie"),
            name: PersonLabel.short(person),
            sessionsSentence: sessions == 0 ? "Aucune séance n'est enregistrée avec elle : rien ne reste dans les statistiques à son sujet."
                : (sessions == 1 ? "Sa séance reste" : "Ses \(French.integer(sessions)) séances restent")
                + " dans les statistiques, sans son nom : seules les informations anonymes sont gardées (tranche d'âge, thématiques, durée…).",
            action: WebPath.erasePerson(person.id!),
            personHref: WebPath.person(person.id!))
        return try await req.view.render("People/erase", page)
    }

    @Sendable func erase(_ req: Request) async throws -> Response {
        let actor = try follower(req)
        let person = try await findPerson(req, actor: actor)
        _ = try req.verifiedForm()
        try await req.people.erase(person, by: actor)
        req.flash("Les données de la personne ont été effacées.")
        return req.redirect(to: WebPath.people)
    }

    // MARK: Duplicates

    @Sendable func duplicates(_ req: Request) async throws -> View {
        let actor = try follower(req)
        return try await renderDuplicates(req, actor: actor, error: nil)
    }

    @Sendable func merge(_ req: Request) async throws -> Response {
        let actor = try follower(req)
        let form = try req.verifiedForm()
        func refuse(_ message: String) async throws -> Response {
            let response = try await renderDuplicates(req, actor: actor, error: message).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        guard form.count("keep") == 1, form.count("absorb") == 1,
              let keepId = form.value("keep").flatMap(UUID.init(uuidString:)),
              let absorbId = form.value("absorb").flatMap(UUID.init(uuidString:)) else {
            return try await refuse("Choisissez la fiche à garder parmi les doublons ci-dessous.")
        }
        guard keepId != absorbId else {
            return try await refuse("Une fiche ne peut pas être fusionnée avec elle-même.")
        }
        guard let keep = try await req.people.find(keepId, for: actor),
              let absorb = try await req.people.find(absorbId, for: actor) else {
            return try await refuse("Une des deux fiches n'existe pas ou plus : elle a peut-être déjà été fusionnée ou effacée.")
        }
        let moved: Int
        do {
            moved = try await req.people.merge(keep: keep, absorb: absorb, by: actor)
        } catch let abort as any AbortError where [.notFound, .badRequest].contains(abort.status) {
            // One of them went away meanwhile (merged or erased from another screen).
            return try await refuse(abort.reason)
        }
        req.flash("Fiches fusionnées : \(moved == 1 ? "1 séance rattachée" : "\(French.integer(moved)) séances rattachées").")
        return req.redirect(to: WebPath.person(keepId))
    }

    private func renderDuplicates(_ req: Request, actor: Actor, error: String?) async throws -> View {
        let pairs = try await req.people.duplicates(structureId: actor.structureId!)
        let people = pairs.flatMap { [$0.0, $0.1] }
        let tallies = try await SessionTallies(db: req.db).of(people.compactMap(\.id))
        let today = LocalDate.today()
        func side(_ person: FollowedPersonModel) -> DuplicateSide {
            let tally = tallies[person.id!] ?? SessionTally(count: 0, last: nil)
            var facts = [
                PersonFact(label: "Année de naissance", value: "\(person.birthYear) (\(AgeBracket.forBirthYear(person.birthYear, on: today).label))"),
                PersonFact(label: "Commune", value: person.commune),
                PersonFact(label: "Séances", value: tally.french),
                PersonFact(label: "Accord recueilli le", value: LocalDate(iso: person.consentDate)?.french ?? person.consentDate),
            ]
            if let phone = person.phone { facts.insert(PersonFact(label: "Téléphone", value: FrenchPhone.display(phone)), at: 2) }
            return DuplicateSide(id: person.id!.uuidString.lowercased(), name: PersonLabel.short(person), facts: facts, href: WebPath.person(person.id!))
        }
        let page = DuplicatesPage(
            layout: Layout(request: req, title: error == nil ? "Doublons possibles" : "Erreur — Doublons possibles"),
            pairs: pairs.enumerated().map { DuplicatePair(number: $0.offset + 1, first: side($0.element.0), second: side($0.element.1)) },
            action: WebPath.peopleMerge,
            error: error,
            peopleHref: WebPath.people)
        return try await req.view.render("People/duplicates", page)
    }

    // MARK: Helpers

    enum Mode {
        case new(backToActivity: Bool)
        case edit(UUID)
    }

    /// Only mediators and coordinators of a structure follow people; the others are told why.
    private func follower(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.canFollowPeople(actor) else {
            throw Abort(.forbidden, reason: "Les personnes suivies ne sont visibles que des médiateurs et de la coordination de leur structure : votre rôle n'y donne pas accès.")
        }
        return actor
    }

    private func findPerson(_ req: Request, actor: Actor) async throws -> FollowedPersonModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let person = try await req.people.find(id, for: actor) else {
            throw Abort(.notFound)
        }
        return person
    }

    private func errorResponse(_ req: Request, input: PersonInput, failure: ValidationFailure, mode: Mode) async throws -> Response {
        let response = try await renderForm(req, input: input, failure: failure, mode: mode).encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func renderForm(_ req: Request, input: PersonInput, failure: ValidationFailure?, mode: Mode) async throws -> View {
        let builder = PersonFormBuilder(input: input, failure: failure, today: LocalDate.today())
        let (title, action, submit, cancel): (String, String, String, String)
        switch mode {
        case let .new(backToActivity):
            (title, action, submit) = ("Ajouter une personne suivie", backToActivity ? WebPath.newPersonForActivity : WebPath.newPerson, "Enregistrer la personne")
            cancel = backToActivity ? WebPath.newActivity : WebPath.people
        case let .edit(id):
            (title, action, submit, cancel) = ("Modifier la fiche", WebPath.editPerson(id), "Enregistrer les modifications", WebPath.person(id))
        }
        let page = PersonFormPage(
            layout: Layout(request: req, title: failure == nil ? title : "Erreur — " + title),
            heading: title, action: action, submitLabel: submit, errorSummary: builder.errorLinks(),
            sections: builder.sections(), cancelHref: cancel)
        return try await req.view.render("People/form", page)
    }
}

/// Percent-encoding for a query value built on the server.
enum QueryValue {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
