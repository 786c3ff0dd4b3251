import Foundation
import Testing
@testable import TandemCore

@Suite("Survey coding rules")
struct SurveyCodingRulesTests {
    static let text = "Je fais avec elle 👩‍💻, pas à sa place."
    static let respondent = UUID()
    static let code = UUID()

    static func coding(_ start: Int, _ end: Int, code: UUID = code, key: String = "A4") -> SurveyCoding {
        SurveyCoding(id: UUID(), respondentId: respondent, questionKey: key, range: TextRange(start: start, end: end), codeId: code)
    }

    static func message(_ range: TextRange, _ text: String = text) -> String? {
        do { try CodingRules.validate(range, in: text); return nil } catch { return error.message }
    }

    @Test func acceptsAPassageInsideTheAnswer() {
        #expect(Self.message(TextRange(start: 0, end: 2)) == nil)
        #expect(Self.message(CodingRules.wholeAnswer(Self.text)) == nil)
    }

    @Test func refusesBadPassagesInFrench() {
        let length = Self.text.unicodeScalars.count
        #expect(Self.message(TextRange(start: -1, end: 3))?.contains("avant le début") == true)
        #expect(Self.message(TextRange(start: 3, end: 3)) == "Le passage est vide : sélectionnez au moins un caractère.")
        #expect(Self.message(TextRange(start: 5, end: 3))?.contains("se termine avant de commencer") == true)
        #expect(Self.message(TextRange(start: 0, end: length + 1))?.contains("dépasse la fin") == true)
        #expect(Self.message(TextRange(start: 0, end: 1), "")?.contains("vide") == true)
    }

    @Test func lengthCountsUnicodeScalarsNotCharacters() {
        // The emoji is one Character but five scalars (ZWJ sequence): the end may reach every scalar.
        let length = Self.text.unicodeScalars.count
        #expect(length > Self.text.count)
        #expect(Self.message(TextRange(start: 0, end: length)) == nil)
    }

    @Test func overlapsAreHalfOpen() {
        #expect(CodingRules.overlaps(TextRange(start: 0, end: 5), TextRange(start: 4, end: 8)))
        #expect(!CodingRules.overlaps(TextRange(start: 0, end: 5), TextRange(start: 5, end: 8)))
        #expect(CodingRules.overlaps(TextRange(start: 2, end: 3), TextRange(start: 0, end: 10)))
    }

    @Test func sameCodeOnOverlappingPassageIsRefusedOtherCasesAllowed() {
        let existing = [Self.coding(0, 10)]
        #expect(CodingRules.conflicts(adding: Self.coding(5, 12), to: existing)?.field == "range")
        #expect(CodingRules.conflicts(adding: Self.coding(10, 12), to: existing) == nil)
        #expect(CodingRules.conflicts(adding: Self.coding(5, 12, code: UUID()), to: existing) == nil)
        #expect(CodingRules.conflicts(adding: Self.coding(5, 12, key: "A5"), to: existing) == nil)
        // Editing a coding does not clash with itself.
        #expect(CodingRules.conflicts(adding: existing[0], to: existing) == nil)
    }

    @Test func excerptSlicesScalars() {
        #expect(CodingRules.excerpt(of: TextRange(start: 3, end: 17), in: Self.text) == "fais avec elle")
        #expect(CodingRules.excerpt(of: TextRange(start: 30, end: 999), in: "court") == "")
        #expect(CodingRules.excerpt(of: TextRange(start: -4, end: 2), in: "été") == "ét")
    }

    @Test func utf16AndScalarOffsetsConvertBothWays() {
        let text = "a😀é b" // 😀 is one scalar, two UTF-16 units; é precomposed
        let scalars = TextRange(start: 1, end: 3) // "😀é"
        let (start, end) = CodingRules.utf16Range(scalars, in: text)
        #expect(start == 1 && end == 4)
        #expect((text as NSString).substring(with: NSRange(location: start, length: end - start)) == "😀é")
        #expect(CodingRules.scalarRange(utf16Start: 1, utf16End: 4, in: text) == scalars)
        #expect(CodingRules.scalarRange(utf16Start: 0, utf16End: 6, in: text) == TextRange(start: 0, end: 5))
        // Inside a surrogate pair, or beyond the text: no passage.
        #expect(CodingRules.scalarRange(utf16Start: 2, utf16End: 4, in: text) == nil)
        #expect(CodingRules.scalarRange(utf16Start: 0, utf16End: 7, in: text) == nil)
        #expect(CodingRules.scalarRange(utf16Start: -1, utf16End: 2, in: text) == nil)
    }
}
