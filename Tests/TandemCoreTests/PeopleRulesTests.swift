import Foundation
import Testing
@testable import TandemCore

private let today = LocalDate(year: 2026, month: 6, day: 15)!
private let validator = PersonValidator(today: today)

/// A valid form, as a mediator fills it in.
private func validInput() -> PersonInput {
    var input = PersonInput()
    input.firstName = "Ginette"
    input.lastInitial = "m"
    input.birthYear = "1948"
    input.commune = "Arlène"
    input.phone = "06 12 34 56 78"
    input.notes = "Vient pour sa retraite."
    input.consentGiven = true
    input.consentDate = "2026-06-01"
    input.consentPurpose = PersonValidator.defaultConsentPurpose
    return input
}

private func errors(_ change: (inout PersonInput) -> Void) -> ValidationFailure? {
    var input = validInput()
    change(&input)
    if case let .failure(failure) = validator.validate(input) { return failure }
    return nil
}

@Suite("A followed person's record")
struct PersonValidatorTests {
    @Test("A complete form gives the record, initial upper-cased and phone normalised")
    func valid() throws {
        let details = try validator.validate(validInput()).get()
        #expect(details.firstName == "Ginette")
        #expect(details.lastInitial == "M")
        #expect(details.birthYear == 1948)
        #expect(details.commune == "Arlène")
        #expect(details.phone == "0612345678")
        #expect(details.consentDate == LocalDate(year: 2026, month: 6, day: 1)!)
        #expect(details.consentPurpose == PersonValidator.defaultConsentPurpose)
    }

    @Test("Only the required fields: the optional ones are nil")
    func minimal() throws {
        var input = validInput()
        input.lastInitial = nil; input.phone = "  "; input.notes = "\n"
        let details = try validator.validate(input).get()
        #expect(details.lastInitial == nil && details.phone == nil && details.notes == nil)
    }

    @Test("Without consent the record is refused, with the reason, beside the box")
    func noConsent() {
        let failure = errors { $0.consentGiven = false }
        #expect(failure?.message(for: "consentGiven") == PersonValidator.consentRequiredMessage)
        #expect(PersonValidator.consentRequiredMessage.contains("anonymes"))
    }

    @Test("Every problem is reported at once, each on its field")
    func allAtOnce() {
        var input = PersonInput()
        input.phone = "12"
        guard case let .failure(failure) = validator.validate(input) else { Issue.record("accepted"); return }
        #expect(Set(failure.errors.map(\.field)) == ["firstName", "birthYear", "commune", "phone", "consentGiven", "consentDate", "consentPurpose"])
    }

    @Test("First name: letters, spaces, hyphens, apostrophes, 1 to 40 characters",
          arguments: ["Marie-Thérèse", "Jean Paul", "N'Diaye", "Zoë", "Anne’Sophie", String(repeating: "a", count: 40)])
    func firstNamesAccepted(_ name: String) throws {
        var input = validInput()
        input.firstName = name
        #expect(try validator.validate(input).get().firstName == name)
    }

    @Test("First name refused: digits, symbols, too long, only punctuation",
          arguments: ["R2D2", "Jean@", String(repeating: "a", count: 41), "--", "'"])
    func firstNamesRefused(_ name: String) {
        #expect(errors { $0.firstName = name }?.message(for: "firstName") != nil)
    }

    @Test("First name is trimmed and inner spaces collapsed")
    func firstNameCleaned() throws {
        var input = validInput()
        input.firstName = "  Jean    Paul "
        #expect(try validator.validate(input).get().firstName == "Jean Paul")
    }

    @Test("Last initial: one letter, « M. » accepted; two letters or a digit refused")
    func lastInitial() throws {
        var input = validInput()
        input.lastInitial = "é."
        #expect(try validator.validate(input).get().lastInitial == "É")
        #expect(errors { $0.lastInitial = "Ma" }?.message(for: "lastInitial") != nil)
        #expect(errors { $0.lastInitial = "3" }?.message(for: "lastInitial") != nil)
    }

    @Test("Birth year: four digits, between 110 years ago and this year")
    func birthYear() throws {
        var input = validInput()
        input.birthYear = "1916"; input.consentDate = "2026-01-01"
        #expect(try validator.validate(input).get().birthYear == 1916)
        input.birthYear = "2026"
        #expect(try validator.validate(input).get().birthYear == 2026)
        #expect(errors { $0.birthYear = "1915" }?.message(for: "birthYear")?.contains("1916") == true)
        #expect(errors { $0.birthYear = "2027" }?.message(for: "birthYear") != nil)
        #expect(errors { $0.birthYear = "48" }?.message(for: "birthYear")?.contains("quatre chiffres") == true)
        #expect(errors { $0.birthYear = "19a8" }?.message(for: "birthYear") != nil)
        #expect(errors { $0.birthYear = nil }?.message(for: "birthYear") != nil)
    }

    @Test("Commune required, at most 80 characters")
    func commune() {
        #expect(errors { $0.commune = " " }?.message(for: "commune") != nil)
        #expect(errors { $0.commune = String(repeating: "x", count: 81) }?.message(for: "commune") != nil)
        #expect(errors { $0.commune = String(repeating: "x", count: 80) } == nil)
    }

    @Test("Phone: French numbers in their usual spellings",
          arguments: [("0612345678", "0612345678"), ("06.12.34.56.78", "0612345678"), ("06-12-34-56-78", "0612345678"),
                      ("+33 6 12 34 56 78", "0612345678"), ("+33612345678", "0612345678"), ("0033 5 55 12 34 56", "0555123456"),
                      ("+33 (0)6 12 34 56 78", "0612345678")])
    func phonesAccepted(_ raw: String, _ expected: String) throws {
        var input = validInput()
        input.phone = raw
        #expect(try validator.validate(input).get().phone == expected)
    }

    @Test("Phone refused: too short, too long, foreign, letters, 00 prefix",
          arguments: ["061234567", "06123456789", "+44 20 7946 0958", "06 12 34 AB 78", "0012345678", "+33 61234567"])
    func phonesRefused(_ raw: String) {
        #expect(errors { $0.phone = raw }?.message(for: "phone")?.contains("numéro français") == true)
    }

    @Test("Phone shown in pairs")
    func phoneDisplay() {
        #expect(FrenchPhone.display("0612345678") == "06 12 34 56 78")
        #expect(FrenchPhone.display("123") == "123")
    }

    @Test("Notes at most 2 000 characters")
    func notes() {
        #expect(errors { $0.notes = String(repeating: "n", count: 2000) } == nil)
        #expect(errors { $0.notes = String(repeating: "n", count: 2001) }?.message(for: "notes") != nil)
    }

    @Test("Consent date: required, a real date, not in the future, not before the year of birth")
    func consentDate() {
        #expect(errors { $0.consentDate = nil }?.message(for: "consentDate") != nil)
        #expect(errors { $0.consentDate = "2026-02-30" }?.message(for: "consentDate") != nil)
        #expect(errors { $0.consentDate = "2026-06-16" }?.message(for: "consentDate")?.contains("futur") == true)
        #expect(errors { $0.consentDate = "2026-06-15" } == nil)
        #expect(errors { $0.birthYear = "2000"; $0.consentDate = "1999-12-31" }?.message(for: "consentDate") != nil)
    }

    @Test("Consent purpose: required, at most 200 characters")
    func consentPurpose() {
        #expect(errors { $0.consentPurpose = "" }?.message(for: "consentPurpose") != nil)
        #expect(errors { $0.consentPurpose = String(repeating: "p", count: 201) }?.message(for: "consentPurpose") != nil)
    }

    @Test("The record's input refills the form and validates to the same record")
    func roundTrip() throws {
        let details = try validator.validate(validInput()).get()
        #expect(details.input.phone == "06 12 34 56 78")
        #expect(details.input.consentGiven)
        #expect(try validator.validate(details.input).get() == details)
    }

    @Test("Reading a form: names are the property names; the box counts as ticked; a repeated field is an error")
    func form() throws {
        let body = FormBody.parse("_csrf=x&firstName=Ginette&lastInitial=M&birthYear=1948&commune=Arl%C3%A8ne&phone=&notes=&consentGiven=on&consentDate=2026-06-01&consentPurpose=Suivre")
        let input = PersonInput(form: body)
        #expect(input.firstName == "Ginette" && input.commune == "Arlène" && input.phone == nil)
        #expect(input.consentGiven)
        #expect(try validator.validate(input).get().consentPurpose == "Suivre")
        #expect(!PersonInput(form: FormBody.parse("firstName=A")).consentGiven)
        #expect(!PersonInput(form: FormBody.parse("consentGiven=non")).consentGiven)
        let repeated = PersonInput(form: FormBody.parse("firstName=A&firstName=B"))
        #expect(repeated.readErrors.map(\.field) == ["firstName"])
        guard case let .failure(failure) = validator.validate(repeated) else { Issue.record("accepted"); return }
        #expect(failure.message(for: "firstName") == "Ce champ est répété.")
    }
}

@Suite("Age bracket from the year of birth")
struct AgeBracketFromBirthYearTests {
    @Test("The age is the one reached during the year", arguments: [
        (1956, AgeBracket.age70plus), (1957, .age60to69), (1966, .age60to69), (1967, .age40to59),
        (2002, .age18to24), (2008, .age18to24), (2009, .age12to17), (2015, .under12), (2026, .under12),
    ])
    func bracket(_ year: Int, _ expected: AgeBracket) {
        // 15 January: the birthday may not have come yet, the year's age counts anyway.
        #expect(AgeBracket.forBirthYear(year, on: LocalDate(year: 2026, month: 1, day: 15)!) == expected)
    }

    @Test("A birth after the date is unknown")
    func future() {
        #expect(AgeBracket.forBirthYear(2027, on: today) == .unknown)
    }
}

@Suite("Name keys")
struct PersonNameKeyTests {
    @Test("Accents, case, ligatures, apostrophes, spaces and hyphens are folded", arguments: [
        ("Gisèle", "gisele"), ("  GISELE ", "gisele"), ("François", "francois"), ("Cœur", "coeur"), ("Lætitia", "laetitia"),
        ("Marie-Thérèse", "marie therese"), ("marie   --  therese", "marie therese"), ("N'Diaye", "ndiaye"), ("N’Diaye", "ndiaye"),
        ("Zoë", "zoe"), ("Ñuño", "nuno"), ("Strauß", "strauss"), ("", ""),
    ])
    func key(_ text: String, _ expected: String) {
        #expect(PersonName.key(text) == expected)
    }
}

@Suite("Likely duplicates")
struct DuplicateDetectorTests {
    static let ids = (0..<10).map { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", $0))! }

    static func person(_ n: Int, _ name: String, _ initial: String? = nil, year: Int = 1948, commune: String = "Arlène") -> DuplicateCandidate {
        DuplicateCandidate(id: ids[n], nameKey: PersonName.key(name), lastInitial: initial, birthYear: year, communeKey: PersonName.key(commune))
    }

    static func pairs(_ people: [DuplicateCandidate]) -> [[Int]] {
        DuplicateDetector.pairs(people).map { [ids.firstIndex(of: $0.0)!, ids.firstIndex(of: $0.1)!] }
    }

    @Test("Same name, year and commune, accents and case ignored")
    func sameKey() {
        #expect(Self.pairs([Self.person(1, "Gisèle"), Self.person(0, "gisele", commune: "ARLENE")]) == [[0, 1]])
    }

    @Test("A different year or commune is another person")
    func otherYearOrCommune() {
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gisèle", year: 1949)]).isEmpty)
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gisèle", commune: "Valbourg")]).isEmpty)
    }

    @Test("Different initials are different people; a missing one does not contradict")
    func initials() {
        #expect(Self.pairs([Self.person(0, "Gisèle", "M"), Self.person(1, "Gisèle", "D")]).isEmpty)
        #expect(Self.pairs([Self.person(0, "Gisèle", "M"), Self.person(1, "Gisèle", "m")]) == [[0, 1]])
        #expect(Self.pairs([Self.person(0, "Gisèle", "M"), Self.person(1, "Gisèle")]) == [[0, 1]])
    }

    @Test("One slip from 4 letters, two from 8; short names must match exactly")
    func typos() {
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gisell")]) == [[0, 1]])       // substitution
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Igsele")]) == [[0, 1]])       // swap
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gisle")]) == [[0, 1]])        // deletion
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gislle")]) == [[0, 1]])
        #expect(Self.pairs([Self.person(0, "Gisèle"), Self.person(1, "Gesilla")]).isEmpty)          // three edits
        #expect(Self.pairs([Self.person(0, "Marie-Thérèse"), Self.person(1, "Marie Terese")]) == [[0, 1]])
        #expect(Self.pairs([Self.person(0, "Marie-Thérèse"), Self.person(1, "Marie Teresa")]) == [[0, 1]])
        #expect(Self.pairs([Self.person(0, "Bernadette"), Self.person(1, "Bernard")]).isEmpty)
        #expect(Self.pairs([Self.person(0, "Léa"), Self.person(1, "Léo")]).isEmpty)
        #expect(Self.pairs([Self.person(0, "Paul"), Self.person(1, "Saul")]) == [[0, 1]])
    }

    @Test("Every pair once, in a stable order, whatever the input order")
    func order() {
        let people = [Self.person(3, "Gisèle"), Self.person(1, "gisele"), Self.person(2, "Gisele", year: 1950),
                      Self.person(0, "Gisèle"), Self.person(4, "Gisele", year: 1950), Self.person(5, "Odette")]
        let expected = [[0, 1], [0, 3], [1, 3], [2, 4]]
        #expect(Self.pairs(people) == expected)
        #expect(Self.pairs(people.reversed()) == expected)
    }

    @Test("Edit distance counts insertions, deletions, substitutions and swaps")
    func distance() {
        #expect(DuplicateDetector.editDistance("", "abc") == 3)
        #expect(DuplicateDetector.editDistance("abc", "abc") == 0)
        #expect(DuplicateDetector.editDistance("abcd", "abdc") == 1)
        #expect(DuplicateDetector.editDistance("kitten", "sitting") == 3)
        #expect(DuplicateDetector.editDistance("kitten", "sitting", atMost: 1) == 2)
    }

    @Test("Comparing group by group (year, commune) finds exactly the pairs a comparison of everyone with everyone finds")
    func groupedEqualsBruteForce() {
        var people: [DuplicateCandidate] = []
        for n in 0..<600 {
            people.append(DuplicateCandidate(id: UUID(), nameKey: "personne \(n % 50)", lastInitial: n % 7 == 0 ? "M" : nil,
                                             birthYear: 1940 + n % 6, communeKey: "commune \((n / 6) % 4)"))
        }
        var expected: Set<[UUID]> = []
        for i in people.indices {
            for j in people.indices where j > i && people[i].birthYear == people[j].birthYear
                && people[i].communeKey == people[j].communeKey && DuplicateDetector.areLikelySame(people[i], people[j]) {
                expected.insert([people[i].id, people[j].id].sorted { $0.uuidString < $1.uuidString })
            }
        }
        let found = DuplicateDetector.pairs(people).map { [$0.0, $0.1].sorted { $0.uuidString < $1.uuidString } }
        #expect(!expected.isEmpty)
        #expect(found.count == Set(found).count, "each pair once")
        let missing = expected.subtracting(found).count, extra = Set(found).subtracting(expected).count
        #expect(missing == 0 && extra == 0)
        // Grouping is what keeps a whole structure's comparison cheap; its speed is not timed here.
    }
}

@Suite("The sentence on autonomy over time")
struct AutonomyProgressTests {
    static func point(_ iso: String, _ autonomy: Autonomy) -> AutonomyPoint { AutonomyPoint(date: LocalDate(iso: iso)!, autonomy: autonomy) }

    @Test("From the first level to the last, with the number of sessions, whatever the order given")
    func progress() {
        let points = [Self.point("2026-06-12", .autonomous), Self.point("2025-03-03", .fullyAssisted),
                      Self.point("2025-09-01", .partiallyAutonomous), Self.point("2025-11-01", .fullyAssisted),
                      Self.point("2026-03-01", .partiallyAutonomous)]
        #expect(AutonomyProgress.summary(points) == "De « Avec guidage » le 3 mars 2025 à « Autonome » le 12 juin 2026, en 5 séances.")
    }

    @Test("No session, one session, and the same level throughout")
    func edges() {
        #expect(AutonomyProgress.summary([]).hasPrefix("Aucun niveau d'autonomie"))
        #expect(AutonomyProgress.summary([Self.point("2026-06-01", .autonomous)])
                == "Une seule séance avec un niveau d'autonomie noté : « Autonome » le 1er juin 2026.")
        #expect(AutonomyProgress.summary([Self.point("2026-01-05", .fullyAssisted), Self.point("2026-02-05", .fullyAssisted)])
                == "Toujours « Avec guidage », du 5 janvier 2026 au 5 février 2026, en 2 séances.")
    }
}

@Suite("The retention cutoff of followed people")
struct PeopleRetentionTests {
    @Test("Calendar months back, the day kept or clamped to the month's end")
    func cutoff() {
        #expect(PeopleRetention.cutoff(today: LocalDate(year: 2026, month: 6, day: 15)!, months: 24) == LocalDate(year: 2024, month: 6, day: 15)!)
        #expect(PeopleRetention.cutoff(today: LocalDate(year: 2026, month: 3, day: 31)!, months: 1) == LocalDate(year: 2026, month: 2, day: 28)!)
        #expect(PeopleRetention.cutoff(today: LocalDate(year: 2026, month: 3, day: 31)!, months: 25) == LocalDate(year: 2024, month: 2, day: 29)!)
        #expect(PeopleRetention.cutoff(today: LocalDate(year: 2026, month: 1, day: 10)!, months: 1) == LocalDate(year: 2025, month: 12, day: 10)!)
        #expect(PeopleRetention.cutoff(today: LocalDate(year: 2026, month: 1, day: 10)!, months: 0) == LocalDate(year: 2026, month: 1, day: 10)!)
    }
}
