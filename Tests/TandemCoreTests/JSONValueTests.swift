import Testing
@testable import TandemCore

/// Parses `text` expecting a syntax error, and returns it (nil, and a recorded issue, if none).
private func syntaxError(_ text: String, maxDepth: Int = 64) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8), maxDepth: maxDepth)
}

private func syntaxError(_ bytes: [UInt8], maxDepth: Int = 64) -> JSONSyntaxError? {
    do {
        let value = try JSONValue.parse(bytes, maxDepth: maxDepth)
        Issue.record("expected a syntax error, parsed \(value)")
        return nil
    } catch {
        return error
    }
}

private func number(_ text: String) -> JSONValue { .number(JSONNumber(text: text)) }

// MARK: - Valid documents

@Suite("JSONValue: valid documents")
struct JSONValidDocumentTests {
    @Test func scalarsAtTopLevel() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("false") == .bool(false))
        #expect(try JSONValue.parse("\"abc\"") == .string("abc"))
        #expect(try JSONValue.parse("42") == number("42"))
    }

    @Test func surroundingWhitespaceIsAllowed() throws {
        #expect(try JSONValue.parse(" \t\r\n {} \r\n\t ") == .object(JSONObject(members: [])))
    }

    @Test func emptyContainers() throws {
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse("{}") == .object(JSONObject(members: [])))
        #expect(try JSONValue.parse("[ ]") == .array([]))
        #expect(try JSONValue.parse("{ }") == .object(JSONObject(members: [])))
    }

    @Test func nestedDocument() throws {
        let value = try JSONValue.parse(#"{"nom": "Léa", "âge": 30, "tags": ["a", {"x": null}], "ok": true}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["nom", "âge", "tags", "ok"])
        #expect(object["nom"]?.stringValue == "Léa")
        #expect(object["âge"] == number("30"))
        #expect(object["ok"]?.boolValue == true)
        #expect(object["absent"] == nil)
        let tags = try #require(object["tags"]?.arrayValue)
        #expect(tags.count == 2)
        #expect(tags[0] == .string("a"))
        #expect(tags[1].objectValue?["x"] == .null)
    }

    @Test func membersKeepDocumentOrder() throws {
        let object = try #require(try JSONValue.parse(#"{"b":1,"a":2,"c":3}"#).objectValue)
        #expect(object.members.map(\.key) == ["b", "a", "c"])
    }

    @Test func allSimpleEscapes() throws {
        #expect(try JSONValue.parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{8} \u{C} \n \r \t"))
    }

    @Test func unicodeEscapes() throws {
        #expect(try JSONValue.parse(#""\u00e9\u00C9\u0041""#) == .string("éÉA"))
        #expect(try JSONValue.parse(#""\u20ac""#) == .string("€"))
        // Valid JSON, but refused by Tandem: PostgreSQL cannot store a NUL (docs/decisions.md).
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#""\u0000""#) }
    }

    @Test func surrogatePairBecomesOneScalar() throws {
        let value = try JSONValue.parse(#""\ud83d\ude00""#)
        #expect(value == .string("😀"))
        #expect(value.stringValue?.unicodeScalars.count == 1)
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try JSONValue.parse("\"Zoë, 日本, 😀\"") == .string("Zoë, 日本, 😀"))
    }

    @Test func escapedAndRawTextMix() throws {
        #expect(try JSONValue.parse(#""a\nbé\tc""#) == .string("a\nbé\tc"))
    }
}

// MARK: - Numbers

@Suite("JSONValue: numbers")
struct JSONNumberTests {
    @Test func textIsKeptExactly() throws {
        for text in ["0", "-0", "30", "-1.5e3", "1E+2", "0.000001", "12345678901234567890123"] {
            #expect(try JSONValue.parse(text) == number(text))
        }
    }

    @Test func integerLiteralHasIntAndDouble() {
        let n = JSONNumber(text: "-42")
        #expect(n.int == -42)
        #expect(n.double == -42)
    }

    @Test func fractionOrExponentHasNoInt() {
        #expect(JSONNumber(text: "30.0").int == nil)
        #expect(JSONNumber(text: "3e1").int == nil)
        #expect(JSONNumber(text: "3e1").double == 30)
        #expect(JSONNumber(text: "-1.5e3").double == -1500)
    }

    @Test func bigIntegerOverflowsIntButNotDouble() {
        let n = JSONNumber(text: "99999999999999999999")
        #expect(n.int == nil)
        #expect(n.double == 1e20)
        #expect(JSONNumber(text: "9223372036854775807").int == Int.max)
        #expect(JSONNumber(text: "-9223372036854775808").int == Int.min)
    }

    @Test func outOfRangeDoubleIsNil() {
        #expect(JSONNumber(text: "1e400").double == nil)
        #expect(JSONNumber(text: "1e-400").double == 0)
    }

    @Test func leadingZeroRefused() throws {
        let error = try #require(syntaxError("[01]"))
        #expect(error.reason == "zéro initial interdit dans un nombre")
        #expect(error.column == 2)
    }

    @Test func plusSignRefused() throws {
        let error = try #require(syntaxError("+1"))
        #expect(error.reason == "signe + interdit devant un nombre")
        #expect(error.column == 1)
    }

    @Test func missingDigitsRefused() throws {
        #expect(syntaxError(".5")?.column == 1)
        #expect(syntaxError("5.")?.reason == "fin du texte inattendue")
        #expect(syntaxError("[5.]")?.reason == "chiffre attendu après le point décimal")
        #expect(syntaxError("[5.]")?.column == 4)
        #expect(syntaxError("[1e]")?.reason == "chiffre attendu dans l'exposant")
        #expect(syntaxError("[1e+]")?.column == 5)
        #expect(syntaxError("[-]")?.reason == "chiffre attendu")
        #expect(syntaxError("[-]")?.column == 3)
    }

    @Test func nanAndInfinityRefused() throws {
        for text in ["NaN", "Infinity", "-Infinity", "[NaN]"] {
            let error = try #require(syntaxError(text))
            #expect(error.reason != "", "\(text)")
        }
        #expect(syntaxError("-Infinity")?.reason == "chiffre attendu")
        #expect(syntaxError("NaN")?.reason == "mot inconnu (seuls true, false et null sont permis)")
    }
}

// MARK: - Duplicate keys

@Suite("JSONValue: duplicate keys")
struct JSONDuplicateKeyTests {
    @Test func duplicatesAreKeptAndReported() throws {
        let object = try #require(try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(object.members.count == 3)
        #expect(object.keys == ["a", "b"])
        #expect(object.duplicateKeys == ["a"])
        #expect(object["a"] == number("1"))  // first occurrence wins
    }

    @Test func duplicatesListedOnceInOrderOfFirstRepeat() throws {
        let object = try #require(try JSONValue.parse(#"{"x":1,"y":2,"y":3,"x":4,"y":5}"#).objectValue)
        #expect(object.duplicateKeys == ["y", "x"])
    }

    @Test func escapedKeyEqualsRawKey() throws {
        let object = try #require(try JSONValue.parse(#"{"é":1,"\u00e9":2}"#).objectValue)
        #expect(object.duplicateKeys == ["é"])
    }

    @Test func noDuplicates() throws {
        let object = try #require(try JSONValue.parse(#"{"a":{"a":1}}"#).objectValue)
        #expect(object.duplicateKeys.isEmpty)
    }

    @Test func equalityRespectsOrderAndDuplicates() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":2}"#) != JSONValue.parse(#"{"b":2,"a":1}"#))
        #expect(try JSONValue.parse(#"{"a":1}"#) != JSONValue.parse(#"{"a":1,"a":1}"#))
        #expect(try JSONValue.parse(#"{"a":[1]}"#) == JSONValue.parse(#"{ "a" : [ 1 ] }"#))
    }
}

// MARK: - Errors and their positions

@Suite("JSONValue: syntax errors")
struct JSONSyntaxErrorTests {
    @Test func trailingCommaInObjectPointsAtBrace() throws {
        let error = try #require(syntaxError(#"{"a":1,}"#))
        #expect(error.offset == 7)
        #expect(error.line == 1)
        #expect(error.column == 8)
        #expect(error.reason == "nom de champ entre guillemets attendu")
    }

    @Test func trailingCommaInArrayPointsAtBracket() throws {
        let error = try #require(syntaxError("[1,]"))
        #expect(error.column == 4)
        #expect(error.reason.hasPrefix("valeur attendue"))
    }

    @Test func missingCommaInObject() throws {
        let error = try #require(syntaxError(#"{"nom":"Léa" "x":1}"#))
        #expect(error.reason == "virgule ou accolade fermante attendue")
        #expect(error.column == 15)  // "é" takes two bytes
        #expect(error.description == "JSON invalide, ligne 1, colonne 15 : virgule ou accolade fermante attendue")
    }

    @Test func missingCommaInArray() throws {
        let error = try #require(syntaxError("[1 2]"))
        #expect(error.reason == "virgule ou crochet fermant attendu")
        #expect(error.column == 4)
    }

    @Test func missingColon() throws {
        let error = try #require(syntaxError(#"{"a" 1}"#))
        #expect(error.reason == "deux-points attendu après le nom de champ")
        #expect(error.column == 6)
    }

    @Test func unquotedKey() throws {
        let error = try #require(syntaxError("{a:1}"))
        #expect(error.reason == "nom de champ entre guillemets ou accolade fermante attendu")
        #expect(error.column == 2)
    }

    @Test func singleQuotes() throws {
        #expect(syntaxError("['a']")?.reason == "les textes s'écrivent entre guillemets doubles")
    }

    @Test func lineAndColumnOnLaterLine() throws {
        let error = try #require(syntaxError("{\n  \"a\": 1,\n  \"b\": tru\n}"))
        #expect(error.line == 3)
        #expect(error.column == 8)
        #expect(error.reason == "mot inconnu (seuls true, false et null sont permis)")
    }

    @Test func crlfLinesCountOnce() throws {
        let error = try #require(syntaxError("[\r\n1,\r\n]"))
        #expect(error.line == 3)
        #expect(error.column == 1)
    }

    @Test func emptyInput() throws {
        let error = try #require(syntaxError(""))
        #expect(error.reason == "le corps est vide")
        #expect(error.offset == 0)
        #expect(error.line == 1 && error.column == 1)
        #expect(syntaxError(" \n ")?.reason == "le corps est vide")
    }

    @Test func bomRefused() throws {
        let error = try #require(syntaxError([0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
        #expect(error.offset == 0)
        #expect(error.reason.contains("BOM"))
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("\u{FEFF}{}") }
    }

    @Test func trailingGarbage() throws {
        let error = try #require(syntaxError("{} x"))
        #expect(error.reason == "texte en trop après la valeur JSON")
        #expect(error.column == 4)
        #expect(syntaxError("1 2")?.column == 3)
        #expect(syntaxError("[]]")?.column == 3)
    }

    @Test func truncatedDocuments() throws {
        for text in ["[", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, "[1,", #""abc"#, #""\"#, #""\u12"#, "tru", "-"] {
            let error = try #require(syntaxError(text), "\(text)")
            #expect(error.reason == "fin du texte inattendue", "\(text)")
            #expect(error.offset == text.utf8.count, "\(text)")
        }
    }

    @Test func literalsMustBeExact() throws {
        for text in ["True", "nul", "nulls", "truefalse", "[fals]"] {
            #expect(syntaxError(text) != nil, "\(text)")
        }
        #expect(syntaxError("nulls")?.column == 1)
    }

    @Test func rawControlCharacterInString() throws {
        let error = try #require(syntaxError("\"a\tb\""))
        #expect(error.reason == "caractère de contrôle interdit dans une chaîne")
        #expect(error.column == 3)
        #expect(syntaxError("\"a\nb\"")?.reason == "caractère de contrôle interdit dans une chaîne")
        #expect(syntaxError([0x22, 0x00, 0x22])?.offset == 1)
    }

    @Test func invalidEscape() throws {
        let error = try #require(syntaxError(#"["a\x"]"#))
        #expect(error.reason == "séquence d'échappement invalide")
        #expect(error.column == 4)  // the backslash
    }

    @Test func invalidUnicodeEscape() throws {
        let error = try #require(syntaxError(#""\u12G4""#))
        #expect(error.reason == "séquence \\u invalide : quatre chiffres hexadécimaux attendus")
        #expect(error.column == 2)
    }

    @Test func loneHighSurrogate() throws {
        let error = try #require(syntaxError(#""ab\ud83d""#))
        #expect(error.reason == "demi-code UTF-16 (surrogate) isolé dans une séquence \\u")
        #expect(error.column == 4)
        #expect(syntaxError(#""\ud83dx""#)?.column == 2)
        #expect(syntaxError(#""\ud83d\u0041""#)?.column == 2)  // followed by a non-surrogate
        #expect(syntaxError(#""\ud83d\ud83d""#)?.column == 2)  // two high surrogates
    }

    @Test func loneLowSurrogate() throws {
        let error = try #require(syntaxError(#""\ude00""#))
        #expect(error.reason == "demi-code UTF-16 (surrogate) isolé dans une séquence \\u")
        #expect(error.column == 2)
    }

    @Test func invalidUTF8InString() throws {
        let cases: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0x22],              // never valid
            [0x22, 0x61, 0xC3, 0x22],              // truncated é
            [0x22, 0x61, 0xC0, 0xAF, 0x22],        // overlong '/'
            [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
            [0x22, 0x61, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x61, 0x80, 0x22],              // lone continuation byte
            [0x22, 0x61, 0xE2, 0x82],              // truncated at end of input
        ]
        for bytes in cases {
            let error = try #require(syntaxError(bytes), "\(bytes)")
            #expect(error.reason == "octets UTF-8 invalides", "\(bytes)")
            #expect(error.offset == 2, "\(bytes)")
        }
    }

    @Test func nonASCIIOutsideStringRefused() throws {
        #expect(syntaxError([0x5B, 0xC3, 0xA9, 0x5D])?.offset == 1)
    }
}

// MARK: - Nesting depth

@Suite("JSONValue: nesting depth")
struct JSONDepthTests {
    @Test func tenThousandOpeningBracketsRefusedWithoutCrash() throws {
        let error = try #require(syntaxError(String(repeating: "[", count: 10_000)))
        #expect(error.reason == "trop d'imbrication")
        #expect(error.offset == 64)  // the 65th bracket
    }

    @Test func depthLimitIsInclusive() throws {
        let atLimit = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(atLimit) }
        let overLimit = "[" + atLimit + "]"
        #expect(syntaxError(overLimit)?.reason == "trop d'imbrication")
        #expect(syntaxError(#"{"a":{"b":{}}}"#, maxDepth: 2)?.column == 11)
    }

    @Test func deepDocumentWithinRaisedLimitParses() throws {
        let count = 10_000
        let text = String(repeating: "[", count: count) + "1" + String(repeating: "]", count: count)
        var value = try JSONValue.parse(text, maxDepth: count)
        var depth = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            depth += 1
        }
        #expect(depth == count)
        #expect(value == number("1"))
    }

    @Test func zeroDepthAcceptsOnlyScalars() throws {
        #expect(try JSONValue.parse("1", maxDepth: 0) == number("1"))
        #expect(syntaxError("[]", maxDepth: 0)?.reason == "trop d'imbrication")
    }
}

// MARK: - Accessors

@Suite("JSONValue: accessors")
struct JSONAccessorTests {
    @Test func typeNamesAreFrench() throws {
        let names = try ["null", "true", "1", "\"a\"", "[]", "{}"].map { try JSONValue.parse($0).typeName }
        #expect(names == ["null", "booléen", "nombre", "texte", "liste", "objet"])
    }

    @Test func accessorsReturnNilOnOtherCases() {
        let value = JSONValue.string("a")
        #expect(value.stringValue == "a")
        #expect(value.boolValue == nil)
        #expect(value.arrayValue == nil)
        #expect(value.objectValue == nil)
        #expect(JSONValue.bool(false).stringValue == nil)
    }
}
