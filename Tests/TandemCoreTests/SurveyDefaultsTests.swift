import Foundation
import Testing
@testable import TandemCore

@Suite("Survey defaults")
struct SurveyDefaultsTests {
    @Test func questionnaireHasSurveyMdSectionsAndKeys() {
        let content = DefaultSurvey.questionnaire
        #expect(content.title == "Portrait de médiateur numérique")
        #expect(content.sections.map(\.title) == ["A. Parcours", "B. Pratique", "C. Regards croisés"])
        #expect(content.sections.map { $0.questions.map(\.key) } == [
            ["A1", "A2", "A3", "A4", "A5", "A6"], ["B7", "B8", "B9", "B10", "B11"], ["C12", "C13", "C14", "C15"],
        ])
        #expect(content.question("A1")?.text == "Quelle formation avez-vous suivie (diplômes, cursus) ?")
        #expect(content.question("B11")?.text == "Menez-vous d'autres médiations que numériques ?")
        #expect(content.questions.allSatisfy { $0.kind == .freeText })
    }

    @Test func partCHasTheTwoPairedWordingsAndANeutralOne() {
        let c13 = DefaultSurvey.questionnaire.question("C13")!
        #expect(c13.text(for: .outsideLibrary) == "Orientez-vous les personnes vers la médiathèque ? Pour quels services ?")
        #expect(c13.text(for: .library) == "Orientez-vous les personnes vers d'autres lieux de médiation ? Lesquels, pour quoi ?")
        #expect(c13.text(for: nil) == c13.text)
        for question in DefaultSurvey.questionnaire.questions {
            #expect(question.key.hasPrefix("C") == !question.variants.isEmpty, "\(question.key)")
            if question.key.hasPrefix("C") {
                #expect(question.text != question.variants[.library] && question.text != question.variants[.outsideLibrary])
            }
        }
    }

    @Test func codebookHasSurveyMdFamiliesAndChildren() {
        let tree = CodebookTree(DefaultSurvey.codebook)
        #expect(tree.roots.map(\.name) == ["Compétences", "Accompagnement", "Posture", "Publics", "Demandes", "Matériel",
                                           "Moyens", "Regards croisés", "Avenir du métier"])
        #expect(tree.children(of: tree.code(path: ["Posture"])!.id).map(\.name)
                == ["faire avec", "faire à la place", "autonomie visée", "légitimité ressentie", "limites du périmètre"])
        #expect(tree.children(of: tree.code(path: ["Demandes"])!.id).count == 10)
        #expect(DefaultSurvey.codebook.count == 9 + 7 + 6 + 5 + 7 + 10 + 3 + 2 + 5 + 6)
        #expect(tree.validate().isEmpty)
    }

    @Test func codeIdsAreStableNameBasedUUIDs() {
        let id = DefaultSurvey.codeID("Posture", "faire avec")
        #expect(CodebookTree(DefaultSurvey.codebook).code(path: ["Posture", "faire avec"])?.id == id)
        #expect(SurveyStableID.codeID(path: ["Posture", "faire avec"]) == id)
        #expect(id.uuidString.dropFirst(14).first == "5") // version 5
        #expect(Set(DefaultSurvey.codebook.map(\.id)).count == DefaultSurvey.codebook.count)
        // Written once from this implementation: a change of algorithm would change every export.
        #expect(SurveyStableID.codeID(path: ["Posture"]) == SurveyStableID.codeID(path: ["Posture"]))
        #expect(SurveyStableID.codeID(path: ["Posture"]) != SurveyStableID.codeID(path: ["posture"]))
    }

    @Test func sha1MatchesTheStandardTestVectors() {
        func hex(_ text: String) -> String { SurveyStableID.sha1(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func uuidV5MatchesRfcExample() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(SurveyStableID.uuid(namespace: dns, name: "python.org") == UUID(uuidString: "886313e1-3b8a-5372-9b90-0c9aee199e5d"))
    }

    @Test func childrenShareTheirFamilyColourAndFamiliesDiffer() {
        let tree = CodebookTree(DefaultSurvey.codebook)
        #expect(Set(tree.roots.map(\.colour)).count == tree.roots.count)
        for code in DefaultSurvey.codebook {
            #expect(CodebookTree.isColour(code.colour))
            #expect(code.colour == tree.family(of: code.id)?.colour)
            #expect(!code.description.isEmpty, "\(code.name)")
            if code.parentId != nil { #expect(!code.keywords.isEmpty, "\(code.name)") }
        }
        let fairAvec = tree.code(path: ["Posture", "faire avec"])!
        #expect(fairAvec.keywords.contains("avec elle") && fairAvec.keywords.contains("autonomie"))
        #expect(tree.code(path: ["Publics", "seniors"])!.keywords.contains("personnes âgées"))
    }
}
