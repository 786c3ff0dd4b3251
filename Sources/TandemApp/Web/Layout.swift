import Foundation
import TandemCore
import Vapor

/// What every page's frame needs: title, who is signed in, the CSRF token for its forms, the
/// navigation and a one-time message.
struct Layout: Encodable {
    struct NavItem: Encodable {
        let href: String
        let label: String
        let current: Bool
    }

    struct SignedIn: Encodable {
        let displayName: String
        let roleLabel: String
    }

    let title: String
    let user: SignedIn?
    let csrf: String
    let nav: [NavItem]
    let flash: String?
    /// Whether the signed-in person records activities: their pages load `offline.js` (the queue
    /// of activities saved offline, the service worker) and mark `<body data-recorder="1">`.
    let recorder: Bool

    init(request: Request, title: String) {
        self.title = title
        let actor = request.actor
        user = actor.map { SignedIn(displayName: $0.displayName, roleLabel: $0.role.label) }
        recorder = actor.map(Policy.canRecordActivities) ?? false
        csrf = actor == nil ? "" : CSRF.token(for: request)
        flash = request.hasSession ? request.session.data[SessionKeys.flash] : nil
        if request.hasSession, flash != nil { request.session.data[SessionKeys.flash] = nil }
        let path = request.url.path
        var items: [NavItem] = [
            NavItem(href: WebPath.home, label: "Trouver de l'aide", current: path == WebPath.home),
            NavItem(href: WebPath.places, label: "Les lieux", current: path == WebPath.places),
            NavItem(href: WebPath.workshops, label: "Ateliers", current: path == WebPath.workshops),
            NavItem(href: WebPath.resources, label: "Ressources", current: path == WebPath.resources),
            NavItem(href: "/portraits", label: "Portraits", current: path.hasPrefix("/portraits")),
        ]
        if let actor {
            if Policy.canRecordActivities(actor) {
                items.append(NavItem(href: WebPath.newActivity, label: "Nouvelle activité", current: request.url.path == WebPath.newActivity))
            }
            if Policy.canRecordActivities(actor) {
                items.append(NavItem(href: WebPath.manageWorkshops, label: "Gérer les ateliers", current: path.hasPrefix(WebPath.manageWorkshops)))
            }
            if Policy.canFollowPeople(actor) {
                items.append(NavItem(href: WebPath.people, label: "Personnes suivies", current: path.hasPrefix(WebPath.people)))
            }
            if Policy.canListActivities(actor) {
                items.append(NavItem(href: WebPath.activities, label: "Activités", current: request.url.path == WebPath.activities))
            }
            if Policy.canReadStatistics(actor) {
                items.append(NavItem(href: WebPath.statistics, label: "Statistiques", current: path.hasPrefix(WebPath.statistics)))
            }
            if actor.role == .coordinator || actor.role == .admin {
                items.append(NavItem(href: WebPath.managePlaces, label: "Gérer les lieux", current: path.hasPrefix(WebPath.managePlaces)))
            }
            if Policy.canManageResources(actor) {
                items.append(NavItem(href: WebPath.manageResources, label: "Gérer les ressources", current: path.hasPrefix(WebPath.manageResources)))
            }
            if Policy.canUseSurvey(actor) {
                items.append(NavItem(href: "/enquete", label: "Enquête", current: path.hasPrefix("/enquete")))
            }
            if Policy.canReadJournal(actor) {
                items.append(NavItem(href: WebPath.journal, label: "Journal", current: path.hasPrefix(WebPath.journal)))
            }
        }
        nav = items
    }
}

struct ErrorPage: Encodable {
    let layout: Layout
    let status: Int
    let message: String
}

extension Request {
    /// Shows a message once, on the next page.
    func flash(_ message: String) {
        session.data[SessionKeys.flash] = message
    }
}

/// Protection against cross-site request forgery: each session has a random token that every
/// form that changes something sends back in `_csrf`.
enum CSRF {
    static let fieldName = "_csrf"

    static func token(for request: Request) -> String {
        if let token = request.session.data[SessionKeys.csrf] { return token }
        let token = Hex.encode([UInt8].random(count: 24))
        request.session.data[SessionKeys.csrf] = token
        return token
    }

    /// Whether the form carries the session's token (compared in constant time).
    static func isValid(_ form: FormBody, request: Request) -> Bool {
        guard request.hasSession, let expected = request.session.data[SessionKeys.csrf],
              form.count(fieldName) == 1, let sent = form.value(fieldName) else { return false }
        let a = Array(expected.utf8), b = Array(sent.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    /// The posted form, checked against CSRF. A missing or wrong token is refused with a page
    /// that explains what to do; nothing is written.
    func verifiedForm() throws -> FormBody {
        let body = body.data.map { String(decoding: $0.readableBytesView, as: UTF8.self) } ?? ""
        let form = FormBody.parse(body)
        guard CSRF.isValid(form, request: self) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Tandem. Rechargez la page et recommencez.")
        }
        return form
    }
}
