import Foundation
import TandemCore

/// The demo library network's catalogue of local resources (all invented, links on `.example`),
/// and which one a library referral of the logbook names.
struct DemoResources {
    struct Entry {
        let id: UUID
        let resource: LocalResource
    }

    /// The structure that keeps the catalogue: the library network.
    let structureId: UUID
    let entries: [Entry]

    /// The network's resources; ids follow the seed, like every demo identifier.
    init?(territory: DemoTerritory) {
        guard let network = territory.structures.first(where: \.isLibrary) else { return nil }
        structureId = network.id
        var ids = DemoRandom(seed: DemoRandom.mix(territory.seed, 0x7265_736F_7572_6365)) // "resource"
        entries = Self.catalogue(provider: network.name).map { Entry(id: ids.uuid(), resource: $0) }
    }

    static func catalogue(provider: String) -> [LocalResource] {
        [
            LocalResource(name: "Tout apprendre en ligne", provider: provider, kind: .onlineTraining,
                          url: "https://toutapprendre.coteaux-arlene.example/",
                          description: "Des cours en vidéo pour se former chez soi, à son rythme : bureautique, retouche de photos, code de la route, remise à niveau en français et en calcul.\nAccès gratuit avec la carte des médiathèques."),
            LocalResource(name: "Presse en ligne des médiathèques", provider: provider, kind: .digitalPress,
                          url: "https://presse.coteaux-arlene.example/",
                          description: "Quotidiens régionaux et nationaux, magazines de santé, de cuisine ou de jardinage, à lire sur ordinateur, tablette ou téléphone, le jour de leur parution."),
            LocalResource(name: "Bibliothèque numérique de l'Arlène", provider: provider, kind: .ebooks,
                          url: "https://livres.coteaux-arlene.example/",
                          description: "Livres numériques et livres audio à emprunter sur liseuse, tablette ou téléphone : trois titres à la fois, pendant trois semaines. Gros caractères possibles."),
            LocalResource(name: "Cinéma et musique à la demande", provider: provider, kind: .musicVideo,
                          url: "https://cinema.coteaux-arlene.example/",
                          description: "Films, documentaires, concerts et cours de musique en ligne : quatre films par mois et la musique en illimité."),
            LocalResource(name: "Langues pour tous", provider: provider, kind: .languageLearning,
                          url: "https://langues.coteaux-arlene.example/",
                          description: "Une trentaine de langues, dont le français pour les personnes qui l'apprennent, avec des exercices d'écoute et de prononciation."),
            LocalResource(name: "Prêt de tablettes et de liseuses", provider: "Médiathèque de la Halle", kind: .deviceLending,
                          url: "https://mediatheques.coteaux-arlene.example/pret-materiel",
                          description: "Tablettes et liseuses prêtées pour trois semaines, prêtes à l'emploi avec les applications des médiathèques. Un médiateur montre comment s'en servir au moment du prêt."),
            // Withdrawn: kept in the catalogue, absent from the public page and the form.
            LocalResource(name: "Kiosque numérique (ancienne offre)", provider: provider, kind: .digitalPress,
                          url: "https://kiosque.coteaux-arlene.example/",
                          description: "Remplacé par la presse en ligne des médiathèques.", isPublished: false),
        ]
    }

    /// The resource a library referral of the network names, chosen from the themes and a running
    /// count of such referrals, so the same seed gives the same links; one in four names none.
    func resource(for activity: DemoTerritory.Activity, number: Int) -> UUID? {
        guard activity.structureId == structureId, activity.details.referralTarget == .library, number % 4 != 3 else { return nil }
        let published = entries.filter(\.resource.isPublished)
        let themes = Set(activity.details.themes)
        let preferred: ResourceKind? =
            !themes.isDisjoint(with: [.officeSoftware, .employment, .webBrowsing]) ? .onlineTraining :
            themes.contains(.digitalCulture) ? .ebooks :
            themes.contains(.deviceHandling) ? .deviceLending : nil
        if let preferred, number % 2 == 0, let entry = published.first(where: { $0.resource.kind == preferred }) {
            return entry.id
        }
        return published.isEmpty ? nil : published[number % published.count].id
    }
}
