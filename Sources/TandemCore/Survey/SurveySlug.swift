import Foundation

/// The last part of a portrait's address, `/portraits/{slug}`: readable, ASCII, stable once
/// given. For an anonymous portrait the caller passes something neutral (the post and the
/// département), never the name.
public enum SurveySlug {
    public static let maxLength = 60

    /// « Médiatrice à Saint-Étienne » → `mediatrice-a-saint-etienne`; `-2`, `-3`… when taken.
    public static func make(_ text: String, existing: Set<String>) -> String {
        let base = fold(text).isEmpty ? "portrait" : fold(text)
        if !existing.contains(base) { return base }
        var number = 2
        while true {
            let suffix = "-\(number)"
            let candidate = trimHyphens(String(base.prefix(maxLength - suffix.count))) + suffix
            if !existing.contains(candidate) { return candidate }
            number += 1
        }
    }

    /// Lowercase ASCII letters and digits separated by single hyphens, at most `maxLength` long.
    static func fold(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "oe")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "Æ", with: "ae")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = ""
        var pendingHyphen = false
        for scalar in plain.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !out.isEmpty { out.append("-") }
                out.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return trimHyphens(String(out.lowercased().prefix(maxLength)))
    }

    private static func trimHyphens(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("-") { text = text.dropLast() }
        return String(text)
    }
}
