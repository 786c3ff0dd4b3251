import Foundation
import Vapor

/// Where an export command writes: FILE, or standard output when FILE is absent or `-`.
struct ExportOutput {
    /// nil for standard output.
    let file: String?
    let handle: FileHandle

    /// FILE is optional, which a ConsoleKit `@Argument` cannot be: it is what remains in `input`
    /// after the options were read. `options` names them in the message for an unknown one.
    static func file(after input: inout CommandInput, options: String) throws -> String? {
        let rest = input.arguments
        input.arguments = []
        if let unknown = rest.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw ConfigurationError("option inconnue : \(unknown) (possible : \(options)).")
        }
        guard rest.count <= 1 else {
            throw ConfigurationError("un seul fichier de sortie à la fois (reçu : \(rest.joined(separator: " "))).")
        }
        return rest.first.flatMap { $0 == "-" ? nil : $0 }
    }

    /// Creates (or empties) FILE, or takes standard output.
    init(file: String?) throws {
        self.file = file
        guard let file else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
            throw ConfigurationError("impossible d'écrire le fichier « \(file) » : vérifiez le chemin et les droits.")
        }
        self.handle = handle
    }

    var name: String { file ?? "la sortie standard" }

    func write(_ text: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw ConfigurationError("écriture impossible dans « \(name) » (disque plein, ou sortie fermée) : l'export est incomplet.")
        }
    }

    /// Closes FILE (standard output stays open).
    func close() {
        if file != nil { try? handle.close() }
    }
}
