import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension RefiQDA {
    /// Largest codebook file read (a codebook of a thousand codes weighs a few hundred kilobytes).
    public static let maxCodebookBytes = 5 * 1024 * 1024
    /// Deepest nesting of elements accepted: a real codebook is a handful of levels deep.
    public static let maxDepth = 64
    public static let maxCodes = 5_000

    /// The codes of a `.qdc` codebook, or of the `<CodeBook>` of a `project.qde`, in document
    /// order (a parent before its children). Written to accept what other programs write:
    /// Taguette, QualCoder, NVivo, ATLAS.ti — missing or short colours (`#abc`), codes without
    /// guid (given `SurveyStableID.codeID` of their path: the default codebook's own ids), `{braced}` guids, `<Sets>`.
    /// Refuses any `<!DOCTYPE` or `<!ENTITY` before parsing (external entities, "billion laughs"),
    /// files over `maxBytes`, nesting deeper than `maxDepth`, more than `maxCodes` codes.
    public static func parseCodebook(_ data: Data, maxBytes: Int = maxCodebookBytes) throws(RefiQDAError) -> [SurveyCode] {
        func failure(_ reason: String) -> RefiQDAError {
            RefiQDAError("Ce fichier n'est pas un livre de codes REFI-QDA (.qdc) lisible : \(reason)")
        }
        guard data.count <= maxBytes else {
            throw failure("il dépasse la taille maximale de \(maxBytes / 1024 / 1024) Mo.")
        }
        guard !data.isEmpty else { throw failure("il est vide.") }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw failure("il n'est pas encodé en UTF-8.")
        }
        if text.range(of: "<!DOCTYPE", options: .caseInsensitive) != nil || text.range(of: "<!ENTITY", options: .caseInsensitive) != nil {
            throw failure("il contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.")
        }
        let reader = CodebookReader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let problem = reader.problem { throw failure(problem) }
        guard parsed else {
            throw failure("le XML est mal formé (ligne \(parser.lineNumber)).")
        }
        guard reader.sawCodebook else {
            throw failure("il ne contient pas d'élément <CodeBook>.")
        }
        guard !reader.codes.isEmpty else { throw failure("il ne contient aucun code.") }
        return reader.codes
    }
}

/// Collects the `<Code>` elements of the first `<CodeBook>` as `XMLParser` walks the file.
/// Element names are local names (namespaces processed), so files with or without the
/// namespace, or with a prefix, read the same.
private final class CodebookReader: NSObject, XMLParserDelegate {
    private struct OpenCode {
        var code: SurveyCode
        var path: [String]
        /// Where the code sits in `codes`, to store its description when the element closes.
        var index: Int
    }

    private(set) var codes: [SurveyCode] = []
    private(set) var problem: String?
    private(set) var sawCodebook = false
    private var elements: [String] = []
    private var openCodes: [OpenCode] = []
    private var codebookDepth: Int?
    private var descriptionText: String?
    private var guids = Set<UUID>()

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        let parent = elements.last
        elements.append(elementName)
        if elements.count > RefiQDA.maxDepth {
            return stop(parser, "les éléments sont imbriqués sur plus de \(RefiQDA.maxDepth) niveaux.")
        }
        if elements.count == 1, elementName != "CodeBook", elementName != "Project" {
            return stop(parser, "l'élément racine est <\(elementName)>, et non <CodeBook> (ni <Project>).")
        }
        if elementName == "CodeBook", codebookDepth == nil, !sawCodebook {
            sawCodebook = true
            codebookDepth = elements.count
            return
        }
        guard codebookDepth != nil else { return }
        switch elementName {
        case "Code" where parent == "Codes" || parent == "Code":
            startCode(parser, attributes)
        case "Description" where parent == "Code":
            descriptionText = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        // Foundation's parser on Linux recovers from some mismatched end tags: refuse them here.
        guard elements.last == elementName else {
            return stop(parser, "le XML est mal formé (ligne \(parser.lineNumber)).")
        }
        defer { elements.removeLast() }
        if elements.count == codebookDepth { codebookDepth = nil }
        guard codebookDepth != nil else { return }
        if elementName == "Description", let text = descriptionText, let last = openCodes.indices.last {
            let (described, keywords) = RefiQDA.splitDescription(text)
            openCodes[last].code.description = described
            openCodes[last].code.keywords = keywords
            descriptionText = nil
        } else if elementName == "Code", let open = openCodes.popLast() {
            codes[open.index] = open.code
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if descriptionText != nil { descriptionText! += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if descriptionText != nil { descriptionText! += String(decoding: CDATABlock, as: UTF8.self) }
    }

    /// Some errors are reported here while `parse()` still answers true after recovering.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        stop(parser, "le XML est mal formé (ligne \(parser.lineNumber)).")
    }

    private func startCode(_ parser: XMLParser, _ attributes: [String: String]) {
        let name = (attributes["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            return stop(parser, "un code n'a pas de nom (ligne \(parser.lineNumber)).")
        }
        guard codes.count < RefiQDA.maxCodes else {
            return stop(parser, "il compte plus de \(RefiQDA.maxCodes) codes.")
        }
        let path = (openCodes.last?.path ?? []) + [name]
        let id = Self.guid(attributes["guid"]) ?? SurveyStableID.codeID(path: path)
        guard guids.insert(id).inserted else {
            return stop(parser, "deux codes portent le même identifiant (guid \(id.uuidString), ligne \(parser.lineNumber)).")
        }
        let colour = attributes["color"].flatMap(RefiQDA.normalisedColour) ?? RefiQDA.defaultColour
        let code = SurveyCode(id: id, parentId: openCodes.last?.code.id, name: name, colour: colour)
        openCodes.append(OpenCode(code: code, path: path, index: codes.count))
        codes.append(code)
    }

    /// A guid as the schema writes it, with or without braces, in either case.
    private static func guid(_ text: String?) -> UUID? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.hasPrefix("{"), text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        return UUID(uuidString: text)
    }

    private func stop(_ parser: XMLParser, _ reason: String) {
        if problem == nil { problem = reason }
        parser.abortParsing()
    }
}
