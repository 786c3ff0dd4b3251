import Testing
@testable import TandemCore

@Suite("FormBody")
struct FormBodyTests {
    private func pairs(_ body: String) -> [String] {
        FormBody.parse(body).pairs.map { "\($0.name)=\($0.value)" }
    }

    @Test func simplePairsInOrder() {
        #expect(pairs("nom=Léa&ville=Lyon") == ["nom=Léa", "ville=Lyon"])
    }

    @Test func plusMeansSpace() {
        #expect(FormBody.parse("nom=L%C3%A9a+Martin").value("nom") == "Léa Martin")
        #expect(FormBody.parse("a+b=c").names == ["a b"])
    }

    @Test func encodedPlusStaysPlus() {
        #expect(FormBody.parse("tel=%2B33+1").value("tel") == "+33 1")
    }

    @Test func percentDecodingBothCases() {
        #expect(FormBody.parse("q=%41%62%2f%2F%3D%26").value("q") == "Ab//=&")
    }

    @Test func multibyteUTF8() {
        #expect(FormBody.parse("p=%C3%A9").value("p") == "é")
        #expect(FormBody.parse("p=%E2%82%AC%F0%9F%98%80").value("p") == "€😀")
        #expect(FormBody.parse("pr%C3%A9nom=x").names == ["prénom"])
    }

    @Test func rawNonASCIIIsKept() {
        #expect(FormBody.parse("p=é").value("p") == "é")
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(FormBody.parse("p=a%FFb").value("p") == "a\u{FFFD}b")
        #expect(FormBody.parse("p=%C3").value("p") == "\u{FFFD}")
    }

    @Test func invalidEscapesKeptLiterally() {
        #expect(FormBody.parse("a=%zz").value("a") == "%zz")
        #expect(FormBody.parse("a=50%").value("a") == "50%")
        #expect(FormBody.parse("a=%4").value("a") == "%4")
        #expect(FormBody.parse("a=%4g%41").value("a") == "%4gA")
        #expect(FormBody.parse("a=%%41").value("a") == "%A")
    }

    @Test func emptySegmentsSkipped() {
        #expect(pairs("a=1&&b=2&") == ["a=1", "b=2"])
        #expect(pairs("&&&") == [])
        #expect(pairs("") == [])
    }

    @Test func segmentWithoutEqualsHasEmptyValue() {
        let form = FormBody.parse("abonne&nom=")
        #expect(form.value("abonne") == "")
        #expect(form.value("nom") == "")
        #expect(form.count("abonne") == 1)
    }

    @Test func onlyFirstEqualsSplits() {
        #expect(FormBody.parse("a=b=c").value("a") == "b=c")
    }

    @Test func emptyNameIsKept() {
        #expect(pairs("=x") == ["=x"])
    }

    @Test func repeatedNamesKeptInOrder() {
        let form = FormBody.parse("jour=lun&nom=A&jour=mar&jour=jeu")
        #expect(form.values("jour") == ["lun", "mar", "jeu"])
        #expect(form.value("jour") == "lun")
        #expect(form.count("jour") == 3)
        #expect(form.names == ["jour", "nom"])
    }

    @Test func absentName() {
        let form = FormBody.parse("a=1")
        #expect(form.value("b") == nil)
        #expect(form.values("b") == [])
        #expect(form.count("b") == 0)
    }

    @Test func repeatedSingleValuedNamesReported() {
        let form = FormBody.parse("jour=lun&email=a%40x.fr&jour=mar&nom=A&nom=B&email=b%40x.fr")
        #expect(form.repeatedNames(among: ["email", "nom", "ville"]) == ["email", "nom"])
        #expect(form.repeatedNames(among: ["ville"]) == [])
    }

    @Test func namesAreCaseSensitive() {
        let form = FormBody.parse("Nom=A&nom=B")
        #expect(form.count("nom") == 1)
        #expect(form.repeatedNames(among: ["nom"]) == [])
    }

    @Test func equalityComparesPairsInOrder() {
        #expect(FormBody.parse("a=1&b=2") == FormBody(pairs: [(name: "a", value: "1"), (name: "b", value: "2")]))
        #expect(FormBody.parse("a=1&b=2") != FormBody.parse("b=2&a=1"))
        #expect(FormBody.parse("a=1") != FormBody.parse("a=1&a=1"))
    }
}
