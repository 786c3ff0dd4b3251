import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A resource as the logbook's form offers it.
struct ResourceChoice: Sendable, Equatable {
    let id: UUID
    let name: String
    let kind: ResourceKind
    let isPublished: Bool
}

/// Reading and writing the local resources catalogue. Every write is one transaction.
struct LocalResourceStore {
    let db: any Database

    /// The resources a coordinator manages: their structure's, or every one for an administrator;
    /// by kind (in the order of the list), then name.
    func managed(by actor: Actor) async throws -> [LocalResourceModel] {
        let query = LocalResourceModel.query(on: db).with(\.$structure).sort(\.$name)
        if actor.role != .admin {
            guard let structure = actor.structureId else { return [] }
            query.filter(\.$structure.$id == structure)
        }
        return Self.byKind(try await query.all())
    }

    /// The resource, if the actor may manage it; nil otherwise (so callers answer 404).
    func find(_ id: UUID, managedBy actor: Actor) async throws -> LocalResourceModel? {
        guard let resource = try await LocalResourceModel.find(id, on: db),
              actor.role == .admin || resource.$structure.id == actor.structureId else { return nil }
        return resource
    }

    /// The published resources of every structure, for the public page, with their structure.
    func published() async throws -> [LocalResourceModel] {
        Self.byKind(try await LocalResourceModel.query(on: db).filter(\.$isPublished == true)
            .with(\.$structure).sort(\.$name).limit(1_000).all())
    }

    /// What the activity form offers: the structure's published resources, plus the one already
    /// chosen even if it was withdrawn since, so that editing a record does not lose it.
    func choices(of structureId: UUID, keeping selected: UUID?) async throws -> [ResourceChoice] {
        let query = LocalResourceModel.query(on: db).filter(\.$structure.$id == structureId)
        if let selected {
            query.group(.or) { $0.filter(\.$isPublished == true).filter(\.$id == selected) }
        } else {
            query.filter(\.$isPublished == true)
        }
        return Self.byKind(try await query.sort(\.$name).all()).compactMap { model in
            model.id.map { ResourceChoice(id: $0, name: model.name, kind: ResourceKind(code: model.kind) ?? .other, isPublished: model.isPublished) }
        }
    }

    /// How many activities name the resource (shown before deleting it).
    func activityCount(naming id: UUID) async throws -> Int {
        try await ActivityModel.query(on: db).filter(\.$resourceId == id).count()
    }

    func create(_ resource: LocalResource, structureId: UUID) async throws -> LocalResourceModel {
        let model = LocalResourceModel(id: UUID.random(), structureId: structureId, resource: resource)
        try await db.writeTransaction { db in try await model.create(on: db) }
        return model
    }

    func update(_ model: LocalResourceModel, with resource: LocalResource) async throws {
        model.apply(resource)
        try await db.writeTransaction { db in try await model.update(on: db) }
    }

    func setPublished(_ model: LocalResourceModel, _ published: Bool) async throws {
        model.isPublished = published
        try await db.writeTransaction { db in try await model.update(on: db) }
    }

    /// Deletes the resource; the activities that named it keep their referral, without it. The
    /// foreign key does that on both engines; it is also done here, in the same transaction, so
    /// that it never depends on SQLite's foreign-key setting.
    func delete(_ model: LocalResourceModel) async throws {
        guard let id = model.id else { return }
        try await db.writeTransaction { db in
            try await ActivityModel.query(on: db).filter(\.$resourceId == id).set(\.$resourceId, to: nil).update()
            try await model.delete(on: db)
        }
    }

    /// Sorted by kind, in the order of the closed list; the sort by name within a kind is kept.
    static func byKind(_ models: [LocalResourceModel]) -> [LocalResourceModel] {
        let order = Dictionary(uniqueKeysWithValues: ResourceKind.allCases.enumerated().map { ($1.code, $0) })
        return models.enumerated().sorted { a, b in
            (order[a.element.kind] ?? order.count, a.offset) < (order[b.element.kind] ?? order.count, b.offset)
        }.map(\.element)
    }
}

extension Request {
    var localResources: LocalResourceStore { LocalResourceStore(db: db) }
}
