import Testing
@testable import TandemCore

/// Deterministic random numbers, so a failing fuzz case can be replayed.
private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 { // SplitMix64
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func readAll(_ text: String, delimiter: CSVDelimiter = .comma) throws(CSVError) -> [CSVRecord] {
    var reader = CSVReader(text: text, delimiter: delimiter)
    return try reader.readAll()
}

private func readError(_ bytes: [UInt8], maxFieldLength: Int = 100_000, maxFields: Int = 200) -> CSVError? {
    var reader = CSVReader(bytes: bytes, maxFieldLength: maxFieldLength, maxFields: maxFields)
    do {
        _ = try reader.readAll()
        return nil
    } catch {
        return error
    }
}

struct CSVWriterTests {
    @Test func plainFieldsAreNotQuotedAndLinesEndWithCRLF() {
        #expect(CSVWriter.line(["a", "b c", "", "é"]) == "a,b c,,é\r\n")
    }

    @Test(arguments: [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("crlf\r\nhere", "\"crlf\r\nhere\""),
        (" leading", "\" leading\""),
        ("trailing ", "\"trailing \""),
        ("in side", "in side"),
        ("a;b", "a;b"),
    ])
    func quotingWithComma(field: String, written: String) {
        #expect(CSVWriter.field(field) == written)
    }

    @Test func loneEmptyFieldIsQuotedSoItIsNotAnEmptyLine() {
        #expect(CSVWriter.line([""]) == "\"\"\r\n")
        #expect(CSVWriter.line(["", ""]) == ",\r\n")
    }

    @Test func semicolonDelimiterQuotesSemicolonsAndCommas() {
        #expect(CSVWriter.line(["a;b", "c,d", "e"], delimiter: .semicolon) == "\"a;b\";\"c,d\";e\r\n")
        let writer = CSVWriter(delimiter: .semicolon)
        #expect(writer.line(["1", "2"]) == "1;2\r\n")
    }

    @Test func headerMayStartWithByteOrderMark() throws {
        let withMark = CSVWriter(byteOrderMark: true).header(["id", "nom"])
        #expect(Array(withMark.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(withMark.dropFirst() == "id,nom\r\n")
        #expect(CSVWriter().header(["id", "nom"]) == "id,nom\r\n")
        // The reader skips it.
        var reader = CSVReader(text: withMark + CSVWriter.line(["1", "x"]))
        #expect(try reader.next() == CSVRecord(fields: ["id", "nom"], line: 1))
        #expect(try reader.next() == CSVRecord(fields: ["1", "x"], line: 2))
        #expect(try reader.next() == nil)
    }
}

struct CSVRoundTripTests {
    static let awkward: [[String]] = [
        ["a,b", "c\"d", "e\nf", "g\r\nh", ""],
        ["\"", "\"\"", ",", "\n", "\r"],
        [" padded ", "tab\tinside", "Émile « Zola »", "🙂,🙂", "x"],
        [""],
        ["", ""],
        ["", "", ""],
        ["line1\n\nline3", "end\r"],
    ]

    @Test(arguments: CSVDelimiter.allCases)
    func awkwardFieldsSurviveWriterThenReader(delimiter: CSVDelimiter) throws {
        let text = Self.awkward.map { CSVWriter.line($0, delimiter: delimiter) }.joined()
        let records = try readAll(text, delimiter: delimiter)
        #expect(records.map(\.fields) == Self.awkward)
    }

    @Test func randomRecordsSurviveWriterThenReader() throws {
        var random = SeededRandom(seed: 42)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", ";", "\"", "\r", "\n", "\r\n", "é", "«", "🙂", "|", "\t", "="]
        for round in 0..<2_000 {
            let delimiter: CSVDelimiter = round.isMultiple(of: 2) ? .comma : .semicolon
            var records: [[String]] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                var fields: [String] = []
                for _ in 0..<Int.random(in: 1...5, using: &random) {
                    fields.append((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined())
                }
                records.append(fields)
            }
            let text = records.map { CSVWriter.line($0, delimiter: delimiter) }.joined()
            let read = try readAll(text, delimiter: delimiter)
            #expect(read.map(\.fields) == records, "round \(round)")
        }
    }
}

struct CSVReaderTests {
    @Test func readsCRLFAndLFAndLastLineWithoutEnd() throws {
        let records = try readAll("a,b\r\nc,d\ne,f")
        #expect(records == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["c", "d"], line: 2),
            CSVRecord(fields: ["e", "f"], line: 3),
        ])
    }

    @Test func emptyFieldsAndQuotedEmptyField() throws {
        #expect(try readAll("a,,\"\",\n").map(\.fields) == [["a", "", "", ""]])
    }

    @Test func emptyLinesAreSkippedButCounted() throws {
        let records = try readAll("a\n\n\r\nb\n\n")
        #expect(records == [CSVRecord(fields: ["a"], line: 1), CSVRecord(fields: ["b"], line: 4)])
    }

    @Test func emptyInputAndLoneByteOrderMarkHaveNoRecord() throws {
        #expect(try readAll("") == [])
        var reader = CSVReader(bytes: [0xEF, 0xBB, 0xBF])
        #expect(try reader.next() == nil)
    }

    @Test func lineNumbersCountTheLinesOfQuotedFields() throws {
        let text = "h1,h2\r\n\"two\r\nlines\",x\r\n\"three\nlines\nhere\",\"and\r\ntwo\"\r\nlast,\"\"\r\n"
        let records = try readAll(text)
        #expect(records.map(\.line) == [1, 2, 4, 8])
        #expect(records[1].fields == ["two\r\nlines", "x"])
        #expect(records[2].fields == ["three\nlines\nhere", "and\r\ntwo"])
        #expect(records[3].fields == ["last", ""])
    }

    @Test func loneCarriageReturnCountsAsALineEnd() throws {
        let records = try readAll("a\rb,\"c\rd\"\re\n")
        #expect(records == [
            CSVRecord(fields: ["a"], line: 1),
            CSVRecord(fields: ["b", "c\rd"], line: 2),
            CSVRecord(fields: ["e"], line: 4),
        ])
    }

    @Test func doubledQuotesAndDelimitersInsideQuotes() throws {
        #expect(try readAll("\"a \"\"b\"\", c\",d\n").map(\.fields) == [["a \"b\", c", "d"]])
    }

    @Test func readsOneRecordAtATime() throws {
        var reader = CSVReader(text: "a\nb\nc\n")
        #expect(try reader.next()?.fields == ["a"])
        #expect(reader.currentLine == 2)
        #expect(try reader.next()?.fields == ["b"])
        #expect(try reader.next()?.fields == ["c"])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func detectsTheDelimiterFromTheFirstLine() {
        #expect(CSVReader.detectDelimiter(in: Array("id;nom;commune\n1;\"a,b,c,d\";x".utf8)) == .semicolon)
        #expect(CSVReader.detectDelimiter(in: Array("id,nom,\"a;b;c\"\n".utf8)) == .comma)
        #expect(CSVReader.detectDelimiter(in: Array("id\nx;y;z".utf8)) == .comma)
    }

    @Test func largeQuotedFieldIsReadInOnePass() throws {
        // 1 MB of text with many doubled quotes and line breaks: a quadratic reader would crawl.
        let chunk = "ab\"\"cd\r\nef,"
        let body = String(repeating: chunk, count: 100_000)
        let text = "\"" + body + "\",end\n"
        var reader = CSVReader(text: text, maxFieldLength: 2_000_000)
        let record = try #require(try reader.next())
        #expect(record.fields.count == 2)
        #expect(record.fields[0].utf8.count == 100_000 * 10)
        #expect(record.fields[0].hasPrefix("ab\"cd\r\nef,ab\"cd"))
        #expect(record.fields[1] == "end")
        #expect(reader.currentLine == 100_002)
    }
}

struct CSVReaderErrorTests {
    @Test func invalidUTF8IsReportedWithItsLine() {
        let bytes = Array("a,b\nc,d\n".utf8) + [0x65, 0xFF, 0x2C, 0x66, 0x0A]
        let error = readError(bytes)
        #expect(error == CSVError(.invalidUTF8, line: 3))
        #expect(error?.message == "le fichier n'est pas encodé en UTF-8 (ligne 3)")
    }

    @Test func invalidUTF8InsideAMultiLineFieldNamesThePhysicalLine() {
        // Latin-1 "é" (0xE9) on the third line of a quoted field that starts on line 2.
        let bytes = Array("h\n\"one\ntwo\nthr".utf8) + [0xE9] + Array("e\"\n".utf8)
        #expect(readError(bytes) == CSVError(.invalidUTF8, line: 4))
    }

    @Test func latin1FileIsRefused() {
        // "Crèche" as Windows-1252 / Latin-1.
        let bytes: [UInt8] = Array("id,nom\n1,Cr".utf8) + [0xE8] + Array("che\n".utf8)
        #expect(readError(bytes)?.kind == .invalidUTF8)
    }

    @Test func unclosedQuoteIsReportedAtItsOpeningLine() {
        let error = readError(Array("a,b\nc,\"never\nclosed\n".utf8))
        #expect(error == CSVError(.unclosedQuote, line: 2))
        #expect(error?.message.hasSuffix("(ligne 2)") == true)
    }

    @Test func strayQuoteInUnquotedField() {
        let error = readError(Array("a,b\nc,d\"e\n".utf8))
        #expect(error == CSVError(.strayQuote, line: 2))
        #expect(error?.message.contains("guillemet") == true)
    }

    @Test func textAfterClosingQuote() {
        #expect(readError(Array("\"a\"b,c\n".utf8)) == CSVError(.textAfterClosingQuote, line: 1))
        #expect(readError(Array("x\n\"a\nb\" ,c\n".utf8)) == CSVError(.textAfterClosingQuote, line: 3))
    }

    @Test func oversizedFieldQuotedOrNot() {
        let long = String(repeating: "x", count: 11)
        #expect(readError(Array("ok\n\(long)\n".utf8), maxFieldLength: 10) == CSVError(.fieldTooLong(limit: 10), line: 2))
        #expect(readError(Array("ok\n\"\(long)\"\n".utf8), maxFieldLength: 10) == CSVError(.fieldTooLong(limit: 10), line: 2))
        #expect(readError(Array("ok\n\"x\n\(long)\"\n".utf8), maxFieldLength: 10) == CSVError(.fieldTooLong(limit: 10), line: 3))
        // Doubled quotes count once: 10 bytes after unquoting is allowed.
        let tenQuotes = "\"" + String(repeating: "\"\"", count: 10) + "\"\n"
        #expect(readError(Array(tenQuotes.utf8), maxFieldLength: 10) == nil)
        #expect(readError(Array(("\"" + String(repeating: "\"\"", count: 11) + "\"\n").utf8), maxFieldLength: 10) == CSVError(.fieldTooLong(limit: 10), line: 1))
        #expect(readError(Array(String(repeating: "x", count: 10).utf8), maxFieldLength: 10) == nil)
        let defaultLimit = readError(Array(String(repeating: "y", count: 100_001).utf8))
        #expect(defaultLimit == CSVError(.fieldTooLong(limit: 100_000), line: 1))
        #expect(defaultLimit?.message == "champ trop long : plus de 100000 octets (ligne 1)")
    }

    @Test func tooManyFields() {
        #expect(readError(Array("a,b,c\n1,2,3,4\n".utf8), maxFields: 3) == CSVError(.tooManyFields(limit: 3), line: 2))
        #expect(readError(Array(String(repeating: ",", count: 199).utf8)) == nil)
        #expect(readError(Array(String(repeating: ",", count: 200).utf8)) == CSVError(.tooManyFields(limit: 200), line: 1))
    }

    @Test func errorIsKeptAfterwards() throws {
        var reader = CSVReader(text: "a\n\"b\nc")
        #expect(try reader.next()?.fields == ["a"])
        #expect(throws: CSVError(.unclosedQuote, line: 2)) { try reader.next() }
        #expect(throws: CSVError(.unclosedQuote, line: 2)) { try reader.next() }
    }

    @Test func randomBytesNeverCrashTheReader() {
        var random = SeededRandom(seed: 2024)
        let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0D, 0x0A, 0x61, 0x20, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0x80, 0x00, 0xE2]
        var records = 0, errors = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...48, using: &random)
            let bytes: [UInt8] = (0..<length).map { _ in
                Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            let delimiter: CSVDelimiter = Bool.random(using: &random) ? .comma : .semicolon
            var reader = CSVReader(bytes: bytes, delimiter: delimiter, maxFieldLength: 16, maxFields: 8)
            var lastLine = 0
            var steps = 0
            do {
                while let record = try reader.next() {
                    records += 1
                    steps += 1
                    #expect(record.line > lastLine, "lines go forward")
                    #expect(record.line <= length + 1)
                    #expect(record.fields.count <= 8)
                    #expect(record.fields.allSatisfy { $0.utf8.count <= 16 })
                    lastLine = record.line
                    if steps > length + 1 { Issue.record("more records than bytes: \(bytes)"); break }
                }
            } catch {
                errors += 1
                #expect(error.line >= 1 && error.line <= length + 1)
                #expect(error.message.contains("(ligne \(error.line))"))
            }
        }
        // The generator reaches both outcomes, so the loop tested something.
        #expect(records > 1_000)
        #expect(errors > 1_000)
    }
}
