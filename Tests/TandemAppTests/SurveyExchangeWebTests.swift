import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

private let boundary = "----tandem-exchange-5Xq2"

/// Posts a file the way the import page's form does (multipart, with the session's CSRF token).
private func upload(_ browser: Browser, _ path: String, file: String, name: String) async throws -> TestingHTTPResponse {
    let token = try await browser.csrfToken()
    var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n"
    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"\(name)\"\r\nContent-Type: application/xml\r\n\r\n\(file)\r\n"
    body += "--\(boundary)--\r\n"
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    return try await browser.send(.POST, path, headers: headers, body: body)
}

private let taguette = """
<?xml version='1.0' encoding='utf-8'?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes><Code guid="0b6a9d3e-5f1c-4a57-9f3e-2d1c8b7a6e50" name="tiers-lieux" isCodable="true" color="#7fb2ff"/><Code guid="5c2e8a71-0d4b-4e19-8c6f-93a1b2c3d4e5" name="Posture" isCodable="true" color="#ffbb78"/></Codes></CodeBook>
"""

struct SurveyExchangeWebTests {
    @Test func aResearcherDownloadsTheCodebookAndTheProject() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.signIn(t.fixture.researcher)
            let qdc = try await browser.get(SurveyExchangeController.codesPath)
            #expect(qdc.status == .ok)
            #expect(qdc.headers.first(name: .contentDisposition) == "attachment; filename=\"livre-de-codes.qdc\"")
            let codes = try RefiQDA.parseCodebook(Data(qdc.body.readableBytesView))
            #expect(codes.map(\.name) == DefaultSurvey.codebook.map(\.name))

            let qdpx = try await browser.get("/enquete/export/qdpx")
            #expect(qdpx.status == .ok)
            #expect(try QDPXArchive.readCodebook(Data(qdpx.body.readableBytesView)).count == DefaultSurvey.codebook.count)

            let csv = try await browser.get(SurveyExchangeController.answersPath + "?forme=large&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.body.string.hasPrefix("repondant,contexte,poste"))
            let matrix = try await browser.get(SurveyExchangeController.matrixPath)
            #expect(matrix.status == .ok)
        }
    }

    @Test func otherRolesAndBadParametersAreRefusedWithAMessage() async throws {
        try await TestApp.run { t in
            let mediator = t.browser()
            try await mediator.signIn(t.fixture.mediatorA)
            #expect(try await mediator.get(SurveyExchangeController.projectPath).status == .forbidden)
            #expect(try await mediator.get(SurveyExchangeController.importCodesPath).status == .forbidden)

            let researcher = t.browser()
            try await researcher.signIn(t.fixture.researcher)
            let bad = try await researcher.get(SurveyExchangeController.answersPath + "?forme=ronde")
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("La forme « ronde » n&#39;existe pas"))
        }
    }

    @Test func aTaguetteCodebookIsPreviewedThenImportedOnConfirmation() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.signIn(t.fixture.researcher)
            let before = try await t.app.survey.codes().count
            let preview = try await upload(browser, SurveyExchangeController.importCodesPath, file: taguette, name: "taguette.qdc")
            #expect(preview.status == .ok)
            let html = preview.body.string
            #expect(html.contains("1 code(s) à créer, 1 déjà présent(s)"))
            #expect(try await t.app.survey.codes().count == before)

            let field = "name=\"\(SurveyExchangeController.codebookField)\" value=\""
            let start = try #require(html.range(of: field))
            let value = String(html[start.upperBound...].prefix { $0 != "\"" })
            let done = try await browser.post(SurveyExchangeController.confirmCodesPath, form: [(SurveyExchangeController.codebookField, value)])
            #expect(done.status == .ok)
            #expect(done.body.string.contains("1 code créé, 1 inchangé."))
            #expect(try await t.app.survey.codes().contains { $0.name == "tiers-lieux" })
            #expect(try await t.app.survey.codes().count == before + 1)
        }
    }

    @Test func aHostileFileIsRefusedAndNothingIsWritten() async throws {
        try await TestApp.run { t in
            let browser = t.browser()
            try await browser.signIn(t.fixture.researcher)
            let before = try await t.app.survey.codes().count
            let bomb = #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "lol">]><CodeBook><Codes><Code name="&l;" isCodable="true"/></Codes></CodeBook>"#
            let response = try await upload(browser, SurveyExchangeController.importCodesPath, file: bomb, name: "x.qdc")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("refusée par sécurité"))
            #expect(try await t.app.survey.codes().count == before)
        }
    }
}
