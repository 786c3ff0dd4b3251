import Fluent
import Foundation

/// Reading the journal: newest first, ties broken by id so that pages never overlap.
extension JournalStore {
    /// One page of entries matching `filter`.
    func page(filter: JournalFilter, offset: Int, limit: Int) async throws -> [JournalEntryModel] {
        try await newestFirst(filter).range(max(0, offset)..<max(0, offset) + max(0, limit)).all()
    }

    /// Every entry matching `filter`, `size` at a time, for the CSV export. A keyset on (at, id) —
    /// not an offset — so that each chunk is one index range, however long the journal has grown.
    /// Returns how many entries were read.
    @discardableResult
    func forEachChunk(filter: JournalFilter, size: Int = 1_000,
                      _ body: ([JournalEntryModel]) async throws -> Void) async throws -> Int {
        var count = 0
        var last: (at: Date, id: UUID)?
        while true {
            let query = newestFirst(filter)
            if let last {
                query.group(.or) { or in
                    or.filter(\.$at < last.at)
                        .group(.and) { and in and.filter(\.$at == last.at).filter(\.$id < last.id) }
                }
            }
            let chunk = try await query.limit(size).all()
            if chunk.isEmpty { break }
            try await body(chunk)
            count += chunk.count
            guard chunk.count == size, let tail = chunk.last, let id = tail.id else { break }
            last = (tail.at, id)
        }
        return count
    }

    private func newestFirst(_ filter: JournalFilter) -> QueryBuilder<JournalEntryModel> {
        let query = JournalEntryModel.query(on: db)
        if let action = filter.action { query.filter(\.$action == action.code) }
        if let actor = filter.actorId { query.filter(\.$actorId == actor) }
        if let record = filter.recordId { query.filter(\.$recordId == record) }
        if let structure = filter.structureId { query.filter(\.$structureId == structure) }
        if let start = filter.start { query.filter(\.$at >= start) }
        if let end = filter.end { query.filter(\.$at < end) }
        return query.sort(\.$at, .descending).sort(\.$id, .descending)
    }
}
