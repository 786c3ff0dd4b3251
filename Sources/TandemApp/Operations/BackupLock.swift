import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Says that a `tandem serve` uses the SQLite database of a data folder, so that `tandem restore`
/// does not replace the file under a running server.
///
/// `serve` holds a shared `flock` on `tandem-serve.lock` in the data folder for as long as it runs
/// (several servers may share one folder); `restore` asks for the exclusive lock without waiting
/// and refuses when it cannot have it. The kernel releases the lock when the process ends, even
/// by SIGKILL or a crash: a stale lock file never blocks a restore. (SQLite's own locks cannot
/// tell: in WAL mode an idle server holds no lock that a writer would meet.)
final class DataFolderLock: Sendable {
    static let fileName = "tandem-serve.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(fileName)
    }

    /// The lock of a running server: shared, taken without waiting. Nil when a restore holds the
    /// folder (the caller refuses to start).
    static func shared(in dataDirectory: String) throws -> DataFolderLock? {
        try take(in: dataDirectory, operation: LOCK_SH)
    }

    /// The lock of a restore: exclusive, taken without waiting. Nil when a server runs.
    static func exclusive(in dataDirectory: String) throws -> DataFolderLock? {
        try take(in: dataDirectory, operation: LOCK_EX)
    }

    private static func take(in dataDirectory: String, operation: Int32) throws -> DataFolderLock? {
        let fd = open(path(in: dataDirectory), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ConfigurationError("impossible d'ouvrir le fichier de verrou « \(path(in: dataDirectory)) » : vérifiez les droits sur le dossier de données.")
        }
        guard flock(fd, operation | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return DataFolderLock(descriptor: fd)
    }
}

extension Application {
    private struct ServeLockKey: StorageKey { typealias Value = DataFolderLock }

    /// `tandem serve` on SQLite: holds the data folder's shared lock until the process ends.
    /// Refuses to start while a restore replaces the database.
    func holdServeLock() throws {
        guard case .sqlite = tandemConfig.storage else { return }
        guard let lock = try DataFolderLock.shared(in: tandemConfig.dataDirectory) else {
            throw ConfigurationError("une restauration de la base est en cours dans « \(tandemConfig.dataDirectory) » : relancez le serveur quand elle est terminée.")
        }
        storage[ServeLockKey.self] = lock
    }
}
