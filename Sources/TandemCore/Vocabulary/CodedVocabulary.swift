/// A closed list of TAXONOMY.md: a stable `code` (stored, sent over the API) and a French `label`
/// (shown to people). Every list of the vocabulary conforms, so forms, validation and exports
/// treat them the same way.
public protocol CodedVocabulary: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String, AllCases: RandomAccessCollection {
    /// The French label a person reads.
    var label: String { get }
}

extension CodedVocabulary {
    /// The stable code stored in the database and used by the API.
    public var code: String { rawValue }

    /// The value for a code, or nil when the code is not in the list.
    public init?(code: String) { self.init(rawValue: code) }

    /// Every code of the list, in the order of TAXONOMY.md.
    public static var codes: [String] { allCases.map(\.rawValue) }
}
