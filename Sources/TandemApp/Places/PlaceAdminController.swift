import Fluent
import Foundation
import TandemCore
import Vapor

/// `/gestion/lieux`: coordinators keep the places of their structure (administrators, all).
struct PlaceAdminController {
    func register(_ routes: any RoutesBuilder) {
        let places = routes.grouped("gestion", "lieux")
        places.get(use: list)
        places.get("nouveau", use: newForm)
        places.post("nouveau", use: create)
        places.get(":id", use: editForm)
        places.post(":id", use: update)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String
            let commune: String
            let editHref: String
            let publicHref: String
            let hours: String
        }

        let layout: Layout
        let rows: [Row]
    }

    struct FormPage: Encodable {
        let layout: Layout
        let heading: String
        let action: String
        let errorSummary: [ActivityFormPage.FieldErrorLink]
        let sections: [FormSection]
        let week: [PlaceWeekRow]
        let status: String?
    }

    @Sendable func list(_ req: Request) async throws -> View {
        let actor = try manager(req)
        let query = PlaceModel.query(on: req.db).sort(\.$name)
        if actor.role != .admin, let structure = actor.structureId { query.filter(\.$structure.$id == structure) }
        let rows = try await query.all().map { place in
            ListPage.Row(name: place.name, commune: place.commune, editHref: WebPath.managePlace(place.id!),
                         publicHref: WebPath.place(place.id!), hours: place.horaires ?? "")
        }
        return try await req.view.render("Places/admin-list", ListPage(layout: Layout(request: req, title: "Gérer les lieux"), rows: rows))
    }

    @Sendable func newForm(_ req: Request) async throws -> View {
        let actor = try manager(req)
        guard actor.structureId != nil else { throw Abort(.forbidden, reason: "Un lieu appartient à une structure : connectez-vous avec le compte de sa coordination.") }
        return try await render(req, heading: "Nouveau lieu", action: WebPath.newPlace, values: ["typologie": ""], equipment: [], notes: "", errors: nil)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let structureId = actor.structureId else { throw Abort(.forbidden) }
        let form = try req.verifiedForm()
        let id = UUID.random()
        switch validate(form, standardId: id.uuidString.lowercased()) {
        case let .failure(failure):
            return try await errorResponse(req, heading: "Nouveau lieu", action: WebPath.newPlace, form: form, failure: failure)
        case let .success((record, equipment, notes)):
            let place = PlaceModel(id: id, structureId: structureId, name: record.nom, typology: .bib, address: record.adresse,
                                   postalCode: record.codePostal, commune: record.commune)
            place.apply(record)
            place.equipment = CodeList.join(equipment)
            place.accessibilityNotes = notes
            try await place.create(on: req.db)
            req.flash("Lieu enregistré.")
            return req.redirect(to: WebPath.managePlaces)
        }
    }

    @Sendable func editForm(_ req: Request) async throws -> View {
        let actor = try manager(req)
        let place = try await findPlace(req, actor: actor)
        return try await render(req, heading: "Modifier « \(place.name) »", action: WebPath.managePlace(place.id!),
                                values: PlaceForm.values(from: place.record), equipment: place.equipmentList.map(\.code),
                                notes: place.accessibilityNotes ?? "", errors: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let actor = try manager(req)
        let place = try await findPlace(req, actor: actor)
        let form = try req.verifiedForm()
        switch validate(form, standardId: place.standardId) {
        case let .failure(failure):
            return try await errorResponse(req, heading: "Modifier « \(place.name) »", action: WebPath.managePlace(place.id!), form: form, failure: failure)
        case let .success((record, equipment, notes)):
            let wasLibrary = RollupContexts.isLibrary(typology: place.typology)
            place.apply(record)
            place.equipment = CodeList.join(equipment)
            place.accessibilityNotes = notes
            try await req.db.writeTransaction { db in
                try await place.update(on: db)
                if RollupContexts.isLibrary(typology: place.typology) != wasLibrary {
                    try await Rollups.placeContextChanged(place.id!, wasLibrary: wasLibrary, on: db)
                }
            }
            req.application.tandemCaches.placeStructures.remove(place.id!)
            req.flash("Lieu modifié.")
            return req.redirect(to: WebPath.managePlaces)
        }
    }

    // MARK: Helpers

    /// Coordinators and administrators manage places.
    private func manager(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard actor.role == .coordinator || actor.role == .admin else {
            throw Abort(.forbidden, reason: "Seule la coordination de la structure gère ses lieux.")
        }
        return actor
    }

    private func findPlace(_ req: Request, actor: Actor) async throws -> PlaceModel {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let place = try await PlaceModel.find(id, on: req.db),
              actor.role == .admin || place.$structure.id == actor.structureId else { throw Abort(.notFound) }
        return place
    }

    /// The standard's rules, the opening hours' syntax, and Tandem's own fields.
    private func validate(_ form: FormBody, standardId: String) -> Result<(PlaceRecord, [PlaceEquipment], String?), ValidationFailure> {
        var row = PlaceForm.row(from: form)
        row["id"] = standardId
        row["date_maj"] = LocalDate.today().iso
        var errors: [FieldError] = []
        var record: PlaceRecord?
        switch PlaceRecord.validate(row) {
        case let .success(valid): record = valid
        case let .failure(failure): errors += failure.errors
        }
        if let hours = row["horaires"]?.trimmingCharacters(in: .whitespaces), !hours.isEmpty {
            do {
                let parsed = try OpeningHours.parse(hours)
                record?.horaires = parsed.expression
            } catch {
                errors.append(FieldError("horaires", "Horaires non compris, \(error)"))
            }
        }
        let codes = form.values("equipment")
        let equipment = PlaceEquipment.allCases.filter { codes.contains($0.code) }
        if codes.contains(where: { PlaceEquipment(code: $0) == nil }) {
            errors.append(FieldError("equipment", "Un équipement choisi n'existe pas."))
        }
        let notes = form.value("accessibility_notes")?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let notes, notes.count > 2_000 { errors.append(FieldError("accessibility_notes", "Ce texte dépasse 2\u{00A0}000 caractères.")) }
        guard errors.isEmpty, let record else { return .failure(ValidationFailure(errors)) }
        return .success((record, equipment, notes?.isEmpty == false ? notes : nil))
    }

    private func errorResponse(_ req: Request, heading: String, action: String, form: FormBody, failure: ValidationFailure) async throws -> Response {
        var values = PlaceForm.row(from: form)
        for name in PlaceForm.linedLists { values[name] = form.value(name) }
        let view = try await render(req, heading: heading, action: action, values: values, equipment: form.values("equipment"),
                                    notes: form.value("accessibility_notes") ?? "", errors: failure)
        let response = try await view.encodeResponse(for: req)
        response.status = .unprocessableEntity
        return response
    }

    private func render(_ req: Request, heading: String, action: String, values: [String: String], equipment: [String],
                        notes: String, errors: ValidationFailure?) async throws -> View {
        let sections = PlaceForm.sections(values: values, equipment: equipment, accessibilityNotes: notes, errors: errors)
        let summary = FormAnchor.errorLinks(for: errors, in: sections, label: PlaceForm.label(of:))
        let hours = (values["horaires"]).flatMap { try? OpeningHours.parse($0) }
        let page = FormPage(layout: Layout(request: req, title: errors == nil ? heading : "Erreur — " + heading),
                            heading: heading, action: action, errorSummary: summary, sections: sections,
                            week: hours.map { PlaceWeekRow.week(of: $0) } ?? [],
                            status: hours?.status(at: Date()).sentence)
        return try await req.view.render("Places/admin-form", page)
    }
}

extension PlaceForm {
    /// The label of a field, for the error summary.
    static func label(of name: String) -> String {
        let specs = identity + address + contact
        if let spec = specs.first(where: { $0.name == name }) { return spec.label }
        if let list = choiceLists.first(where: { $0.name == name }) { return list.label }
        switch name {
        case "typologie": return "Type de lieu"
        case "horaires": return "Horaires d'ouverture"
        case "equipment": return "Équipement sur place"
        case "accessibility_notes": return "Accessibilité"
        default: return name
        }
    }
}

/// One day of a place's week, in French, for the table on its pages.
struct PlaceWeekRow: Encodable {
    let day: String
    let hours: String
    let isToday: Bool

    static func week(of hours: OpeningHours, now: Date = Date()) -> [PlaceWeekRow] {
        let today = LocalDate(now)
        let monday = today.adding(days: 1 - today.isoWeekday)
        return hours.week(startingOn: monday).map { day in
            PlaceWeekRow(day: day.dayName.prefix(1).uppercased() + day.dayName.dropFirst(),
                         hours: FrenchText.unbreakable(day.publicHoliday.map { "\(day.text) (\($0))" } ?? day.text),
                         isToday: day.date == today)
        }
    }
}

enum FrenchText {
    /// "18 h 30" never breaks across lines: the spaces around "h" become no-break spaces.
    static func unbreakable(_ text: String) -> String {
        text.replacingOccurrences(of: " h ", with: "\u{00A0}h\u{00A0}").replacingOccurrences(of: " h", with: "\u{00A0}h")
    }
}
