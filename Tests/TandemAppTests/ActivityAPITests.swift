import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite("Logbook API")
struct ActivityAPITests {
    @Test("Create, read, update and delete an activity")
    func crud() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let api = t.api(f.mediatorA)
            let created = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: f.placeA1))
            #expect(created.status == .created)
            let body = try api.json(created)
            let id = try #require(body["id"] as? String)
            #expect(created.headers.first(name: .location) == "/api/v1/activities/\(id.lowercased())")
            #expect(body["themes"] as? [String] == ["email", "health"])
            #expect(body["participantCount"] == nil)
            let read = try api.json(try await api.send(.GET, "/api/v1/activities/\(id)"))
            #expect(read["ageBracket"] as? String == "70_plus")
            #expect(read["durationMinutes"] as? Int == 45)
            let updated = try await api.send(.PUT, "/api/v1/activities/\(id)", json: TestApp.individualJSON(place: f.placeA1).replacingOccurrences(of: "\"durationMinutes\":45", with: "\"durationMinutes\":90"))
            #expect(updated.status == .ok)
            #expect(try api.json(updated)["durationMinutes"] as? Int == 90)
            #expect(try await api.send(.DELETE, "/api/v1/activities/\(id)").status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/activities/\(id)").status == .notFound)
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("A client may send back what it read: read-only fields are ignored")
    func roundTrip() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.mediatorA)
            let created = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: t.fixture.placeA1))
            let id = try #require(try api.json(created)["id"] as? String)
            let put = try await api.send(.PUT, "/api/v1/activities/\(id)", json: created.body.string)
            #expect(put.status == .ok)
        }
    }

    @Test("Bad input gets a message per field and writes nothing")
    func badInput() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            let api = t.api(f.mediatorA)
            let cases: [(String, Int, String)] = [
                ("{\"kind\":", 400, "body"),
                ("[1,2]", 400, "body"),
                (TestApp.individualJSON(place: f.placeA1, extra: ",\"durationMinutes\":50"), 422, "durationMinutes"),
                (TestApp.individualJSON(place: f.placeA1).replacingOccurrences(of: "\"durationMinutes\":45", with: "\"durationMinutes\":\"45\""), 422, "durationMinutes"),
                (TestApp.individualJSON(place: f.placeA1).replacingOccurrences(of: "\"durationMinutes\":45", with: "\"durationMinutes\":1441"), 422, "durationMinutes"),
                (TestApp.individualJSON(place: f.placeA1, date: "2099-01-01"), 422, "date"),
                (TestApp.individualJSON(place: f.placeA1, date: "2014-12-31"), 422, "date"),
                (TestApp.individualJSON(place: f.placeA1, extra: ",\"colour\":\"blue\""), 422, "colour"),
                (TestApp.individualJSON(place: f.placeA1).replacingOccurrences(of: "\"email\",", with: "\"e-mail\","), 422, "themes"),
                (TestApp.individualJSON(place: f.placeA1, extra: ",\"notes\":\"\(String(repeating: "a", count: 5001))\""), 422, "notes"),
                (TestApp.individualJSON(place: f.placeB1), 422, "placeId"),
                (TestApp.individualJSON(place: f.placeA1).replacingOccurrences(of: "\"kind\":\"individual\"", with: "\"kind\":\"workshop\""), 422, "participantCount"),
                ("{\"kind\":\"workshop\",\"date\":\"2026-01-10\",\"durationMinutes\":90,\"locationKind\":\"remote\",\"themes\":[\"email\"],\"devices\":[\"none\"],\"participantCount\":10001}", 422, "participantCount"),
            ]
            for (json, status, field) in cases {
                let response = try await api.send(.POST, "/api/v1/activities", json: json)
                #expect(response.status.code == UInt(status), "\(field): \(response.body.string)")
                let errors = try api.fieldErrors(response)
                #expect(errors[field] != nil, "\(field) not reported in \(errors)")
                #expect(try api.json(response)["message"] as? String != nil)
            }
            #expect(try await t.activityCount() == 0)
        }
    }

    @Test("Writes need a JSON content type")
    func contentType() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.mediatorA)
            let response = try await api.send(.POST, "/api/v1/activities", json: nil, headers: [("Content-Type", "text/plain")])
            #expect(response.status == .unsupportedMediaType)
            #expect(try api.fieldErrors(response)["Content-Type"] != nil)
        }
    }

    @Test("A retried create with the same Idempotency-Key returns the first result, never a duplicate")
    func idempotency() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.mediatorA)
            let json = TestApp.individualJSON(place: t.fixture.placeA1)
            let first = try await api.send(.POST, "/api/v1/activities", json: json, headers: [("Idempotency-Key", "phone-42")])
            let second = try await api.send(.POST, "/api/v1/activities", json: json, headers: [("Idempotency-Key", "phone-42")])
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try api.json(first)["id"] as? String == api.json(second)["id"] as? String)
            #expect(try await t.activityCount() == 1)
            let other = try await api.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: t.fixture.placeA1, date: "2026-01-16"), headers: [("Idempotency-Key", "phone-42")])
            #expect(other.status == .unprocessableEntity)
            #expect(try api.fieldErrors(other)["Idempotency-Key"] != nil)
            // The key is the mediator's own: another mediator may use the same text.
            let b = t.api(t.fixture.mediatorB)
            let third = try await b.send(.POST, "/api/v1/activities", json: TestApp.individualJSON(place: t.fixture.placeB1), headers: [("Idempotency-Key", "phone-42")])
            #expect(third.status == .created)
            #expect(try await t.activityCount() == 2)
            let bad = try await api.send(.POST, "/api/v1/activities", json: json, headers: [("Idempotency-Key", "with space")])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("Concurrent retries with one key create one record")
    func concurrentIdempotency() async throws {
        try await TestApp.run { t in
            let api = t.api(t.fixture.mediatorA)
            let json = TestApp.individualJSON(place: t.fixture.placeA1)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await api.send(.POST, "/api/v1/activities", json: json, headers: [("Idempotency-Key", "same")]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            #expect(try await t.activityCount() == 1)
        }
    }

    @Test("The list pages with a cursor, newest first, without gaps or repeats, and filters")
    func pagination() async throws {
        try await TestApp.run { t in
            let f = t.fixture
            for day in 1...25 {
                try await t.record(by: f.mediatorA, place: day % 2 == 0 ? f.placeA1 : f.placeA2, date: String(format: "2026-03-%02d", day),
                                   kind: day % 5 == 0 ? .workshop : .individual)
                try await t.record(by: f.mediatorA, place: f.placeA1, date: String(format: "2026-03-%02d", day))
            }
            let api = t.api(f.mediatorA)
            var seen: [String] = []
            var dates: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/activities?limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try api.json(try await api.send(.GET, path))
                let items = page["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 7)
                seen += items.compactMap { $0["id"] as? String }
                dates += items.compactMap { $0["date"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 50)
            #expect(Set(seen).count == 50)
            #expect(dates == dates.sorted(by: >))
            let workshops = try api.json(try await api.send(.GET, "/api/v1/activities?kind=workshop&limit=200"))
            #expect((workshops["items"] as? [Any])?.count == 5)
            let period = try api.json(try await api.send(.GET, "/api/v1/activities?from=2026-03-10&to=2026-03-12"))
            #expect((period["items"] as? [Any])?.count == 6)
            let place = try api.json(try await api.send(.GET, "/api/v1/activities?placeId=\(f.placeA2)&limit=200"))
            #expect((place["items"] as? [Any])?.count == 13)
            for bad in ["?limit=0", "?limit=abc", "?cursor=zzz", "?kind=other", "?from=2026-13-01", "?limit=5&limit=6", "?unknown=1", "?from=2026-03-10&to=2026-03-01"] {
                #expect(try await api.send(.GET, "/api/v1/activities\(bad)").status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("Health and readiness")
    func operations() async throws {
        try await TestApp.run { t in
            let api = t.api(nil)
            let health = try api.json(try await api.send(.GET, "/health"))
            let ready = try api.json(try await api.send(.GET, "/ready"))
            #expect(health["status"] as? String == "ok")
            #expect(ready["status"] as? String == "ok")
        }
    }
}
