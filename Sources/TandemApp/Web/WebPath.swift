import Foundation

/// The web paths, named once: used both to register routes and to build links. They are part of
/// the product (people bookmark them), so they change only with a redirect.
enum WebPath {
    static let home = "/"
    static let signInPath = "/connexion"
    static let signOut = "/deconnexion"
    static let activities = "/activites"
    static let newActivity = "/activites/nouvelle"

    static let places = "/lieux"
    static let managePlaces = "/gestion/lieux"
    static let newPlace = "/gestion/lieux/nouveau"
    static let resources = "/ressources"
    static let manageResources = "/gestion/ressources"
    static let newResource = "/gestion/ressources/nouvelle"

    static let manageWorkshops = "/gestion/ateliers"
    static let newWorkshop = "/gestion/ateliers/nouveau"
    static func manageWorkshop(_ id: UUID) -> String { "/gestion/ateliers/\(id.uuidString.lowercased())" }
    static func cancelWorkshop(_ id: UUID) -> String { manageWorkshop(id) + "/annuler" }
    static func workshopRegistrations(_ id: UUID) -> String { manageWorkshop(id) + "/inscriptions" }
    static func cancelRegistration(_ id: UUID, _ registration: UUID) -> String {
        workshopRegistrations(id) + "/\(registration.uuidString.lowercased())/annuler"
    }
    static func registrationNotified(_ id: UUID, _ registration: UUID) -> String {
        workshopRegistrations(id) + "/\(registration.uuidString.lowercased())/prevenu"
    }
    static func signInSheet(_ id: UUID) -> String { manageWorkshop(id) + "/emargement" }
    static func closeWorkshop(_ id: UUID) -> String { manageWorkshop(id) + "/cloture" }

    static let workshops = "/ateliers"
    static let workshopsCalendar = "/calendrier/ateliers.ics"
    static func workshop(_ id: UUID) -> String { "/ateliers/\(id.uuidString.lowercased())" }
    static func workshopCalendar(_ id: UUID) -> String { "/calendrier/ateliers/\(id.uuidString.lowercased()).ics" }
    static func registrationConfirmed(_ id: UUID) -> String { workshop(id) + "/inscription-confirmee" }
    /// The private link that cancels one registration: whoever holds it can cancel.
    static func registrationCancellation(token: String) -> String { "/ateliers/annulation/\(token)" }

    static func place(_ id: UUID) -> String { "/lieux/\(id.uuidString.lowercased())" }
    static func managePlace(_ id: UUID) -> String { "/gestion/lieux/\(id.uuidString.lowercased())" }
    static func manageResource(_ id: UUID) -> String { "/gestion/ressources/\(id.uuidString.lowercased())" }
    static func publishResource(_ id: UUID) -> String { manageResource(id) + "/publication" }
    static func deleteResource(_ id: UUID) -> String { manageResource(id) + "/supprimer" }

    static func signIn(next: String? = nil) -> String {
        guard let next, next != "/", isLocal(next),
              let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~")))
        else { return signInPath }
        return signInPath + "?suite=" + encoded
    }

    static func activity(_ id: UUID) -> String { "/activites/\(id.uuidString.lowercased())" }
    static func editActivity(_ id: UUID) -> String { activity(id) + "/modifier" }
    static func duplicateActivity(_ id: UUID) -> String { activity(id) + "/refaire" }
    static func deleteActivity(_ id: UUID) -> String { activity(id) + "/supprimer" }

    static let statistics = "/statistiques"
    static let statisticsExport = "/statistiques/export"
    static let statisticsShares = "/statistiques/partages"
    static func revokeStatisticsShare(_ id: UUID) -> String { statisticsShares + "/\(id.uuidString.lowercased())/retirer" }
    /// A shared view of the statistics: whoever holds the link reads it, without signing in.
    static func sharedDashboard(token: String) -> String { "/partage/\(token)" }
    static func sharedDashboardExport(token: String) -> String { sharedDashboard(token: token) + "/export" }

    // People followed (issue 7)
    static let people = "/personnes"
    static let newPerson = "/personnes/nouvelle"
    /// The person form, coming from the activity form: once created, back to a new activity with them.
    static let newPersonForActivity = "/personnes/nouvelle?retour=activite"
    static let peopleDuplicates = "/personnes/doublons"
    static let peopleMerge = "/personnes/doublons/fusion"
    static let peopleSearch = "/personnes/recherche"
    static func person(_ id: UUID) -> String { "/personnes/\(id.uuidString.lowercased())" }
    static func editPerson(_ id: UUID) -> String { person(id) + "/modifier" }
    static func personData(_ id: UUID) -> String { person(id) + "/donnees" }
    static func personDataJSON(_ id: UUID) -> String { person(id) + "/donnees.json" }
    static func erasePerson(_ id: UUID) -> String { person(id) + "/effacer" }
    static func newActivity(for person: UUID) -> String { newActivity + "?personne=\(person.uuidString.lowercased())" }

    /// The administrators' reading of the append-only journal.
    static let journal = "/gestion/journal"

    /// Only same-site paths are followed after signing in, never another site.
    static func isLocal(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") && !path.contains("\n")
    }
}
