import Foundation
import TandemCore
import Vapor
import ZIPFoundation

/// A private temporary folder for the files of one export, removed when the export is done.
struct ExportWorkspace: Sendable {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-export-" + UUID.random().uuidString.lowercased())
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// A new empty file, open for writing.
    func create(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ExportFileError("impossible de créer le fichier temporaire de l'export (disque plein ?)")
        }
        return try FileHandle(forWritingTo: url)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

struct ExportFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The XLSX package: the workbook's fixed parts and the sheet, zipped. The sheet is added from its
/// file, read and compressed a buffer at a time, so a sheet of a million rows never sits in memory.
enum XLSXPackage {
    static func write(sheetAt sheetURL: URL, sheetName: String, to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for part in XLSXWorkbook.parts(sheetName: sheetName) {
            let data = Data(part.content.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try archive.addEntry(with: XLSXWorkbook.sheetPath, fileURL: sheetURL, compressionMethod: .deflate)
    }
}

/// Download responses: a file's name, and bodies that stream.
enum Download {
    /// `Content-Type` and `Content-Disposition: attachment; filename="…"`; exports are private,
    /// so no cache keeps them.
    static func headers(contentType: String, fileName: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return headers
    }

    /// A body written by `produce` while it is sent (chunked). Headers leave before the first row
    /// is read: a failure midway cuts the body short (the client sees an incomplete transfer)
    /// and is logged by the error's type only, since a database message can quote a record.
    static func streamed(_ headers: HTTPHeaders, logger: Logger, what: String,
                         produce: @escaping @Sendable (@escaping @Sendable (String) async throws -> Void) async throws -> Void) -> Response {
        let body = Response.Body(managedAsyncStream: { writer in
            do {
                try await produce { text in try await writer.writeBuffer(ByteBuffer(string: text)) }
            } catch {
                logger.error("Export interrompu", metadata: ["export": .string(what), "error": .string(String(reflecting: type(of: error)))])
                throw error
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Sends a finished file and deletes it: the file is opened, then unlinked at once, so it
    /// disappears when the body is sent (or the client leaves) even if the process stops midway.
    static func file(at url: URL, headers: HTTPHeaders) throws -> Response {
        let handle = try FileHandle(forReadingFrom: url)
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        try? FileManager.default.removeItem(at: url)
        let body = Response.Body(managedAsyncStream: { writer in
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 64 * 1024), !data.isEmpty {
                try await writer.writeBuffer(ByteBuffer(data: data))
            }
        }, count: Int(size))
        return Response(status: .ok, headers: headers, body: body)
    }
}
