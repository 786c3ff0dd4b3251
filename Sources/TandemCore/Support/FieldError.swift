/// A problem with one field of what a person or a client sent, in French, named by the field's
/// API name (the web form uses the same names, so the message lands beside the right input).
public struct FieldError: Error, Equatable, Hashable, Sendable, Codable {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Several field errors at once: validation reports everything wrong, not just the first thing.
public struct ValidationFailure: Error, Equatable, Sendable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }

    /// The first message for a field, for display beside it.
    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}
