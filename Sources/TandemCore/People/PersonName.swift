import Foundation

/// The key a first name or a commune is searched and compared by: « Marie-Thérèse » and
/// « marie therese » are the same person to a mediator typing fast on a phone.
public enum PersonName {
    /// Lower case, without accents (é → e, ç → c) or ligatures (œ → oe, æ → ae, ß → ss), trimmed;
    /// apostrophes dropped (« N'Diaye » = « Ndiaye »); every run of spaces and hyphens is one space.
    public static func key(_ text: String) -> String {
        var folded = ""
        folded.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "œ": folded += "oe"
            case "æ": folded += "ae"
            case "ß": folded += "ss"
            case "'", "’", "ʼ", "`": continue
            default:
                // The accents left by decomposition are combining marks.
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                folded.unicodeScalars.append(scalar)
            }
        }
        return folded
            .split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "‐" || $0 == "–" })
            .joined(separator: " ")
    }
}
