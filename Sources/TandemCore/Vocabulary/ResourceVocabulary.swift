// The kinds of local resources (TAXONOMY.md, "ReferralTarget" and the paragraph after it). The
// catalogue itself is data that coordinators keep; only its kinds are a closed list **(T)**.

public enum ResourceKind: String, CodedVocabulary {
    case onlineTraining = "online_training"
    case digitalPress = "digital_press"
    case ebooks
    case musicVideo = "music_video"
    case languageLearning = "language_learning"
    case deviceLending = "device_lending"
    case other

    public var label: String {
        switch self {
        case .onlineTraining: "Formation en ligne"
        case .digitalPress: "Presse numérique"
        case .ebooks: "Livres numériques"
        case .musicVideo: "Musique et vidéo en ligne"
        case .languageLearning: "Apprentissage des langues"
        case .deviceLending: "Prêt de matériel"
        case .other: "Autre"
        }
    }
}
