import Foundation

/// The demo territory's workshop sessions: each mediator's upcoming public workshops (one of them
/// a weekly series), an internal training, and sessions of the last days still to be closed,
/// with fictional registrants — some sessions full, with a waiting list.
extension DemoTerritory {
    public struct Workshop: Sendable, Equatable {
        public let id: UUID
        public let seriesId: UUID?
        public let structureId: UUID
        public let placeId: UUID
        public let mediatorIds: [UUID]
        public let title: String
        public let description: String
        public let themes: [Theme]
        public let level: WorkshopLevel?
        public let date: LocalDate
        public let startTime: TimeOfDay
        public let durationMinutes: Int
        public let capacity: Int
        public let isPublic: Bool
        public let audiences: [InternalAudience]
        /// In order of arrival: the first `capacity` have a seat, the others wait.
        public let registrants: [Registrant]

        /// The session as the planning form would have made it.
        public var plan: WorkshopPlan {
            WorkshopPlan(title: title, description: description, themes: themes, level: level, placeId: placeId, date: date,
                         startTime: startTime, durationMinutes: durationMinutes, capacity: capacity, mediatorIds: mediatorIds,
                         isPublic: isPublic, audiences: audiences, weeks: 1)
        }
    }

    /// A fictional person: the phone numbers are in the range the French regulator keeps for
    /// fiction (06 39 98 …) and the e-mails at example.org, so no real person is ever reached.
    public struct Registrant: Sendable, Equatable {
        public let firstName: String
        public let phone: String?
        public let email: String?
        /// Registered at the desk or by phone by a mediator, rather than on the public page.
        public let atDesk: Bool
    }

    /// Deterministic for (seed, today).
    public func workshops() -> [Workshop] {
        var rng = DemoRandom(seed: seed, stream: DemoStreams.workshops)
        var result: [Workshop] = []
        var person = 0
        func registrants(_ count: Int) -> [Registrant] {
            (0..<count).map { _ in
                defer { person += 1 }
                let name = DemoWorkshopData.firstNames[(person * 7 + Int(seed % 13)) % DemoWorkshopData.firstNames.count]
                let phone = String(format: "06 39 98 %02d %02d", (person / 100) % 100, person % 100)
                let hasEmail = rng.chance(0.35)
                let email = hasEmail ? DemoData.emailLocalPart(firstName: name, lastName: String(person)) + "@example.org" : nil
                let hasPhone = !hasEmail || rng.chance(0.6)
                return Registrant(firstName: name, phone: hasPhone ? phone : nil, email: email, atDesk: rng.chance(0.5))
            }
        }
        func session(_ spec: DemoWorkshopData.Spec, mediator: DemoMediator, place: DemoPlaceInfo, date: LocalDate, series: UUID?,
                     fill: Double) -> Workshop {
            let capacity = rng.pick([6, 8, 8, 10, 12])
            let count = Int((Double(capacity) * fill).rounded())
            return Workshop(id: rng.uuid(), seriesId: series, structureId: mediator.structureId, placeId: place.id, mediatorIds: [mediator.id],
                            title: spec.title, description: spec.description, themes: spec.themes, level: spec.level,
                            date: date, startTime: TimeOfDay(minutes: spec.startMinutes)!, durationMinutes: spec.durationMinutes,
                            capacity: capacity, isPublic: true, audiences: [], registrants: registrants(count))
        }
        for (index, mediator) in mediatorProfiles.enumerated() {
            guard let place = mediator.places.first else { continue }
            // Three upcoming sessions over the next five weeks, on weekdays.
            for week in 0..<3 {
                let spec = DemoWorkshopData.specs[(index * 3 + week) % DemoWorkshopData.specs.count]
                let date = Self.weekday(after: today.adding(days: 2 + week * 12 + index % 4))
                let fill = week == 0 ? 1.3 : rng.pick([0.25, 0.5, 0.75, 1.0])
                result.append(session(spec, mediator: mediator, place: place, date: date, series: nil, fill: fill))
            }
            // A session of the last days, to take attendance and close.
            let recent = DemoWorkshopData.specs[(index + 5) % DemoWorkshopData.specs.count]
            result.append(session(recent, mediator: mediator, place: place, date: Self.weekday(before: today.adding(days: -1 - index % 3)),
                                  series: nil, fill: 0.75))
        }
        // A weekly series: four Tuesdays in a row.
        if let first = mediatorProfiles.first, let place = first.places.first {
            let series = rng.uuid()
            var day = today.adding(days: 1)
            while day.isoWeekday != 2 { day = day.adding(days: 1) }
            for week in 0..<4 {
                result.append(session(DemoWorkshopData.seriesSpec, mediator: first, place: place, date: day.adding(days: 7 * week),
                                      series: series, fill: week == 0 ? 0.9 : 0.4))
            }
        }
        // An internal training of a structure's staff and elected officials.
        if let trainer = mediatorProfiles.last, let place = trainer.places.first {
            let spec = DemoWorkshopData.trainingSpec
            result.append(Workshop(id: rng.uuid(), seriesId: nil, structureId: trainer.structureId, placeId: place.id,
                                   mediatorIds: [trainer.id], title: spec.title, description: spec.description, themes: spec.themes,
                                   level: spec.level, date: Self.weekday(after: today.adding(days: 9)),
                                   startTime: TimeOfDay(minutes: spec.startMinutes)!, durationMinutes: spec.durationMinutes, capacity: 15,
                                   isPublic: false, audiences: [.staff, .elected], registrants: []))
        }
        return result.sorted { ($0.date, $0.startTime.minutes, $0.title) < ($1.date, $1.startTime.minutes, $1.title) }
    }

    /// The first Tuesday-to-Friday day on or after `day` (Mondays and weekends are often closed).
    static func weekday(after day: LocalDate) -> LocalDate {
        var day = day
        while !(2...5).contains(day.isoWeekday) { day = day.adding(days: 1) }
        return day
    }

    static func weekday(before day: LocalDate) -> LocalDate {
        var day = day
        while !(2...5).contains(day.isoWeekday) { day = day.adding(days: -1) }
        return day
    }
}

/// The demo's workshop catalogue and fictional first names.
enum DemoWorkshopData {
    struct Spec {
        let title: String
        let description: String
        let themes: [Theme]
        let level: WorkshopLevel?
        let startMinutes: Int
        let durationMinutes: Int
    }

    static let specs: [Spec] = [
        Spec(title: "Premiers pas sur la tablette", description: "Allumer, toucher, glisser : apprivoiser la tablette à son rythme. Tablettes prêtées.",
             themes: [.deviceHandling], level: .beginner, startMinutes: 14 * 60, durationMinutes: 120),
        Spec(title: "Gérer ses e-mails", description: "Lire, écrire, joindre une photo, trier ses messages et repérer les courriels douteux.",
             themes: [.email], level: .beginner, startMinutes: 10 * 60, durationMinutes: 90),
        Spec(title: "Déjouer les arnaques en ligne", description: "Faux SMS, faux conseillers, fausses annonces : les reconnaître et réagir.",
             themes: [.security], level: .intermediate, startMinutes: 14 * 60 + 30, durationMinutes: 90),
        Spec(title: "Mon espace santé et le compte Ameli", description: "Créer son compte, télécharger une attestation, prendre rendez-vous en ligne.",
             themes: [.health, .adminProcedures], level: .beginner, startMinutes: 10 * 60, durationMinutes: 120),
        Spec(title: "Garder le contact en visio avec ses proches", description: "Appeler sa famille en vidéo depuis son téléphone ou une tablette.",
             themes: [.socialMedia], level: .beginner, startMinutes: 15 * 60, durationMinutes: 90),
        Spec(title: "Ranger et sauvegarder ses photos", description: "Trier ses photos, les mettre à l'abri et les partager avec ses proches.",
             themes: [.digitalContent], level: .intermediate, startMinutes: 14 * 60, durationMinutes: 120),
        Spec(title: "Découvrir l'intelligence artificielle", description: "Ce que font les assistants conversationnels, leurs limites, et comment s'en servir prudemment.",
             themes: [.digitalCulture, .ai], level: .intermediate, startMinutes: 18 * 60, durationMinutes: 90),
    ]

    static let seriesSpec = Spec(title: "Le smartphone pas à pas (cycle de 4 séances)",
                                 description: "Quatre mardis pour prendre en main son téléphone : réglages, appels et messages, photos, applications utiles.",
                                 themes: [.deviceHandling], level: .beginner, startMinutes: 14 * 60, durationMinutes: 120)

    static let trainingSpec = Spec(title: "Accueillir les usagers en difficulté avec le numérique",
                                   description: "Formation interne : repérer les difficultés, orienter, ne pas faire à la place sans mandat.",
                                   themes: [.adminProcedures, .digitalCulture], level: nil, startMinutes: 9 * 60 + 30, durationMinutes: 180)

    static let firstNames = [
        "Monique", "Jean-Pierre", "Fatima", "Gérard", "Nicole", "Mohamed", "Josiane", "Alain", "Yvette", "Bernard",
        "Chantal", "Mamadou", "Françoise", "René", "Odile", "Karim", "Colette", "Marcel", "Nadia", "Christiane",
        "Lucien", "Aïcha", "Simone", "Patrick", "Jacqueline", "Thérèse", "Ahmed", "Huguette", "Claude", "Sylvie",
    ]
}
