import Foundation
import Testing
@testable import TandemCore

// MARK: - Fixtures

/// The fixed day the tests run "on".
private let today = LocalDate(year: 2026, month: 6, day: 15)!
private let validator = ActivityValidator(today: today)
private let placeID = UUID(uuidString: "6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a5b")!

/// Valid inputs, one of each kind.
enum Sample: String, CaseIterable, Sendable {
    case individual, workshop, training

    var input: ActivityInput {
        switch self {
        case .individual: Self.individualInput()
        case .workshop: Self.workshopInput()
        case .training: Self.trainingInput()
        }
    }

    /// An individual session at a place, with the administrative theme, done on the person's behalf.
    static func individualInput() -> ActivityInput {
        var input = ActivityInput()
        input.kind = "individual"
        input.date = "2026-06-10"
        input.startTime = "14:30"
        input.durationMinutes = 45
        input.locationKind = "place"
        input.placeId = "6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a5b"
        input.themes = ["admin_procedures", "health"]
        input.procedureDomains = ["social_health"]
        input.procedureName = "Ameli"
        input.devices = ["phone"]
        input.deviceOwners = ["beneficiary"]
        input.interventionMode = "on_behalf"
        input.mandate = true
        input.autonomy = "partially_autonomous"
        input.ageBracket = "70_plus"
        input.socialStatus = "retired"
        input.gender = "female"
        input.referralTarget = "library"
        input.notes = "Création du compte Ameli."
        return input
    }

    /// A workshop in another place of a commune, with breakdowns.
    static func workshopInput() -> ActivityInput {
        var input = ActivityInput()
        input.kind = "workshop"
        input.date = "2026-05-20"
        input.startTime = "10:00"
        input.durationMinutes = 120
        input.locationKind = "other"
        input.commune = "Pontivy"
        input.themes = ["security", "ai"]
        input.devices = ["tablet", "phone"]
        input.deviceOwners = ["structure"]
        input.workshopLevel = "beginner"
        input.title = "Se protéger des arnaques"
        input.participantCount = 8
        input.ageBreakdown = ["60_69": 5, "70_plus": 3]
        input.statusBreakdown = ["retired": 6]
        input.genderBreakdown = ["female": 5, "male": 2]
        return input
    }

    /// An internal training, remote, without devices.
    static func trainingInput() -> ActivityInput {
        var input = ActivityInput()
        input.kind = "internal_training"
        input.date = "2026-04-02"
        input.durationMinutes = 180
        input.locationKind = "remote"
        input.themes = ["ai", "digital_culture"]
        input.devices = ["none"]
        input.title = "L'IA au service des usagers"
        input.participantCount = 15
        input.audiences = ["elected", "staff"]
        return input
    }
}

/// The errors of an input expected to fail; records an issue when it validates.
private func errors(_ input: ActivityInput, sourceLocation: SourceLocation = #_sourceLocation) -> [FieldError] {
    switch validator.validate(input) {
    case .success(let details):
        Issue.record("expected a validation failure, got \(details)", sourceLocation: sourceLocation)
        return []
    case .failure(let failure):
        return failure.errors
    }
}

/// The fields named by the errors of an input expected to fail, in order.
private func failingFields(_ input: ActivityInput, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    errors(input, sourceLocation: sourceLocation).map(\.field)
}

/// The record of an input expected to be valid; throws the failure (with its errors) otherwise.
private func valid(_ input: ActivityInput) throws -> ActivityDetails {
    try validator.validate(input).get()
}

private func modified(_ sample: Sample, _ change: (inout ActivityInput) -> Void) -> ActivityInput {
    var input = sample.input
    change(&input)
    return input
}

// MARK: - Valid samples

@Suite("ActivityValidator: valid activities")
struct ActivityValidatorValidTests {
    @Test("Each sample validates", arguments: Sample.allCases)
    func sampleValidates(sample: Sample) throws {
        _ = try valid(sample.input)
    }

    @Test("An individual session becomes exactly the expected record, lists in TAXONOMY.md order")
    func individualRecord() throws {
        let details = try valid(Sample.individualInput())
        let expected = ActivityDetails(
            kind: .individual, date: LocalDate(year: 2026, month: 6, day: 10)!,
            startTime: TimeOfDay(minutes: 14 * 60 + 30), durationMinutes: 45,
            locationKind: .place, placeId: placeID, commune: nil,
            themes: [.health, .adminProcedures], procedureDomains: [.socialHealth], procedureName: "Ameli",
            devices: [.phone], deviceOwners: [.beneficiary], interventionMode: .onBehalf, mandate: true,
            autonomy: .partiallyAutonomous, workshopLevel: nil, title: nil,
            participants: .individual(AnonymousPerson(ageBracket: .age70plus, socialStatus: .retired, gender: .female)),
            referralTarget: .library, notes: "Création du compte Ameli."
        )
        #expect(details == expected)
        #expect(details.participantCount == 1)
    }

    @Test("A workshop becomes exactly the expected record")
    func workshopRecord() throws {
        let details = try valid(Sample.workshopInput())
        let expected = ActivityDetails(
            kind: .workshop, date: LocalDate(year: 2026, month: 5, day: 20)!,
            startTime: TimeOfDay(minutes: 600), durationMinutes: 120,
            locationKind: .other, commune: "Pontivy",
            themes: [.security, .ai], devices: [.phone, .tablet], deviceOwners: [.structure],
            workshopLevel: .beginner, title: "Se protéger des arnaques",
            participants: .group(GroupParticipants(
                count: 8, ageBreakdown: [.age60to69: 5, .age70plus: 3],
                statusBreakdown: [.retired: 6], genderBreakdown: [.female: 5, .male: 2]))
        )
        #expect(details == expected)
        #expect(details.participantCount == 8)
    }

    @Test("An internal training becomes exactly the expected record")
    func trainingRecord() throws {
        let details = try valid(Sample.trainingInput())
        let expected = ActivityDetails(
            kind: .internalTraining, date: LocalDate(year: 2026, month: 4, day: 2)!,
            durationMinutes: 180, locationKind: .remote, themes: [.digitalCulture, .ai], devices: [.none],
            title: "L'IA au service des usagers",
            participants: .training(TrainingParticipants(count: 15, audiences: [.staff, .elected]))
        )
        #expect(details == expected)
        #expect(details.participantCount == 15)
    }

    @Test("Round trip: a record's input validates back to an equal record", arguments: Sample.allCases)
    func roundTrip(sample: Sample) throws {
        let details = try valid(sample.input)
        let again = try valid(details.input)
        #expect(again == details)
    }

    @Test("A valid sample has no inapplicable field to remove", arguments: Sample.allCases)
    func keepingApplicableFieldsKeepsAValidSample(sample: Sample) {
        #expect(sample.input.keepingApplicableFields() == sample.input)
    }
}

// MARK: - Kind, date, time, duration

@Suite("ActivityValidator: kind, date, time and duration")
struct ActivityValidatorWhenTests {
    @Test("A missing or empty kind is reported on `kind`", arguments: [nil, ""] as [String?])
    func kindMissing(kind: String?) {
        let errors = errors(modified(.workshop) { $0.kind = kind })
        #expect(errors.first { $0.field == "kind" }?.message == "Choisissez le type d'activité.")
    }

    @Test("An unknown kind is reported on `kind`")
    func kindUnknown() {
        let errors = errors(modified(.workshop) { $0.kind = "seminar" })
        let message = errors.first { $0.field == "kind" }?.message
        #expect(message?.contains("seminar") == true)
    }

    @Test("A missing or empty date is reported on `date`", arguments: [nil, ""] as [String?])
    func dateMissing(date: String?) {
        #expect(failingFields(modified(.individual) { $0.date = date }) == ["date"])
    }

    @Test("A malformed or impossible date is reported on `date`",
          arguments: ["2026-6-1", "2026-02-30", "2026-13-01", "01/06/2026", "2026-06-01T10:00", "hier"])
    func dateInvalid(date: String) {
        #expect(failingFields(modified(.individual) { $0.date = date }) == ["date"])
    }

    @Test("Today is accepted, tomorrow is refused")
    func dateInTheFuture() throws {
        let details = try valid(modified(.individual) { $0.date = today.iso })
        #expect(details.date == today)
        let errors = errors(modified(.individual) { $0.date = today.adding(days: 1).iso })
        #expect(errors.map(\.field) == ["date"])
        #expect(errors.first?.message == "La date ne peut pas être dans le futur.")
    }

    @Test("2015-01-01 is accepted, 2014-12-31 is refused")
    func dateTooEarly() throws {
        let details = try valid(modified(.individual) { $0.date = "2015-01-01" })
        #expect(details.date == LocalDate(year: 2015, month: 1, day: 1))
        let errors = errors(modified(.individual) { $0.date = "2014-12-31" })
        #expect(errors.map(\.field) == ["date"])
        #expect(errors.first?.message == "La date ne peut pas être antérieure au 1er janvier 2015.")
    }

    @Test("A bad start time is reported on `startTime`", arguments: ["25:00", "9h30", "9:30", "12:60", "24:00", "noon"])
    func startTimeInvalid(time: String) {
        #expect(failingFields(modified(.individual) { $0.startTime = time }) == ["startTime"])
    }

    @Test("A good start time is kept", arguments: [("00:00", 0), ("09:30", 570), ("23:59", 1439)])
    func startTimeValid(time: String, minutes: Int) throws {
        let details = try valid(modified(.individual) { $0.startTime = time })
        #expect(details.startTime?.minutes == minutes)
    }

    @Test("The start time is optional", arguments: [nil, ""] as [String?])
    func startTimeOptional(time: String?) throws {
        let details = try valid(modified(.individual) { $0.startTime = time })
        #expect(details.startTime == nil)
    }

    @Test("Durations 1 and 1440 are accepted", arguments: [1, 1440])
    func durationValid(minutes: Int) throws {
        #expect(try valid(modified(.individual) { $0.durationMinutes = minutes }).durationMinutes == minutes)
    }

    @Test("Durations outside 1…1440 are refused on `durationMinutes`", arguments: [0, 1441, -30])
    func durationOutOfRange(minutes: Int) {
        #expect(failingFields(modified(.individual) { $0.durationMinutes = minutes }) == ["durationMinutes"])
    }

    @Test("A missing duration is reported on `durationMinutes`")
    func durationMissing() {
        #expect(failingFields(modified(.individual) { $0.durationMinutes = nil }) == ["durationMinutes"])
    }
}

// MARK: - Location

@Suite("ActivityValidator: location")
struct ActivityValidatorLocationTests {
    @Test("A missing or unknown location kind is reported on `locationKind`", arguments: [nil, "", "moon"] as [String?])
    func locationKindInvalid(kind: String?) {
        #expect(failingFields(modified(.training) { $0.locationKind = kind }) == ["locationKind"])
    }

    @Test("A place activity without a place is reported on `placeId`", arguments: [nil, ""] as [String?])
    func placeWithoutPlaceId(placeId: String?) {
        #expect(failingFields(modified(.individual) { $0.placeId = placeId }) == ["placeId"])
    }

    @Test("A place id that is not a UUID is reported on `placeId`")
    func placeIdNotAUUID() {
        #expect(failingFields(modified(.individual) { $0.placeId = "mairie-de-pontivy" }) == ["placeId"])
    }

    @Test("An upper-case UUID is accepted")
    func placeIdUpperCase() throws {
        let details = try valid(modified(.individual) { $0.placeId = placeID.uuidString.uppercased() })
        #expect(details.placeId == placeID)
    }

    @Test("At home or elsewhere, a commune is required", arguments: ["home", "other"])
    func communeRequired(location: String) {
        let input = modified(.individual) {
            $0.locationKind = location
            $0.placeId = nil
        }
        #expect(failingFields(input) == ["commune"])
        var blank = input
        blank.commune = "   "
        #expect(failingFields(blank) == ["commune"])
        var filled = input
        filled.commune = "  Lorient "
        #expect((try? valid(filled))?.commune == "Lorient")
    }

    @Test("A commune of 100 characters is accepted, 101 refused")
    func communeLength() throws {
        let hundred = String(repeating: "é", count: 100)
        #expect(try valid(modified(.workshop) { $0.commune = hundred }).commune == hundred)
        #expect(failingFields(modified(.workshop) { $0.commune = hundred + "x" }) == ["commune"])
    }

    @Test("A place id with a remote activity is refused on `placeId`")
    func placeIdWithRemote() {
        let errors = errors(modified(.individual) { $0.locationKind = "remote" })
        #expect(errors.map(\.field) == ["placeId"])
        #expect(errors.first?.message == "Un lieu ne s'indique que pour une activité dans un lieu d'activité.")
    }

    @Test("A commune with a place or remote activity is refused on `commune`")
    func communeInapplicable() {
        #expect(failingFields(modified(.individual) { $0.commune = "Lorient" }) == ["commune"])
        #expect(failingFields(modified(.training) { $0.commune = "Lorient" }) == ["commune"])
    }
}

// MARK: - Themes, procedures, devices

@Suite("ActivityValidator: themes, procedures and devices")
struct ActivityValidatorThemeTests {
    @Test("No theme is reported on `themes`")
    func themesEmpty() {
        #expect(failingFields(modified(.workshop) { $0.themes = [] }) == ["themes"])
    }

    @Test("An unknown theme is reported on `themes`")
    func themesUnknown() {
        let errors = errors(modified(.workshop) { $0.themes = ["security", "cooking"] })
        #expect(errors.map(\.field) == ["themes"])
        #expect(errors.first?.message.contains("cooking") == true)
    }

    @Test("The administrative theme without a procedure domain is reported on `procedureDomains`")
    func adminWithoutDomains() {
        #expect(failingFields(modified(.individual) { $0.procedureDomains = [] }) == ["procedureDomains"])
    }

    @Test("An unknown procedure domain is reported on `procedureDomains`")
    func unknownDomain() {
        #expect(failingFields(modified(.individual) { $0.procedureDomains = ["taxes"] }) == ["procedureDomains"])
    }

    @Test("Procedure domains without the administrative theme are refused on `procedureDomains`")
    func domainsWithoutAdmin() {
        let input = modified(.individual) {
            $0.themes = ["health"]
            $0.procedureName = nil
        }
        #expect(failingFields(input) == ["procedureDomains"])
    }

    @Test("A procedure name without the administrative theme is refused on `procedureName`")
    func procedureNameWithoutAdmin() {
        let input = modified(.workshop) { $0.procedureName = "Ameli" }
        #expect(failingFields(input) == ["procedureName"])
    }

    @Test("A procedure name over 200 characters is refused; it is optional")
    func procedureNameLength() throws {
        #expect(try valid(modified(.individual) { $0.procedureName = nil }).procedureName == nil)
        #expect(failingFields(modified(.individual) { $0.procedureName = String(repeating: "a", count: 201) }) == ["procedureName"])
    }

    @Test("No device is reported on `devices`")
    func devicesEmpty() {
        #expect(failingFields(modified(.individual) { $0.devices = [] }) == ["devices"])
    }

    @Test("`none` with another device is refused on `devices`")
    func noneWithPhone() {
        let input = modified(.individual) {
            $0.devices = ["none", "phone"]
            $0.deviceOwners = []
        }
        #expect(failingFields(input) == ["devices"])
    }

    @Test("An unknown device is reported on `devices`")
    func unknownDevice() {
        #expect(failingFields(modified(.individual) { $0.devices = ["phone", "minitel"] }) == ["devices"])
    }

    @Test("With a device, its owner is required on `deviceOwners`")
    func ownersMissing() {
        #expect(failingFields(modified(.individual) { $0.deviceOwners = [] }) == ["deviceOwners"])
    }

    @Test("An unknown owner is reported on `deviceOwners`")
    func unknownOwner() {
        #expect(failingFields(modified(.individual) { $0.deviceOwners = ["neighbour"] }) == ["deviceOwners"])
    }

    @Test("Owners with `none` are refused on `deviceOwners`")
    func ownersWithNone() {
        let errors = errors(modified(.individual) { $0.devices = ["none"] })
        #expect(errors.map(\.field) == ["deviceOwners"])
        #expect(errors.first?.message == "Sans matériel, il n'y a pas de propriétaire du matériel.")
    }

    @Test("`none` alone needs no owner")
    func noneAlone() throws {
        let details = try valid(modified(.individual) {
            $0.devices = ["none"]
            $0.deviceOwners = []
        })
        #expect(details.devices == [.none])
        #expect(details.deviceOwners == [])
    }

    @Test("Lists are normalised to TAXONOMY.md order and de-duplicated")
    func listsNormalised() throws {
        let details = try valid(modified(.workshop) {
            $0.themes = ["health", "email", "email"]
            $0.devices = ["tablet", "computer", "tablet"]
            $0.deviceOwners = ["mediator", "beneficiary", "mediator"]
        })
        #expect(details.themes == [.email, .health])
        #expect(details.devices == [.computer, .tablet])
        #expect(details.deviceOwners == [.beneficiary, .mediator])
        let training = try valid(modified(.training) { $0.audiences = ["elected", "staff", "elected"] })
        guard case let .training(participants) = training.participants else {
            Issue.record("expected training participants")
            return
        }
        #expect(participants.audiences == [.staff, .elected])
    }
}

// MARK: - How it went

@Suite("ActivityValidator: intervention mode and mandate")
struct ActivityValidatorModeTests {
    @Test("An individual session requires an intervention mode", arguments: [nil, ""] as [String?])
    func modeRequiredForIndividual(mode: String?) {
        let input = modified(.individual) {
            $0.interventionMode = mode
            $0.mandate = nil
        }
        #expect(failingFields(input) == ["interventionMode"])
    }

    @Test("A workshop may leave out the intervention mode or give one")
    func modeOptionalForWorkshop() throws {
        #expect(try valid(Sample.workshopInput()).interventionMode == nil)
        #expect(try valid(modified(.workshop) { $0.interventionMode = "demonstrated" }).interventionMode == .demonstrated)
    }

    @Test("An unknown intervention mode is reported on `interventionMode`")
    func modeUnknown() {
        #expect(failingFields(modified(.workshop) { $0.interventionMode = "magic" }) == ["interventionMode"])
    }

    @Test("`on_behalf` without the mandate answer is reported on `mandate`")
    func onBehalfWithoutMandate() {
        #expect(failingFields(modified(.individual) { $0.mandate = nil }) == ["mandate"])
    }

    @Test("`on_behalf` with either mandate answer is valid", arguments: [true, false])
    func onBehalfWithMandate(mandate: Bool) throws {
        #expect(try valid(modified(.individual) { $0.mandate = mandate }).mandate == mandate)
    }

    @Test("A mandate answer without `on_behalf` is refused on `mandate`", arguments: [true, false])
    func mandateWithGuided(mandate: Bool) {
        let input = modified(.individual) {
            $0.interventionMode = "guided"
            $0.mandate = mandate
        }
        #expect(failingFields(input) == ["mandate"])
    }
}

// MARK: - People

@Suite("ActivityValidator: fields that depend on the kind")
struct ActivityValidatorKindFieldTests {
    @Test("Individual-only fields on a workshop are refused on that field",
          arguments: ["autonomy", "ageBracket", "socialStatus", "gender"])
    func individualFieldOnWorkshop(field: String) {
        let input = modified(.workshop) {
            switch field {
            case "autonomy": $0.autonomy = "autonomous"
            case "ageBracket": $0.ageBracket = "25_39"
            case "socialStatus": $0.socialStatus = "employed"
            default: $0.gender = "male"
            }
        }
        let errors = errors(input)
        #expect(errors.map(\.field) == [field])
        #expect(errors.first?.message == "Ne s'indique que pour un accompagnement individuel.")
    }

    @Test("Workshop-only fields on an individual session are refused on that field",
          arguments: ["workshopLevel", "ageBreakdown", "statusBreakdown", "genderBreakdown"])
    func workshopFieldOnIndividual(field: String) {
        let input = modified(.individual) {
            switch field {
            case "workshopLevel": $0.workshopLevel = "beginner"
            case "ageBreakdown": $0.ageBreakdown = ["70_plus": 1]
            case "statusBreakdown": $0.statusBreakdown = ["retired": 1]
            default: $0.genderBreakdown = ["female": 1]
            }
        }
        let errors = errors(input)
        #expect(errors.map(\.field) == [field])
        #expect(errors.first?.message == "Ne s'indique que pour un atelier collectif.")
    }

    @Test("Title and participant count on an individual session are refused")
    func collectiveFieldsOnIndividual() {
        #expect(failingFields(modified(.individual) { $0.title = "Ameli" }) == ["title"])
        #expect(failingFields(modified(.individual) { $0.participantCount = 1 }) == ["participantCount"])
    }

    @Test("Workshop-only fields on an internal training are refused")
    func workshopFieldsOnTraining() {
        #expect(failingFields(modified(.training) { $0.workshopLevel = "advanced" }) == ["workshopLevel"])
        #expect(failingFields(modified(.training) { $0.ageBreakdown = ["25_39": 3] }) == ["ageBreakdown"])
    }

    @Test("Audiences outside an internal training are refused on `audiences`", arguments: [Sample.individual, .workshop])
    func audiencesOutsideTraining(sample: Sample) {
        #expect(failingFields(modified(sample) { $0.audiences = ["staff"] }) == ["audiences"])
    }

    @Test("Unknown person attributes are reported on their field")
    func unknownPersonAttributes() {
        #expect(failingFields(modified(.individual) { $0.ageBracket = "30_40" }) == ["ageBracket"])
        #expect(failingFields(modified(.individual) { $0.socialStatus = "rich" }) == ["socialStatus"])
        #expect(failingFields(modified(.individual) { $0.gender = "x" }) == ["gender"])
        #expect(failingFields(modified(.individual) { $0.autonomy = "total" }) == ["autonomy"])
        #expect(failingFields(modified(.workshop) { $0.workshopLevel = "expert" }) == ["workshopLevel"])
        #expect(failingFields(modified(.individual) { $0.referralTarget = "nowhere" }) == ["referralTarget"])
    }

    @Test("An individual's unanswered attributes are `unknown`")
    func individualAttributesDefaultToUnknown() throws {
        let details = try valid(modified(.individual) {
            $0.ageBracket = nil
            $0.socialStatus = ""
            $0.gender = nil
        })
        #expect(details.participants == .individual(AnonymousPerson(ageBracket: .unknown, socialStatus: .unknown, gender: .unknown)))
    }
}

@Suite("ActivityValidator: participants")
struct ActivityValidatorParticipantTests {
    private func group(_ input: ActivityInput) throws -> GroupParticipants {
        let details = try valid(input)
        guard case let .group(group) = details.participants else {
            Issue.record("expected group participants, got \(details.participants)")
            return GroupParticipants(count: -1)
        }
        return group
    }

    @Test("A workshop without a participant count is reported on `participantCount`")
    func countMissingForWorkshop() {
        let input = modified(.workshop) {
            $0.participantCount = nil
            $0.ageBreakdown = [:]
            $0.statusBreakdown = [:]
            $0.genderBreakdown = [:]
        }
        #expect(failingFields(input) == ["participantCount"])
    }

    @Test("A training without a participant count is reported on `participantCount`")
    func countMissingForTraining() {
        #expect(failingFields(modified(.training) { $0.participantCount = nil }) == ["participantCount"])
    }

    @Test("Participant counts outside 1…10 000 are refused", arguments: [0, -1, 10_001])
    func countOutOfRange(count: Int) {
        let input = modified(.workshop) {
            $0.participantCount = count
            $0.ageBreakdown = [:]
            $0.statusBreakdown = [:]
            $0.genderBreakdown = [:]
        }
        #expect(failingFields(input) == ["participantCount"])
    }

    @Test("Participant counts of 1 and 10 000 are accepted", arguments: [1, 10_000])
    func countLimits(count: Int) throws {
        let input = modified(.workshop) {
            $0.participantCount = count
            $0.ageBreakdown = ["60_69": 1]
            $0.statusBreakdown = [:]
            $0.genderBreakdown = [:]
        }
        #expect(try group(input).count == count)
    }

    @Test("A breakdown summing above the count is refused on that breakdown")
    func breakdownAboveCount() {
        #expect(failingFields(modified(.workshop) { $0.ageBreakdown = ["60_69": 5, "70_plus": 4] }) == ["ageBreakdown"])
        #expect(failingFields(modified(.workshop) { $0.statusBreakdown = ["retired": 9] }) == ["statusBreakdown"])
        #expect(failingFields(modified(.workshop) { $0.genderBreakdown = ["female": 5, "male": 3, "unknown": 1] }) == ["genderBreakdown"])
    }

    @Test("A negative count in a breakdown is refused")
    func breakdownNegative() {
        #expect(failingFields(modified(.workshop) { $0.ageBreakdown = ["60_69": 3, "70_plus": -1] }) == ["ageBreakdown"])
    }

    @Test("An unknown code in a breakdown is refused")
    func breakdownUnknownCode() {
        let errors = errors(modified(.workshop) { $0.statusBreakdown = ["retired": 2, "astronaut": 1] })
        #expect(errors.map(\.field) == ["statusBreakdown"])
        #expect(errors.first?.message.contains("astronaut") == true)
    }

    @Test("A breakdown summing exactly to the count is accepted")
    func breakdownExact() throws {
        let result = try group(modified(.workshop) { $0.genderBreakdown = ["female": 5, "male": 2, "unknown": 1] })
        #expect(result.genderBreakdown == [.female: 5, .male: 2, .unknown: 1])
    }

    @Test("Zero entries of a breakdown are dropped")
    func breakdownZerosDropped() throws {
        let result = try group(modified(.workshop) { $0.ageBreakdown = ["60_69": 8, "18_24": 0, "unknown": 0] })
        #expect(result.ageBreakdown == [.age60to69: 8])
    }

    @Test("Breakdowns are optional")
    func breakdownsOptional() throws {
        let result = try group(modified(.workshop) {
            $0.ageBreakdown = [:]
            $0.statusBreakdown = [:]
            $0.genderBreakdown = [:]
        })
        #expect(result == GroupParticipants(count: 8))
    }

    @Test("Huge breakdown counts are refused, not a crash")
    func breakdownOverflow() {
        let input = modified(.workshop) { $0.ageBreakdown = ["60_69": Int.max, "70_plus": 1] }
        #expect(failingFields(input) == ["ageBreakdown"])
    }

    @Test("An internal training without audiences is reported on `audiences`")
    func trainingWithoutAudiences() {
        #expect(failingFields(modified(.training) { $0.audiences = [] }) == ["audiences"])
    }

    @Test("An unknown audience is reported on `audiences`")
    func trainingUnknownAudience() {
        #expect(failingFields(modified(.training) { $0.audiences = ["staff", "public"] }) == ["audiences"])
    }
}

// MARK: - Free text

@Suite("ActivityValidator: free text")
struct ActivityValidatorTextTests {
    @Test("Notes of 5 000 characters are accepted, 5 001 refused")
    func notesLength() throws {
        let notes = String(repeating: "n", count: 5_000)
        #expect(try valid(modified(.individual) { $0.notes = notes }).notes == notes)
        let errors = errors(modified(.individual) { $0.notes = notes + "!" })
        #expect(errors.map(\.field) == ["notes"])
        #expect(errors.first?.message == "Ce texte dépasse 5\u{00A0}000 caractères.")
    }

    @Test("A title of 200 characters is accepted, 201 refused")
    func titleLength() throws {
        let title = String(repeating: "t", count: 200)
        #expect(try valid(modified(.workshop) { $0.title = title }).title == title)
        #expect(failingFields(modified(.workshop) { $0.title = title + "t" }) == ["title"])
    }

    @Test("Free text is trimmed; blank text is absent")
    func textTrimmed() throws {
        let details = try valid(modified(.workshop) {
            $0.title = "  Atelier e-mail \n"
            $0.notes = " \n "
        })
        #expect(details.title == "Atelier e-mail")
        #expect(details.notes == nil)
    }
}

// MARK: - Errors together

@Suite("ActivityValidator: reporting")
struct ActivityValidatorReportingTests {
    @Test("Several errors are reported at once, one per field")
    func severalErrors() {
        let input = modified(.individual) {
            $0.date = "2030-01-01"
            $0.durationMinutes = 0
            $0.deviceOwners = []
            $0.interventionMode = "guided"
            $0.notes = String(repeating: "x", count: 5_001)
        }
        let fields = failingFields(input)
        #expect(Set(fields) == ["date", "durationMinutes", "deviceOwners", "mandate", "notes"])
        #expect(fields.count == Set(fields).count)
    }

    @Test("Errors from reading are included in the failure")
    func readErrorsIncluded() {
        var input = Sample.individualInput()
        let readError = FieldError("colour", "Ce champ n'existe pas.")
        input.readErrors = [readError]
        #expect(errors(input) == [readError])

        input.durationMinutes = 0
        let both = errors(input)
        #expect(both.first == readError)
        #expect(both.map(\.field) == ["colour", "durationMinutes"])
    }

    @Test("A read error on a field stands for that field's message")
    func readErrorWinsOnItsField() {
        var input = modified(.individual) { $0.durationMinutes = nil }
        let readError = FieldError("durationMinutes", "Ce champ doit être un nombre entier.")
        input.readErrors = [readError]
        let failure = validator.validate(input)
        guard case let .failure(failure) = failure else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.errors == [readError])
        #expect(failure.message(for: "durationMinutes") == "Ce champ doit être un nombre entier.")
        #expect(failure.message(for: "date") == nil)
    }
}

// MARK: - keepingApplicableFields

@Suite("ActivityInput.keepingApplicableFields")
struct KeepingApplicableFieldsTests {
    @Test("Individual fields are removed when the kind is workshop, then it validates")
    func individualFieldsRemovedForWorkshop() throws {
        let input = modified(.workshop) {
            $0.autonomy = "autonomous"
            $0.ageBracket = "25_39"
            $0.socialStatus = "employed"
            $0.gender = "male"
            $0.audiences = ["staff"]
        }
        #expect(Set(failingFields(input)) == ["autonomy", "ageBracket", "socialStatus", "gender", "audiences"])
        let kept = input.keepingApplicableFields()
        #expect(kept.autonomy == nil)
        #expect(kept.ageBracket == nil)
        #expect(kept.socialStatus == nil)
        #expect(kept.gender == nil)
        #expect(kept.audiences == [])
        #expect(kept.title == input.title)
        #expect(kept.ageBreakdown == input.ageBreakdown)
        #expect(try valid(kept) == valid(Sample.workshopInput()))
    }

    @Test("Workshop fields are removed when the kind is individual, then it validates")
    func workshopFieldsRemovedForIndividual() throws {
        let input = modified(.individual) {
            $0.workshopLevel = "beginner"
            $0.title = "Atelier"
            $0.participantCount = 8
            $0.ageBreakdown = ["70_plus": 8]
        }
        let kept = input.keepingApplicableFields()
        #expect(kept.workshopLevel == nil)
        #expect(kept.title == nil)
        #expect(kept.participantCount == nil)
        #expect(kept.ageBreakdown == [:])
        #expect(try valid(kept) == valid(Sample.individualInput()))
    }

    @Test("The place id is removed when the location is remote, then it validates")
    func placeIdRemovedWhenRemote() throws {
        let input = modified(.individual) { $0.locationKind = "remote" }
        let kept = input.keepingApplicableFields()
        #expect(kept.placeId == nil)
        let details = try valid(kept)
        #expect(details.locationKind == .remote)
        #expect(details.placeId == nil)
    }

    @Test("The commune is removed at a place, then it validates")
    func communeRemovedAtPlace() throws {
        let kept = modified(.individual) { $0.commune = "Lorient" }.keepingApplicableFields()
        #expect(kept.commune == nil)
        #expect(try valid(kept).commune == nil)
    }

    @Test("Procedure fields are removed without the administrative theme, then it validates")
    func procedureFieldsRemoved() throws {
        let input = modified(.individual) { $0.themes = ["health"] }
        let kept = input.keepingApplicableFields()
        #expect(kept.procedureDomains == [])
        #expect(kept.procedureName == nil)
        let details = try valid(kept)
        #expect(details.themes == [.health])
        #expect(details.procedureDomains == [])
        #expect(details.procedureName == nil)
    }

    @Test("Owners are removed with `none`, then it validates")
    func ownersRemovedWithNone() throws {
        let kept = modified(.individual) { $0.devices = ["none"] }.keepingApplicableFields()
        #expect(kept.deviceOwners == [])
        #expect(try valid(kept).deviceOwners == [])
    }

    @Test("The mandate is removed without `on_behalf`, then it validates")
    func mandateRemovedWithoutOnBehalf() throws {
        let kept = modified(.individual) { $0.interventionMode = "guided" }.keepingApplicableFields()
        #expect(kept.mandate == nil)
        let details = try valid(kept)
        #expect(details.interventionMode == .guided)
        #expect(details.mandate == nil)
    }

    @Test("Required fields and read errors are kept")
    func requiredFieldsKept() {
        var input = ActivityInput()
        input.readErrors = [FieldError("body", "x")]
        input.themes = ["email"]
        input.devices = ["phone"]
        input.deviceOwners = ["mediator"]
        let kept = input.keepingApplicableFields()
        #expect(kept == input)
    }
}
