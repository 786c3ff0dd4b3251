import Foundation
import TandemCore
import Testing
import ZIPFoundation
@testable import TandemApp

/// A zip made in memory, entry by entry, as a hostile sender would make one.
private func zip(_ entries: [(String, Data)]) throws -> Data {
    let archive = try Archive(accessMode: .create)
    for (path, data) in entries {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try #require(archive.data)
}

private func refusal(_ data: Data) -> String? {
    do {
        _ = try QDPXArchive.readCodebook(data)
        return nil
    } catch {
        return error.message
    }
}

private let projectPrefix = "Ce fichier n'est pas un projet REFI-QDA (.qdpx) lisible : "

struct SurveyExchangeArchiveTests {
    static let corpus = SurveyCorpus(
        questionnaire: DefaultSurvey.questionnaire,
        respondents: [CorpusRespondent(
            id: UUID(), slug: "a",
            profile: RespondentProfile(displayName: "Aline", post: "Médiatrice", employer: "Mairie", context: .outsideLibrary,
                                       territory: "Dole", departement: "39", interviewDate: nil, consent: .named),
            status: .validated, answers: ["A1": "Un BTS puis une formation de conseillère numérique."])],
        codes: DefaultSurvey.codebook, codings: [])

    @Test func aWrittenProjectReadsBackWithItsSourcesAndCodebook() throws {
        let project = RefiQDA.project(corpus: Self.corpus)
        let data = try QDPXArchive.write(project)
        let archive = try Archive(data: data, accessMode: .read)
        let paths = archive.map(\.path)
        #expect(paths.first == "project.qde")
        #expect(Set(paths.dropFirst()) == Set(project.sources.map(\.path)))
        var text = Data()
        _ = try archive.extract(try #require(archive[project.sources[0].path])) { text.append($0) }
        #expect(String(decoding: text, as: UTF8.self) == "Un BTS puis une formation de conseillère numérique.")
        #expect(try QDPXArchive.readCodebook(data).map(\.id) == DefaultSurvey.codebook.map(\.id))
    }

    @Test("Entry names that could escape a folder are refused", arguments: ["../project.qde", "sources/../../etc/passwd", "/etc/passwd", "sources\\x.txt", "C:/x.txt"])
    func pathTraversalIsRefused(_ name: String) throws {
        let data = try zip([("project.qde", Data(RefiQDA.codebookXML(codes: DefaultSurvey.codebook).utf8)), (name, Data("x".utf8))])
        #expect(refusal(data)?.hasPrefix(projectPrefix + "l'archive contient un chemin dangereux") == true)
    }

    @Test func notAZipIsRefused() {
        #expect(refusal(Data("<CodeBook/>".utf8)) == projectPrefix + "ce n'est pas une archive zip.")
        #expect(refusal(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) == projectPrefix + "ce n'est pas une archive zip.")
    }

    @Test func anArchiveWithoutProjectIsRefused() throws {
        let data = try zip([("sources/a.txt", Data("a".utf8))])
        #expect(refusal(data) == projectPrefix + "l'archive ne contient pas de fichier project.qde à sa racine.")
    }

    @Test func tooManyEntriesAreRefused() throws {
        let data = try zip((0...QDPXArchive.maxEntries).map { ("sources/\($0).txt", Data()) })
        #expect(refusal(data) == projectPrefix + "l'archive contient plus de 1000 fichiers.")
    }

    @Test func aZipBombIsRefusedOnItsDeclaredSize() throws {
        // 21 MB of zeros compress to a few kilobytes.
        let data = try zip([("project.qde", Data(count: 21 * 1024 * 1024))])
        #expect(data.count < 100_000)
        #expect(refusal(data) == projectPrefix + "le fichier « project.qde » de l'archive dépasse 20 Mo une fois décompressé.")
    }

    @Test func anEntryInflatingBeyondItsDeclaredSizeIsStopped() throws {
        let xml = Data(RefiQDA.codebookXML(codes: DefaultSurvey.codebook).utf8)
        var data = try zip([("project.qde", xml)])
        // Declare 100 bytes in the local header (offset 22) and the central directory (offset 24).
        let small: [UInt8] = [100, 0, 0, 0]
        data.replaceSubrange(22..<26, with: small)
        let central = try #require(data.firstRange(of: Data([0x50, 0x4B, 0x01, 0x02])))
        data.replaceSubrange(central.lowerBound + 24..<central.lowerBound + 28, with: small)
        let message = try #require(refusal(data))
        #expect(message.hasPrefix(projectPrefix + "project.qde"))
    }

    @Test func aHostileProjectXMLIsRefusedAsACodebook() throws {
        let bomb = """
        <?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Project name="&b;"/>
        """
        let data = try zip([("project.qde", Data(bomb.utf8))])
        #expect(refusal(data) == "Le projet REFI-QDA (.qdpx) n'a pas de livre de codes lisible : il contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.")
    }
}
