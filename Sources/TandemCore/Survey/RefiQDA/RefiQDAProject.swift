import Foundation

/// Who is named as the author of the project's sources and codings.
public struct RefiQDAUser: Sendable, Equatable {
    public var id: UUID
    public var name: String

    public init(id: UUID, name: String) {
        self.id = id
        self.name = name
    }

    /// When the exporting person is not known (the command line): Tandem itself.
    public static let tandem = RefiQDAUser(id: RefiQDA.stableGUID("user", "Tandem"), name: "Tandem")
}

/// A REFI-QDA project ready to zip: `project.qde`, and each answer as a text file under `sources/`.
public struct RefiQDAProject: Sendable, Equatable {
    public struct TextFile: Sendable, Equatable {
        /// The path inside the archive, `sources/<guid>.txt`.
        public var path: String
        public var text: String
    }

    public var projectXML: String
    public var sources: [TextFile]
    /// Codings left out because their passage no longer fits their answer, or their code is gone.
    public var skippedCodings: Int
}

extension RefiQDA {
    /// The profile fields a case carries as variables (all Text, but the interview's date).
    enum ProfileVariable: String, CaseIterable {
        case context = "contexte"
        case post = "poste"
        case employer = "employeur"
        case territory = "territoire"
        case departement = "département"
        case interviewDate = "date de l'entretien"
        case consent = "consentement"
        case status = "statut"
        case tags = "étiquettes"

        var guid: UUID { RefiQDA.stableGUID("variable", rawValue) }
        var type: String { self == .interviewDate ? "Date" : "Text" }

        var help: String {
            switch self {
            case .context: "library (en bibliothèque) ou outside_library (hors bibliothèque)"
            case .post: "Poste occupé"
            case .employer: "Employeur (seulement si la personne a accepté d'être nommée)"
            case .territory: "Commune ou territoire (seulement si la personne a accepté d'être nommée)"
            case .departement: "Département"
            case .interviewDate: "Date de l'entretien"
            case .consent: "Consentement à la publication : named, anonymous ou none"
            case .status: "draft, validated ou published"
            case .tags: "Étiquettes de la série, séparées par des virgules"
            }
        }
    }

    /// The survey as a REFI-QDA project (`Project-mrt2019.xsd`): the codebook; one case per
    /// respondent with their profile as variables; one text source per non-empty answer, named
    /// "<respondent> — <question key>", described by the question as the respondent read it;
    /// each coding as a `<PlainTextSelection>` (positions in Unicode scalars, as `TextRange`)
    /// holding one `<Coding>`, its memo as the selection's `<Description>`.
    ///
    /// The file leaves Tandem for the research team's own tools, so consent is obeyed as on the
    /// public portraits: the name, employer and territory appear only when the consent is
    /// `named`; otherwise the case is « Répondant n° k » (k its place in the corpus) and the
    /// département is the finest place given.
    public static func project(corpus: SurveyCorpus, users: [RefiQDAUser] = [], name: String? = nil, createdAt: Date = Date()) -> RefiQDAProject {
        let author = users.first ?? .tandem
        let when = dateTime(createdAt)
        let codeIds = Set(corpus.codes.map(\.id))
        var xml = XMLText()
        xml.open("Project", [
            ("xmlns", projectNamespace), ("name", name ?? corpus.questionnaire.title), ("origin", origin),
            ("creatingUserGUID", author.id.uuidString), ("creationDateTime", when),
        ])
        xml.open("Users")
        for user in users.isEmpty ? [author] : users {
            xml.open("User", [("guid", user.id.uuidString), ("name", user.name)], empty: true)
        }
        xml.close("Users")
        if !corpus.codes.isEmpty {
            xml.open("CodeBook")
            writeCodes(corpus.codes, into: &xml)
            xml.close("CodeBook")
        }
        writeVariables(into: &xml)

        let sources = corpus.respondents.enumerated().map { index, respondent in
            SourcePlan(respondent: respondent, number: index + 1, questionnaire: corpus.questionnaire)
        }
        if !sources.isEmpty {
            xml.open("Cases")
            for plan in sources { writeCase(plan, into: &xml) }
            xml.close("Cases")
        }
        let codingsByAnswer = Dictionary(grouping: corpus.codings) { AnswerKey(respondentId: $0.respondentId, questionKey: $0.questionKey) }
        var files: [RefiQDAProject.TextFile] = []
        var written = 0
        let answers = sources.flatMap(\.answers)
        if !answers.isEmpty {
            xml.open("Sources")
            for answer in answers {
                let codings = (codingsByAnswer[answer.key] ?? []).filter { codeIds.contains($0.codeId) && answer.contains($0.range) }
                written += codings.count
                writeSource(answer, codings: codings, author: author, when: when, into: &xml)
                files.append(.init(path: "sources/\(answer.guid.uuidString).txt", text: answer.text))
            }
            xml.close("Sources")
        }
        xml.element("Description", "Enquête « \(corpus.questionnaire.title) » exportée par Tandem : \(sources.count) répondant(s), \(answers.count) réponse(s), \(written) codage(s).")
        xml.close("Project")
        return RefiQDAProject(projectXML: xml.text, sources: files, skippedCodings: corpus.codings.count - written)
    }

    /// `xsd:dateTime` in UTC, to the second.
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private static func writeVariables(into xml: inout XMLText) {
        xml.open("Variables")
        for variable in ProfileVariable.allCases {
            xml.open("Variable", [("guid", variable.guid.uuidString), ("name", variable.rawValue), ("typeOfVariable", variable.type)])
            xml.element("Description", variable.help)
            xml.close("Variable")
        }
        xml.close("Variables")
    }

    private static func writeCase(_ plan: SourcePlan, into xml: inout XMLText) {
        xml.open("Case", [("guid", plan.respondent.id.uuidString), ("name", plan.caseName)])
        for (variable, value) in plan.variables {
            xml.open("VariableValue")
            xml.open("VariableRef", [("targetGUID", variable.guid.uuidString)], empty: true)
            xml.element(variable == .interviewDate ? "DateValue" : "TextValue", value)
            xml.close("VariableValue")
        }
        for answer in plan.answers {
            xml.open("SourceRef", [("targetGUID", answer.guid.uuidString)], empty: true)
        }
        xml.close("Case")
    }

    private static func writeSource(_ answer: SourcePlan.Answer, codings: [SurveyCoding], author: RefiQDAUser, when: String, into xml: inout XMLText) {
        xml.open("TextSource", [
            ("guid", answer.guid.uuidString), ("name", answer.name),
            ("plainTextPath", "internal://\(answer.guid.uuidString).txt"),
            ("creatingUser", author.id.uuidString), ("creationDateTime", when),
        ])
        if !answer.question.isEmpty { xml.element("Description", answer.question) }
        for coding in codings.sorted(by: { ($0.range.start, $0.range.end, $0.id.uuidString) < ($1.range.start, $1.range.end, $1.id.uuidString) }) {
            xml.open("PlainTextSelection", [
                ("guid", stableGUID("selection", coding.id.uuidString).uuidString),
                ("name", answer.excerpt(coding.range)),
                ("startPosition", String(coding.range.start)), ("endPosition", String(coding.range.end)),
                ("creatingUser", author.id.uuidString), ("creationDateTime", when),
            ])
            let memo = coding.memo.trimmingCharacters(in: .whitespacesAndNewlines)
            if !memo.isEmpty { xml.element("Description", memo) }
            xml.open("Coding", [("guid", coding.id.uuidString), ("creatingUser", author.id.uuidString), ("creationDateTime", when)])
            xml.open("CodeRef", [("targetGUID", coding.codeId.uuidString)], empty: true)
            xml.close("Coding")
            xml.close("PlainTextSelection")
        }
        xml.close("TextSource")
    }
}

struct AnswerKey: Hashable {
    var respondentId: UUID
    var questionKey: String
}

/// One respondent as the project shows them: the case's name and variables (consent obeyed),
/// and their non-empty answers in the questionnaire's order (then any other key, sorted).
struct SourcePlan {
    struct Answer {
        var key: AnswerKey
        var guid: UUID
        var name: String
        var question: String
        var text: String
        private var scalarCount: Int

        init(key: AnswerKey, name: String, question: String, text: String) {
            self.key = key
            self.guid = RefiQDA.stableGUID("source", key.respondentId.uuidString, key.questionKey)
            self.name = name
            self.question = question
            self.text = text
            self.scalarCount = text.unicodeScalars.count
        }

        func contains(_ range: TextRange) -> Bool {
            range.start >= 0 && range.start < range.end && range.end <= scalarCount
        }

        /// The passage's first words, as a selection's name (what other programs list).
        func excerpt(_ range: TextRange) -> String {
            let scalars = text.unicodeScalars
            let start = scalars.index(scalars.startIndex, offsetBy: range.start)
            let end = scalars.index(start, offsetBy: min(range.length, 60))
            var excerpt = String(scalars[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
            if range.length > 60 { excerpt += "…" }
            return excerpt
        }
    }

    var respondent: CorpusRespondent
    var caseName: String
    var variables: [(RefiQDA.ProfileVariable, String)]
    var answers: [Answer]

    init(respondent: CorpusRespondent, number: Int, questionnaire: QuestionnaireContent) {
        self.respondent = respondent
        let profile = respondent.profile
        let isNamed = profile.consent == .named
        caseName = isNamed && !profile.displayName.isEmpty ? profile.displayName : "Répondant n° \(number)"
        var values: [(RefiQDA.ProfileVariable, String)] = [
            (.context, profile.context.rawValue), (.post, profile.post),
        ]
        if isNamed { values += [(.employer, profile.employer), (.territory, profile.territory)] }
        values += [(.departement, profile.departement)]
        if let date = profile.interviewDate { values.append((.interviewDate, date.iso)) }
        values += [(.consent, profile.consent.rawValue), (.status, respondent.status.rawValue),
                   (.tags, respondent.tags.joined(separator: ", "))]
        variables = values.filter { !$0.1.isEmpty }

        let order = questionnaire.questions.map(\.key)
        let known = Set(order)
        let keys = order.filter { respondent.answers[$0] != nil } + respondent.answers.keys.filter { !known.contains($0) }.sorted()
        let caseName = caseName
        answers = keys.compactMap { key in
            guard let text = respondent.answers[key], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            let question = questionnaire.question(key)?.text(for: profile.context) ?? ""
            return Answer(key: AnswerKey(respondentId: respondent.id, questionKey: key), name: "\(caseName) — \(key)", question: question, text: text)
        }
    }
}
