import Foundation
import Testing
@testable import TandemCore

@Suite("Survey codebook tree")
struct SurveyCodebookTreeTests {
    static let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    static let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    static let c = UUID(uuidString: "00000000-0000-0000-0000-00000000000C")!
    static let d = UUID(uuidString: "00000000-0000-0000-0000-00000000000D")!

    static func code(_ id: UUID, _ parent: UUID?, _ name: String, colour: String = "#112233") -> SurveyCode {
        SurveyCode(id: id, parentId: parent, name: name, colour: colour)
    }

    static let sample = [code(a, nil, "Publics"), code(b, a, "seniors"), code(c, b, "très âgés"), code(d, nil, "Demandes")]

    @Test func readsTheHierarchy() {
        let tree = CodebookTree(Self.sample)
        #expect(tree.roots.map(\.name) == ["Publics", "Demandes"])
        #expect(tree.children(of: Self.a).map(\.id) == [Self.b])
        #expect(tree.path(of: Self.c) == ["Publics", "seniors", "très âgés"])
        #expect(tree.label(of: Self.c) == "Publics › seniors › très âgés")
        #expect(tree.code(path: ["Publics", "seniors"])?.id == Self.b)
        #expect(tree.code(path: ["Publics", "jeunes"]) == nil)
        #expect(tree.code(path: []) == nil)
        #expect(tree.ordered.map(\.code.name) == ["Publics", "seniors", "très âgés", "Demandes"])
        #expect(tree.ordered.map(\.depth) == [0, 1, 2, 0])
        #expect(tree.family(of: Self.c)?.id == Self.a)
        #expect(tree.descendants(of: Self.a).map(\.id) == [Self.a, Self.b, Self.c])
        #expect(tree.path(of: UUID()) == [])
    }

    @Test func validCodebookHasNoErrors() {
        #expect(CodebookTree(Self.sample).validate().isEmpty)
    }

    @Test func reportsEmptyLongAndDuplicateNames() {
        let errors = CodebookTree([
            Self.code(Self.a, nil, "  "),
            Self.code(Self.b, nil, String(repeating: "x", count: 121)),
            Self.code(Self.c, nil, "Posture"),
            Self.code(Self.d, nil, "posture"),
        ]).validate()
        #expect(errors.count == 3)
        #expect(errors[0] == FieldError("codes[0].name", "Le nom du code est vide."))
        #expect(errors[1].message.contains("120 caractères"))
        #expect(errors[2].field == "codes[3].name" && errors[2].message.contains("Deux codes de même niveau"))
    }

    @Test func sameNameUnderDifferentParentsIsFine() {
        let codes = [Self.code(Self.a, nil, "Demandes"), Self.code(Self.b, Self.a, "IA"),
                     Self.code(Self.c, nil, "Avenir"), Self.code(Self.d, Self.c, "IA")]
        #expect(CodebookTree(codes).validate().isEmpty)
    }

    @Test func reportsBadColourMissingParentAndCycles() {
        let missing = UUID()
        let errors = CodebookTree([
            Self.code(Self.a, nil, "Couleur", colour: "red"),
            Self.code(Self.b, missing, "Orphelin"),
            Self.code(Self.c, Self.d, "Boucle 1"),
            Self.code(Self.d, Self.c, "Boucle 2"),
        ]).validate()
        #expect(errors.map(\.field) == ["codes[0].colour", "codes[1].parentId", "codes[2].parentId", "codes[3].parentId"])
        #expect(errors[1].message == "Le code parent de « Orphelin » n'existe pas.")
        #expect(errors[2].message.contains("boucle"))
        // Reading a cyclic codebook never loops.
        let tree = CodebookTree([Self.code(Self.c, Self.d, "Boucle 1"), Self.code(Self.d, Self.c, "Boucle 2")])
        #expect(tree.path(of: Self.c).count == 2)
        #expect(tree.ordered.isEmpty)
    }

    @Test func colourFormat() {
        #expect(CodebookTree.isColour("#1d4ED8"))
        #expect(!CodebookTree.isColour("1d4ed8"))
        #expect(!CodebookTree.isColour("#1d4ed"))
        #expect(!CodebookTree.isColour("#1d4eg8"))
    }
}
