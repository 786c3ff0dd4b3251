import Foundation

/// The rules of a coded passage. Passages count Unicode scalars, as REFI-QDA does; the browser's
/// selection counts UTF-16 code units, so the two conversions live here, next to the rules.
public enum CodingRules {
    /// Refuses a passage that is empty or does not lie within the answer, with a French message
    /// under the field `range`.
    public static func validate(_ range: TextRange, in text: String) throws(FieldError) {
        let length = text.unicodeScalars.count
        if length == 0 {
            throw FieldError("range", "La réponse est vide : il n'y a aucun passage à coder.")
        }
        if range.start < 0 {
            throw FieldError("range", "Le passage commence avant le début de la réponse (position \(range.start)).")
        }
        if range.start >= range.end {
            throw FieldError("range", range.start == range.end
                ? "Le passage est vide : sélectionnez au moins un caractère."
                : "Le passage se termine avant de commencer (début \(range.start), fin \(range.end)).")
        }
        if range.end > length {
            throw FieldError("range", "Le passage dépasse la fin de la réponse (fin \(range.end), la réponse compte \(length) caractères).")
        }
    }

    /// Whether two half-open passages share at least one character.
    public static func overlaps(_ a: TextRange, _ b: TextRange) -> Bool {
        a.start < b.end && b.start < a.end
    }

    /// The same code twice on overlapping passages of one answer is refused (it would count the
    /// passage twice); different codes may overlap freely.
    public static func conflicts(adding coding: SurveyCoding, to existing: [SurveyCoding]) -> FieldError? {
        let clash = existing.first { other in
            other.id != coding.id && other.respondentId == coding.respondentId && other.questionKey == coding.questionKey
                && other.codeId == coding.codeId && overlaps(other.range, coding.range)
        }
        guard let clash else { return nil }
        return FieldError("range", "Ce code est déjà appliqué à un passage qui chevauche celui-ci (caractères \(clash.range.start) à \(clash.range.end)) : modifiez ce passage plutôt que d'en ajouter un second.")
    }

    /// The text of a passage; the part inside the answer when it goes beyond.
    public static func excerpt(of range: TextRange, in text: String) -> String {
        let scalars = text.unicodeScalars
        let start = min(max(range.start, 0), scalars.count)
        let end = min(max(range.end, start), scalars.count)
        let from = scalars.index(scalars.startIndex, offsetBy: start)
        let to = scalars.index(from, offsetBy: end - start)
        return String(scalars[from..<to])
    }

    /// The passage covering the whole answer (how an answer is coded without JavaScript).
    public static func wholeAnswer(_ text: String) -> TextRange {
        TextRange(start: 0, end: text.unicodeScalars.count)
    }

    /// The passage in UTF-16 code units (what a browser's selection and `String.length` count).
    public static func utf16Range(_ range: TextRange, in text: String) -> (Int, Int) {
        (utf16Offset(ofScalar: range.start, in: text), utf16Offset(ofScalar: range.end, in: text))
    }

    /// The passage in scalars from a browser's UTF-16 offsets; nil when an offset falls outside
    /// the text or in the middle of a surrogate pair.
    public static func scalarRange(utf16Start: Int, utf16End: Int, in text: String) -> TextRange? {
        guard let start = scalarOffset(ofUTF16: utf16Start, in: text),
              let end = scalarOffset(ofUTF16: utf16End, in: text) else { return nil }
        return TextRange(start: start, end: end)
    }

    static func utf16Offset(ofScalar offset: Int, in text: String) -> Int {
        var units = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= offset { break }
            units += scalar.utf16.count
        }
        return units
    }

    static func scalarOffset(ofUTF16 offset: Int, in text: String) -> Int? {
        guard offset >= 0 else { return nil }
        var units = 0, scalars = 0
        for scalar in text.unicodeScalars {
            if units == offset { return scalars }
            if units > offset { return nil }
            units += scalar.utf16.count
            scalars += 1
        }
        return units == offset ? scalars : nil
    }
}
