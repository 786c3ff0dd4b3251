/// Short notes a mediator might leave on a record: what was done, what comes next. Never a name,
/// a contact or anything that identifies the person (TAXONOMY.md: people are anonymous).
enum DemoNotes {
    static let general = [
        "Prévoir un second rendez-vous pour terminer.",
        "La personne souhaite revenir pour approfondir.",
        "Séance écourtée, la suite la semaine prochaine.",
        "Orientée vers l'atelier collectif du mois prochain.",
        "Bonne progression depuis la dernière séance.",
        "Fiche mémo des étapes remise à la fin de la séance.",
        "Venue sans ses identifiants : à reprendre.",
        "Très à l'aise, presque autonome désormais.",
        "Besoin de répéter les mêmes gestes plusieurs fois.",
        "Première visite, beaucoup d'appréhension au départ.",
    ]

    static let byTheme: [Theme: [String]] = [
        .email: [
            "Création d'une adresse e-mail et envoi d'un premier message.",
            "Mot de passe de messagerie réinitialisé, à noter en lieu sûr.",
            "Tri de la boîte de réception et suppression des courriels indésirables.",
        ],
        .digitalContent: [
            "Transfert des photos du téléphone vers l'ordinateur.",
            "Numérisation de documents avec l'appareil photo du téléphone.",
            "Libération d'espace de stockage sur le téléphone.",
        ],
        .adminProcedures: [
            "Démarche finalisée, accusé de réception enregistré.",
            "Création du compte FranceConnect.",
            "Identifiants à demander à l'organisme, démarche en attente.",
            "Pièces justificatives scannées et envoyées.",
        ],
        .health: [
            "Activation du compte santé et installation de l'application.",
            "Prise de rendez-vous médical en ligne faite ensemble.",
            "Téléchargement d'une attestation de droits.",
        ],
        .deviceHandling: [
            "Découverte des réglages : volume, luminosité, taille du texte.",
            "Ajout de raccourcis sur l'écran d'accueil.",
            "Apprentissage du clavier tactile et de la dictée vocale.",
        ],
        .bankingShopping: [
            "Explication de la validation des paiements dans l'application bancaire.",
            "Première commande en ligne accompagnée.",
        ],
        .socialMedia: [
            "Installation d'une messagerie pour échanger avec la famille.",
            "Réglage de la confidentialité du compte.",
        ],
        .security: [
            "Repérage d'un SMS frauduleux, conseils de prudence donnés.",
            "Mise en place d'un gestionnaire de mots de passe.",
        ],
        .purchaseAdvice: [
            "Comparaison de deux modèles de tablette avant achat.",
            "Conseil d'un ordinateur reconditionné plutôt que neuf.",
        ],
        .employment: [
            "Mise à jour du CV et dépôt sur le site de l'offre.",
            "Actualisation mensuelle faite ensemble.",
        ],
        .officeSoftware: [
            "Mise en page d'un courrier et enregistrement en PDF.",
        ],
    ]

    static let workshop = [
        "Atelier complet, liste d'attente ouverte.",
        "Bonne dynamique de groupe.",
        "Prévoir plus de tablettes la prochaine fois.",
        "Plusieurs participants demandent une suite.",
    ]
}
