import Foundation
import Vapor

/// What a new password must be: at least 12 characters, not one character repeated, not the
/// e-mail's local part, and not in `Resources/common-passwords.txt` (compared in lower case).
/// Applied wherever a password is set: `AccountStore.create` (the `user create` command) today.
enum PasswordRules {
    static let minimumLength = 12
    static let listFile = "common-passwords.txt"

    /// Why `password` cannot be used, in French; nil when it can.
    static func problem(_ password: String, email: String) throws -> String? {
        if password.count < minimumLength {
            return "Le mot de passe doit compter au moins \(minimumLength) caractères."
        }
        let lowered = password.lowercased()
        if Set(lowered).count == 1 {
            return "Le mot de passe ne doit pas répéter un seul caractère."
        }
        let local = email.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        if !local.isEmpty && lowered == local {
            return "Le mot de passe ne doit pas être la première partie de l'adresse e-mail."
        }
        if try commonPasswords().contains(lowered) {
            return "Ce mot de passe fait partie des plus courants, que l'on essaie en premier : choisissez-en un autre (par exemple trois ou quatre mots sans rapport entre eux)."
        }
        return nil
    }

    /// The list, read once from the resources folder, in lower case.
    static func commonPasswords() throws -> Set<String> {
        guard let list = loaded.list else {
            throw ConfigurationError("La liste des mots de passe courants est introuvable (\(loaded.path)) : lancez Tandem depuis son dossier, qui contient Resources/.")
        }
        return list
    }

    private static let loaded: (path: String, list: Set<String>?) = {
        let path = DirectoryConfiguration.detect().resourcesDirectory + listFile
        return (path, read(path))
    }()

    /// One password a line; blank lines and lines starting with `#` are skipped.
    static func read(_ path: String) -> Set<String>? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var list = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if !entry.isEmpty && !entry.hasPrefix("#") { list.insert(entry.lowercased()) }
        }
        return list
    }
}
