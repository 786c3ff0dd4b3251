import Logging

/// Fluent describes every query it runs in a debug record (« Running query ») whose metadata holds
/// the values written (`input`) and compared (`filters`): a followed person's name, phone and
/// notes, a registrant's phone, the letters typed in a search. With `LOG_LEVEL=debug` they would
/// all reach the logs. This handler keeps the shape of each query (action, table, fields,
/// comparisons), which is what debugging needs, and hides every value (issue 7, item 7). The
/// tests log through it too, and `LogPrivacyTests` checks the result.
public struct RedactingLogHandler: LogHandler {
    public var wrapped: any LogHandler

    public init(_ wrapped: any LogHandler) { self.wrapped = wrapped }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        LogRedaction.redact(&event)
        wrapped.log(event: event)
    }
}

public enum LogRedaction {
    /// What a hidden value reads as.
    public static let hidden: Logger.MetadataValue = "<masqué>"

    /// Hides the values of a Fluent query record; any other record is left as it is.
    public static func redact(_ event: inout LogEvent) {
        guard event.message.description == "Running query", var metadata = event.metadata else { return }
        if let input = metadata["input"] { metadata["input"] = maskingValues(input) }
        if let filters = metadata["filters"] { metadata["filters"] = maskingFilters(filters) }
        event.metadata = metadata
    }

    /// Rows written: field names kept, every value hidden.
    static func maskingValues(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case let .array(items): .array(items.map(maskingValues))
        case let .dictionary(fields): .dictionary(fields.mapValues { _ in hidden })
        default: hidden
        }
    }

    /// Comparisons: the fields, the operator and the grouping kept, the compared values (and any
    /// custom filter, which may embed one) hidden.
    static func maskingFilters(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case let .array(items):
            return .array(items.map(maskingFilters))
        case let .dictionary(entries):
            var kept: Logger.Metadata = [:]
            for (key, entry) in entries {
                switch key {
                case "field", "field1", "field2", "method", "relation": kept[key] = entry
                case "group": kept[key] = maskingFilters(entry)
                default: kept[key] = hidden
                }
            }
            return .dictionary(kept)
        default:
            return hidden
        }
    }
}
