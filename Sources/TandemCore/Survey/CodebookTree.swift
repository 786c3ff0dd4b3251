import Foundation

/// The codebook as a tree: codes are stored flat with a `parentId`; screens, exports and reports
/// read them as a hierarchy. Built once from the list, then read many times.
public struct CodebookTree: Sendable {
    public let codes: [SurveyCode]
    private let byId: [UUID: SurveyCode]
    private let childrenById: [UUID?: [SurveyCode]]

    /// The longest name a code may have.
    public static let maxNameLength = 120

    public init(_ codes: [SurveyCode]) {
        self.codes = codes
        var byId: [UUID: SurveyCode] = [:]
        for code in codes where byId[code.id] == nil { byId[code.id] = code }
        self.byId = byId
        // A code whose parent is missing is shown as a root rather than lost.
        var children: [UUID?: [SurveyCode]] = [:]
        for code in codes {
            let parent = code.parentId.flatMap { byId[$0] == nil ? nil : $0 }
            children[parent, default: []].append(code)
        }
        self.childrenById = children
    }

    public func code(_ id: UUID) -> SurveyCode? { byId[id] }

    /// The direct children of a code (`nil`: the roots), in the codebook's order.
    public func children(of id: UUID?) -> [SurveyCode] { childrenById[id] ?? [] }

    public var roots: [SurveyCode] { children(of: nil) }

    /// The names from the root down to the code: `["Posture", "faire avec"]`; empty for an
    /// unknown id. Stops at a cycle instead of looping.
    public func path(of id: UUID) -> [String] {
        var names: [String] = []
        var seen: Set<UUID> = []
        var current = byId[id]
        while let code = current, seen.insert(code.id).inserted {
            names.append(code.name)
            current = code.parentId.flatMap { byId[$0] }
        }
        return names.reversed()
    }

    /// The path joined for display and CSV headers: « Posture › faire avec ».
    public func label(of id: UUID) -> String { path(of: id).joined(separator: " › ") }

    /// The code at a path of names, compared exactly.
    public func code(path: [String]) -> SurveyCode? {
        guard !path.isEmpty else { return nil }
        var parent: UUID?
        var found: SurveyCode?
        for name in path {
            guard let next = children(of: parent).first(where: { $0.name == name }) else { return nil }
            found = next
            parent = next.id
        }
        return found
    }

    /// The root of a code's family (itself for a root).
    public func family(of id: UUID) -> SurveyCode? {
        var seen: Set<UUID> = []
        var current = byId[id]
        while let code = current, seen.insert(code.id).inserted {
            guard let parentId = code.parentId, let parent = byId[parentId] else { return code }
            current = parent
        }
        return current
    }

    /// A code and all the codes below it.
    public func descendants(of id: UUID) -> [SurveyCode] {
        guard let root = byId[id] else { return [] }
        return [root] + walk(from: id, depth: 1).map(\.code)
    }

    /// Every code depth first, with its depth (0 for roots): the order of the codebook page.
    public var ordered: [(code: SurveyCode, depth: Int)] { walk(from: nil, depth: 0) }

    private func walk(from id: UUID?, depth: Int) -> [(code: SurveyCode, depth: Int)] {
        var result: [(code: SurveyCode, depth: Int)] = []
        var visited: Set<UUID> = []
        func visit(_ parent: UUID?, _ depth: Int) {
            for child in children(of: parent) where visited.insert(child.id).inserted {
                result.append((child, depth))
                visit(child.id, depth + 1)
            }
        }
        visit(id, depth)
        return result
    }

    /// Everything wrong with the codebook, in French, each under the field `codes[i].…` of the
    /// code concerned.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        var seenIds: Set<UUID> = []
        var siblingNames: [UUID?: Set<String>] = [:]
        for (index, code) in codes.enumerated() {
            let field = "codes[\(index)]"
            let name = code.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if !seenIds.insert(code.id).inserted {
                errors.append(FieldError(field, "Le code « \(name) » apparaît deux fois avec le même identifiant."))
            }
            if name.isEmpty {
                errors.append(FieldError(field + ".name", "Le nom du code est vide."))
            } else if name.count > Self.maxNameLength {
                errors.append(FieldError(field + ".name", "Le nom du code « \(name.prefix(40))… » dépasse \(Self.maxNameLength) caractères."))
            } else if !siblingNames[code.parentId, default: []].insert(name.lowercased()).inserted {
                errors.append(FieldError(field + ".name", "Deux codes de même niveau s'appellent « \(name) »."))
            }
            if !Self.isColour(code.colour) {
                errors.append(FieldError(field + ".colour", "La couleur du code « \(name) » doit s'écrire #rrggbb (par exemple #1d4ed8)."))
            }
            if let parentId = code.parentId {
                if byId[parentId] == nil {
                    errors.append(FieldError(field + ".parentId", "Le code parent de « \(name) » n'existe pas."))
                } else if isInCycle(code.id) {
                    errors.append(FieldError(field + ".parentId", "Le code « \(name) » se trouve sous lui-même : la hiérarchie forme une boucle."))
                }
            }
        }
        return errors
    }

    /// `#` then six hexadecimal digits.
    public static func isColour(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 7 && scalars[0] == "#" && scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }

    private func isInCycle(_ id: UUID) -> Bool {
        var seen: Set<UUID> = [id]
        var current = byId[id]?.parentId
        while let parentId = current {
            if parentId == id { return true }
            guard seen.insert(parentId).inserted else { return false } // a cycle above, reported on its own codes
            current = byId[parentId]?.parentId
        }
        return false
    }
}
