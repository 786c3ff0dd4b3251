import Foundation

/// A claim an interview can make that a logbook can check: a code of the codebook and the
/// observatory breakdown codes that record the same thing.
public struct SaidVersusDoneClaim: Sendable, Equatable {
    /// The code's path in the codebook: `["Posture", "faire avec"]`.
    public var path: [String]
    public var dimension: StatDimension
    public var statCodes: [String]

    /// « Posture › faire avec ».
    public var label: String { path.joined(separator: " › ") }
    /// Age brackets and statuses count people: their share is of people accompanied, not of activities.
    public var countsPeople: Bool { dimension.countsPeople }
}

/// One line of the said-versus-done table of a mediator.
public struct SaidVersusDoneRow: Sendable, Equatable {
    public var claim: SaidVersusDoneClaim
    public var said: Bool
    /// Activities (or people, for ages and statuses) with the claim's codes.
    public var done: Int
    /// All activities (or people) of the logbook.
    public var total: Int
    public var verdict: String

    /// 0…1; 0 for an empty logbook.
    public var share: Double { total == 0 ? 0 : min(1, Double(done) / Double(total)) }
    public var percent: Int { total == 0 ? 0 : min(100, (done * 200 + total) / (total * 2)) }
}

/// One line of the said-versus-done table of a context: share of its respondents who say it,
/// share of its mediators' activities that show it.
public struct ContextSaidVersusDoneRow: Sendable, Equatable {
    public var claim: SaidVersusDoneClaim
    public var context: RespondentContext
    public var saying: GroupShare
    public var done: Int
    public var total: Int

    public var donePercent: Int { total == 0 ? 0 : min(100, (done * 200 + total) / (total * 2)) }
    /// Said minus done, in percentage points.
    public var gapInPoints: Int { saying.percent - donePercent }
}

/// What an interview says next to what the logbook shows (SURVEY.md, "Said versus done").
///
/// Verdicts, for a claim of one mediator with a share s of the logbook:
/// - said, s ≥ 10 %: « dit et fait »;
/// - said, 0 < s < 10 %: « dit, peu fait (< 10 %) »;
/// - said, s = 0: « dit, jamais fait dans le carnet »;
/// - not said, s ≥ 25 %: « fait sans être dit (≥ 25 %) »;
/// - not said, s < 25 %: « ni dit, ni fréquent »;
/// - empty logbook: « carnet vide sur la période ».
/// 10 % is "more than an exception"; 25 % is "one activity in four", common enough that an
/// interview about one's practice would be expected to mention it.
///
/// A claim mapped to several codes of a breakdown where one activity may carry several (two
/// themes) adds their counts, capped at the total: an upper bound of the share.
public enum SaidVersusDone {
    public static let doneThreshold = 0.10
    public static let unsaidThreshold = 0.25

    /// The claims Tandem can check, on the default codebook's paths and the observatory's codes
    /// (TAXONOMY.md).
    public static let claims: [SaidVersusDoneClaim] = [
        claim(["Publics", "seniors"], .ageBracket, [AgeBracket.age60to69.code, AgeBracket.age70plus.code]),
        claim(["Publics", "reconversion, emploi"], .socialStatus, [SocialStatus.unemployed.code]),
        claim(["Publics", "jeunes"], .ageBracket, [AgeBracket.age12to17.code, AgeBracket.age18to24.code]),
        claim(["Publics", "familles"], .theme, [Theme.parenting.code]),
        claim(["Publics", "agents et élus"], .kind, [ActivityKind.internalTraining.code]),
        claim(["Demandes", "prise en main"], .theme, [Theme.deviceHandling.code]),
        claim(["Demandes", "e-mail, documents, photos"], .theme, [Theme.email.code, Theme.digitalContent.code]),
        claim(["Demandes", "démarches en ligne"], .theme, [Theme.adminProcedures.code]),
        claim(["Demandes", "santé"], .theme, [Theme.health.code]),
        claim(["Demandes", "achats en ligne"], .theme, [Theme.bankingShopping.code]),
        claim(["Demandes", "réseaux sociaux"], .theme, [Theme.socialMedia.code]),
        claim(["Demandes", "bureautique"], .theme, [Theme.officeSoftware.code]),
        claim(["Demandes", "conseil d'achat"], .theme, [Theme.purchaseAdvice.code]),
        claim(["Demandes", "sécurité"], .theme, [Theme.security.code]),
        claim(["Demandes", "IA"], .theme, [Theme.ai.code]),
        claim(["Matériel", "de la personne"], .deviceOwner, [DeviceOwner.beneficiary.code]),
        claim(["Matériel", "de la structure"], .deviceOwner, [DeviceOwner.structure.code]),
        claim(["Matériel", "du médiateur"], .deviceOwner, [DeviceOwner.mediator.code]),
        claim(["Posture", "faire avec"], .interventionMode, [InterventionMode.guided.code]),
        claim(["Posture", "faire à la place"], .interventionMode, [InterventionMode.onBehalf.code]),
        claim(["Accompagnement", "individuel"], .kind, [ActivityKind.individual.code]),
        claim(["Accompagnement", "atelier collectif"], .kind, [ActivityKind.workshop.code]),
        claim(["Accompagnement", "formation interne (agents, élus)"], .kind, [ActivityKind.internalTraining.code]),
        claim(["Accompagnement", "à distance"], .locationKind, [LocationKind.remote.code]),
        claim(["Regards croisés", "oriente vers la bibliothèque"], .referralTarget, [ReferralTarget.library.code]),
        claim(["Regards croisés", "oriente hors bibliothèque"], .referralTarget, [ReferralTarget.otherMediation.code, ReferralTarget.adminHelp.code]),
    ]

    private static func claim(_ path: [String], _ dimension: StatDimension, _ codes: [String]) -> SaidVersusDoneClaim {
        SaidVersusDoneClaim(path: path, dimension: dimension, statCodes: codes)
    }

    // MARK: One mediator

    /// The table for one respondent: `appliedCodeIds` are the codes applied in their interview,
    /// `logbook` their mediator account's dashboard over the same year. A claim counts as said
    /// when its code, or a code below it, is applied. Claims whose code is missing from an
    /// edited codebook are left out.
    public static func compare(appliedCodeIds: Set<UUID>, codebook: [SurveyCode], logbook: Dashboard) -> [SaidVersusDoneRow] {
        let tree = CodebookTree(codebook)
        return claims.compactMap { claim in
            guard let code = tree.code(path: claim.path) else { return nil }
            let said = tree.descendants(of: code.id).contains { appliedCodeIds.contains($0.id) }
            let (done, total) = counts(of: claim, in: logbook)
            return SaidVersusDoneRow(claim: claim, said: said, done: done, total: total,
                                     verdict: verdict(said: said, done: done, total: total))
        }
    }

    /// The table for a respondent of the corpus (their codings, the corpus's codebook).
    public static func compare(respondent id: UUID, in corpus: SurveyCorpus, logbook: Dashboard) -> [SaidVersusDoneRow] {
        compare(appliedCodeIds: SurveyReports.codesByRespondent(corpus)[id] ?? [], codebook: corpus.codes, logbook: logbook)
    }

    public static func verdict(said: Bool, done: Int, total: Int) -> String {
        guard total > 0 else { return "carnet vide sur la période" }
        let share = Double(min(done, total)) / Double(total)
        if said {
            if share >= doneThreshold { return "dit et fait" }
            return done == 0 ? "dit, jamais fait dans le carnet" : "dit, peu fait (< 10 %)"
        }
        return share >= unsaidThreshold ? "fait sans être dit (≥ 25 %)" : "ni dit, ni fréquent"
    }

    /// What the logbook shows for a claim and out of what: activities, or people for ages and statuses.
    public static func counts(of claim: SaidVersusDoneClaim, in logbook: Dashboard) -> (done: Int, total: Int) {
        let values = logbook.breakdowns[claim.dimension] ?? [:]
        let measure: (StatCounts) -> Int = claim.countsPeople ? { $0.people } : { $0.activities }
        let total = measure(logbook.totals)
        let done = claim.statCodes.reduce(0) { $0 + (values[$1].map(measure) ?? 0) }
        return (min(done, total), total)
    }

    // MARK: A context as a whole

    /// For each claim, the share of the context's respondents who say it next to the share of
    /// the activities of that context's mediators that show it (`logbooks`: one dashboard per
    /// context, over the same year).
    public static func compareContexts(_ corpus: SurveyCorpus, logbooks: [RespondentContext: Dashboard]) -> [ContextSaidVersusDoneRow] {
        let tree = CodebookTree(corpus.codes)
        let applied = SurveyReports.codesByRespondent(corpus)
        return RespondentContext.allCases.flatMap { context -> [ContextSaidVersusDoneRow] in
            let respondents = corpus.respondents.filter { $0.profile.context == context }
            let logbook = logbooks[context] ?? Dashboard()
            return claims.compactMap { claim in
                guard let code = tree.code(path: claim.path) else { return nil }
                let family = Set(tree.descendants(of: code.id).map(\.id))
                let saying = respondents.filter { !(applied[$0.id] ?? []).isDisjoint(with: family) }.count
                let (done, total) = counts(of: claim, in: logbook)
                return ContextSaidVersusDoneRow(claim: claim, context: context,
                                                saying: GroupShare(count: saying, total: respondents.count),
                                                done: done, total: total)
            }
        }
    }
}
