import Fluent
import Foundation
import TandemCore
import Vapor

/// The codebook and the codings, in the survey's store.
extension SurveyStore {
    // MARK: Codes

    /// Every code in tree order: each family, then its children (depth first), siblings by position.
    func codes() async throws -> [SurveyCode] {
        try await codeModels().map(\.code)
    }

    /// The code rows in tree order, with their memos.
    func codeModels() async throws -> [SurveyCodeModel] {
        let all = try await SurveyCodeModel.query(on: db).all()
        return CodeOrder.treeOrder(all)
    }

    func codeModel(_ id: UUID) async throws -> SurveyCodeModel? {
        try await SurveyCodeModel.find(id, on: db)
    }

    /// Creates the code (an id not yet stored) or changes it. Names are unique among siblings, so
    /// that a path of names names one code (the codebook import merges by it).
    func saveCode(_ code: SurveyCode, memo: String) async throws {
        var code = code
        code.name = code.name.trimmingCharacters(in: .whitespacesAndNewlines)
        code.description = code.description.trimmingCharacters(in: .whitespacesAndNewlines)
        code.colour = code.colour.lowercased()
        code.keywords = CodeRules.normalisedKeywords(code.keywords)
        let memo = memo.trimmingCharacters(in: .whitespacesAndNewlines)
        let all = try await SurveyCodeModel.query(on: db).all()
        var errors = CodeRules.errors(code, memo: memo)
        if let parentId = code.parentId {
            if !all.contains(where: { $0.id == parentId }) {
                errors.append(FieldError("parentId", "Le code parent n'existe pas."))
            } else if CodeOrder.ancestors(of: parentId, in: all).contains(code.id) || parentId == code.id {
                errors.append(FieldError("parentId", "Un code ne peut pas être rangé sous lui-même ou sous un de ses sous-codes."))
            }
        }
        if all.contains(where: { $0.id != code.id && $0.parentId == code.parentId && $0.name.lowercased() == code.name.lowercased() }) {
            errors.append(FieldError("name", "Un code de ce nom existe déjà à cet endroit."))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let existing = all.first { $0.id == code.id }
        let siblings = all.filter { $0.parentId == code.parentId && $0.id != code.id }
        try await db.writeTransaction { [code] db in
            if let existing {
                if existing.parentId != code.parentId { existing.position = (siblings.map(\.position).max() ?? -1) + 1 }
                existing.code = code
                existing.memo = memo
                try await existing.update(on: db)
            } else {
                try await SurveyCodeModel(code, memo: memo, position: (siblings.map(\.position).max() ?? -1) + 1).create(on: db)
            }
        }
    }

    /// Removes a code that nothing uses: refused while it has sub-codes or codings, with the reason.
    func deleteCode(_ id: UUID) async throws {
        guard let model = try await codeModel(id) else { throw Abort(.notFound, reason: "Ce code n'existe pas.") }
        let children = try await SurveyCodeModel.query(on: db).filter(\.$parentId == id).count()
        let uses = try await SurveyCodingModel.query(on: db).filter(\.$codeId == id).count()
        var errors: [FieldError] = []
        if children > 0 {
            errors.append(FieldError("code", "Le code « \(model.name) » a \(children) sous-code\(children > 1 ? "s" : "") : supprimez-les ou déplacez-les d'abord."))
        }
        if uses > 0 {
            errors.append(FieldError("code", "Le code « \(model.name) » est appliqué à \(uses) passage\(uses > 1 ? "s" : "") : retirez ces codages d'abord."))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        try await db.writeTransaction { db in try await model.delete(on: db) }
    }

    /// Merges a codebook read from a `.qdc` file by path of names: a code whose path exists is
    /// left as it is, the others are created under their (existing or new) parent. The whole file
    /// is checked before anything is written.
    func importCodebook(_ codes: [SurveyCode]) async throws -> (created: Int, unchanged: Int) {
        let errors = CodeRules.importErrors(codes)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try await db.writeTransaction { db in
            let existing = try await SurveyCodeModel.query(on: db).all()
            var idByPath: [[String]: UUID] = [:]
            for model in existing {
                guard let id = model.id else { continue }
                idByPath[CodeOrder.path(of: id, in: existing).map { $0.lowercased() }] = id
            }
            var positions: [UUID?: Int] = [:]
            for model in existing { positions[model.parentId] = max(positions[model.parentId] ?? -1, model.position) }
            let imported = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var created = 0
            var unchanged = 0
            // Parents first: a code's depth in the file orders the creations.
            for code in codes.sorted(by: { CodeOrder.depth(of: $0, in: imported) < CodeOrder.depth(of: $1, in: imported) }) {
                let path = CodeOrder.path(of: code, in: imported)
                let key = path.map { $0.lowercased() }
                if idByPath[key] != nil {
                    unchanged += 1
                    continue
                }
                let parentId = key.count > 1 ? idByPath[Array(key.dropLast())] : nil
                var fresh = code
                fresh.id = UUID.random()
                fresh.parentId = parentId
                fresh.name = code.name.trimmingCharacters(in: .whitespacesAndNewlines)
                fresh.colour = CodeRules.isColour(code.colour.lowercased()) ? code.colour.lowercased() : CodeRules.defaultColour
                fresh.keywords = CodeRules.normalisedKeywords(code.keywords)
                let position = (positions[parentId] ?? -1) + 1
                positions[parentId] = position
                try await SurveyCodeModel(fresh, position: position).create(on: db)
                idByPath[key] = fresh.id
                created += 1
            }
            return (created, unchanged)
        }
    }

    // MARK: Codings

    func codings(of respondentId: UUID? = nil) async throws -> [SurveyCoding] {
        var query = SurveyCodingModel.query(on: db)
        if let respondentId { query = query.filter(\.$respondentId == respondentId) }
        return try await query.all()
            .sorted { ($0.questionKey, $0.start, $0.end) < ($1.questionKey, $1.start, $1.end) }
            .map(\.coding)
    }

    /// Applies a code to a passage of an answer. Refused when the passage is not inside the
    /// answer, when the code or the answer does not exist, or when the same code already covers
    /// an overlapping passage of that answer.
    func addCoding(_ coding: SurveyCoding) async throws {
        let memo = coding.memo.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if try await codeModel(coding.codeId) == nil { errors.append(FieldError("codeId", "Ce code n'existe pas.")) }
        let answer = try await SurveyAnswerModel.query(on: db).filter(\.$respondentId == coding.respondentId)
            .filter(\.$questionKey == coding.questionKey).first()
        if let answer {
            do { try CodingRules.validate(coding.range, in: answer.text) } catch { errors.append(error) }
        } else {
            errors.append(FieldError("questionKey", "Il n'y a pas de réponse à coder pour cette question."))
        }
        if memo.count > CodeRules.maxMemo { errors.append(FieldError("memo", "Le mémo dépasse \(CodeRules.maxMemo) caractères.")) }
        if errors.isEmpty {
            let same = try await SurveyCodingModel.query(on: db).filter(\.$respondentId == coding.respondentId)
                .filter(\.$questionKey == coding.questionKey).filter(\.$codeId == coding.codeId).all()
            if let clash = CodingRules.conflicts(adding: coding, to: same.map(\.coding)) { errors.append(clash) }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        var stored = coding
        stored.memo = memo
        if try await SurveyCodingModel.find(stored.id, on: db) != nil { stored.id = UUID.random() }
        try await db.writeTransaction { [stored] db in try await SurveyCodingModel(stored).create(on: db) }
    }

    func removeCoding(_ id: UUID) async throws {
        guard let model = try await SurveyCodingModel.find(id, on: db) else { throw Abort(.notFound, reason: "Ce codage n'existe plus.") }
        try await db.writeTransaction { db in try await model.delete(on: db) }
    }

    func setCodingMemo(_ id: UUID, _ memo: String) async throws {
        let memo = memo.trimmingCharacters(in: .whitespacesAndNewlines)
        guard memo.count <= CodeRules.maxMemo else { throw ValidationFailure([FieldError("memo", "Le mémo dépasse \(CodeRules.maxMemo) caractères.")]) }
        guard let model = try await SurveyCodingModel.find(id, on: db) else { throw Abort(.notFound, reason: "Ce codage n'existe plus.") }
        model.memo = memo
        try await db.writeTransaction { db in try await model.update(on: db) }
    }
}

/// What a code must be.
enum CodeRules {
    static let defaultColour = "#888888"
    static let maxMemo = 10_000

    static func errors(_ code: SurveyCode, memo: String) -> [FieldError] {
        var errors: [FieldError] = []
        if code.name.isEmpty { errors.append(FieldError("name", "Donnez un nom au code.")) }
        if code.name.count > 100 { errors.append(FieldError("name", "Le nom du code dépasse 100 caractères.")) }
        if !isColour(code.colour) { errors.append(FieldError("colour", "Choisissez une couleur au format #rrggbb.")) }
        if code.description.count > 2_000 { errors.append(FieldError("description", "La description dépasse 2 000 caractères.")) }
        if code.keywords.count > 50 || code.keywords.contains(where: { $0.count > 60 }) {
            errors.append(FieldError("keywords", "Au plus 50 mots-clés de 60 caractères chacun."))
        }
        if memo.count > maxMemo { errors.append(FieldError("memo", "Le mémo dépasse \(maxMemo) caractères.")) }
        return errors
    }

    /// A codebook from a file: named codes whose parents are in the file, without cycles.
    static func importErrors(_ codes: [SurveyCode]) -> [FieldError] {
        var errors: [FieldError] = []
        let ids = Set(codes.map(\.id))
        if ids.count != codes.count { errors.append(FieldError("codes", "Deux codes du fichier ont le même identifiant.")) }
        if codes.count > 5_000 { errors.append(FieldError("codes", "Le fichier contient plus de 5 000 codes.")) }
        for code in codes {
            let name = code.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty || name.count > 100 { errors.append(FieldError("codes", "Un code du fichier n'a pas de nom, ou un nom de plus de 100 caractères.")) }
            if let parent = code.parentId, !ids.contains(parent) {
                errors.append(FieldError("codes", "Le code « \(name) » a un parent absent du fichier."))
            }
        }
        let byId = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if codes.contains(where: { CodeOrder.depth(of: $0, in: byId) > 50 }) {
            errors.append(FieldError("codes", "Les codes du fichier forment une boucle ou un arbre trop profond."))
        }
        return Array(errors.prefix(20))
    }

    static func isColour(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy { $0.isHexDigit && $0.isASCII }
    }

    static func normalisedKeywords(_ keywords: [String]) -> [String] {
        var seen: Set<String> = []
        return keywords.map { $0.replacingOccurrences(of: "|", with: " ").trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}

/// Where a coded passage is after its answer changed: the same place when the words there are
/// unchanged, else the occurrence of the same words nearest to where they were, else nowhere.
enum CodingRelocation {
    static func range(of range: TextRange, from old: String, to new: String) -> TextRange? {
        let oldScalars = Array(old.unicodeScalars)
        let newScalars = Array(new.unicodeScalars)
        guard range.start >= 0, range.start < range.end, range.end <= oldScalars.count else { return nil }
        let passage = Array(oldScalars[range.start..<range.end])
        if range.end <= newScalars.count, Array(newScalars[range.start..<range.end]) == passage { return range }
        guard passage.count <= newScalars.count else { return nil }
        var best: Int?
        for start in 0...(newScalars.count - passage.count) where newScalars[start] == passage[0] {
            guard Array(newScalars[start..<start + passage.count]) == passage else { continue }
            if best.map({ abs($0 - range.start) > abs(start - range.start) }) ?? true { best = start }
        }
        return best.map { TextRange(start: $0, end: $0 + passage.count) }
    }
}

/// Tree order and paths of names over a flat list of codes.
enum CodeOrder {
    static func treeOrder(_ models: [SurveyCodeModel]) -> [SurveyCodeModel] {
        let ids = Set(models.compactMap(\.id))
        let children = Dictionary(grouping: models) { model in model.parentId.flatMap { ids.contains($0) ? $0 : nil } }
        var result: [SurveyCodeModel] = []
        var visited: Set<UUID> = []
        func visit(_ parent: UUID?) {
            let siblings = (children[parent] ?? []).sorted { ($0.position, $0.name) < ($1.position, $1.name) }
            for model in siblings {
                guard let id = model.id, visited.insert(id).inserted else { continue }
                result.append(model)
                visit(id)
            }
        }
        visit(nil)
        return result
    }

    /// The depth of each code in tree order (0 for a family), for indentation.
    static func depths(_ ordered: [SurveyCodeModel]) -> [UUID: Int] {
        var depths: [UUID: Int] = [:]
        for model in ordered {
            guard let id = model.id else { continue }
            depths[id] = model.parentId.flatMap { depths[$0].map { $0 + 1 } } ?? 0
        }
        return depths
    }

    static func ancestors(of id: UUID, in models: [SurveyCodeModel]) -> [UUID] {
        let byId = Dictionary(models.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        var result: [UUID] = []
        var current: UUID? = id
        while let next = current, let model = byId[next], result.count < 100 {
            result.append(next)
            current = model.parentId
        }
        return result
    }

    static func path(of id: UUID, in models: [SurveyCodeModel]) -> [String] {
        let byId = Dictionary(models.compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        return ancestors(of: id, in: models).reversed().compactMap { byId[$0]?.name.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func path(of code: SurveyCode, in byId: [UUID: SurveyCode]) -> [String] {
        var names: [String] = []
        var current: SurveyCode? = code
        while let next = current, names.count <= 50 {
            names.insert(next.name.trimmingCharacters(in: .whitespacesAndNewlines), at: 0)
            current = next.parentId.flatMap { byId[$0] }
        }
        return names
    }

    static func depth(of code: SurveyCode, in byId: [UUID: SurveyCode]) -> Int {
        path(of: code, in: byId).count - 1
    }
}
