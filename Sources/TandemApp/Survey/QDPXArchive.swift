import Foundation
import TandemCore
import ZIPFoundation

/// The `.qdpx` file: a zip with `project.qde` at its root and each text source under `sources/`.
/// Reading one is reading a file someone sent: nothing of it is ever written to disk (only
/// `project.qde` is read, into memory), and sizes are checked both as the archive declares them
/// and as the bytes come out, so a zip bomb stops at the limit.
enum QDPXArchive {
    static let projectEntry = "project.qde"
    /// Largest archive accepted at all, before looking inside.
    static let maxArchiveBytes = 100 * 1024 * 1024
    static let maxEntries = 1_000
    static let maxEntryBytes: UInt64 = 20 * 1024 * 1024
    static let maxTotalBytes: UInt64 = 100 * 1024 * 1024

    /// The project as a zip, in memory (a survey's answers weigh a few megabytes at most).
    static func write(_ project: RefiQDAProject) throws -> Data {
        let archive = try Archive(accessMode: .create)
        try add(projectEntry, Data(project.projectXML.utf8), to: archive)
        for source in project.sources {
            try add(source.path, Data(source.text.utf8), to: archive)
        }
        guard let data = archive.data else { throw QDPXError("l'archive n'a pas pu être constituée.") }
        return data
    }

    private static func add(_ path: String, _ data: Data, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// The codebook of a `.qdpx`'s `project.qde` (see `RefiQDA.parseCodebook`).
    static func readCodebook(_ data: Data) throws(RefiQDAError) -> [SurveyCode] {
        let project = try readProject(data)
        do {
            return try RefiQDA.parseCodebook(project, maxBytes: Int(maxEntryBytes))
        } catch {
            // The parser names a .qdc; here the person sent a project.
            throw RefiQDAError(error.message.replacingOccurrences(
                of: "Ce fichier n'est pas un livre de codes REFI-QDA (.qdc) lisible",
                with: "Le projet REFI-QDA (.qdpx) n'a pas de livre de codes lisible"))
        }
    }

    /// `project.qde`'s bytes, after checking every entry of the archive.
    static func readProject(_ data: Data) throws(RefiQDAError) -> Data {
        func failure(_ reason: String) -> RefiQDAError {
            RefiQDAError("Ce fichier n'est pas un projet REFI-QDA (.qdpx) lisible : \(reason)")
        }
        guard data.count <= maxArchiveBytes else { throw failure("il dépasse la taille maximale de 100 Mo.") }
        // A zip starts with a local file header ("PK\3\4"); checking it first keeps other files
        // (a .qdc sent by mistake, a PDF) away from the zip reader.
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]), let archive = try? Archive(data: data, accessMode: .read) else {
            throw failure("ce n'est pas une archive zip.")
        }
        var project: Entry?
        var count = 0
        var declaredTotal: UInt64 = 0
        for entry in archive {
            count += 1
            guard count <= maxEntries else { throw failure("l'archive contient plus de \(maxEntries) fichiers.") }
            guard isSafe(entry.path) else {
                throw failure("l'archive contient un chemin dangereux (« \(printable(entry.path)) »).")
            }
            guard entry.uncompressedSize <= maxEntryBytes else {
                throw failure("le fichier « \(printable(entry.path)) » de l'archive dépasse 20 Mo une fois décompressé.")
            }
            declaredTotal += entry.uncompressedSize
            guard declaredTotal <= maxTotalBytes else { throw failure("l'archive dépasse 100 Mo une fois décompressée.") }
            if entry.path == projectEntry, entry.type == .file {
                guard project == nil else { throw failure("l'archive contient deux fichiers project.qde.") }
                project = entry
            }
        }
        guard let project else { throw failure("l'archive ne contient pas de fichier project.qde à sa racine.") }
        return try extract(project, from: archive, failure: failure)
    }

    /// The entry's bytes, counted as they come: a size declared small but inflating to more
    /// stops at the limit.
    private static func extract(_ entry: Entry, from archive: Archive, failure: (String) -> RefiQDAError) throws(RefiQDAError) -> Data {
        var bytes = Data()
        let limit = min(entry.uncompressedSize, maxEntryBytes)
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(bytes.count + chunk.count) <= limit else { throw QDPXError("too big") }
                bytes.append(chunk)
            }
        } catch let error as QDPXError where error.reason == "too big" {
            throw failure("project.qde est plus gros que l'archive ne le déclare (archive piégée ?).")
        } catch {
            throw failure("project.qde n'a pas pu être décompressé (archive abîmée).")
        }
        return bytes
    }

    /// A name to keep inside the archive: relative, no `..`, no backslash, no drive letter.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        if path.count >= 2, path.dropFirst().first == ":" { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// An entry's name as it may appear in a message: short, without control characters.
    private static func printable(_ path: String) -> String {
        let cleaned = String(path.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return cleaned.count > 80 ? String(cleaned.prefix(80)) + "…" : cleaned
    }
}

struct QDPXError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
