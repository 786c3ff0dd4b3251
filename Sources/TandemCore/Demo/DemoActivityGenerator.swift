import Foundation

/// Makes one activity record: chooses the kind, the mediator, then every field in a way that keeps
/// the rules of `ActivityValidator` and the proportions of the field (DESIGN.md, "Demo territory").
/// Lists are built in the order of TAXONOMY.md, so that validation returns them unchanged.
struct DemoActivityGenerator {
    typealias Slot = DemoOpeningHours.Slot

    let plan: DemoActivityPlan
    let date: LocalDate
    let weekday: Int
    var rng: DemoRandom

    init(plan: DemoActivityPlan, date: LocalDate, rng: DemoRandom) {
        self.plan = plan
        self.date = date
        self.weekday = date.isoWeekday
        self.rng = rng
    }

    mutating func make() -> DemoTerritory.Activity {
        // Internal trainings happen on weekdays only.
        let kind: ActivityKind = rng.weighted([
            // 7.8 on weekdays is about 7 % over the week, Saturdays included.
            (.individual, 75), (.workshop, 18), (.internalTraining, weekday <= 5 ? 7.8 : 0),
        ])
        let mediator = chooseMediator(for: kind)
        let details: ActivityDetails
        switch kind {
        case .individual: details = individual(mediator)
        case .workshop: details = workshop(mediator)
        case .internalTraining: details = training(mediator)
        }
        return DemoTerritory.Activity(mediatorId: mediator.id, structureId: mediator.structureId, details: details)
    }

    // MARK: Who

    mutating func chooseMediator(for kind: ActivityKind) -> DemoMediator {
        let weekday = self.weekday
        return rng.weighted(plan.mediators.map { mediator in
            var weight = Self.mediatorWeight(mediator.profile, kind)
            // A mediator whose places are all closed that day sees people only by exception.
            if kind != .internalTraining && mediator.openPlaces(isoWeekday: weekday).isEmpty { weight *= 0.12 }
            return (mediator, weight)
        })
    }

    static func mediatorWeight(_ profile: DemoData.Profile, _ kind: ActivityKind) -> Double {
        switch (profile, kind) {
        case (.librarian, .individual): 0.8
        case (.librarian, .workshop): 1.0
        case (.librarian, .internalTraining): 0.1
        case (.libraryAdvisor, .individual): 1.2
        case (.libraryAdvisor, .workshop): 1.6
        case (.libraryAdvisor, .internalTraining): 0.8
        case (.itinerant, .individual): 1.3
        case (.itinerant, .workshop): 1.0
        case (.itinerant, .internalTraining): 2.2
        case (.franceServices, .individual): 1.5
        case (.franceServices, .workshop): 0.2
        case (.franceServices, .internalTraining): 0.3
        case (.socialCentre, .individual): 1.0
        case (.socialCentre, .workshop): 1.0
        case (.socialCentre, .internalTraining): 0.2
        }
    }

    // MARK: Where and when

    struct Location {
        var kind: LocationKind
        var place: DemoPlaceInfo?
        var commune: String?
        /// When the day allows it: the open slots of the place, or office hours elsewhere.
        var slots: [Slot]
    }

    static let officeHours = [Slot(9, 30, 12, 0), Slot(13, 30, 17, 30)]

    /// A place of the mediator, open that day when one is.
    mutating func placeLocation(_ mediator: DemoMediator, preferOpen: Bool = true) -> Location {
        let open = mediator.openPlaces(isoWeekday: weekday)
        if preferOpen, !open.isEmpty {
            let place = rng.pick(open)
            return Location(kind: .place, place: place, commune: nil, slots: place.hours.slots(isoWeekday: weekday))
        }
        // Outside opening hours, by appointment.
        let place = rng.pick(mediator.places)
        return Location(kind: .place, place: place, commune: nil, slots: Self.officeHours)
    }

    /// A commune for a home visit or another place: mostly one where the mediator works.
    mutating func commune(near mediator: DemoMediator) -> String {
        if rng.chance(0.7) { return rng.pick(mediator.places).commune }
        return rng.pick(plan.communes)
    }

    /// A start time in one of the slots, on a `step`-minute grid, between 9:00 and 18:00, leaving
    /// room for the activity before closing when the slot allows it.
    mutating func startTime(in slots: [Slot], duration: Int, step: Int) -> TimeOfDay {
        let slot = rng.weighted((slots.isEmpty ? Self.officeHours : slots).map { ($0, Double($0.close - $0.open)) })
        let earliest = max(slot.open, 9 * 60)
        let latest = max(earliest, min(slot.close - duration, 18 * 60))
        let start = min(earliest + rng.int(in: 0...((latest - earliest) / step)) * step, 18 * 60)
        return TimeOfDay(minutes: start)!
    }

    // MARK: Individual sessions

    mutating func individual(_ mediator: DemoMediator) -> ActivityDetails {
        let age = Self.ages.pick(&rng)
        let status = socialStatus(for: age)
        let gender = Self.genders.pick(&rng)
        let themes = individualThemes(mediator: mediator, age: age, status: status)
        let primary = themes.primary

        var domains: [ProcedureDomain] = []
        var procedureName: String?
        if themes.all.contains(.adminProcedures) {
            (domains, procedureName) = procedure(age: age, status: status, withHealth: themes.all.contains(.health))
        }

        // Where.
        let location: Location
        let open = mediator.openPlaces(isoWeekday: weekday)
        let home: Double = switch mediator.profile {
        case .itinerant: 12
        case .socialCentre: 7
        default: age == .age70plus ? 5 : 2
        }
        let choice: LocationKind = rng.weighted([
            (.place, open.isEmpty ? 25 : (mediator.profile == .itinerant ? 68 : 84)),
            (.home, home), (.remote, 7), (.other, mediator.profile == .itinerant ? 10 : 4),
        ])
        switch choice {
        case .place: location = placeLocation(mediator)
        case .home, .other: location = Location(kind: choice, place: nil, commune: commune(near: mediator), slots: Self.officeHours)
        case .remote: location = Location(kind: .remote, place: nil, commune: nil, slots: Self.officeHours)
        }

        // With what.
        let (devices, owners) = individualDevices(location: location.kind, primary: primary)

        // How.
        var modeWeights: [(InterventionMode, Double)] = [(.guided, 60), (.demonstrated, 28), (.onBehalf, 8)]
        if themes.all.contains(.adminProcedures) { modeWeights[2].1 *= 1.8 }
        if age == .age70plus { modeWeights[2].1 *= 1.3 }
        let mode = rng.weighted(modeWeights)
        let mandate: Bool? = mode == .onBehalf ? rng.chance(mediator.profile == .franceServices ? 0.45 : 0.2) : nil
        var autonomy: Autonomy?
        if rng.chance(0.86) {
            let assisted: Double = mode == .onBehalf ? 75 : (age == .age70plus ? 50 : 33)
            autonomy = rng.weighted([(.fullyAssisted, assisted), (.partiallyAutonomous, 45), (.autonomous, mode == .onBehalf ? 5 : 20)])
        }

        let duration = rng.weighted([(15, 4.0), (30, 34), (45, 26), (60, 28), (90, 6), (120, 2)])
        let start: TimeOfDay? = rng.chance(0.93) ? startTime(in: location.slots, duration: duration, step: 15) : nil

        var referral: ReferralTarget?
        if rng.chance(0.10) {
            referral = referralTarget(mediator: mediator, themes: themes.all, status: status)
        }
        let notes: String? = rng.chance(0.15) ? note(primary: primary) : nil

        return ActivityDetails(
            kind: .individual, date: date, startTime: start, durationMinutes: duration,
            locationKind: location.kind, placeId: location.place?.id, commune: location.commune,
            themes: Self.ordered(themes.all), procedureDomains: Self.ordered(domains), procedureName: procedureName,
            devices: devices, deviceOwners: owners, interventionMode: mode, mandate: mandate, autonomy: autonomy,
            participants: .individual(AnonymousPerson(ageBracket: age, socialStatus: status, gender: gender)),
            referralTarget: referral, notes: notes
        )
    }

    static let ages = DemoWeighted<AgeBracket>([
        (.under12, 0.5), (.age12to17, 1.5), (.age18to24, 5), (.age25to39, 12), (.age40to59, 24),
        (.age60to69, 24), (.age70plus, 28), (.unknown, 5),
    ])

    static let genders = DemoWeighted<Gender>([(.female, 58), (.male, 38), (.unknown, 4)])

    /// A status consistent with the age: retired people are over 60 (or rarely unknown age),
    /// many people of working age are between two jobs.
    mutating func socialStatus(for age: AgeBracket) -> SocialStatus {
        switch age {
        case .under12, .age12to17: rng.weighted([(.student, 92), (.unknown, 8)])
        case .age18to24: rng.weighted([(.student, 35), (.unemployed, 35), (.employed, 20), (.unknown, 10)])
        case .age25to39: rng.weighted([(.unemployed, 40), (.employed, 45), (.unknown, 15)])
        case .age40to59: rng.weighted([(.unemployed, 38), (.employed, 48), (.unknown, 12), (.retired, 2)])
        case .age60to69: rng.weighted([(.retired, 70), (.unemployed, 12), (.employed, 10), (.unknown, 8)])
        case .age70plus: rng.weighted([(.retired, 95), (.unknown, 5)])
        case .unknown: rng.weighted([(.unknown, 60), (.retired, 15), (.unemployed, 15), (.employed, 10)])
        }
    }

    static let baseThemes: [(Theme, Double)] = [
        (.adminProcedures, 20), (.deviceHandling, 16), (.email, 12), (.digitalContent, 10), (.health, 8),
        (.bankingShopping, 6), (.socialMedia, 5), (.officeSoftware, 4), (.purchaseAdvice, 4), (.webBrowsing, 3),
        (.security, 3), (.employment, 3), (.diagnosis, 2), (.deviceMaintenance, 2), (.ai, 1),
        (.digitalCulture, 0.8), (.parenting, 0.7), (.schooling, 0.7), (.creating, 0.5), (.entrepreneurship, 0.3),
    ]

    /// Themes that often come together in one session, after the first.
    static func companions(of theme: Theme) -> [(Theme, Double)] {
        switch theme {
        case .deviceHandling: [(.email, 3), (.digitalContent, 3), (.webBrowsing, 2), (.security, 1), (.socialMedia, 1)]
        case .email: [(.digitalContent, 2), (.security, 2), (.adminProcedures, 1), (.deviceHandling, 1)]
        case .digitalContent: [(.email, 2), (.deviceHandling, 2), (.socialMedia, 1)]
        case .adminProcedures: [(.email, 3), (.health, 2), (.digitalContent, 2), (.security, 1)]
        case .health: [(.adminProcedures, 4), (.email, 1), (.deviceHandling, 1)]
        case .bankingShopping: [(.security, 3), (.email, 1), (.deviceHandling, 1)]
        case .socialMedia: [(.digitalContent, 2), (.security, 2), (.deviceHandling, 1)]
        case .officeSoftware: [(.email, 2), (.digitalContent, 2), (.employment, 1)]
        case .purchaseAdvice: [(.deviceHandling, 2), (.diagnosis, 2), (.deviceMaintenance, 1)]
        case .webBrowsing: [(.security, 2), (.email, 1), (.bankingShopping, 1)]
        case .security: [(.email, 2), (.bankingShopping, 1), (.socialMedia, 1)]
        case .employment: [(.officeSoftware, 3), (.email, 2), (.adminProcedures, 2)]
        case .diagnosis: [(.deviceHandling, 2), (.purchaseAdvice, 1)]
        case .deviceMaintenance: [(.deviceHandling, 1), (.security, 1), (.purchaseAdvice, 1)]
        case .parenting, .schooling: [(.schooling, 1), (.parenting, 1), (.socialMedia, 1), (.security, 1)]
        default: [(.digitalContent, 1), (.email, 1), (.webBrowsing, 1)]
        }
    }

    mutating func individualThemes(mediator: DemoMediator, age: AgeBracket, status: SocialStatus) -> (primary: Theme, all: Set<Theme>) {
        let weights = Self.baseThemes.map { theme, weight in
            (theme, weight * Self.themeFactor(theme, profile: mediator.profile, age: age, status: status))
        }
        let primary = rng.weighted(weights)
        var all: Set<Theme> = [primary]
        let extra = rng.weighted([(0, 55.0), (1, 35), (2, 10)])
        for _ in 0..<extra {
            let choices = Self.companions(of: primary).filter { !all.contains($0.0) }
            guard !choices.isEmpty else { break }
            all.insert(rng.weighted(choices))
        }
        return (primary, all)
    }

    static func themeFactor(_ theme: Theme, profile: DemoData.Profile, age: AgeBracket, status: SocialStatus) -> Double {
        var factor = 1.0
        switch age {
        case .age70plus:
            switch theme {
            case .deviceHandling: factor *= 1.6
            case .socialMedia: factor *= 1.2
            case .officeSoftware: factor *= 0.4
            case .employment, .schooling, .parenting, .entrepreneurship: factor = 0
            default: break
            }
        case .age60to69:
            if theme == .employment { factor *= 0.3 }
            if theme == .schooling || theme == .parenting { factor *= 0.3 }
        case .under12, .age12to17:
            switch theme {
            case .schooling: factor *= 8
            case .socialMedia, .creating: factor *= 3
            case .adminProcedures, .health, .bankingShopping, .employment, .entrepreneurship: factor *= 0.1
            default: break
            }
        case .age25to39, .age40to59:
            if theme == .parenting || theme == .schooling { factor *= 2 }
        default: break
        }
        if status == .unemployed {
            if theme == .employment { factor *= 6 }
            if theme == .officeSoftware { factor *= 2 }
        }
        switch profile {
        case .franceServices:
            switch theme {
            case .adminProcedures: factor *= 2.2
            case .health: factor *= 1.4
            case .deviceHandling: factor *= 0.6
            case .digitalContent, .socialMedia, .creating: factor *= 0.5
            default: break
            }
        case .librarian, .libraryAdvisor:
            switch theme {
            case .adminProcedures: factor *= 0.6
            case .digitalContent, .deviceHandling: factor *= 1.25
            case .webBrowsing, .digitalCulture, .creating: factor *= 1.8
            default: break
            }
        case .socialCentre:
            switch theme {
            case .adminProcedures: factor *= 1.4
            case .parenting, .schooling: factor *= 3
            default: break
            }
        case .itinerant:
            if theme == .purchaseAdvice || theme == .diagnosis { factor *= 1.3 }
        }
        return factor
    }

    struct ProcedureOption {
        let domains: [ProcedureDomain]
        let names: [String?]
        let weight: Double
    }

    static let procedureOptions: [ProcedureOption] = [
        ProcedureOption(domains: [.socialHealth], names: ["Ameli", "Ameli", "Mon espace santé", nil], weight: 18),
        ProcedureOption(domains: [.socialHealth], names: ["Doctolib"], weight: 4),
        ProcedureOption(domains: [.socialHealth], names: ["CAF", "CAF", nil], weight: 6),
        ProcedureOption(domains: [.family], names: ["CAF", nil], weight: 4),
        ProcedureOption(domains: [.housing], names: ["CAF", "demande de logement social", nil], weight: 5),
        ProcedureOption(domains: [.work], names: ["retraite", "retraite", "Info Retraite", nil], weight: 10),
        ProcedureOption(domains: [.work, .moneyTaxes], names: ["retraite"], weight: 4),
        ProcedureOption(domains: [.work], names: ["France Travail", "France Travail", nil], weight: 8),
        ProcedureOption(domains: [.moneyTaxes], names: ["impots.gouv", "impots.gouv", nil], weight: 12),
        ProcedureOption(domains: [.papers], names: ["ANTS", "ANTS", nil], weight: 9),
        ProcedureOption(domains: [.papers, .transport], names: ["ANTS"], weight: 4),
        ProcedureOption(domains: [.foreigners], names: ["ANEF", nil], weight: 2),
        ProcedureOption(domains: [.family], names: [nil], weight: 2),
        ProcedureOption(domains: [.justice], names: [nil], weight: 0.6),
        ProcedureOption(domains: [.leisure], names: [nil, "pass Culture"], weight: 0.8),
        ProcedureOption(domains: [.associations], names: [nil, "Le Compte Asso"], weight: 0.6),
    ]

    mutating func procedure(age: AgeBracket, status: SocialStatus, withHealth: Bool) -> ([ProcedureDomain], String?) {
        let option = rng.weighted(Self.procedureOptions.map { option in
            var weight = option.weight
            let names = option.names.compactMap { $0 }
            if names.contains("retraite") {
                switch age {
                case .age60to69: weight *= 3
                case .age70plus: weight *= 1.5
                case .age40to59: weight *= 0.5
                case .unknown: break
                default: weight = 0
                }
            }
            if names.contains("France Travail") {
                weight *= status == .unemployed ? 4 : (status == .retired ? 0.05 : 0.5)
            }
            if withHealth && option.domains.contains(.socialHealth) && names.contains(where: { $0 != "CAF" }) { weight *= 4 }
            return (option, weight)
        })
        return (option.domains, rng.pick(option.names))
    }

    /// Mostly the person's own phone; the structure's computer for office work and job hunting;
    /// nothing at all, sometimes, for advice before buying.
    mutating func individualDevices(location: LocationKind, primary: Theme) -> ([Device], [DeviceOwner]) {
        typealias Choice = ([Device], [DeviceOwner])
        var choices: [(Choice, Double)]
        switch location {
        case .remote:
            choices = [(([.phone], [.beneficiary]), 75), (([.computer], [.beneficiary]), 25)]
        case .home:
            choices = [(([.phone], [.beneficiary]), 58), (([.tablet], [.beneficiary]), 15), (([.computer], [.beneficiary]), 15),
                       (([.computer], [.mediator]), 5), (([.none], []), 3)]
        case .place, .other:
            choices = [
                (([.phone], [.beneficiary]), 55), (([.computer], [.structure]), 18), (([.computer], [.beneficiary]), 5),
                (([.tablet], [.beneficiary]), 7), (([.tablet], [.structure]), 2), (([.computer, .phone], [.beneficiary, .structure]), 6),
                (([.phone, .tablet], [.beneficiary]), 2), (([.other], [.structure]), 1), (([.none], []), 3),
            ]
            if primary == .officeSoftware || primary == .employment {
                choices[1].1 *= 4
                choices[5].1 *= 2
            }
        }
        if primary == .purchaseAdvice || primary == .diagnosis {
            // Advice before buying often happens with no device at all.
            choices.removeAll { $0.0.0 == [.none] }
            choices.append((([.none], []), 60))
        }
        return rng.weighted(choices)
    }

    mutating func referralTarget(mediator: DemoMediator, themes: Set<Theme>, status: SocialStatus) -> ReferralTarget {
        var weights: [(ReferralTarget, Double)] = [
            (.otherMediation, 2), (.socialSupport, 2), (.library, mediator.isInLibrary ? 2.5 : 1), (.other, 0.5),
        ]
        if themes.contains(.adminProcedures) || themes.contains(.health) {
            weights += [(.procedureOperator, 3), (.administration, 2)]
            if mediator.profile != .franceServices { weights.append((.adminHelp, 3)) }
        }
        if themes.contains(.employment) || status == .unemployed { weights.append((.employmentSupport, 4)) }
        if themes.contains(.officeSoftware) || themes.contains(.webBrowsing) || themes.contains(.digitalCulture) {
            weights.append((.library, 1.5))
        }
        return rng.weighted(weights)
    }

    // MARK: Workshops

    struct WorkshopSpec {
        let title: String
        let themes: [Theme]
        var domains: [ProcedureDomain] = []
        var procedureName: String? = nil
        let levels: [WorkshopLevel]
        let devices: [Device]
        let owners: [DeviceOwner]
        var libraryOnly = false
        /// Who usually comes: seniors, working-age adults, or parents.
        var audience: Audience = .seniors
        let weight: Double

        enum Audience { case seniors, adults, jobSeekers, parents }
    }

    static let workshops: [WorkshopSpec] = [
        WorkshopSpec(title: "Premiers pas sur la tablette", themes: [.deviceHandling], levels: [.beginner],
                     devices: [.tablet], owners: [.structure], weight: 10),
        WorkshopSpec(title: "Premiers pas sur le smartphone", themes: [.deviceHandling], levels: [.beginner],
                     devices: [.phone], owners: [.beneficiary], weight: 10),
        WorkshopSpec(title: "Gérer ses e-mails", themes: [.email], levels: [.beginner, .intermediate],
                     devices: [.computer], owners: [.structure], weight: 8),
        WorkshopSpec(title: "Ranger et sauvegarder ses photos", themes: [.digitalContent], levels: [.intermediate],
                     devices: [.computer, .phone], owners: [.beneficiary, .structure], weight: 6),
        WorkshopSpec(title: "Mon espace santé et le compte Ameli", themes: [.health, .adminProcedures], domains: [.socialHealth],
                     procedureName: "Ameli", levels: [.beginner, .intermediate], devices: [.computer, .phone],
                     owners: [.beneficiary, .structure], weight: 5),
        WorkshopSpec(title: "Déjouer les arnaques en ligne", themes: [.security], levels: [.beginner, .intermediate, .advanced],
                     devices: [.phone], owners: [.beneficiary], weight: 7),
        WorkshopSpec(title: "Acheter en ligne en toute sécurité", themes: [.bankingShopping, .security], levels: [.intermediate],
                     devices: [.computer], owners: [.structure], weight: 4),
        WorkshopSpec(title: "Découvrir l'intelligence artificielle", themes: [.digitalCulture, .ai], levels: [.intermediate, .advanced],
                     devices: [.computer], owners: [.structure], audience: .adults, weight: 4),
        WorkshopSpec(title: "Traitement de texte : les bases", themes: [.officeSoftware], levels: [.beginner],
                     devices: [.computer], owners: [.structure], weight: 4),
        WorkshopSpec(title: "Rédiger son CV et postuler en ligne", themes: [.officeSoftware, .employment], levels: [.intermediate],
                     devices: [.computer], owners: [.structure], audience: .jobSeekers, weight: 3),
        WorkshopSpec(title: "Garder le contact en visio avec ses proches", themes: [.socialMedia], levels: [.beginner],
                     devices: [.phone, .tablet], owners: [.beneficiary, .structure], weight: 5),
        WorkshopSpec(title: "Les ressources numériques de la médiathèque", themes: [.webBrowsing, .digitalCulture],
                     levels: [.beginner, .intermediate], devices: [.computer, .tablet], owners: [.structure],
                     libraryOnly: true, audience: .adults, weight: 6),
        WorkshopSpec(title: "Liseuses et livres numériques", themes: [.deviceHandling, .digitalCulture], levels: [.beginner],
                     devices: [.other], owners: [.structure], libraryOnly: true, weight: 3),
        WorkshopSpec(title: "Créer un livre photo", themes: [.digitalContent, .creating], levels: [.intermediate, .advanced],
                     devices: [.computer], owners: [.structure], weight: 2),
        WorkshopSpec(title: "Écrans en famille : repères pour les parents", themes: [.parenting], levels: [.beginner],
                     devices: [.none], owners: [], audience: .parents, weight: 2),
        WorkshopSpec(title: "Suivre la scolarité en ligne (ENT, Pronote)", themes: [.parenting, .schooling], levels: [.beginner],
                     devices: [.phone], owners: [.beneficiary], audience: .parents, weight: 2),
        WorkshopSpec(title: "Bien choisir son ordinateur ou sa tablette", themes: [.purchaseAdvice], levels: [.beginner],
                     devices: [.none], owners: [], weight: 2),
        WorkshopSpec(title: "Naviguer sur internet sans se perdre", themes: [.webBrowsing], levels: [.beginner],
                     devices: [.computer], owners: [.structure], weight: 5),
        WorkshopSpec(title: "Les démarches en ligne avec FranceConnect", themes: [.security, .adminProcedures], domains: [.papers],
                     procedureName: "FranceConnect", levels: [.beginner], devices: [.computer], owners: [.structure], weight: 4),
        WorkshopSpec(title: "Déclarer ses revenus en ligne", themes: [.adminProcedures], domains: [.moneyTaxes],
                     procedureName: "impots.gouv", levels: [.beginner, .intermediate], devices: [.computer], owners: [.structure],
                     audience: .adults, weight: 1),
    ]

    mutating func workshop(_ mediator: DemoMediator) -> ActivityDetails {
        let month = date.month
        let spec = rng.weighted(Self.workshops.map { spec in
            var weight = spec.weight
            if spec.libraryOnly && !mediator.isInLibrary { weight = 0 }
            if spec.procedureName == "impots.gouv" { weight *= (4...6).contains(month) ? 12 : 0.3 }
            if spec.audience == .parents && mediator.profile == .socialCentre { weight *= 3 }
            return (spec, weight)
        })
        let level: WorkshopLevel? = rng.chance(0.9) ? rng.pick(spec.levels) : nil
        let count = rng.weighted([(3, 5.0), (4, 9), (5, 12), (6, 14), (7, 13), (8, 12), (9, 9), (10, 8), (11, 5), (12, 6)])

        // Everyone who came, then the breakdowns the mediator chose to fill (some left partial).
        var ages: [AgeBracket: Int] = [:], statuses: [SocialStatus: Int] = [:], genders: [Gender: Int] = [:]
        let fillAges = rng.chance(0.45), fillStatuses = rng.chance(0.25), fillGenders = rng.chance(0.45)
        let unknownAges = fillAges && rng.chance(0.3) ? rng.int(in: 1...min(2, count)) : 0
        let unknownStatuses = fillStatuses && rng.chance(0.3) ? rng.int(in: 1...min(2, count)) : 0
        let unknownGenders = fillGenders && rng.chance(0.3) ? rng.int(in: 1...min(2, count)) : 0
        for person in 0..<count {
            let age = workshopAge(spec.audience)
            let status = socialStatus(for: age)
            let gender = Self.genders.pick(&rng)
            if fillAges && person >= unknownAges { ages[age, default: 0] += 1 }
            if fillStatuses && person >= unknownStatuses { statuses[status, default: 0] += 1 }
            if fillGenders && person >= unknownGenders { genders[gender, default: 0] += 1 }
        }

        var location = placeLocation(mediator)
        if rng.chance(mediator.profile == .itinerant ? 0.2 : 0.06) {
            // A village hall, a retirement home, a partner's room.
            location = Location(kind: .other, place: nil, commune: commune(near: mediator), slots: Self.officeHours)
        }
        let duration = rng.weighted([(90, 50.0), (120, 42), (60, 4), (150, 4)])
        let start: TimeOfDay? = rng.chance(0.96) ? startTime(in: location.slots, duration: duration, step: 30) : nil

        return ActivityDetails(
            kind: .workshop, date: date, startTime: start, durationMinutes: duration,
            locationKind: location.kind, placeId: location.place?.id, commune: location.commune,
            themes: Self.ordered(spec.themes), procedureDomains: Self.ordered(spec.domains), procedureName: spec.procedureName,
            devices: Self.ordered(spec.devices), deviceOwners: Self.ordered(spec.owners), workshopLevel: level, title: spec.title,
            participants: .group(GroupParticipants(count: count, ageBreakdown: ages, statusBreakdown: statuses, genderBreakdown: genders)),
            notes: rng.chance(0.05) ? rng.pick(DemoNotes.workshop) : nil
        )
    }

    mutating func workshopAge(_ audience: WorkshopSpec.Audience) -> AgeBracket {
        switch audience {
        case .seniors:
            rng.weighted([(.age25to39, 5), (.age40to59, 20), (.age60to69, 32), (.age70plus, 38), (.unknown, 5)])
        case .adults:
            rng.weighted([(.age18to24, 8), (.age25to39, 22), (.age40to59, 32), (.age60to69, 22), (.age70plus, 12), (.unknown, 4)])
        case .jobSeekers:
            rng.weighted([(.age18to24, 20), (.age25to39, 35), (.age40to59, 38), (.age60to69, 4), (.unknown, 3)])
        case .parents:
            rng.weighted([(.age25to39, 50), (.age40to59, 42), (.age60to69, 4), (.unknown, 4)])
        }
    }

    // MARK: Internal trainings

    struct TrainingSpec {
        let title: String
        let themes: [Theme]
        let devices: [Device]
        let owners: [DeviceOwner]
        let audiences: [[InternalAudience]]
        let weight: Double
    }

    static let staff: [InternalAudience] = [.staff]
    static let elected: [InternalAudience] = [.elected]
    static let both: [InternalAudience] = [.staff, .elected]

    static let trainings: [TrainingSpec] = [
        TrainingSpec(title: "Prise en main de Teams", themes: [.officeSoftware], devices: [.computer], owners: [.structure],
                     audiences: [staff, staff, both], weight: 10),
        TrainingSpec(title: "Outlook : messagerie et agenda partagé", themes: [.email, .officeSoftware], devices: [.computer],
                     owners: [.structure], audiences: [staff, staff, staff, both], weight: 9),
        TrainingSpec(title: "Sécurité numérique : les bons réflexes", themes: [.security], devices: [.computer, .phone],
                     owners: [.structure], audiences: [staff, both, elected], weight: 8),
        TrainingSpec(title: "Mots de passe et messagerie sécurisée", themes: [.email, .security], devices: [.computer],
                     owners: [.structure], audiences: [staff, both], weight: 5),
        TrainingSpec(title: "L'IA générative au travail : usages et précautions", themes: [.security, .ai], devices: [.computer],
                     owners: [.structure], audiences: [staff, both, elected], weight: 6),
        TrainingSpec(title: "Tableur : les bases", themes: [.officeSoftware], devices: [.computer], owners: [.structure],
                     audiences: [staff], weight: 4),
        TrainingSpec(title: "Visioconférence et outils collaboratifs pour les élus", themes: [.officeSoftware, .email],
                     devices: [.computer, .tablet], owners: [.structure], audiences: [elected], weight: 4),
        TrainingSpec(title: "Repérer et orienter les personnes en difficulté avec le numérique", themes: [.diagnosis],
                     devices: [.none], owners: [], audiences: [staff, both], weight: 3),
    ]

    mutating func training(_ mediator: DemoMediator) -> ActivityDetails {
        let spec = rng.weighted(Self.trainings.map { ($0, $0.weight) })
        let audiences = rng.pick(spec.audiences)
        let count = audiences == Self.elected ? rng.int(in: 4...12) : rng.int(in: 4...15)
        let duration = rng.weighted([(120, 45.0), (150, 20), (180, 35)])
        let kind: LocationKind = rng.weighted([(.place, 78), (.other, 17), (.remote, 5)])
        var location = Location(kind: kind, place: nil, commune: nil, slots: Self.officeHours)
        switch kind {
        case .place: location = placeLocation(mediator, preferOpen: false)
        case .other: location.commune = rng.chance(0.6) ? DemoData.vallieres.name : commune(near: mediator)
        default: break
        }
        let start = TimeOfDay(minutes: rng.weighted([(9 * 60, 35.0), (9 * 60 + 30, 25), (14 * 60, 30), (14 * 60 + 30, 10)]))!
        return ActivityDetails(
            kind: .internalTraining, date: date, startTime: start, durationMinutes: duration,
            locationKind: location.kind, placeId: location.place?.id, commune: location.commune,
            themes: Self.ordered(spec.themes), devices: Self.ordered(spec.devices), deviceOwners: Self.ordered(spec.owners),
            title: spec.title, participants: .training(TrainingParticipants(count: count, audiences: Self.ordered(audiences)))
        )
    }

    // MARK: Notes

    mutating func note(primary: Theme) -> String {
        let specific = DemoNotes.byTheme[primary] ?? []
        if !specific.isEmpty && rng.chance(0.6) { return rng.pick(specific) }
        return rng.pick(DemoNotes.general)
    }

    // MARK: Helpers

    /// Values once each, in the order of TAXONOMY.md, as validation returns them.
    static func ordered<V: CodedVocabulary, S: Sequence>(_ values: S) -> [V] where S.Element == V {
        let set = Set(values)
        return V.allCases.filter(set.contains)
    }
}
