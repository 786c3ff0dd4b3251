import Foundation

/// French telephone numbers, as people write them: `06 12 34 56 78`, `06.12.34.56.78`,
/// `+33 6 12 34 56 78`, `+33 (0)6 12 34 56 78`.
public enum FrenchPhone {
    /// The ten digits starting with 0 (`0612345678`), or nil when it is not a French number.
    /// Spaces, dots, hyphens and brackets between digits are ignored; `+33` and `0033` stand for
    /// the leading 0.
    public static func normalise(_ text: String) -> String? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var international = false
        if rest.hasPrefix("+33") {
            rest = rest.dropFirst(3); international = true
        } else if rest.hasPrefix("0033") {
            rest = rest.dropFirst(4); international = true
        }
        var digits = ""
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" .-()\u{00A0}".contains(character) {
                return nil
            }
        }
        if international {
            // « +33 (0)6… » keeps a 0 that the international form drops.
            if digits.count == 10, digits.hasPrefix("0") { digits.removeFirst() }
            guard digits.count == 9 else { return nil }
            digits = "0" + digits
        }
        guard digits.count == 10, digits.hasPrefix("0"), digits.dropFirst().first != "0" else { return nil }
        return digits
    }

    /// `0612345678` → « 06 12 34 56 78 »; anything else is shown as stored.
    public static func display(_ digits: String) -> String {
        guard digits.count == 10, digits.allSatisfy(\.isNumber) else { return digits }
        let characters = Array(digits)
        return stride(from: 0, to: 10, by: 2).map { String(characters[$0..<$0 + 2]) }.joined(separator: " ")
    }
}
