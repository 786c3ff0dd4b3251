import Foundation
import Testing
@testable import TandemCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts elements by local name and keeps their attributes: enough to check a project's
/// structure without the schema (which CI checks with xmlschema).
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]
    var order: [String] = []
    var depth = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
        attributes[elementName, default: []].append(attributeDict)
        if depth == 1 { order.append(elementName) }
        depth += 1
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
    }

    static func read(_ xml: String) throws -> ElementCounter {
        let counter = ElementCounter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = counter
        guard parser.parse() else { throw RefiQDAError("XML mal formé ligne \(parser.lineNumber)") }
        return counter
    }
}

struct RefiQDAProjectTests {
    static let code = SurveyCode(id: UUID(), parentId: nil, name: "faire avec", colour: "#1f77b4")
    static let goneCode = UUID()
    static let named = CorpusRespondent(
        id: UUID(), slug: "claire",
        profile: RespondentProfile(displayName: "Claire Martin", post: "Bibliothécaire", employer: "Médiathèque de Lure",
                                   context: .library, territory: "Lure", departement: "70",
                                   interviewDate: LocalDate(year: 2025, month: 3, day: 4), consent: .named),
        tags: ["série 1"], status: .published,
        answers: ["A1": "Une licence 🎓 de lettres, puis un DUT.", "A2": "", "C12": "Les France Services aident."])
    static let anonymous = CorpusRespondent(
        id: UUID(), slug: "r2",
        profile: RespondentProfile(displayName: "Karim B.", post: "Conseiller numérique", employer: "Centre social Nord",
                                   context: .outsideLibrary, territory: "Vesoul", departement: "70",
                                   interviewDate: nil, consent: .anonymous),
        status: .draft, answers: ["A1": "CAP puis reconversion.", "Z9": "Hors questionnaire."])

    static var corpus: SurveyCorpus {
        SurveyCorpus(
            questionnaire: DefaultSurvey.questionnaire, respondents: [named, anonymous], codes: [code],
            codings: [
                // "licence 🎓" counted in Unicode scalars: the emoji is one.
                SurveyCoding(id: UUID(), respondentId: named.id, questionKey: "A1", range: TextRange(start: 4, end: 14), codeId: code.id, memo: "Parcours & diplôme"),
                SurveyCoding(id: UUID(), respondentId: anonymous.id, questionKey: "A1", range: TextRange(start: 0, end: 3), codeId: code.id),
                // Out of range, and a code that no longer exists: left out.
                SurveyCoding(id: UUID(), respondentId: anonymous.id, questionKey: "A1", range: TextRange(start: 5, end: 500), codeId: code.id),
                SurveyCoding(id: UUID(), respondentId: anonymous.id, questionKey: "A1", range: TextRange(start: 0, end: 3), codeId: goneCode),
            ])
    }

    let project = RefiQDA.project(corpus: Self.corpus, users: [RefiQDAUser(id: UUID(), name: "Chargée d'enquête")],
                                  createdAt: Date(timeIntervalSince1970: 1_750_000_000))

    @Test func theProjectIsWellFormedWithTheSchemasOrderOfParts() throws {
        let counter = try ElementCounter.read(project.projectXML)
        #expect(counter.order == ["Users", "CodeBook", "Variables", "Cases", "Sources", "Description"])
        let root = try #require(counter.attributes["Project"]?.first)
        #expect(root["creationDateTime"] == "2025-06-15T15:06:40Z")
        #expect(project.projectXML.contains("<Project xmlns=\"urn:QDA-XML:project:1.0\""))
        #expect(counter.counts["Case"] == 2)
        #expect(counter.counts["User"] == 1)
        #expect(counter.counts["Variable"] == RefiQDA.ProfileVariable.allCases.count)
    }

    @Test func oneTextSourcePerNonEmptyAnswerWithItsFile() throws {
        let counter = try ElementCounter.read(project.projectXML)
        let sources = try #require(counter.attributes["TextSource"])
        // Claire: A1 and C12 (A2 is empty); the other: A1 and Z9.
        #expect(sources.count == 4)
        #expect(project.sources.count == 4)
        for (source, file) in zip(sources, project.sources) {
            let guid = try #require(source["guid"])
            #expect(source["plainTextPath"] == "internal://\(guid).txt")
            #expect(file.path == "sources/\(guid).txt")
        }
        #expect(sources.map { $0["name"] } == ["Claire Martin — A1", "Claire Martin — C12", "Répondant n° 2 — A1", "Répondant n° 2 — Z9"])
        #expect(project.sources[0].text == Self.named.answers["A1"])
        // The question as the respondent read it: the library's wording of C12.
        #expect(project.projectXML.contains("<Description>\(DefaultSurvey.questionnaire.question("C12")!.text(for: .library))</Description>"))
    }

    @Test func codingsAreSelectionsInUnicodeScalarsAndBadOnesAreLeftOut() throws {
        let counter = try ElementCounter.read(project.projectXML)
        let selections = try #require(counter.attributes["PlainTextSelection"])
        #expect(selections.count == 2)
        #expect(project.skippedCodings == 2)
        #expect(selections[0]["startPosition"] == "4")
        #expect(selections[0]["endPosition"] == "14")
        #expect(selections[0]["name"] == "licence 🎓")
        #expect(counter.counts["Coding"] == 2)
        #expect(counter.attributes["CodeRef"]?.allSatisfy { $0["targetGUID"] == Self.code.id.uuidString } == true)
        #expect(project.projectXML.contains("<Description>Parcours &amp; diplôme</Description>"))
    }

    @Test func consentDecidesWhatTheCaseShows() throws {
        let xml = project.projectXML
        let counter = try ElementCounter.read(xml)
        #expect(counter.attributes["Case"]?.map { $0["name"] } == ["Claire Martin", "Répondant n° 2"])
        #expect(xml.contains("Médiathèque de Lure"))
        #expect(!xml.contains("Karim"))
        #expect(!xml.contains("Centre social Nord"))
        #expect(!xml.contains("Vesoul"))
        #expect(xml.contains("<DateValue>2025-03-04</DateValue>"))
    }

    @Test func identifiersAreStableFromOneExportToTheNext() {
        let again = RefiQDA.project(corpus: Self.corpus, users: [], createdAt: Date(timeIntervalSince1970: 1_750_000_000))
        #expect(again.sources.map(\.path) == project.sources.map(\.path))
    }

    @Test func theCodeBookInsideTheProjectReadsBack() throws {
        let codes = try RefiQDA.parseCodebook(Data(project.projectXML.utf8))
        #expect(codes == [Self.code])
    }

    @Test func anEmptyCorpusLeavesOutTheSectionsTheSchemaRequiresToBeNonEmpty() throws {
        let empty = RefiQDA.project(corpus: SurveyCorpus(questionnaire: DefaultSurvey.questionnaire, respondents: [], codes: [], codings: []))
        let counter = try ElementCounter.read(empty.projectXML)
        #expect(counter.order == ["Users", "Variables", "Description"])
        #expect(empty.sources.isEmpty)
    }
}
