import Fluent
import Foundation
import TandemCore
import Vapor

/// What is needed to open an account, as typed on the command line.
struct NewAccount {
    var email: String
    var role: String
    var structure: String?
    var displayName: String?
    var password: String
}

enum AccountRules {
    /// A plausible address: something@domain.tld, no spaces, at most 254 characters.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !text.contains(where: \.isWhitespace) else { return false }
        return true
    }
}

/// Creating accounts and tokens, with the checks of TAXONOMY.md "Accounts".
struct AccountStore {
    let db: any Database
    let passwords: AsyncPasswordHasher

    init(db: any Database, passwords: Application.Password) {
        self.db = db
        self.passwords = passwords.async
    }

    /// Opens the account and journals it, together or not at all. `actor` is who opened it; nil
    /// for the command line, the only way to open an account today.
    func create(_ account: NewAccount, by actor: Actor? = nil) async throws -> UserModel {
        let email = account.email.trimmingCharacters(in: .whitespaces).lowercased()
        guard AccountRules.isEmail(email) else { throw ConfigurationError("--email : adresse e-mail invalide.") }
        guard let role = Role(code: account.role) else {
            throw ConfigurationError("--role : choisissez parmi \(Role.codes.joined(separator: ", ")).")
        }
        if let problem = try PasswordRules.problem(account.password, email: email) {
            throw ConfigurationError(problem)
        }
        var structureId: UUID?
        if let name = account.structure, !name.isEmpty {
            structureId = try await findStructure(name)
        }
        if role.requiresStructure && structureId == nil {
            throw ConfigurationError("--structure : un compte \(role.label.lowercased()) doit être rattaché à une structure.")
        }
        if try await UserModel.query(on: db).filter(\.$email == email).count() > 0 {
            throw ConfigurationError("Un compte existe déjà avec l'adresse \(email).")
        }
        let hash = try await passwords.hash(account.password).get()
        let user = UserModel(email: email, displayName: account.displayName ?? email, passwordHash: hash, role: role, structureId: structureId)
        try await db.writeTransaction { [structureId] db in
            try await user.create(on: db)
            try await JournalStore(db: db).record(JournalEntry(.accountCreated, by: actor, record: user.id, structure: structureId,
                                                               detail: Self.origin(actor)))
        }
        return user
    }

    private func findStructure(_ nameOrId: String) async throws -> UUID {
        if let id = UUID(uuidString: nameOrId), try await StructureModel.find(id, on: db) != nil { return id }
        let matches = try await StructureModel.query(on: db).filter(\.$name == nameOrId).all()
        guard matches.count == 1, let id = matches[0].id else {
            throw ConfigurationError("--structure : aucune structure (ou plusieurs) ne s'appelle « \(nameOrId) ».")
        }
        return id
    }

    /// A new token for the account; only its hash is kept.
    /// The token is journaled with it (the account's id, never the token or its name).
    func createToken(email: String, name: String, by actor: Actor? = nil) async throws -> String {
        guard let user = try await UserModel.query(on: db).filter(\.$email == email.lowercased()).first(), let id = user.id else {
            throw ConfigurationError("--email : aucun compte avec cette adresse.")
        }
        let token = APITokens.generate()
        let model = APITokenModel(userId: id, name: String(name.prefix(100)), tokenHash: APITokens.hash(token))
        try await db.writeTransaction { db in
            try await model.create(on: db)
            try await JournalStore(db: db).record(JournalEntry(.tokenCreated, by: actor, record: id, structure: user.$structure.id,
                                                               detail: Self.origin(actor)))
        }
        return token
    }

    /// The journal's detail for an account change: where it came from when no account did it.
    private static func origin(_ actor: Actor?) -> String? {
        actor == nil ? "ligne de commande" : nil
    }
}
