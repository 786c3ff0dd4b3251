import Foundation

/// The people the demo's mediators follow with their consent: invented, like everything in the
/// demo, and chosen to look like the field (mostly retired people, some people changing jobs).
/// Phones come from the range ARCEP reserves for fiction (06 39 98 xx xx); notes say nothing of
/// anyone's health. « Noëlle » and « Noelle » are the same woman recorded twice, so that the
/// duplicates page has something to show.
///
/// Names, phones and notes do not depend on the seed (tests list them to check that none of them
/// ever reaches a log); identifiers do. Each person's sessions are existing individual activities
/// of their structure, chosen by the loader with `windows(today:)` and `choose(_:step:of:atLeast:)`.
public enum DemoPeople {
    public struct Person: Sendable, Equatable {
        public let firstName: String
        public let lastInitial: String?
        public let birthYear: Int
        public let commune: String
        /// Ten digits (`0639981241`), as the people pages store them.
        public let phone: String?
        public let notes: String?
        /// What the person agreed to, and how many days before the demo's `today` they did.
        public let consentPurpose: String
        public let consentDaysAgo: Int
        /// Only to pick sessions consistent with the person: the activity records keep these
        /// anonymous attributes, the person record does not.
        public let gender: Gender
        public let socialStatus: SocialStatus
        /// How many sessions to link, at most (fewer when the demo has few activities).
        public let sessions: Int
        let structure: DemoData.StructureKey

        /// Every text of this person a log must never show: first name, phone (as digits), notes.
        public var personalTexts: [String] { [firstName] + [phone, notes].compactMap { $0 } }
    }

    /// A person placed in a territory: identifiers, structure, who recorded the consent and when.
    public struct Placed: Sendable, Equatable {
        public let id: UUID
        public let structureId: UUID
        /// A mediator of the structure.
        public let consentBy: UUID
        public let consentDate: LocalDate
        public let person: Person

        /// The periods the sessions are chosen in, one per wanted session: the time from the
        /// consent to `today`, cut in equal parts, so that sessions spread over the follow-up.
        public func windows(today: LocalDate) -> [ClosedRange<LocalDate>] {
            let span = max(today.dayNumber - consentDate.dayNumber + 1, person.sessions)
            return (0..<person.sessions).map { step in
                let first = consentDate.adding(days: span * step / person.sessions)
                let last = consentDate.adding(days: span * (step + 1) / person.sessions - 1)
                return first...min(max(first, last), today)
            }
        }

        /// The age brackets the person goes through between the consent and `today`.
        public func ageBrackets(today: LocalDate) -> [AgeBracket] {
            let brackets = (consentDate.year...max(consentDate.year, today.year)).map { year in
                AgeBracket(birthYear: person.birthYear, in: year)
            }
            return brackets.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
    }

    /// An individual activity that could be one of a person's sessions.
    public struct Candidate: Sendable, Equatable {
        public let id: UUID
        public let date: LocalDate
        public let autonomy: Autonomy?

        public init(id: UUID, date: LocalDate, autonomy: Autonomy?) {
            self.id = id
            self.date = date
            self.autonomy = autonomy
        }
    }

    static let purpose = "Suivre ses séances d'accompagnement numérique et ses progrès vers l'autonomie."
    static let jobPurpose = "Suivre ses séances d'accompagnement numérique pendant sa recherche d'emploi."

    public static let all: [Person] = [
        // The library network (the first demo mediator's structure: the browser checks use it).
        Person(firstName: "Noëlle", lastInitial: "B", birthYear: 1947, commune: DemoData.vallieres.name,
               phone: "0639981241", notes: "Veut lire ses courriels seule et envoyer des photos à ses petits-enfants.",
               consentPurpose: purpose, consentDaysAgo: 640, gender: .female, socialStatus: .retired, sessions: 8,
               structure: .libraries),
        Person(firstName: "Noelle", lastInitial: nil, birthYear: 1947, commune: DemoData.vallieres.name,
               phone: nil, notes: "Venue créer son espace sur le site des impôts ; revient le mercredi.",
               consentPurpose: purpose, consentDaysAgo: 280, gender: .female, socialStatus: .retired, sessions: 4,
               structure: .libraries),
        Person(firstName: "Gaston", lastInitial: "T", birthYear: 1952, commune: DemoData.saintMeard.name,
               phone: "0639982703", notes: "A reçu une tablette de sa fille ; apprend les appels en visio.",
               consentPurpose: purpose, consentDaysAgo: 560, gender: .male, socialStatus: .retired, sessions: 10,
               structure: .libraries),
        Person(firstName: "Paulette", lastInitial: "L", birthYear: 1958, commune: DemoData.combeliere.name,
               phone: nil, notes: "Préfère les rendez-vous du samedi matin.",
               consentPurpose: purpose, consentDaysAgo: 420, gender: .female, socialStatus: .retired, sessions: 5,
               structure: .libraries),
        Person(firstName: "Sandrine", lastInitial: "M", birthYear: 1981, commune: DemoData.essarts.name,
               phone: "0639984519", notes: "En reconversion vers la comptabilité ; prépare son CV.",
               consentPurpose: jobPurpose, consentDaysAgo: 330, gender: .female, socialStatus: .unemployed, sessions: 6,
               structure: .libraries),
        // The intercommunality's digital service.
        Person(firstName: "Armand", lastInitial: "R", birthYear: 1944, commune: DemoData.montbrun.name,
               phone: nil, notes: "Dossier de retraite complémentaire à suivre.",
               consentPurpose: purpose, consentDaysAgo: 610, gender: .male, socialStatus: .retired, sessions: 7,
               structure: .intercommunality),
        Person(firstName: "Odette", lastInitial: "P", birthYear: 1949, commune: DemoData.rocheFauvel.name,
               phone: "0639985062", notes: "Habite loin du bourg : rendez-vous à la mairie.",
               consentPurpose: purpose, consentDaysAgo: 500, gender: .female, socialStatus: .retired, sessions: 9,
               structure: .intercommunality),
        Person(firstName: "Gilbert", lastInitial: nil, birthYear: 1956, commune: DemoData.puylaurier.name,
               phone: nil, notes: nil,
               consentPurpose: purpose, consentDaysAgo: 200, gender: .male, socialStatus: .retired, sessions: 3,
               structure: .intercommunality),
        Person(firstName: "Jérôme", lastInitial: "V", birthYear: 1978, commune: DemoData.fontmeyrac.name,
               phone: "0639987388", notes: "Cherche un emploi dans la logistique ; crée son espace candidat.",
               consentPurpose: jobPurpose, consentDaysAgo: 380, gender: .male, socialStatus: .unemployed, sessions: 6,
               structure: .intercommunality),
        // The social centre.
        Person(firstName: "Yvonne", lastInitial: "D", birthYear: 1951, commune: DemoData.vallieres.name,
               phone: "0639988130", notes: "Vient avec sa voisine ; aime les ateliers collectifs.",
               consentPurpose: purpose, consentDaysAgo: 590, gender: .female, socialStatus: .retired, sessions: 8,
               structure: .socialCentre),
        Person(firstName: "Farida", lastInitial: "K", birthYear: 1975, commune: DemoData.essarts.name,
               phone: nil, notes: "Reprend des études à distance ; apprend le traitement de texte.",
               consentPurpose: jobPurpose, consentDaysAgo: 350, gender: .female, socialStatus: .unemployed, sessions: 5,
               structure: .socialCentre),
        Person(firstName: "Raymond", lastInitial: "G", birthYear: 1946, commune: DemoData.vallieres.name,
               phone: "0639989457", notes: "Veut payer ses factures en ligne en toute sécurité.",
               consentPurpose: purpose, consentDaysAgo: 700, gender: .male, socialStatus: .retired, sessions: 12,
               structure: .socialCentre),
    ]

    /// Every person of `all` in `territory`: identifiers drawn from the territory's seed, the
    /// consent recorded by the structure's mediators in turn.
    public static func people(in territory: DemoTerritory) -> [Placed] {
        var ids = DemoRandom(seed: territory.seed, stream: DemoStreams.people)
        var turn: [UUID: Int] = [:]
        return all.map { person in
            let structureId = territory.structures[DemoData.structures.firstIndex { $0.key == person.structure }!].id
            let mediators = territory.mediators.filter { $0.structureId == structureId }
            let number = turn[structureId, default: 0]
            turn[structureId] = number + 1
            return Placed(id: ids.uuid(), structureId: structureId, consentBy: mediators[number % mediators.count].id,
                          consentDate: territory.today.adding(days: -person.consentDaysAgo), person: person)
        }
    }

    /// The session for window `step` of `count`, among `candidates` (in date order): one whose
    /// autonomy is at least the previous session's, so that the person's page shows progress,
    /// and as close as possible to where the follow-up should be by then (guided at first,
    /// autonomous at the end), never ahead of it. Nil when no candidate fits; the window then has
    /// no session.
    public static func choose(_ candidates: [Candidate], step: Int, of count: Int, atLeast previous: Autonomy?) -> Candidate? {
        let target = Double(step) / Double(max(count - 1, 1)) * Double(Autonomy.allCases.count - 1)
        let floor = previous.map(level) ?? 0
        var best: (candidate: Candidate, distance: Double)?
        for candidate in candidates {
            // Never ahead of the plan: an early jump to autonomous would leave no later session.
            guard let autonomy = candidate.autonomy, level(autonomy) >= floor, Double(level(autonomy)) <= target.rounded(.up) else { continue }
            let distance = abs(Double(level(autonomy)) - target)
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// 0 with full guidance, up to 2 for autonomous.
    static func level(_ autonomy: Autonomy) -> Int {
        Autonomy.allCases.firstIndex(of: autonomy)!
    }
}

extension DemoStreams {
    static let people: UInt64 = 0x7065_6F70_6C65 // "people"
}
