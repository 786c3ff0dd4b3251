import Foundation
import Testing
@testable import TandemCore

@Suite("Demo territory")
struct DemoTerritoryTests {
    static let today = LocalDate(year: 2026, month: 3, day: 14)!
    static let territory = DemoTerritory(seed: 1, today: today)
    /// Shared by several tests; generating is cheap but not free.
    static let sample = Array(territory.activities(count: 5_000))

    // MARK: The generator of random numbers

    @Test func randomIsXoshiro256StarStarSeededBySplitMix64() {
        // Reference values computed independently from the published algorithms.
        var rng = DemoRandom(seed: 1)
        #expect(rng.next() == 0xB3F2_AF6D_0FC7_10C5)
        #expect(rng.next() == 0x853B_5596_4736_4CEA)
        #expect(rng.next() == 0x92F8_9756_082A_4514)
    }

    @Test func randomHelpersStayInRange() {
        var rng = DemoRandom(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = rng.int(in: 3...7)
            #expect((3...7).contains(value))
            seen.insert(value)
            let unit = rng.unit()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(seen == [3, 4, 5, 6, 7])
        var counts = [0, 0]
        for _ in 0..<10_000 { counts[rng.weighted([(0, 1.0), (1, 3.0), (2, 0.0)])] += 1 }
        #expect((2_200...2_800).contains(counts[0]))
        let uuid = rng.uuid().uuidString
        #expect(Array(uuid)[14] == "4")
        #expect("89AB".contains(Array(uuid)[19]))
    }

    // MARK: Determinism

    @Test func sameSeedSameTerritory() {
        let again = DemoTerritory(seed: 1, today: Self.today)
        #expect(again.structures == Self.territory.structures)
        #expect(again.places == Self.territory.places)
        #expect(again.accounts == Self.territory.accounts)
        let first = Array(Self.territory.activities(count: 20_000).prefix(500))
        let second = Array(again.activities(count: 20_000).prefix(500))
        #expect(first.count == 500)
        #expect(first == second)
    }

    @Test func differentSeedDifferentData() {
        let other = DemoTerritory(seed: 2, today: Self.today)
        #expect(other.structures.map(\.id) != Self.territory.structures.map(\.id))
        #expect(other.structures.map(\.name) == Self.territory.structures.map(\.name))
        let mine = Array(Self.territory.activities(count: 20_000).prefix(500)).map(\.details)
        let theirs = Array(other.activities(count: 20_000).prefix(500)).map(\.details)
        #expect(mine != theirs)
        let same = zip(mine, theirs).filter { $0 == $1 }.count
        #expect(same < 50)
    }

    @Test func randomAccessMatchesIteration() {
        let activities = Self.territory.activities(count: 5_000)
        for index in [0, 1, 2_499, 4_999] {
            #expect(activities.activity(at: index) == Self.sample[index])
        }
    }

    // MARK: The territory

    @Test func structuresAndPlaces() {
        let t = Self.territory
        #expect(t.territoryName == "Communauté de communes des Coteaux de l'Arlène")
        #expect(t.structures.count == 3)
        #expect(t.structures.contains { $0.isLibrary && $0.typology == .bib })
        #expect(t.structures.filter(\.isLibrary).count == 1)
        #expect((9...12).contains(t.places.count))
        #expect(Set(t.places.map(\.commune)).count >= 6 && Set(t.places.map(\.commune)).count <= 8)
        let typologies = t.places.map(\.typology)
        #expect(typologies.filter { $0 == .bib }.count >= 3)
        #expect((2...3).contains(typologies.filter { $0 == .muni }.count))
        #expect(typologies.contains(.rfs))
        #expect(typologies.contains(.csc))

        let structureIds = Set(t.structures.map(\.id))
        let allIds = t.structures.map(\.id) + t.places.map(\.id) + t.accounts.map(\.id)
        #expect(Set(allIds).count == allIds.count)
        for place in t.places {
            #expect(structureIds.contains(place.structureId))
            #expect(place.postalCode.range(of: #"^\d{5}$"#, options: .regularExpression) != nil)
            #expect(place.inseeCode.range(of: #"^([013-9]\d|2[AB1-9])\d{3}$"#, options: .regularExpression) != nil)
            if let phone = place.phone {
                #expect(phone.range(of: #"^\+33\d{9}$"#, options: .regularExpression) != nil)
            }
            #expect(place.summary.count <= 280 && place.summary.count > 40)
            #expect(!place.address.isEmpty && !place.name.isEmpty)
            #expect((44.5...45.7).contains(place.latitude) && (0.5...1.5).contains(place.longitude))
            let rule = #"(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))?(,(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su))?)* \d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*"#
            #expect(place.openingHours.range(of: "^\(rule)(; \(rule))*$", options: .regularExpression) != nil, "\(place.openingHours)")
            #expect(!place.openingHours.contains("Su"))
        }
        // The library network runs the médiathèques.
        let library = t.structures.first(where: \.isLibrary)!
        #expect(t.places.filter { $0.structureId == library.id }.allSatisfy { $0.typology == .bib })
    }

    @Test func openingHoursInOpenStreetMapSyntax() {
        typealias Slot = DemoOpeningHours.Slot
        let hours = DemoOpeningHours(
            tu: [Slot(14, 0, 18, 30)], we: [Slot(10, 0, 12, 30), Slot(14, 0, 18, 30)],
            th: [Slot(14, 0, 18, 30)], fr: [Slot(14, 0, 18, 30)], sa: [Slot(9, 30, 12, 30)])
        #expect(hours.osm == "Tu,Th-Fr 14:00-18:30; We 10:00-12:30,14:00-18:30; Sa 09:30-12:30")
        let weekdays = DemoOpeningHours(mo: [Slot(9, 0, 12, 0)], tu: [Slot(9, 0, 12, 0)], we: [Slot(9, 0, 12, 0)],
                                        th: [Slot(9, 0, 12, 0)], fr: [Slot(9, 0, 12, 0)])
        #expect(weekdays.osm == "Mo-Fr 09:00-12:00")
    }

    @Test func accounts() {
        let t = Self.territory
        let placesById = Dictionary(uniqueKeysWithValues: t.places.map { ($0.id, $0) })
        #expect(t.accounts.filter { $0.role == .admin }.count == 1)
        #expect(t.accounts.filter { $0.role == .researcher }.count == 1)
        for structure in t.structures {
            #expect(t.accounts.filter { $0.role == .coordinator && $0.structureId == structure.id }.count == 1)
        }
        let mediators = t.mediators
        #expect((5...8).contains(mediators.count))
        let libraryId = t.structures.first(where: \.isLibrary)!.id
        #expect(mediators.filter { $0.structureId == libraryId }.count >= 2)
        #expect(mediators.filter { $0.structureId != libraryId }.count >= 2)
        for account in t.accounts {
            #expect(account.role.requiresStructure == (account.structureId != nil))
            for placeId in account.placeIds {
                #expect(placesById[placeId]?.structureId == account.structureId, "\(account.displayName)")
            }
            #expect(account.email.range(of: #"^[a-z-]+\.[a-z-]+@coteaux-arlene\.example$"#, options: .regularExpression) != nil, "\(account.email)")
            #expect(account.displayName.split(separator: " ").count == 2)
            #expect(!account.post.isEmpty)
        }
        for mediator in mediators {
            #expect((2...8).contains(mediator.placeIds.count))
            #expect(Set(mediator.placeIds).count == mediator.placeIds.count)
        }
        #expect(Set(t.accounts.map(\.email)).count == t.accounts.count)
        #expect(DemoTerritory.password.count >= 12)
    }

    // MARK: Activities

    @Test func activitiesValidateAndRoundTrip() {
        let validator = ActivityValidator(today: Self.today)
        var failures: [String] = []
        for (index, activity) in Self.sample.prefix(2_000).enumerated() {
            switch validator.validate(activity.details.input) {
            case let .success(details):
                if details != activity.details { failures.append("#\(index) changes on round trip") }
            case let .failure(error):
                failures.append("#\(index): \(error.errors)")
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }

    @Test func activitiesStayInTheirTerritory() {
        let t = Self.territory
        let earliest = Self.today.adding(days: -730)
        let mediators = Dictionary(uniqueKeysWithValues: t.mediators.map { ($0.id, $0) })
        var previous = earliest
        for activity in Self.sample.prefix(2_000) {
            let details = activity.details
            #expect(details.date <= Self.today && details.date > earliest)
            #expect(details.date >= previous, "records come in date order")
            previous = details.date
            #expect(details.date.isoWeekday != 7, "no activity on a Sunday")
            guard let mediator = mediators[activity.mediatorId] else {
                Issue.record("unknown mediator")
                continue
            }
            #expect(mediator.structureId == activity.structureId)
            if details.locationKind == .place {
                #expect(details.placeId.map(mediator.placeIds.contains) == true)
            } else {
                #expect(details.placeId == nil)
            }
            if let start = details.startTime {
                #expect((9 * 60...18 * 60).contains(start.minutes))
            }
            if let notes = details.notes {
                #expect(notes.count < 120)
                #expect(notes.rangeOfCharacter(from: .decimalDigits) == nil && !notes.contains("@"))
            }
        }
    }

    @Test func mixLooksLikeTheField() {
        let all = Self.sample
        let individuals = all.filter { $0.details.kind == .individual }
        let workshops = all.filter { $0.details.kind == .workshop }
        let trainings = all.filter { $0.details.kind == .internalTraining }
        func share(_ part: Int, _ whole: Int) -> Double { Double(part) / Double(whole) }

        #expect((0.65...0.85).contains(share(individuals.count, all.count)))
        #expect((0.12...0.25).contains(share(workshops.count, all.count)))
        #expect((0.03...0.11).contains(share(trainings.count, all.count)))

        let people = individuals.compactMap { activity -> AnonymousPerson? in
            if case let .individual(person) = activity.details.participants { return person }
            return nil
        }
        #expect(people.count == individuals.count)
        let seniors = people.filter { $0.ageBracket == .age60to69 || $0.ageBracket == .age70plus }.count
        #expect((0.35...0.65).contains(share(seniors, people.count)))
        #expect((0.12...0.30).contains(share(people.filter { $0.socialStatus == .unemployed }.count, people.count)))
        // Retired people are not young.
        let youngAges: Set<AgeBracket> = [.under12, .age12to17, .age18to24, .age25to39]
        #expect(!people.contains { $0.socialStatus == .retired && youngAges.contains($0.ageBracket) })

        let details = individuals.map(\.details)
        #expect(share(details.filter { $0.devices.contains(.phone) }.count, details.count) > 0.40)
        let ownPhone = details.filter { $0.devices.contains(.phone) && $0.deviceOwners.contains(.beneficiary) }.count
        #expect(share(ownPhone, details.count) > 0.45)
        let onBehalf = details.filter { $0.interventionMode == .onBehalf }
        #expect((0.06...0.20).contains(share(onBehalf.count, details.count)))
        #expect(onBehalf.contains { $0.mandate == true } && onBehalf.contains { $0.mandate == false })
        #expect(share(onBehalf.filter { $0.mandate == true }.count, onBehalf.count) < 0.5)
        #expect(share(details.filter { $0.autonomy != nil }.count, details.count) > 0.7)
        #expect((0.06...0.15).contains(share(details.filter { $0.referralTarget != nil }.count, details.count)))
        #expect(details.contains { $0.referralTarget == .library })
        #expect((0.10...0.20).contains(share(details.filter { $0.notes != nil }.count, details.count)))
        let usual = details.filter { [30, 45, 60].contains($0.durationMinutes) }.count
        #expect(share(usual, details.count) > 0.7)
        #expect(details.allSatisfy { (1...3).contains($0.themes.count) })
        for theme in [Theme.deviceHandling, .email, .digitalContent, .adminProcedures, .health, .bankingShopping,
                      .socialMedia, .officeSoftware, .purchaseAdvice] {
            #expect(details.contains { $0.themes.contains(theme) }, "\(theme)")
        }
        let procedures = details.filter { $0.themes.contains(.adminProcedures) }
        #expect(procedures.allSatisfy { !$0.procedureDomains.isEmpty })
        for name in ["Ameli", "retraite", "impots.gouv", "CAF", "ANTS"] {
            #expect(procedures.contains { $0.procedureName == name }, "\(name)")
        }
        #expect(procedures.contains { $0.procedureName == nil })
        let locations = Dictionary(grouping: details, by: \.locationKind).mapValues(\.count)
        #expect(share(locations[.place] ?? 0, details.count) > 0.6)
        #expect((locations[.home] ?? 0) > 0 && (locations[.remote] ?? 0) > 0 && (locations[.other] ?? 0) > 0)
        #expect(details.contains { $0.devices == [.none] && $0.deviceOwners.isEmpty })

        for workshop in workshops.map(\.details) {
            guard case let .group(group) = workshop.participants else {
                Issue.record("a workshop without a group")
                continue
            }
            #expect((3...12).contains(group.count))
            #expect(group.ageBreakdown.values.reduce(0, +) <= group.count)
            #expect(group.statusBreakdown.values.reduce(0, +) <= group.count)
            #expect(group.genderBreakdown.values.reduce(0, +) <= group.count)
            #expect(workshop.title?.isEmpty == false)
            #expect([60, 90, 120, 150].contains(workshop.durationMinutes))
        }
        #expect(workshops.contains { if case let .group(g) = $0.details.participants { !g.ageBreakdown.isEmpty } else { false } })
        #expect(share(workshops.filter { $0.details.workshopLevel != nil }.count, workshops.count) > 0.8)

        for training in trainings.map(\.details) {
            guard case let .training(people) = training.participants else {
                Issue.record("a training without participants")
                continue
            }
            #expect((4...15).contains(people.count) && !people.audiences.isEmpty)
            #expect((120...180).contains(training.durationMinutes))
            #expect(training.themes.allSatisfy { [.officeSoftware, .email, .security, .ai, .diagnosis].contains($0) })
            #expect(training.date.isoWeekday <= 5)
        }
    }

    @Test func calendarLooksLikeTheField() {
        let dates = Self.sample.map(\.details.date)
        let firstYear = dates.filter { $0 <= Self.today.adding(days: -365) }.count
        let secondYear = dates.count - firstYear
        #expect(secondYear > firstYear, "activity grows over time")
        let august = dates.filter { $0.month == 8 }.count
        #expect(Double(august) < Double(dates.count) / 12 * 0.7, "fewer in August")
        let byWeekday = Dictionary(grouping: dates, by: \.isoWeekday).mapValues(\.count)
        #expect(byWeekday[7] == nil)
        #expect((byWeekday[6] ?? 0) > 0 && (byWeekday[6] ?? 0) < (byWeekday[2] ?? 0))
        #expect(!dates.contains { $0.month == 12 && $0.day == 25 })
        #expect(!dates.contains { $0.month == 5 && $0.day == 1 })
    }

    @Test func easterAndHolidays() {
        #expect(DemoActivityPlan.isPublicHoliday(LocalDate(year: 2026, month: 4, day: 6)!)) // Easter Monday
        #expect(DemoActivityPlan.isPublicHoliday(LocalDate(year: 2026, month: 5, day: 14)!)) // Ascension
        #expect(!DemoActivityPlan.isPublicHoliday(LocalDate(year: 2026, month: 5, day: 15)!))
    }

    // MARK: Laziness

    @Test func activitiesAreGeneratedLazily() {
        let clock = ContinuousClock()
        let start = clock.now
        let huge = Self.territory.activities(count: 100_000)
        let first = Array(huge.prefix(10))
        #expect(first.count == 10)
        #expect(huge.count == 100_000)
        // A billion records would take hours and all the memory if anything were made up front.
        let enormous = Self.territory.activities(count: 1_000_000_000)
        var iterator = enormous.makeIterator()
        #expect(iterator.next() != nil)
        #expect(enormous.activity(at: 999_999_999).details.date <= Self.today)
        #expect(clock.now - start < .seconds(2))
        #expect(Self.territory.activities(count: 0).underestimatedCount == 0)
        #expect(Array(Self.territory.activities(count: 0)).isEmpty)
    }
}

@Suite("Demo territory: workshops")
struct DemoWorkshopsTests {
    static let today = LocalDate(year: 2026, month: 3, day: 14)!

    @Test("Upcoming public sessions, a weekly series, an internal training, recent sessions to close; the same for one seed")
    func workshops() throws {
        let territory = DemoTerritory(seed: 1, today: Self.today)
        let workshops = territory.workshops()
        #expect(workshops == DemoTerritory(seed: 1, today: Self.today).workshops())
        let upcoming = workshops.filter { $0.date > Self.today }
        #expect(upcoming.filter(\.isPublic).count >= 12)
        #expect(workshops.contains { !$0.isPublic && $0.audiences == [.staff, .elected] })
        let series = Dictionary(grouping: workshops.filter { $0.seriesId != nil }, by: \.seriesId)
        #expect(series.count == 1 && series.values.first?.count == 4)
        #expect(workshops.contains { $0.date < Self.today && !$0.registrants.isEmpty }, "sessions to take attendance for")
        #expect(workshops.contains { $0.registrants.count > $0.capacity }, "a full session with a waiting list")
        #expect(workshops.allSatisfy { (2...5).contains($0.date.isoWeekday) })
        let mediators = Set(territory.mediators.map(\.id))
        let places = Dictionary(uniqueKeysWithValues: territory.places.map { ($0.id, $0.structureId) })
        #expect(workshops.allSatisfy { places[$0.placeId] == $0.structureId && $0.mediatorIds.allSatisfy(mediators.contains) })
        // Each session is a valid plan, as if typed in the planning form.
        for workshop in workshops {
            #expect(WorkshopValidator(today: Self.today).validate(workshop.plan.input).isValid, "\(workshop.title)")
        }
        let people = workshops.flatMap(\.registrants)
        #expect(people.allSatisfy { ($0.phone?.hasPrefix("06 39 98 ") ?? true) && ($0.email?.hasSuffix("@example.org") ?? true) })
        #expect(people.allSatisfy { $0.phone != nil || $0.email != nil })
        #expect(people.allSatisfy { RegistrationValidator().validate(RegistrationInput(firstName: $0.firstName, phone: $0.phone, email: $0.email, consent: true)).isValid })
    }
}

private extension Result {
    var isValid: Bool {
        if case .success = self { return true }
        return false
    }
}

private extension WorkshopPlan {
    /// The form input that gives this plan back.
    var input: WorkshopInput {
        var input = WorkshopInput()
        input.title = title
        input.description = description
        input.themes = themes.map(\.code)
        input.level = level?.code
        input.placeId = placeId.uuidString
        input.date = date.iso
        input.startTime = startTime.text
        input.durationMinutes = durationMinutes
        input.capacity = capacity
        input.mediatorIds = mediatorIds.map(\.uuidString)
        input.isPublic = isPublic
        input.audiences = audiences.map(\.code)
        input.weeks = weeks
        return input
    }
}
