import Foundation
import Testing
@testable import TandemCore

@Suite("Demo people followed with consent")
struct DemoPeopleTests {
    static let today = LocalDate(year: 2026, month: 3, day: 14)!
    static let territory = DemoTerritory(seed: 1, today: today)

    @Test("Ten to fourteen invented people, mostly over 60, some changing jobs")
    func theCast() {
        let all = DemoPeople.all
        #expect((10...14).contains(all.count))
        let overSixty = all.filter { Self.today.year - $0.birthYear >= 60 }
        #expect(overSixty.count * 2 > all.count)
        #expect(all.contains { $0.socialStatus == .unemployed && Self.today.year - $0.birthYear < 60 })
        // No one shares a first name with a demo account: a log line naming a mediator must not
        // look like a leak, and a leak must not hide behind a mediator's name.
        let accountNames = Set(Self.territory.accounts.map { PersonName.key(String($0.displayName.split(separator: " ")[0])) })
        #expect(all.allSatisfy { !accountNames.contains(PersonName.key($0.firstName)) })
    }

    @Test("Phones come from the range reserved for fiction, stored as ten digits")
    func fictionalPhones() {
        let phones = DemoPeople.all.compactMap(\.phone)
        #expect(phones.count >= 4)
        for phone in phones {
            #expect(FrenchPhone.normalise(phone) == phone)
            #expect(phone.hasPrefix("063998"))
        }
        #expect(Set(phones).count == phones.count)
    }

    @Test("Communes are the territory's; notes stay short and say nothing of health")
    func communesAndNotes() {
        let communes = Set(Self.territory.places.map(\.commune))
        for person in DemoPeople.all {
            #expect(communes.contains(person.commune), "\(person.commune)")
            if let notes = person.notes {
                #expect(notes.count <= 120)
                for word in ["santé", "maladie", "médecin", "handicap", "traitement médical", "hôpital"] {
                    #expect(!notes.lowercased().contains(word))
                }
            }
        }
    }

    @Test("Exactly one pair is a likely duplicate: « Noëlle » and « Noelle »")
    func oneDuplicatePair() {
        let placed = DemoPeople.people(in: Self.territory)
        let candidates = placed.map {
            DuplicateCandidate(id: $0.id, nameKey: PersonName.key($0.person.firstName), lastInitial: $0.person.lastInitial,
                               birthYear: $0.person.birthYear, communeKey: PersonName.key($0.person.commune))
        }
        let pairs = DuplicateDetector.pairs(candidates)
        #expect(pairs.count == 1)
        let names = Set(pairs.flatMap { [$0.0, $0.1] }.compactMap { id in placed.first { $0.id == id }?.person.firstName })
        #expect(names == ["Noëlle", "Noelle"])
        let pair = placed.filter { names.contains($0.person.firstName) }
        #expect(Set(pair.map(\.structureId)).count == 1)
    }

    @Test("Placed in the territory: ids from the seed, consent by a mediator of their structure")
    func placement() throws {
        let placed = DemoPeople.people(in: Self.territory)
        #expect(placed == DemoPeople.people(in: DemoTerritory(seed: 1, today: Self.today)))
        let other = DemoPeople.people(in: DemoTerritory(seed: 2, today: Self.today))
        #expect(Set(placed.map(\.id)).isDisjoint(with: other.map(\.id)))
        #expect(Set(placed.map(\.id)).count == placed.count)
        for person in placed {
            let mediator = try #require(Self.territory.mediators.first { $0.id == person.consentBy })
            #expect(mediator.structureId == person.structureId)
            #expect(person.consentDate < Self.today)
            #expect(person.consentDate >= Self.today.adding(days: -DemoTerritory.activityDays))
        }
        // Every structure with mediators follows someone.
        #expect(Set(placed.map(\.structureId)) == Set(Self.territory.mediators.compactMap(\.structureId)))
    }

    @Test("Windows cut the follow-up in consecutive parts, from the consent to today")
    func windows() throws {
        for person in DemoPeople.people(in: Self.territory) {
            let windows = person.windows(today: Self.today)
            #expect(windows.count == person.person.sessions)
            #expect(windows.first?.lowerBound == person.consentDate)
            #expect(windows.last?.upperBound == Self.today)
            for (a, b) in zip(windows, windows.dropFirst()) {
                #expect(b.lowerBound == a.upperBound.adding(days: 1))
            }
        }
    }

    @Test("A person's brackets follow their year of birth across the follow-up")
    func brackets() {
        let placed = DemoPeople.people(in: Self.territory)
        let noelle = placed.first { $0.person.firstName == "Noëlle" }!
        #expect(noelle.ageBrackets(today: Self.today) == [.age70plus])
        let paulette = placed.first { $0.person.firstName == "Paulette" }!
        #expect(paulette.ageBrackets(today: Self.today) == [.age60to69])
    }

    @Test("Sessions are chosen so that autonomy never goes down and ends autonomous when it can")
    func choosingSessions() throws {
        func candidate(_ day: Int, _ autonomy: Autonomy?) -> DemoPeople.Candidate {
            DemoPeople.Candidate(id: UUID(), date: Self.today.adding(days: day), autonomy: autonomy)
        }
        let window = [candidate(1, .autonomous), candidate(2, nil), candidate(3, .fullyAssisted), candidate(4, .partiallyAutonomous)]
        // At first the guided session is closest to where a follow-up starts.
        #expect(DemoPeople.choose(window, step: 0, of: 5, atLeast: nil)?.autonomy == .fullyAssisted)
        // Half way, partially autonomous; at the end, autonomous.
        #expect(DemoPeople.choose(window, step: 2, of: 5, atLeast: .fullyAssisted)?.autonomy == .partiallyAutonomous)
        #expect(DemoPeople.choose(window, step: 4, of: 5, atLeast: .partiallyAutonomous)?.autonomy == .autonomous)
        // Never below the previous session, never ahead of the plan; nothing when no candidate fits.
        #expect(DemoPeople.choose(window, step: 2, of: 5, atLeast: .partiallyAutonomous)?.autonomy == .partiallyAutonomous)
        #expect(DemoPeople.choose(window, step: 0, of: 5, atLeast: .partiallyAutonomous) == nil)
        #expect(DemoPeople.choose([candidate(1, .autonomous)], step: 1, of: 5, atLeast: nil) == nil)
        #expect(DemoPeople.choose([candidate(1, .fullyAssisted), candidate(2, nil)], step: 3, of: 5, atLeast: .partiallyAutonomous) == nil)
        #expect(DemoPeople.choose([], step: 0, of: 1, atLeast: nil) == nil)
    }

    @Test("Every personal text is listed, for the log privacy check")
    func personalTexts() {
        let noelle = DemoPeople.all.first { $0.firstName == "Noëlle" }!
        #expect(noelle.personalTexts == ["Noëlle", "0639981241", noelle.notes!])
        let gilbert = DemoPeople.all.first { $0.firstName == "Gilbert" }!
        #expect(gilbert.personalTexts == ["Gilbert"])
    }
}
