import Foundation

/// The REFI-QDA exchange standard (www.qdasoftware.org): a codebook file (`.qdc`) and a project
/// (`.qdpx`, a zip around `project.qde`), which QualCoder, NVivo, ATLAS.ti, MAXQDA and Taguette
/// read and write. Tandem writes both from the survey and reads codebooks back; the schemas are
/// `Codebook.xsd` and `Project-mrt2019.xsd` (checked in CI by `tests/external/test_refi_qda.py`).
public enum RefiQDA {
    public static let codebookNamespace = "urn:QDA-XML:codebook:1.0"
    public static let projectNamespace = "urn:QDA-XML:project:1.0"
    /// What `origin` says about who wrote the file.
    public static let origin = "Tandem"
    /// The colour of a code read from a file that gives none (or an unreadable one): a neutral grey.
    public static let defaultColour = "#808080"
    /// The schema has no element for keywords: they travel as the last paragraph of the
    /// code's `<Description>`, starting with this label, and are read back from it.
    public static let keywordsLabel = "Mots-clés :"
}

/// A file that cannot be read as REFI-QDA, with the reason in French for the person who sent it.
public struct RefiQDAError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension RefiQDA {
    /// Tandem's namespace for the identifiers of the exported project (a fixed random UUID).
    static let exportNamespace = UUID(uuidString: "2B7E4C1A-93D5-4F08-A6E2-5C0B9D3F7184")!

    /// A GUID that depends only on `parts` (a name-based UUID): exporting the same survey twice
    /// gives the same identifiers, so another program recognises its sources and cases.
    public static func stableGUID(_ parts: String...) -> UUID {
        SurveyStableID.uuid(namespace: exportNamespace, name: parts.joined(separator: "/"))
    }

    /// `#rrggbb` in lowercase from `#rgb` or `#rrggbb` in any case; nil for anything else.
    public static func normalisedColour(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("#") else { return nil }
        let digits = trimmed.dropFirst().lowercased()
        guard digits.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        switch digits.count {
        case 6: return "#" + digits
        case 3: return "#" + digits.map { "\($0)\($0)" }.joined()
        default: return nil
        }
    }
}

/// Writing XML text by hand: the files are small and their element order is fixed by the
/// schemas, which a string builder follows more plainly than a DOM.
struct XMLText {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    private var depth = 0

    mutating func open(_ name: String, _ attributes: [(String, String?)] = [], empty: Bool = false) {
        text += String(repeating: "  ", count: depth) + "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            text += " \(key)=\"\(Self.escaped(value, inAttribute: true))\""
        }
        text += empty ? "/>\n" : ">\n"
        if !empty { depth += 1 }
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += String(repeating: "  ", count: depth) + "</\(name)>\n"
    }

    /// An element holding only text.
    mutating func element(_ name: String, _ content: String) {
        text += String(repeating: "  ", count: depth) + "<\(name)>\(Self.escaped(content, inAttribute: false))</\(name)>\n"
    }

    /// Markup characters escaped; in attributes, line breaks and tabs as character references
    /// (a parser would turn them into spaces); characters XML 1.0 cannot carry left out rather
    /// than making the whole file unreadable.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += inAttribute ? "&quot;" : "\""
            case "\n": out += inAttribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
