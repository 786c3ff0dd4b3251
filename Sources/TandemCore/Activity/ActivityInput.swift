/// What a client or a form sent for one activity, before validation: codes are still text and
/// anything may be missing. `ActivityValidator` turns it into an `ActivityDetails` or a list of
/// field errors. The property names are the API's JSON names and the form's input names.
public struct ActivityInput: Equatable, Sendable {
    public var kind: String?
    public var date: String?
    public var startTime: String?
    public var durationMinutes: Int?
    public var locationKind: String?
    public var placeId: String?
    public var commune: String?
    public var themes: [String] = []
    public var procedureDomains: [String] = []
    public var procedureName: String?
    public var devices: [String] = []
    public var deviceOwners: [String] = []
    public var interventionMode: String?
    public var mandate: Bool?
    public var autonomy: String?
    public var workshopLevel: String?
    public var title: String?
    public var participantCount: Int?
    public var ageBracket: String?
    public var socialStatus: String?
    public var gender: String?
    public var ageBreakdown: [String: Int] = [:]
    public var statusBreakdown: [String: Int] = [:]
    public var genderBreakdown: [String: Int] = [:]
    public var audiences: [String] = []
    public var referralTarget: String?
    /// A resource of the structure's local catalogue, only with a referral (TAXONOMY.md).
    public var resourceId: String?
    /// The followed person of an individual session (their id), when one is linked; their age
    /// bracket is then computed from their year of birth, never typed.
    public var personId: String?
    public var notes: String?

    /// Problems met while reading the raw input (wrong type, repeated field, or an unknown field in
    /// JSON — a form carries other names too, such as its CSRF token), reported
    /// together with the validation errors.
    public var readErrors: [FieldError] = []
    /// Whether the body could not be read at all (not JSON, or not an object): a 400, not a 422.
    public var isMalformed = false

    public init() {}

    /// The same input with the fields that do not apply to what was chosen removed. The web form
    /// shows every field when JavaScript is off, so a person may fill one and then change the kind:
    /// such a field is never stored. The API does not call this; it reports such fields instead.
    public func keepingApplicableFields() -> ActivityInput {
        var copy = self
        for field in ActivityField.allCases where !ActivityField.applies(field, to: self) {
            copy.clear(field)
        }
        return copy
    }

    mutating func clear(_ field: ActivityField) {
        switch field {
        case .placeId: placeId = nil
        case .commune: commune = nil
        case .procedureDomains: procedureDomains = []
        case .procedureName: procedureName = nil
        case .deviceOwners: deviceOwners = []
        case .mandate: mandate = nil
        case .autonomy: autonomy = nil
        case .workshopLevel: workshopLevel = nil
        case .title: title = nil
        case .participantCount: participantCount = nil
        case .ageBracket: ageBracket = nil
        case .socialStatus: socialStatus = nil
        case .gender: gender = nil
        case .ageBreakdown: ageBreakdown = [:]
        case .statusBreakdown: statusBreakdown = [:]
        case .genderBreakdown: genderBreakdown = [:]
        case .audiences: audiences = []
        case .resourceId: resourceId = nil
        case .personId: personId = nil
        }
    }

    func isSet(_ field: ActivityField) -> Bool {
        switch field {
        case .placeId: placeId != nil
        case .commune: commune != nil
        case .procedureDomains: !procedureDomains.isEmpty
        case .procedureName: procedureName != nil
        case .deviceOwners: !deviceOwners.isEmpty
        case .mandate: mandate != nil
        case .autonomy: autonomy != nil
        case .workshopLevel: workshopLevel != nil
        case .title: title != nil
        case .participantCount: participantCount != nil
        case .ageBracket: ageBracket != nil
        case .socialStatus: socialStatus != nil
        case .gender: gender != nil
        case .ageBreakdown: !ageBreakdown.isEmpty
        case .statusBreakdown: !statusBreakdown.isEmpty
        case .genderBreakdown: !genderBreakdown.isEmpty
        case .audiences: !audiences.isEmpty
        case .resourceId: resourceId != nil
        case .personId: personId != nil
        }
    }
}

/// The fields whose presence depends on other choices (kind, location, themes, devices, mode,
/// referral).
enum ActivityField: String, CaseIterable {
    case placeId, commune, procedureDomains, procedureName, deviceOwners, mandate, autonomy
    case workshopLevel, title, participantCount, ageBracket, socialStatus, gender
    case ageBreakdown, statusBreakdown, genderBreakdown, audiences, resourceId, personId

    /// Whether `field` applies given the other choices in `input`. Unknown choices make nothing
    /// applicable that depends on them; the validator reports the unknown choice itself.
    static func applies(_ field: ActivityField, to input: ActivityInput) -> Bool {
        let kind = input.kind.flatMap(ActivityKind.init(code:))
        let location = input.locationKind.flatMap(LocationKind.init(code:))
        switch field {
        case .placeId: return location == .place
        case .commune: return location?.requiresCommune == true
        case .procedureDomains, .procedureName:
            return input.themes.contains(Theme.adminProcedures.code)
        case .deviceOwners: return !input.devices.contains(Device.none.code)
        case .mandate: return input.interventionMode == InterventionMode.onBehalf.code
        case .autonomy, .ageBracket, .socialStatus, .gender, .personId: return kind == .individual
        case .workshopLevel, .ageBreakdown, .statusBreakdown, .genderBreakdown: return kind == .workshop
        case .title, .participantCount: return kind?.isCollective == true
        case .audiences: return kind == .internalTraining
        case .resourceId: return input.referralTarget.flatMap(ReferralTarget.init(code:)) != nil
        }
    }
}
