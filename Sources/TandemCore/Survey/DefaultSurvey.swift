import Foundation

/// What Tandem installs out of the box (SURVEY.md): the questionnaire « Portrait de médiateur
/// numérique » and its codebook. The wordings are SURVEY.md's, word for word: reports and exports
/// of different networks then line up.
public enum DefaultSurvey {
    public static let questionnaire = QuestionnaireContent(
        title: "Portrait de médiateur numérique",
        introduction: "Un entretien en trois parties : votre parcours, votre pratique, votre regard sur l'autre champ de la médiation numérique.",
        sections: [
            SurveySection(title: "A. Parcours", questions: [
                SurveyQuestion(key: "A1", text: "Quelle formation avez-vous suivie (diplômes, cursus) ?"),
                SurveyQuestion(key: "A2", text: "Quel chemin professionnel vous a mené à ce poste ?"),
                SurveyQuestion(key: "A3", text: "Vous sentez-vous aujourd'hui légitime comme médiateur numérique ? Pourquoi ?"),
                SurveyQuestion(key: "A4", text: "Quelles missions donnez-vous au médiateur numérique ? Qu'est-ce qui entre dans votre périmètre, qu'est-ce qui en sort ? Vous demande-t-on souvent de « faire à la place » plutôt que de « faire avec » ?"),
                SurveyQuestion(key: "A5", text: "Quelle place occupez-vous dans votre équipe ou votre service ?"),
                SurveyQuestion(key: "A6", text: "Comment voyez-vous évoluer la médiation numérique et votre métier dans les prochaines années ?"),
            ]),
            SurveySection(title: "B. Pratique", questions: [
                SurveyQuestion(key: "B7", text: "Qui vient vous voir, avec quels besoins et quelles demandes ?"),
                SurveyQuestion(key: "B8", text: "Sur quels matériels et logiciels intervenez-vous : ceux des personnes, ceux de la structure, les vôtres ?"),
                SurveyQuestion(key: "B9", text: "Avez-vous les moyens de bien travailler (matériel adapté, Wi-Fi, accès aux sites les plus demandés) ?"),
                SurveyQuestion(key: "B10", text: "Sur quel territoire intervenez-vous, dans combien de lieux ?"),
                SurveyQuestion(key: "B11", text: "Menez-vous d'autres médiations que numériques ?"),
            ]),
            SurveySection(title: "C. Regards croisés", questions: [
                crossed("C12", neutral: "Comment décririez-vous l'accompagnement numérique que propose l'autre champ de la médiation ?",
                        outside: "Comment décririez-vous l'accompagnement numérique que proposent les bibliothèques ?",
                        library: "Comment décririez-vous l'accompagnement numérique que proposent les lieux hors bibliothèque (mairies, France Services, centres sociaux, associations) ?"),
                crossed("C13", neutral: "Orientez-vous les personnes vers l'autre champ de la médiation ? Pour quoi ?",
                        outside: "Orientez-vous les personnes vers la médiathèque ? Pour quels services ?",
                        library: "Orientez-vous les personnes vers d'autres lieux de médiation ? Lesquels, pour quoi ?"),
                crossed("C14", neutral: "Connaissez-vous l'autre champ de la médiation numérique de votre territoire ?",
                        outside: "Fréquentez-vous vous-même des bibliothèques ?",
                        library: "Connaissez-vous les médiateurs numériques de votre territoire hors bibliothèque ?"),
                crossed("C15", neutral: "Si oui, dans quel cadre ?",
                        outside: "Si oui, pour quels services ?",
                        library: "Si oui, dans quel cadre travaillez-vous ensemble ?"),
            ]),
        ]
    )

    /// Part C asks each context about the other: the same key, two paired wordings.
    private static func crossed(_ key: String, neutral: String, outside: String, library: String) -> SurveyQuestion {
        SurveyQuestion(key: key, text: neutral, variants: [.outsideLibrary: outside, .library: library])
    }

    /// SURVEY.md's codebook: families (top-level codes) then their children, in its order. Ids
    /// derive from the path of names (`SurveyStableID.codeID`), so they never change between runs.
    public static let codebook: [SurveyCode] = families.flatMap { family -> [SurveyCode] in
        let parentId = SurveyStableID.codeID(path: [family.name])
        let parent = SurveyCode(id: parentId, parentId: nil, name: family.name, colour: family.colour,
                                description: family.description, keywords: [])
        return [parent] + family.children.map { child in
            SurveyCode(id: SurveyStableID.codeID(path: [family.name, child.name]), parentId: parentId, name: child.name,
                       colour: family.colour, description: child.description, keywords: child.keywords)
        }
    }

    /// The id of a default code from its path, e.g. `["Posture", "faire avec"]`.
    public static func codeID(_ path: String...) -> UUID { SurveyStableID.codeID(path: path) }

    struct Family {
        let name: String
        let colour: String
        let description: String
        let children: [Child]
    }

    struct Child {
        let name: String
        let description: String
        let keywords: [String]
        init(_ name: String, _ description: String, _ keywords: [String]) {
            self.name = name
            self.description = description
            self.keywords = keywords
        }
    }

    // Colours: one dark, saturated hue per family, readable as text on white and distinct from
    // each other; children share their family's colour so a highlighted answer reads by family.
    static let families: [Family] = [
        Family(name: "Compétences", colour: "#1d4ed8", description: "Les savoir-faire que le médiateur mobilise ou dit devoir acquérir.", children: [
            Child("techniques", "Maîtrise du matériel, des logiciels et des réseaux.", ["technique", "dépannage", "réparer", "installer", "paramétrer", "informatique"]),
            Child("pédagogiques", "Savoir expliquer, adapter son discours, construire une séance.", ["pédagogie", "expliquer", "transmettre", "apprendre", "séance"]),
            Child("relationnelles", "Écoute, patience, mise en confiance des personnes.", ["écoute", "patience", "confiance", "rassurer", "bienveillance"]),
            Child("démarches et droits", "Connaissance des démarches administratives et de l'accès aux droits.", ["accès aux droits", "droits", "CAF", "impôts", "ANTS", "administratif"]),
            Child("sécurité et données", "Protection des données, mots de passe, prévention des arnaques.", ["mot de passe", "données personnelles", "arnaque", "piratage", "RGPD"]),
            Child("veille (IA, nouveaux outils)", "Se tenir au courant des nouveaux outils, dont l'intelligence artificielle.", ["veille", "nouveaux outils", "se former", "ChatGPT", "intelligence artificielle"]),
            Child("communication", "Faire connaître l'offre, communiquer avec les partenaires et le public.", ["communication", "affiche", "flyer", "faire connaître", "réseaux"]),
        ]),
        Family(name: "Accompagnement", colour: "#15803d", description: "Les formes que prend l'accompagnement des personnes.", children: [
            Child("individuel", "Rendez-vous ou accueil d'une personne à la fois.", ["individuel", "rendez-vous", "en tête-à-tête", "une personne à la fois"]),
            Child("atelier collectif", "Séances en groupe, thématiques ou par niveau.", ["atelier", "ateliers", "en groupe", "collectif"]),
            Child("formation interne (agents, élus)", "Former les collègues, les agents ou les élus.", ["former les agents", "collègues", "élus", "formation interne"]),
            Child("permanence", "Créneaux d'accueil sans rendez-vous.", ["permanence", "sans rendez-vous", "accueil libre"]),
            Child("itinérance, plusieurs lieux", "Intervenir dans plusieurs lieux ou en itinérance.", ["itinérant", "itinérance", "plusieurs lieux", "bus numérique", "communes"]),
            Child("à distance", "Accompagner par téléphone ou en visio.", ["à distance", "téléphone", "visio", "en ligne"]),
        ]),
        Family(name: "Posture", colour: "#b91c1c", description: "La façon dont le médiateur se situe face à la personne et à son métier.", children: [
            Child("faire avec", "La personne fait elle-même, guidée par le médiateur.", ["faire avec", "avec elle", "avec lui", "à côté", "montrer", "autonomie"]),
            Child("faire à la place", "Le médiateur fait la démarche ou la manipulation à la place de la personne.", ["à la place", "faire pour", "je fais pour", "faire à sa place"]),
            Child("autonomie visée", "L'objectif affiché est que la personne se débrouille seule.", ["autonome", "autonomie", "se débrouiller", "seul", "seule"]),
            Child("légitimité ressentie", "Le sentiment d'être à sa place et reconnu comme médiateur.", ["légitime", "légitimité", "reconnu", "reconnaissance", "imposteur"]),
            Child("limites du périmètre", "Ce qui sort du rôle : ce que le médiateur refuse ou renvoie ailleurs.", ["périmètre", "limite", "pas mon rôle", "je refuse", "je renvoie"]),
        ]),
        Family(name: "Publics", colour: "#7e22ce", description: "Les personnes qui viennent ou que le médiateur cherche à toucher.", children: [
            Child("seniors", "Personnes âgées, retraités.", ["retraité", "retraités", "personnes âgées", "âgé", "âgées", "seniors"]),
            Child("reconversion, emploi", "Demandeurs d'emploi, personnes en reconversion.", ["emploi", "chômage", "France Travail", "reconversion", "CV", "candidature"]),
            Child("jeunes", "Adolescents et jeunes adultes.", ["jeunes", "ados", "adolescents", "étudiants", "lycéens"]),
            Child("familles", "Parents, enfants, parentalité numérique.", ["familles", "parents", "enfants", "parentalité"]),
            Child("allophones", "Personnes qui maîtrisent peu le français.", ["allophone", "allophones", "ne parlent pas français", "traduction", "FLE"]),
            Child("handicap", "Personnes en situation de handicap.", ["handicap", "malvoyant", "malentendant", "accessibilité"]),
            Child("agents et élus", "Les collègues, agents publics et élus comme public.", ["agents", "élus", "collègues"]),
        ]),
        Family(name: "Demandes", colour: "#c2410c", description: "Ce que les personnes viennent chercher.", children: [
            Child("prise en main", "Découvrir et utiliser un appareil.", ["prise en main", "allumer", "smartphone", "tablette", "ordinateur"]),
            Child("e-mail, documents, photos", "Messagerie, pièces jointes, documents et photos.", ["e-mail", "mail", "courriel", "pièce jointe", "photos", "documents", "scanner"]),
            Child("démarches en ligne", "Démarches administratives sur internet.", ["démarches", "démarche", "CAF", "impôts", "ANTS", "retraite", "France Connect"]),
            Child("santé", "Ameli, Mon espace santé, prise de rendez-vous médical.", ["santé", "Ameli", "Doctolib", "médecin", "Mon espace santé"]),
            Child("achats en ligne", "Acheter, vendre ou payer en ligne.", ["achats en ligne", "acheter", "Leboncoin", "commande", "paiement"]),
            Child("réseaux sociaux", "Facebook, WhatsApp et autres réseaux sociaux.", ["réseaux sociaux", "Facebook", "WhatsApp", "Instagram"]),
            Child("bureautique", "Traitement de texte, tableur, impression.", ["bureautique", "Word", "Excel", "traitement de texte", "imprimer"]),
            Child("conseil d'achat", "Choisir un appareil ou un abonnement.", ["conseil d'achat", "quel ordinateur", "acheter un", "abonnement"]),
            Child("sécurité", "Arnaques, mots de passe, protection.", ["arnaque", "arnaques", "mot de passe", "piratage", "sécurité"]),
            Child("IA", "Questions sur l'intelligence artificielle.", ["IA", "intelligence artificielle", "ChatGPT"]),
        ]),
        Family(name: "Matériel", colour: "#0e7490", description: "À qui appartient le matériel sur lequel on travaille.", children: [
            Child("de la personne", "Le téléphone ou l'ordinateur de la personne accompagnée.", ["leur téléphone", "son téléphone", "leur propre", "leurs appareils", "son ordinateur"]),
            Child("de la structure", "Les postes ou tablettes de la structure.", ["postes", "nos ordinateurs", "nos tablettes", "de la structure", "parc informatique"]),
            Child("du médiateur", "Le matériel personnel ou de travail du médiateur.", ["mon téléphone", "mon ordinateur", "mon matériel"]),
        ]),
        Family(name: "Moyens", colour: "#a16207", description: "Si le médiateur a de quoi bien travailler.", children: [
            Child("suffisants", "Matériel, connexion et temps jugés suffisants.", ["suffisant", "bien équipé", "ce qu'il faut", "bons moyens"]),
            Child("insuffisants", "Manque de matériel, de connexion, de temps ou d'accès.", ["manque", "insuffisant", "pas de Wi-Fi", "bloqué", "filtrage", "vieux"]),
        ]),
        Family(name: "Regards croisés", colour: "#be185d", description: "Ce que chaque champ sait de l'autre et comment ils travaillent ensemble.", children: [
            Child("connaît l'autre champ", "Connaît l'offre de médiation de l'autre champ.", ["je connais", "connais bien", "on se connaît"]),
            Child("oriente vers la bibliothèque", "Envoie des personnes vers la médiathèque.", ["vers la médiathèque", "vers la bibliothèque", "à la médiathèque", "inscrire à la médiathèque"]),
            Child("oriente hors bibliothèque", "Envoie des personnes vers d'autres lieux de médiation.", ["vers France Services", "vers le centre social", "vers la mairie", "vers une association", "vers les conseillers numériques"]),
            Child("fréquente la bibliothèque", "Est soi-même usager d'une bibliothèque.", ["j'emprunte", "je fréquente", "inscrit", "abonné"]),
            Child("travaille avec l'autre champ", "Projets ou actions menés avec l'autre champ.", ["partenariat", "ensemble", "en lien avec", "partenaires", "réseau"]),
        ]),
        Family(name: "Avenir du métier", colour: "#475569", description: "Comment le médiateur voit évoluer la médiation numérique et son métier.", children: [
            Child("compétences techniques", "Des compétences techniques plus poussées seront nécessaires.", ["plus technique", "compétences techniques", "se former"]),
            Child("littératie", "L'enjeu de la lecture, de l'écrit et de la compréhension de l'information.", ["littératie", "lecture", "écrit", "illettrisme", "esprit critique"]),
            Child("IA", "L'intelligence artificielle change le métier ou les demandes.", ["IA", "intelligence artificielle", "ChatGPT"]),
            Child("transformation des organisations", "Les organisations et les services publics se transforment.", ["dématérialisation", "réorganisation", "transformation", "fermeture des guichets"]),
            Child("sécurité et confidentialité", "La protection des données et la confidentialité prendront de l'importance.", ["confidentialité", "données personnelles", "cybersécurité", "sécurité"]),
            Child("coopération avec d'autres métiers", "Travailler avec les travailleurs sociaux, les agents d'accueil, d'autres professions.", ["travailleurs sociaux", "coopération", "autres métiers", "assistante sociale"]),
        ]),
    ]
}
