import Foundation

/// A valid activity record, as TAXONOMY.md defines it: every code known, every rule kept.
/// Only `ActivityValidator` makes one from input; the store keeps exactly these values.
public struct ActivityDetails: Equatable, Sendable {
    public var kind: ActivityKind
    public var date: LocalDate
    public var startTime: TimeOfDay?
    public var durationMinutes: Int
    public var locationKind: LocationKind
    public var placeId: UUID?
    public var commune: String?
    public var themes: [Theme]
    public var procedureDomains: [ProcedureDomain]
    public var procedureName: String?
    public var devices: [Device]
    public var deviceOwners: [DeviceOwner]
    public var interventionMode: InterventionMode?
    public var mandate: Bool?
    public var autonomy: Autonomy?
    public var workshopLevel: WorkshopLevel?
    public var title: String?
    public var participants: Participants
    public var referralTarget: ReferralTarget?
    /// A resource of the structure's local catalogue the person was sent to (with a referral).
    public var resourceId: UUID?
    /// The followed person of an individual session, if one is linked. The record keeps its
    /// anonymous attributes too, so that erasing the person leaves the statistics unchanged.
    public var personId: UUID?
    public var notes: String?

    public init(
        kind: ActivityKind, date: LocalDate, startTime: TimeOfDay? = nil, durationMinutes: Int,
        locationKind: LocationKind, placeId: UUID? = nil, commune: String? = nil,
        themes: [Theme], procedureDomains: [ProcedureDomain] = [], procedureName: String? = nil,
        devices: [Device], deviceOwners: [DeviceOwner] = [], interventionMode: InterventionMode? = nil,
        mandate: Bool? = nil, autonomy: Autonomy? = nil, workshopLevel: WorkshopLevel? = nil,
        title: String? = nil, participants: Participants, referralTarget: ReferralTarget? = nil,
        notes: String? = nil, resourceId: UUID? = nil, personId: UUID? = nil
    ) {
        self.kind = kind
        self.date = date
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.locationKind = locationKind
        self.placeId = placeId
        self.commune = commune
        self.themes = themes
        self.procedureDomains = procedureDomains
        self.procedureName = procedureName
        self.devices = devices
        self.deviceOwners = deviceOwners
        self.interventionMode = interventionMode
        self.mandate = mandate
        self.autonomy = autonomy
        self.workshopLevel = workshopLevel
        self.title = title
        self.participants = participants
        self.referralTarget = referralTarget
        self.notes = notes
        self.resourceId = resourceId
        self.personId = personId
    }

    /// How many people the activity reached: one for an individual session.
    public var participantCount: Int { participants.count }

    /// The input that describes this record: used to fill the edit form and to duplicate.
    public var input: ActivityInput {
        var input = ActivityInput()
        input.kind = kind.code
        input.date = date.iso
        input.startTime = startTime?.text
        input.durationMinutes = durationMinutes
        input.locationKind = locationKind.code
        input.placeId = placeId?.uuidString.lowercased()
        input.commune = commune
        input.themes = themes.map(\.code)
        input.procedureDomains = procedureDomains.map(\.code)
        input.procedureName = procedureName
        input.devices = devices.map(\.code)
        input.deviceOwners = deviceOwners.map(\.code)
        input.interventionMode = interventionMode?.code
        input.mandate = mandate
        input.autonomy = autonomy?.code
        input.workshopLevel = workshopLevel?.code
        input.title = title
        input.referralTarget = referralTarget?.code
        input.resourceId = resourceId?.uuidString.lowercased()
        input.personId = personId?.uuidString.lowercased()
        input.notes = notes
        switch participants {
        case let .individual(person):
            input.ageBracket = person.ageBracket.code
            input.socialStatus = person.socialStatus.code
            input.gender = person.gender.code
        case let .group(group):
            input.participantCount = group.count
            input.ageBreakdown = Dictionary(uniqueKeysWithValues: group.ageBreakdown.map { ($0.key.code, $0.value) })
            input.statusBreakdown = Dictionary(uniqueKeysWithValues: group.statusBreakdown.map { ($0.key.code, $0.value) })
            input.genderBreakdown = Dictionary(uniqueKeysWithValues: group.genderBreakdown.map { ($0.key.code, $0.value) })
        case let .training(training):
            input.participantCount = training.count
            input.audiences = training.audiences.map(\.code)
        }
        return input
    }
}

/// Who was accompanied, anonymously: one person's attributes, or a group's count and breakdowns.
public enum Participants: Equatable, Sendable {
    case individual(AnonymousPerson)
    case group(GroupParticipants)
    case training(TrainingParticipants)

    public var count: Int {
        switch self {
        case .individual: 1
        case let .group(group): group.count
        case let .training(training): training.count
        }
    }
}

public struct AnonymousPerson: Equatable, Sendable {
    public var ageBracket: AgeBracket
    public var socialStatus: SocialStatus
    public var gender: Gender

    public init(ageBracket: AgeBracket = .unknown, socialStatus: SocialStatus = .unknown, gender: Gender = .unknown) {
        self.ageBracket = ageBracket
        self.socialStatus = socialStatus
        self.gender = gender
    }
}

/// A workshop's participants; each breakdown is optional and sums to at most `count`.
public struct GroupParticipants: Equatable, Sendable {
    public var count: Int
    public var ageBreakdown: [AgeBracket: Int]
    public var statusBreakdown: [SocialStatus: Int]
    public var genderBreakdown: [Gender: Int]

    public init(count: Int, ageBreakdown: [AgeBracket: Int] = [:], statusBreakdown: [SocialStatus: Int] = [:], genderBreakdown: [Gender: Int] = [:]) {
        self.count = count
        self.ageBreakdown = ageBreakdown
        self.statusBreakdown = statusBreakdown
        self.genderBreakdown = genderBreakdown
    }
}

/// An internal training's participants: staff, elected officials, or both.
public struct TrainingParticipants: Equatable, Sendable {
    public var count: Int
    public var audiences: [InternalAudience]

    public init(count: Int, audiences: [InternalAudience]) {
        self.count = count
        self.audiences = audiences
    }
}
