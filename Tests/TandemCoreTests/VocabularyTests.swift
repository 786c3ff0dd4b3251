import Foundation
import Testing
@testable import TandemCore

/// One closed list of TAXONOMY.md, type-erased so that every list runs through the same tests.
struct VocabularyList: Sendable, CustomTestStringConvertible {
    let name: String
    /// The codes as the Swift type lists them (`V.codes`).
    let codes: [String]
    /// `allCases.map(\.code)`, to check that `codes` is nothing else.
    let caseCodes: [String]
    let labels: [String]
    /// The codes written out literally from TAXONOMY.md, in its order.
    let expected: [String]
    /// `V(code:)?.code`, to check that every code reads back and that an unknown one does not.
    let decode: @Sendable (String) -> String?

    var testDescription: String { name }

    static func of<V: CodedVocabulary>(_ type: V.Type, _ expected: [String]) -> VocabularyList {
        VocabularyList(
            name: String(describing: type),
            codes: V.codes,
            caseCodes: V.allCases.map(\.code),
            labels: V.allCases.map(\.label),
            expected: expected,
            decode: { V(code: $0)?.code }
        )
    }
}

/// Every list, with its codes copied by hand from /work/shared/TAXONOMY.md, so that renaming,
/// reordering, adding or removing a code makes a test fail.
let allVocabularies: [VocabularyList] = [
    // Activity
    .of(ActivityKind.self, ["individual", "workshop", "internal_training"]),
    .of(LocationKind.self, ["place", "home", "remote", "other"]),
    .of(Theme.self, [
        "diagnosis", "device_handling", "device_maintenance", "digital_content", "web_browsing",
        "email", "office_software", "social_media", "health", "banking_shopping", "entrepreneurship",
        "employment", "security", "parenting", "schooling", "creating", "digital_culture", "ai",
        "admin_procedures", "purchase_advice",
    ]),
    .of(ProcedureDomain.self, [
        "papers", "family", "social_health", "work", "housing", "transport", "money_taxes",
        "justice", "foreigners", "leisure", "associations",
    ]),
    .of(Device.self, ["computer", "phone", "tablet", "other", "none"]),
    .of(DeviceOwner.self, ["beneficiary", "structure", "mediator"]),
    .of(InterventionMode.self, ["guided", "demonstrated", "on_behalf"]),
    .of(Autonomy.self, ["fully_assisted", "partially_autonomous", "autonomous"]),
    .of(WorkshopLevel.self, ["beginner", "intermediate", "advanced"]),
    .of(ReferralTarget.self, [
        "administration", "other_mediation", "procedure_operator", "social_support",
        "employment_support", "admin_help", "library", "other",
    ]),
    // Duration groups: TAXONOMY.md gives the four groups (labels checked below); the codes are
    // Tandem's own stable codes for them.
    .of(DurationRange.self, ["under_30", "30_60", "60_120", "120_plus"]),
    // People accompanied
    .of(AgeBracket.self, ["under_12", "12_17", "18_24", "25_39", "40_59", "60_69", "70_plus", "unknown"]),
    .of(SocialStatus.self, ["retired", "unemployed", "employed", "student", "unknown"]),
    .of(Gender.self, ["female", "male", "unknown"]),
    .of(InternalAudience.self, ["staff", "elected"]),
    // Places: the data·inclusion typology codes named by TAXONOMY.md, in its order.
    .of(PlaceTypology.self, [
        "MUNI", "BIB", "RFS", "CSC", "EPN", "EPCI", "CCAS", "ASSO", "TIERS_LIEUX", "PIMMS", "MDS", "LA_POSTE",
    ]),
    // Survey
    .of(RespondentContext.self, ["library", "outside_library"]),
    .of(InterviewStatus.self, ["draft", "validated", "published"]),
    .of(PublicationConsent.self, ["named", "anonymous", "none"]),
    // Accounts
    .of(Role.self, ["admin", "coordinator", "mediator", "researcher"]),
]

@Suite("Vocabulary: codes and labels")
struct VocabularyListTests {
    @Test("Codes are exactly TAXONOMY.md's, in its order", arguments: allVocabularies)
    func codesMatchTaxonomy(list: VocabularyList) {
        #expect(list.codes == list.expected)
        #expect(list.caseCodes == list.codes)
    }

    @Test("Every code reads back to itself, an unknown or differently written code does not", arguments: allVocabularies)
    func codesReadBack(list: VocabularyList) {
        for code in list.expected {
            #expect(list.decode(code) == code)
            let otherCase = code.uppercased() == code ? code.lowercased() : code.uppercased()
            if otherCase != code { #expect(list.decode(otherCase) == nil) }
            #expect(list.decode(" " + code) == nil)
        }
        #expect(list.decode("") == nil)
        #expect(list.decode("not_a_code") == nil)
    }

    @Test("Labels are non-empty and unique within a list", arguments: allVocabularies)
    func labelsNonEmptyAndUnique(list: VocabularyList) {
        #expect(list.labels.count == list.codes.count)
        for label in list.labels {
            #expect(!label.trimmingCharacters(in: .whitespaces).isEmpty)
        }
        #expect(Set(list.labels).count == list.labels.count, "duplicate label in \(list.name): \(list.labels)")
    }

    @Test("Tandem's own (T) entries are present with their labels")
    func tandemEntriesPresent() {
        #expect(ActivityKind.internalTraining.code == "internal_training")
        #expect(ActivityKind.internalTraining.label == "Formation interne (agents, élus)")
        #expect(Theme.purchaseAdvice.code == "purchase_advice")
        #expect(Theme.purchaseAdvice.label == "Conseil pour l'achat de matériel")
        #expect(DeviceOwner.allCases.map(\.label) == [
            "Appareil de la personne accompagnée", "Matériel de la structure", "Matériel du médiateur",
        ])
        #expect(InterventionMode.allCases.map(\.label) == [
            "La personne a fait elle-même, guidée (faire avec)",
            "Le médiateur a montré, la personne a observé",
            "Le médiateur a fait à la place de la personne",
        ])
        #expect(ReferralTarget.library.code == "library")
        #expect(ReferralTarget.library.label == "Médiathèque ou bibliothèque, pour une ressource précise")
        #expect(InternalAudience.allCases.map(\.label) == ["Agents", "Élus"])
    }

    @Test("Duration groups read as TAXONOMY.md's statistics groups")
    func durationRangeLabels() {
        #expect(DurationRange.allCases.map(\.label) == ["moins de 30 min", "30 min à 1 h", "1 h à 2 h", "2 h et plus"])
    }

    @Test("`none` device and `unknown` person attributes carry the TAXONOMY.md labels")
    func specialEntries() {
        #expect(Device.none.label == "Pas de matériel")
        #expect(AgeBracket.unknown.label == "Non communiqué")
        #expect(Gender.unknown.label == "Non communiqué")
        #expect(SocialStatus.unknown.label == "Non communiqué ou hétérogène")
    }
}

@Suite("Vocabulary: rules attached to codes")
struct VocabularyRuleTests {
    static let year = 2026

    @Test("AgeBracket(birthYear:in:) at each boundary", arguments: [
        (0, AgeBracket.under12),
        (11, .under12),
        (12, .age12to17),
        (17, .age12to17),
        (18, .age18to24),
        (24, .age18to24),
        (25, .age25to39),
        (39, .age25to39),
        (40, .age40to59),
        (59, .age40to59),
        (60, .age60to69),
        (69, .age60to69),
        (70, .age70plus),
        (130, .age70plus),
        (131, .unknown),
        (500, .unknown),
        (-1, .unknown),
        (-30, .unknown),
    ])
    func ageBracketFromBirthYear(age: Int, expected: AgeBracket) {
        #expect(AgeBracket(birthYear: Self.year - age, in: Self.year) == expected)
    }

    @Test("AgeBracket depends only on the difference of years")
    func ageBracketUsesTheGivenYear() {
        #expect(AgeBracket(birthYear: 1956, in: 2025) == .age60to69)
        #expect(AgeBracket(birthYear: 1956, in: 2026) == .age70plus)
    }

    @Test("DurationRange(minutes:) at each boundary", arguments: [
        (1, DurationRange.under30),
        (29, .under30),
        (30, .from30to60),
        (59, .from30to60),
        (60, .from60to120),
        (119, .from60to120),
        (120, .over120),
        (1440, .over120),
    ])
    func durationRange(minutes: Int, expected: DurationRange) {
        #expect(DurationRange(minutes: minutes) == expected)
    }

    @Test("Only coordinators and mediators belong to a structure", arguments: [
        (Role.admin, false), (.coordinator, true), (.mediator, true), (.researcher, false),
    ])
    func roleRequiresStructure(role: Role, expected: Bool) {
        #expect(role.requiresStructure == expected)
    }

    @Test("A place is required only at a place; a commune only at home or elsewhere", arguments: [
        (LocationKind.place, true, false),
        (.home, false, true),
        (.remote, false, false),
        (.other, false, true),
    ])
    func locationRequirements(kind: LocationKind, place: Bool, commune: Bool) {
        #expect(kind.requiresPlace == place)
        #expect(kind.requiresCommune == commune)
    }

    @Test("Only the BIB typology counts as a library")
    func placeTypologyIsLibrary() {
        #expect(PlaceTypology.allCases.filter(\.isLibrary) == [.bib])
    }

    @Test("Only the individual kind is not collective")
    func activityKindIsCollective() {
        #expect(ActivityKind.allCases.filter { !$0.isCollective } == [.individual])
    }
}
