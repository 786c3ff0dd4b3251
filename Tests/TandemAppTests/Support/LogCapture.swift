import Foundation
import Logging
import Vapor
@testable import TandemApp

/// Every test application logs at debug level through `CapturingLogHandler`, so that the log
/// privacy check (issue 7, item 7; `LogPrivacyTests`) sees everything the code could log:
///
/// - standard error shows, as before, info and above (keeps the test output readable);
/// - with `TANDEM_TEST_LOG_CAPTURE=<path>`, EVERY record (debug and above, with its metadata) is
///   appended to that file, one line each, written at once; `.ci/run` then checks the file of
///   the whole suite's traffic with `TANDEM_TEST_LOG_CHECK=<path>`;
/// - an application started with `TestApp.run(recordingLogs: true)` also keeps its own records
///   in memory (`t.logs`), which tests read while the other suites run in parallel.
enum TestLogging {
    /// Touched by `TestApp.run` before making an application: the logging system of a process
    /// can be set up only once.
    static let bootstrap: Void = {
        // The same redaction as `tandem serve` (LoggingSetup): the check is of what production logs.
        LoggingSystem.bootstrap { label in RedactingLogHandler(CapturingLogHandler(label: label, metadataProvider: nil)) }
    }()

    /// The level standard error shows (info, as swift-log's default handler did).
    static let consoleLevel: Logger.Level = .info

    /// The metadata key that tells which test application a record comes from; never written out.
    static let appKey = "tandem-test-app"

    static let captureFile: CaptureFile? = ProcessInfo.processInfo.environment["TANDEM_TEST_LOG_CAPTURE"]
        .flatMap { $0.isEmpty ? nil : CaptureFile(path: $0) }

    static let recorders = LogRecorders()
}

/// A log handler at debug level: info and above on standard error, everything in the capture
/// file and in the recorder of the application the record comes from.
struct CapturingLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .debug
    let label: String

    init(label: String, metadataProvider: Logger.MetadataProvider?) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let own = event.metadata { all.merge(own) { $1 } }
        let app = all.removeValue(forKey: TestLogging.appKey)
        let recorder = app.flatMap { TestLogging.recorders[$0.description] }
        if event.level >= TestLogging.consoleLevel {
            var console = StreamLogHandler.standardError(label: label)
            console.metadata = all
            var shown = event
            shown.metadata = nil
            console.log(event: shown)
        }
        guard TestLogging.captureFile != nil || recorder != nil else { return }
        let line = Self.line(event, label: label, metadata: all)
        TestLogging.captureFile?.append(line)
        recorder?.append(line)
    }

    /// One line per record: level, label, message, metadata, error.
    static func line(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        var text = "\(event.level) \(label): \(event.message)"
        if !metadata.isEmpty {
            text += " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        if let error = event.error { text += " error=\(String(reflecting: error))" }
        // One record, one line, whatever the message holds.
        return text.replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// The capture file, shared by every test of the process: appended to, one write per line.
final class CaptureFile: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?

    init(path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    func append(_ line: String) {
        let data = Data((line + "\n").utf8)
        lock.withLock {
            // FileHandle writes go straight to the file: nothing is lost if the process stops.
            _ = try? handle?.seekToEnd()
            try? handle?.write(contentsOf: data)
        }
    }
}

/// The records of one test application, kept in memory.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [String] = []

    func append(_ line: String) { lock.withLock { records.append(line) } }

    var lines: [String] { lock.withLock { records } }
    var text: String { lines.joined(separator: "\n") }
}

/// The recorders of the applications that asked for one, by application id.
final class LogRecorders: @unchecked Sendable {
    private let lock = NSLock()
    private var byApp: [String: LogRecorder] = [:]

    subscript(app: String) -> LogRecorder? {
        get { lock.withLock { byApp[app] } }
        set { lock.withLock { byApp[app] = newValue } }
    }
}
