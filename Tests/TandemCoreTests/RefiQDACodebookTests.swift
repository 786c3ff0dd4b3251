import Foundation
import Testing
@testable import TandemCore

/// A codebook as Taguette exports it (flat codes, lowercase guids, a colour each, one description).
let taguetteCodebook = """
<?xml version='1.0' encoding='utf-8'?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes><Code guid="0b6a9d3e-5f1c-4a57-9f3e-2d1c8b7a6e50" name="faire avec" isCodable="true" color="#7fb2ff"/><Code guid="5c2e8a71-0d4b-4e19-8c6f-93a1b2c3d4e5" name="démarches en ligne" isCodable="true" color="#FFBB78"><Description>CAF, impôts, ANTS &amp; co.</Description></Code><Code guid="9e8d7c6b-5a49-4382-a716-f5e4d3c2b1a0" name="légitimité" isCodable="true" color="#98df8a"/></Codes></CodeBook>
"""

/// A codebook as QualCoder or NVivo may write one: a prefix on the namespace, nested codes, a
/// code without guid, without colour, a short colour, a braced guid, and `<Sets>`.
let nestedForeignCodebook = """
<?xml version="1.0" encoding="UTF-8"?>
<qda:CodeBook xmlns:qda="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.5">
  <qda:Codes>
    <qda:Code guid="{A1B2C3D4-E5F6-4789-8ABC-DEF012345678}" name="Publics" isCodable="false" color="#abc">
      <qda:Description>Qui vient.</qda:Description>
      <qda:Code name="seniors" isCodable="true"/>
      <qda:Code name="jeunes" isCodable="true" color="not-a-colour"><qda:Description><![CDATA[Moins de 25 ans <inclus>]]></qda:Description></qda:Code>
    </qda:Code>
    <qda:Code name="Posture" isCodable="true"><qda:Code name="faire avec" isCodable="true"/></qda:Code>
  </qda:Codes>
  <qda:Sets><qda:Set guid="11111111-2222-4333-8444-555555555555" name="Lot"><qda:MemberCode guid="A1B2C3D4-E5F6-4789-8ABC-DEF012345678"/></qda:Set></qda:Sets>
</qda:CodeBook>
"""

private func parse(_ text: String) throws(RefiQDAError) -> [SurveyCode] {
    try RefiQDA.parseCodebook(Data(text.utf8))
}

private func refusal(_ data: Data, maxBytes: Int = RefiQDA.maxCodebookBytes) -> String? {
    do {
        _ = try RefiQDA.parseCodebook(data, maxBytes: maxBytes)
        return nil
    } catch {
        return error.message
    }
}

struct RefiQDACodebookWritingTests {
    let parent = SurveyCode(id: UUID(), parentId: nil, name: "Posture & \"rôle\"", colour: "#1F77B4",
                            description: "Comment le médiateur se situe.\nDeux lignes.", keywords: [])
    var codes: [SurveyCode] {
        [parent,
         SurveyCode(id: UUID(), parentId: parent.id, name: "faire avec", colour: "#aec7e8", description: "", keywords: ["ensemble", "à côté"]),
         SurveyCode(id: UUID(), parentId: parent.id, name: "faire <à la place>", colour: "#ff7f0e", description: "Prendre la souris.", keywords: ["à sa place"]),
         SurveyCode(id: UUID(), parentId: nil, name: "Moyens", colour: "#2ca02c")]
    }

    @Test func roundTripKeepsTreeNamesColoursDescriptionsAndKeywords() throws {
        let original = codes
        let read = try RefiQDA.parseCodebook(Data(RefiQDA.codebookXML(codes: original).utf8))
        #expect(read.map(\.id) == original.map(\.id))
        #expect(read.map(\.parentId) == original.map(\.parentId))
        #expect(read.map(\.name) == original.map(\.name))
        #expect(read.map(\.colour) == original.map { $0.colour.lowercased() })
        #expect(read.map(\.description) == original.map(\.description))
        #expect(read.map(\.keywords) == original.map(\.keywords))
    }

    @Test func childrenAreNestedInTheirParentWithTheSchemaAttributes() {
        let xml = RefiQDA.codebookXML(codes: codes)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
        #expect(xml.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Tandem\">"))
        #expect(xml.contains("name=\"Posture &amp; &quot;rôle&quot;\" isCodable=\"true\" color=\"#1f77b4\">"))
        // The description comes before the nested children, as the schema's sequence says.
        let description = try! #require(xml.range(of: "<Description>Comment le médiateur"))
        let child = try! #require(xml.range(of: "name=\"faire avec\""))
        let sibling = try! #require(xml.range(of: "name=\"Moyens\""))
        #expect(description.lowerBound < child.lowerBound)
        #expect(xml.range(of: "</Code>", range: child.upperBound..<xml.endIndex)!.lowerBound < sibling.lowerBound)
        #expect(xml.contains("<Description>\(RefiQDA.keywordsLabel) ensemble, à côté</Description>"))
    }

    @Test func theDefaultCodebookRoundTrips() throws {
        let read = try RefiQDA.parseCodebook(Data(RefiQDA.codebookXML(codes: DefaultSurvey.codebook).utf8))
        #expect(read == DefaultSurvey.codebook.map { code in
            var code = code
            code.colour = code.colour.lowercased()
            return code
        })
    }

    @Test func aCodeWhoseParentIsMissingBecomesARoot() throws {
        let orphan = SurveyCode(id: UUID(), parentId: UUID(), name: "orphelin", colour: "#000000")
        let read = try RefiQDA.parseCodebook(Data(RefiQDA.codebookXML(codes: [orphan]).utf8))
        #expect(read.count == 1)
        #expect(read[0].parentId == nil)
    }
}

struct RefiQDACodebookReadingTests {
    @Test func readsTaguette() throws {
        let codes = try parse(taguetteCodebook)
        #expect(codes.map(\.name) == ["faire avec", "démarches en ligne", "légitimité"])
        #expect(codes.map(\.colour) == ["#7fb2ff", "#ffbb78", "#98df8a"])
        #expect(codes.allSatisfy { $0.parentId == nil })
        #expect(codes[0].id == UUID(uuidString: "0b6a9d3e-5f1c-4a57-9f3e-2d1c8b7a6e50"))
        #expect(codes[1].description == "CAF, impôts, ANTS & co.")
    }

    @Test func readsNestedCodesFromOtherProgramsAndIgnoresSets() throws {
        let codes = try parse(nestedForeignCodebook)
        #expect(codes.map(\.name) == ["Publics", "seniors", "jeunes", "Posture", "faire avec"])
        let publics = codes[0]
        #expect(publics.id == UUID(uuidString: "A1B2C3D4-E5F6-4789-8ABC-DEF012345678"))
        #expect(publics.colour == "#aabbcc")
        #expect(publics.description == "Qui vient.")
        #expect(codes[1].parentId == publics.id)
        #expect(codes[2].parentId == publics.id)
        #expect(codes[2].colour == RefiQDA.defaultColour)
        #expect(codes[2].description == "Moins de 25 ans <inclus>")
        #expect(codes[4].parentId == codes[3].id)
    }

    @Test func codesWithoutGuidGetTheSameStableIdAtEveryReading() throws {
        let first = try parse(nestedForeignCodebook)
        let second = try parse(nestedForeignCodebook)
        #expect(first.map(\.id) == second.map(\.id))
        // The path of names gives the default codebook's id: re-importing it merges.
        #expect(first[4].id == DefaultSurvey.codeID("Posture", "faire avec"))
    }

    @Test func readsTheCodeBookOfAProject() throws {
        let xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="11111111-2222-4333-8444-555555555555" name="x"/></Users>
        <CodeBook><Codes><Code guid="21111111-2222-4333-8444-555555555555" name="A" isCodable="true"><Code guid="31111111-2222-4333-8444-555555555555" name="B" isCodable="true"/></Code></Codes></CodeBook>
        <Sources><TextSource guid="41111111-2222-4333-8444-555555555555" plainTextPath="internal://x.txt"><PlainTextSelection guid="51111111-2222-4333-8444-555555555555" startPosition="0" endPosition="1"><Coding guid="61111111-2222-4333-8444-555555555555"><CodeRef targetGUID="21111111-2222-4333-8444-555555555555"/></Coding></PlainTextSelection></TextSource></Sources></Project>
        """
        let codes = try parse(xml)
        #expect(codes.map(\.name) == ["A", "B"])
        #expect(codes[1].parentId == codes[0].id)
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let codes = try RefiQDA.parseCodebook(Data([0xEF, 0xBB, 0xBF]) + Data(taguetteCodebook.utf8))
        #expect(codes.count == 3)
    }
}

struct RefiQDACodebookRefusalTests {
    static let prefix = "Ce fichier n'est pas un livre de codes REFI-QDA (.qdc) lisible : "

    @Test(arguments: [
        // Billion laughs.
        """
        <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0b6a9d3e-5f1c-4a57-9f3e-2d1c8b7a6e50" name="&lol2;" isCodable="true"/></Codes></CodeBook>
        """,
        // An external entity.
        """
        <?xml version="1.0"?><!doctype CodeBook [<!entity xxe SYSTEM "file:///etc/passwd">]>
        <CodeBook><Codes><Code name="&xxe;" isCodable="true"/></Codes></CodeBook>
        """,
    ])
    func entityDeclarationsAreRefusedBeforeParsing(_ text: String) {
        let message = refusal(Data(text.utf8))
        #expect(message == Self.prefix + "il contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.")
    }

    @Test(arguments: [
        ("", "il est vide."),
        ("ceci n'est pas du XML", "le XML est mal formé (ligne 1)."),
        ("<CodeBook><Codes><Code name=\"a\" isCodable=\"true\"></Codes></CodeBook>", "le XML est mal formé (ligne 1)."),
        ("<html><body/></html>", "l'élément racine est <html>, et non <CodeBook> (ni <Project>)."),
        ("<CodeBook><Codes/></CodeBook>", "il ne contient aucun code."),
        ("<Project name=\"p\"><Users/></Project>", "il ne contient pas d'élément <CodeBook>."),
        ("<CodeBook><Codes><Code name=\"  \" isCodable=\"true\"/></Codes></CodeBook>", "un code n'a pas de nom (ligne 1)."),
        ("<CodeBook><Codes><Code guid=\"0b6a9d3e-5f1c-4a57-9f3e-2d1c8b7a6e50\" name=\"a\" isCodable=\"true\"/><Code guid=\"0B6A9D3E-5F1C-4A57-9F3E-2D1C8B7A6E50\" name=\"b\" isCodable=\"true\"/></Codes></CodeBook>",
         "deux codes portent le même identifiant (guid 0B6A9D3E-5F1C-4A57-9F3E-2D1C8B7A6E50, ligne 1)."),
    ])
    func badFilesGetAClearFrenchReason(_ text: String, _ reason: String) {
        #expect(refusal(Data(text.utf8)) == Self.prefix + reason)
    }

    @Test func anotherEncodingThanUTF8IsRefused() {
        let latin1 = "<CodeBook><Codes><Code name=\"léger\" isCodable=\"true\"/></Codes></CodeBook>".data(using: .isoLatin1)!
        #expect(refusal(latin1) == Self.prefix + "il n'est pas encodé en UTF-8.")
    }

    @Test func tooBigIsRefusedWithoutParsing() {
        let big = Data(repeating: 0x20, count: RefiQDA.maxCodebookBytes + 1)
        #expect(refusal(big) == Self.prefix + "il dépasse la taille maximale de 5 Mo.")
    }

    @Test func deepNestingIsRefused() {
        let depth = RefiQDA.maxDepth + 5
        let opening = (0..<depth).map { "<Code name=\"c\($0)\" isCodable=\"true\">" }.joined()
        let closing = String(repeating: "</Code>", count: depth)
        let text = "<CodeBook><Codes>\(opening)\(closing)</Codes></CodeBook>"
        #expect(refusal(Data(text.utf8)) == Self.prefix + "les éléments sont imbriqués sur plus de \(RefiQDA.maxDepth) niveaux.")
    }
}
