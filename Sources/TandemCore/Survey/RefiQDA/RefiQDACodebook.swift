import Foundation

extension RefiQDA {
    /// The codebook as a `.qdc` file (`Codebook.xsd`): `<CodeBook><Codes>` with children nested
    /// in their parent's `<Code>`. Every code is codable. Keywords go in the description's last
    /// paragraph (see `keywordsLabel`). The schema requires at least one code: callers refuse to
    /// export an empty codebook.
    public static func codebookXML(codes: [SurveyCode]) -> String {
        var xml = XMLText()
        xml.open("CodeBook", [("xmlns", codebookNamespace), ("origin", origin)])
        writeCodes(codes, into: &xml)
        xml.close("CodeBook")
        return xml.text
    }

    /// `<Codes>…</Codes>`, the same in a codebook and in a project.
    static func writeCodes(_ codes: [SurveyCode], into xml: inout XMLText) {
        let tree = CodeTree(codes)
        xml.open("Codes")
        for root in tree.roots { writeCode(root, tree: tree, into: &xml) }
        xml.close("Codes")
    }

    private static func writeCode(_ code: SurveyCode, tree: CodeTree, into xml: inout XMLText) {
        let description = descriptionText(code)
        let children = tree.children(of: code.id)
        let attributes: [(String, String?)] = [
            ("guid", code.id.uuidString), ("name", code.name), ("isCodable", "true"),
            ("color", normalisedColour(code.colour) ?? defaultColour),
        ]
        guard !description.isEmpty || !children.isEmpty else {
            xml.open("Code", attributes, empty: true)
            return
        }
        xml.open("Code", attributes)
        if !description.isEmpty { xml.element("Description", description) }
        for child in children { writeCode(child, tree: tree, into: &xml) }
        xml.close("Code")
    }

    /// The description, then the keywords as a last paragraph.
    static func descriptionText(_ code: SurveyCode) -> String {
        let keywords = code.keywords.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let description = code.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !keywords.isEmpty else { return description }
        let line = keywordsLabel + " " + keywords.joined(separator: ", ")
        return description.isEmpty ? line : description + "\n\n" + line
    }

    /// The inverse of `descriptionText`: a last line starting with `keywordsLabel` holds the keywords.
    static func splitDescription(_ text: String) -> (description: String, keywords: [String]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var lines = trimmed.components(separatedBy: "\n")
        guard let last = lines.last, last.hasPrefix(keywordsLabel) else { return (trimmed, []) }
        lines.removeLast()
        let keywords = last.dropFirst(keywordsLabel.count).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines), keywords)
    }
}

/// The codes as a tree, children in the order given. A code whose parent is missing (or that
/// sits in a loop of parents) is treated as a root, so every code is written exactly once.
struct CodeTree {
    private(set) var roots: [SurveyCode] = []
    private var childrenById: [UUID: [SurveyCode]] = [:]

    init(_ codes: [SurveyCode]) {
        let byId = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<UUID>()
        for code in codes where seen.insert(code.id).inserted {
            if let parent = code.parentId, byId[parent] != nil, !Self.isInLoop(code, byId) {
                childrenById[parent, default: []].append(code)
            } else {
                roots.append(code)
            }
        }
    }

    func children(of id: UUID) -> [SurveyCode] { childrenById[id] ?? [] }

    private static func isInLoop(_ code: SurveyCode, _ byId: [UUID: SurveyCode]) -> Bool {
        var visited: Set<UUID> = [code.id]
        var current = code.parentId
        while let id = current, let parent = byId[id] {
            guard visited.insert(id).inserted else { return true }
            current = parent.parentId
        }
        return false
    }
}
