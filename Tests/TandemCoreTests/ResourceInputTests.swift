import Foundation
import Testing
@testable import TandemCore

private func validInput() -> ResourceInput {
    ResourceInput(name: "Tout apprendre en ligne", provider: "Réseau des médiathèques", kind: "online_training",
                  url: "https://toutapprendre.example/", description: "Cours de bureautique, de langues et de code.")
}

private func failures(_ input: ResourceInput) -> [String: String] {
    guard case let .failure(failure) = input.validate() else { return [:] }
    return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
}

@Suite("ResourceKind")
struct ResourceKindTests {
    @Test("Codes and French labels of the closed list")
    func codesAndLabels() {
        #expect(ResourceKind.codes == ["online_training", "digital_press", "ebooks", "music_video",
                                       "language_learning", "device_lending", "other"])
        #expect(ResourceKind.onlineTraining.label == "Formation en ligne")
        #expect(ResourceKind.digitalPress.label == "Presse numérique")
        #expect(ResourceKind(code: "press") == nil)
        #expect(Set(ResourceKind.allCases.map(\.label)).count == ResourceKind.allCases.count)
    }
}

@Suite("ResourceInput validation")
struct ResourceInputTests {
    @Test("A complete input becomes a resource, trimmed")
    func valid() throws {
        var input = validInput()
        input.name = "  Tout apprendre en ligne \n"
        let resource = try input.validate().get()
        #expect(resource.name == "Tout apprendre en ligne")
        #expect(resource.kind == .onlineTraining)
        #expect(resource.url == "https://toutapprendre.example/")
        #expect(resource.isPublished)
        #expect(resource.input.validate() == .success(resource))
    }

    @Test("Only the name and the kind are required; empty optional fields are absent")
    func minimal() throws {
        let resource = try ResourceInput(name: "Prêt de liseuses", provider: " ", kind: "device_lending", url: "", description: nil,
                                         isPublished: false).validate().get()
        #expect(resource.provider == nil)
        #expect(resource.url == nil)
        #expect(resource.description == nil)
        #expect(!resource.isPublished)
    }

    @Test("Everything missing is reported at once, in French, per field")
    func missing() {
        let errors = failures(ResourceInput())
        #expect(errors == ["name": "Indiquez le nom de la ressource.", "kind": "Choisissez le type de ressource."])
        #expect(failures(ResourceInput(name: "   ", kind: "ebooks"))["name"] == "Indiquez le nom de la ressource.")
    }

    @Test("Lengths: name and provider 150, link 500, description 2,000")
    func lengths() {
        func check(_ field: String, limit: Int, _ set: (inout ResourceInput, String) -> Void) {
            var atLimit = validInput()
            set(&atLimit, field == "url" ? "https://a.example/" + String(repeating: "a", count: limit - 18) : String(repeating: "é", count: limit))
            #expect(failures(atLimit).isEmpty, "\(field) at its limit")
            var over = validInput()
            set(&over, field == "url" ? "https://a.example/" + String(repeating: "a", count: limit - 17) : String(repeating: "é", count: limit + 1))
            #expect(failures(over)[field] == "Ce texte dépasse \(French.integer(limit)) caractères.", "\(field) over its limit")
        }
        check("name", limit: 150) { $0.name = $1 }
        check("provider", limit: 150) { $0.provider = $1 }
        check("url", limit: 500) { $0.url = $1 }
        check("description", limit: 2_000) { $0.description = $1 }
    }

    @Test("An unknown kind is refused", arguments: ["press", "ONLINE_TRAINING", " ebooks"])
    func unknownKind(code: String) {
        var input = validInput()
        input.kind = code
        #expect(failures(input)["kind"]?.contains("n'est pas un type de ressource possible") == true)
    }

    @Test("The link is http or https, with a host and no space",
          arguments: ["toutapprendre.example", "ftp://a.example/", "javascript:alert(1)", "https://", "https://a b.example/", "http:///chemin"])
    func badLink(url: String) {
        var input = validInput()
        input.url = url
        #expect(failures(input)["url"] == "L'adresse doit commencer par http:// ou https:// suivi du nom du site, sans espace.")
    }

    @Test("Control characters are refused; line breaks are fine in the description only")
    func controlCharacters() {
        var input = validInput()
        input.name = "Presse\u{0}en ligne"
        input.provider = "Réseau\ndes médiathèques"
        input.description = "Première ligne.\nDeuxième ligne."
        let errors = failures(input)
        #expect(Set(errors.keys) == ["name", "provider"])
        input = validInput()
        input.description = "Texte\u{7}"
        #expect(failures(input)["description"] == "Ce texte contient des caractères de contrôle.")
    }

    @Test("Reading the form: names are the fields', the checkbox publishes")
    func form() {
        let input = ResourceInput(form: FormBody.parse("name=Cafeyn&provider=R%C3%A9seau&kind=digital_press&url=https%3A%2F%2Fpresse.example%2F&description=Journaux&isPublished=1&_csrf=x"))
        #expect(input == ResourceInput(name: "Cafeyn", provider: "Réseau", kind: "digital_press", url: "https://presse.example/",
                                       description: "Journaux", isPublished: true))
        #expect(!ResourceInput(form: FormBody.parse("name=Cafeyn&kind=digital_press")).isPublished)
    }
}
