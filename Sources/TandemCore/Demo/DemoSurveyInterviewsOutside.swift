import Foundation

// The four demo interviews outside libraries. Part C is answered in the `outside_library`
// wording: what libraries do, whether people are sent there, whether the mediator goes there.

extension DemoSurvey {
    /// A retail salesman turned itinerant conseiller numérique; linked to the demo account.
    static let karimMansouri = Interview(
        slug: "karim-mansouri",
        profile: RespondentProfile(
            displayName: "Karim Mansouri", post: "Conseiller numérique itinérant",
            employer: "Service numérique de la Communauté de communes des Coteaux de l'Arlène",
            context: .outsideLibrary, territory: "Coteaux de l'Arlène (cinq lieux, de Vallières-sur-Arlène à Fontmeyrac)",
            departement: departement, interviewDate: day(1, 27), consent: .named
        ),
        tags: ["conseiller numérique", "itinérance", "reconversion", "IA", "élus"],
        mediatorEmail: "karim.mansouri@coteaux-arlene.example",
        status: .published,
        answers: [
            "A1": "J'ai un bac pro commerce, et pendant longtemps ça a été tout. Quand je suis devenu conseiller numérique, j'ai suivi la formation du dispositif, puis le titre professionnel de responsable d'espace de médiation numérique. Depuis, je me forme beaucoup en ligne, en particulier sur la cybersécurité.",
            "A2": "J'ai passé douze ans dans la vente, dont huit dans une boutique de téléphonie d'une zone commerciale. Je passais mes journées à configurer des téléphones pour des clients qui repartaient sans savoir s'en servir, et ça me frustrait de devoir leur vendre un forfait plutôt que de leur expliquer. Quand la boutique a fermé, j'ai vu l'annonce de la communauté de communes. Je me suis dit que j'allais enfin faire la partie du métier que je préférais.",
            "A3": "Sur la technique, oui, sans hésiter : un téléphone, je le connais par cœur. Sur la pédagogie, j'ai dû tout apprendre, et au début j'allais beaucoup trop vite, comme en boutique. Ce qui me rend légitime aujourd'hui, c'est que je viens du même monde que beaucoup de gens que j'accompagne : je ne leur parle pas comme un informaticien.",
            "A4": "Mon travail, c'est de rendre les gens autonomes, et de former ceux qui les accompagnent au quotidien : les secrétaires de mairie, les agents d'accueil, les élus. Dans mon périmètre : les appareils, les usages, la sécurité, le conseil avant achat. En dehors : les dossiers sociaux complexes, que je laisse à France Services. On me demande de faire à la place, bien sûr, surtout les personnes très âgées que je vois à domicile. Je fais avec autant que possible, mais quand une personne de quatre-vingt-dix ans a juste besoin que son téléphone sonne à nouveau, je ne vais pas lui faire un cours.",
            "A5": "Je suis au service numérique de la communauté de communes, sous la responsabilité du chargé de mission inclusion numérique. Comme je suis tout le temps sur la route, je vois mes collègues surtout le lundi, à l'espace numérique communautaire. Dans les mairies, je suis un peu l'invité : il faut se faire accepter par les secrétaires, et une fois que c'est fait, elles deviennent mes meilleures alliées.",
            "A6": "Je pense que l'IA sera le gros sujet des cinq prochaines années : il faut que les gens sachent ce que c'est, à quoi ça sert et ce que ça fait de leurs données. Cette année, j'ai déjà animé deux séances sur l'IA générative pour les élus, et elles étaient pleines. Le risque, c'est que notre métier soit vu comme un dépannage provisoire, alors qu'il devient une compétence de base de toutes les collectivités.",
            "B7": "Aux permanences en mairie, ce sont surtout des retraités, souvent de plus de soixante-dix ans. Ils viennent pour le téléphone, pour les e-mails, pour Ameli ou la déclaration d'impôts, et de plus en plus pour des arnaques : un faux SMS de livraison, un faux conseiller bancaire. Beaucoup me demandent aussi conseil avant d'acheter un téléphone ou une tablette, et là, mon ancien métier sert énormément.",
            "B8": "Presque toujours sur le téléphone de la personne : c'est ce qu'elle a dans la poche. À domicile, c'est parfois une vieille tablette ou un ordinateur que les enfants ont installé et dont personne ne sait se servir. J'ai un ordinateur portable et une tablette de service pour les ateliers et les formations d'agents.",
            "B9": "Plutôt oui pour le matériel : la communauté de communes m'a correctement équipé et j'ai une voiture de service. Le problème, c'est la connexion : à Fontmeyrac, la salle associative de la mairie n'a pas de Wi-Fi et le réseau mobile passe mal, alors je partage la connexion de mon téléphone. Et les trajets prennent du temps.",
            "B10": "Sur toute la communauté de communes : l'espace numérique communautaire à Vallières, France Services à Montbrun, et les permanences dans les mairies de La Roche-Fauvel, de Puylaurier et de Fontmeyrac. Ça fait cinq lieux, sans compter les visites à domicile dans les hameaux. Je fais à peu près mille kilomètres par mois.",
            "B11": "Pas vraiment, je m'en tiens au numérique. Mais dans les petites communes, on me parle de tout : de la solitude, du fils qui n'appelle plus, de la voiture qu'on ne peut plus conduire. J'écoute, et j'oriente vers le CCAS quand il le faut.",
            "C12": "Les médiathèques du réseau font un très bon travail sur les ateliers, la culture numérique, les jeunes. Elles ont des lieux agréables, ouverts le samedi, où l'on peut venir sans avoir de problème à régler, ce qui n'est pas notre cas. En revanche, elles sont moins à l'aise avec les démarches administratives, et c'est normal : ce n'est pas leur métier.",
            "C13": "Oui, régulièrement. J'envoie vers la Médiathèque de la Halle les personnes qui veulent continuer à apprendre après nos rendez-vous : les ateliers tablette, l'espace numérique en accès libre, le prêt de liseuses. Pour les jeunes qui cherchent un endroit calme avec une connexion, c'est aussi la médiathèque.",
            "C14": "Oui, avec mes enfants, à la Médiathèque de la Halle, le samedi matin. Et pour le travail, je passe souvent voir Julie, la conseillère numérique du réseau.",
            "C15": "Surtout les bandes dessinées et les albums pour mes enfants, et un peu la presse en ligne. Côté travail, Julie et moi, on a monté des ateliers en commun et on se partage les fiches pratiques.",
        ],
        codings: [
            code("A3", "Sur la technique, oui, sans hésiter : un téléphone, je le connais par cœur.", "Compétences", "techniques"),
            code("A3", "Ce qui me rend légitime aujourd'hui, c'est que je viens du même monde que beaucoup de gens que j'accompagne : je ne leur parle pas comme un informaticien.",
                 "Posture", "légitimité ressentie", memo: "Légitimité par la proximité sociale, héritée du commerce."),
            code("A4", "de former ceux qui les accompagnent au quotidien : les secrétaires de mairie, les agents d'accueil, les élus",
                 "Accompagnement", "formation interne (agents, élus)"),
            code("A4", "Je fais avec autant que possible, mais quand une personne de quatre-vingt-dix ans a juste besoin que son téléphone sonne à nouveau, je ne vais pas lui faire un cours.",
                 "Posture", "faire à la place", memo: "Faire avec par principe, faire à la place assumé pour les plus âgés, à domicile."),
            code("A6", "Cette année, j'ai déjà animé deux séances sur l'IA générative pour les élus, et elles étaient pleines.", "Avenir du métier", "IA"),
            code("B7", "Aux permanences en mairie, ce sont surtout des retraités, souvent de plus de soixante-dix ans.", "Publics", "seniors"),
            code("B7", "de plus en plus pour des arnaques : un faux SMS de livraison, un faux conseiller bancaire", "Demandes", "sécurité"),
            code("B7", "Beaucoup me demandent aussi conseil avant d'acheter un téléphone ou une tablette, et là, mon ancien métier sert énormément.",
                 "Demandes", "conseil d'achat"),
            code("B10", "Ça fait cinq lieux, sans compter les visites à domicile dans les hameaux.", "Accompagnement", "itinérance, plusieurs lieux"),
            code("C13", "J'envoie vers la Médiathèque de la Halle les personnes qui veulent continuer à apprendre après nos rendez-vous : les ateliers tablette, l'espace numérique en accès libre, le prêt de liseuses.",
                 "Regards croisés", "oriente vers la bibliothèque"),
            code("C14", "Oui, avec mes enfants, à la Médiathèque de la Halle, le samedi matin.", "Regards croisés", "fréquente la bibliothèque"),
            code("C15", "Côté travail, Julie et moi, on a monté des ateliers en commun et on se partage les fiches pratiques.",
                 "Regards croisés", "travaille avec l'autre champ"),
        ]
    )

    /// A former secretary, now at France Services; linked, reviewed by her but not yet published.
    static let isabelleFaure = Interview(
        slug: "isabelle-faure",
        profile: RespondentProfile(
            displayName: "Isabelle Faure", post: "Conseillère France Services", employer: "France Services des Coteaux",
            context: .outsideLibrary, territory: "Montbrun-d'Arlène, La Roche-Fauvel et Puylaurier", departement: departement,
            interviewDate: day(2, 10), consent: .named
        ),
        tags: ["France Services", "démarches", "Aidants Connect", "santé", "seniors"],
        mediatorEmail: "isabelle.faure@coteaux-arlene.example",
        status: .validated,
        answers: [
            "A1": "J'ai un BTS d'assistante de direction, obtenu il y a plus de vingt-cinq ans. Ensuite, beaucoup de formations d'agent territorial : l'état civil, l'urbanisme, l'accueil. En arrivant à France Services, j'ai suivi la formation des conseillers France Services et celle d'Aidants Connect.",
            "A2": "J'ai d'abord été secrétaire dans un cabinet médical pendant huit ans, puis secrétaire de mairie à La Roche-Fauvel pendant quinze ans. À la mairie, je faisais déjà de l'aide aux démarches sans le dire : les gens venaient pour leur carte grise ou leur retraite, et je remplissais avec eux sur mon ordinateur. Quand l'espace France Services a ouvert à Montbrun, on m'a proposé le poste, et ça m'a paru la suite logique.",
            "A3": "Comme conseillère France Services, oui : je connais les administrations, leurs circuits, leurs délais, et je sais à qui téléphoner. Comme médiatrice numérique, je suis plus prudente. Quand on me pose une question sur un réglage de téléphone, je sais faire, mais je n'ai pas la pédagogie d'un conseiller numérique, et je n'ai pas toujours le temps de l'avoir.",
            "A4": "Ma mission, c'est que les personnes obtiennent leurs droits, et si possible qu'elles comprennent comment faire la prochaine fois. Dans mon périmètre : toutes les démarches des partenaires, la santé, la retraite, les impôts, la CAF, les papiers d'identité. Hors périmètre : la prise en main de l'appareil, que je confie à Karim. Oui, on me demande très souvent de faire à la place, et je le fais plus souvent que je ne le voudrais. Quand une personne ne sait pas lire ou parle mal le français, ou quand un dossier doit partir le jour même, je fais à sa place, avec un mandat Aidants Connect pour que ce soit fait proprement.",
            "A5": "Nous sommes deux conseillères à France Services, avec un planning commun et une responsable au service de la communauté de communes. Je tiens aussi, en alternance avec Karim, les permanences dans les mairies de La Roche-Fauvel et de Puylaurier. Comme j'ai été secrétaire de mairie, les collègues des communes m'appellent souvent quand ils ont un doute.",
            "A6": "Tout se dématérialise encore plus vite que prévu, et les administrations ferment leurs guichets. J'ai peur que France Services devienne le seul guichet humain pour tout, avec des moyens qui ne suivent pas. Il faudra aussi qu'on soit formées à la sécurité : les usurpations d'identité et les faux sites administratifs se multiplient. Quant à l'IA, je la vois surtout arriver dans les courriers des administrations, et je ne suis pas sûre que ça rende les choses plus claires.",
            "B7": "Des retraités, beaucoup, pour la retraite, Ameli et les impôts. Des personnes au chômage pour France Travail, des familles pour la CAF, quelques personnes étrangères pour leur titre de séjour. Souvent, les gens arrivent avec un sac plein de courriers et ne savent pas par où commencer. Les demandes de santé ont beaucoup augmenté depuis Mon espace santé.",
            "B8": "Sur le poste en accès libre de France Services quand la personne fait sa démarche elle-même, sur mon ordinateur quand j'agis avec un mandat. Quand la personne a un smartphone, j'essaie de travailler dessus pour qu'elle retrouve l'application chez elle, mais beaucoup de nos usagers n'en ont pas ou ne connaissent pas leurs codes.",
            "B9": "Le matériel est correct, la connexion aussi à Montbrun. Ce qui manque, c'est du temps : un rendez-vous dure trente minutes, et un dossier de retraite ou de titre de séjour en demande souvent le double. Dans les mairies, on travaille parfois dans la salle du conseil, sans imprimante et avec un Wi-Fi capricieux.",
            "B10": "À France Services des Coteaux, à Montbrun-d'Arlène, tous les jours, et dans les mairies de La Roche-Fauvel et de Puylaurier une demi-journée par semaine chacune. Trois lieux en tout, mais des usagers qui viennent de toute la communauté de communes.",
            "B11": "Oui, en quelque sorte : je fais beaucoup d'écoute et d'orientation sociale, et je fais le lien avec l'assistante sociale du département. Je ne suis pas travailleuse sociale, mais quand quelqu'un arrive en pleurs avec une coupure d'électricité, on ne parle pas que de mot de passe.",
            "C12": "Pendant longtemps, j'ai pensé que les médiathèques, c'était pour les livres. Depuis que je travaille avec le réseau, je vois qu'elles font beaucoup d'ateliers, notamment pour les seniors, et qu'elles ont du matériel que nous n'avons pas, comme des tablettes à prêter. Elles apprennent aux gens à se servir de l'outil, nous, on les aide à résoudre un problème : c'est très complémentaire.",
            "C13": "Oui, de plus en plus. Quand je vois qu'une personne a besoin d'apprendre à se servir de son téléphone, je l'envoie aux ateliers de la Médiathèque de la Halle ou de celle de Saint-Méard. Je donne aussi l'adresse de l'espace numérique de la Halle pour imprimer le samedi après-midi, quand nous sommes fermés.",
            "C14": "Oui, la Médiathèque du Moulin, à Saint-Méard, c'est à côté de chez moi. J'y vais toutes les deux ou trois semaines.",
            "C15": "Pour emprunter des romans, surtout des policiers, et des livres audio pour la voiture. Il m'arrive aussi d'y croiser des personnes que j'ai accompagnées à France Services et qui viennent aux ateliers : c'est une vraie satisfaction.",
        ],
        codings: [
            code("A3", "Comme conseillère France Services, oui : je connais les administrations, leurs circuits, leurs délais, et je sais à qui téléphoner.",
                 "Compétences", "démarches et droits"),
            code("A3", "Comme conseillère France Services, oui : je connais les administrations, leurs circuits, leurs délais, et je sais à qui téléphoner.",
                 "Posture", "légitimité ressentie", memo: "Légitimité administrative plutôt que numérique."),
            code("A4", "Hors périmètre : la prise en main de l'appareil, que je confie à Karim.", "Posture", "limites du périmètre"),
            code("A4", "Oui, on me demande très souvent de faire à la place, et je le fais plus souvent que je ne le voudrais.",
                 "Posture", "faire à la place", memo: "Faire à la place encadré par un mandat Aidants Connect : à comparer avec les réponses en bibliothèque."),
            code("A6", "Il faudra aussi qu'on soit formées à la sécurité : les usurpations d'identité et les faux sites administratifs se multiplient.",
                 "Avenir du métier", "sécurité et confidentialité"),
            code("B7", "Des retraités, beaucoup, pour la retraite, Ameli et les impôts.", "Publics", "seniors"),
            code("B7", "Des retraités, beaucoup, pour la retraite, Ameli et les impôts.", "Demandes", "démarches en ligne"),
            code("B7", "Les demandes de santé ont beaucoup augmenté depuis Mon espace santé.", "Demandes", "santé"),
            code("B9", "Ce qui manque, c'est du temps : un rendez-vous dure trente minutes, et un dossier de retraite ou de titre de séjour en demande souvent le double.",
                 "Moyens", "insuffisants"),
            code("C12", "Elles apprennent aux gens à se servir de l'outil, nous, on les aide à résoudre un problème : c'est très complémentaire.",
                 "Regards croisés", "connaît l'autre champ"),
            code("C13", "Quand je vois qu'une personne a besoin d'apprendre à se servir de son téléphone, je l'envoie aux ateliers de la Médiathèque de la Halle ou de celle de Saint-Méard.",
                 "Regards croisés", "oriente vers la bibliothèque"),
            code("C14", "Oui, la Médiathèque du Moulin, à Saint-Méard, c'est à côté de chez moi.", "Regards croisés", "fréquente la bibliothèque"),
        ]
    )

    /// A social worker at the social centre who took on digital help; published without her name.
    static let socialCentreAdvisor = Interview(
        slug: "une-conseillere-en-economie-sociale-et-familiale",
        profile: RespondentProfile(
            displayName: "Yasmine Charef", post: "Conseillère en économie sociale et familiale, référente numérique",
            employer: "Centre socioculturel La Passerelle", context: .outsideLibrary,
            territory: "Vallières-sur-Arlène et Les Essarts-d'Arlène", departement: departement,
            interviewDate: day(2, 24), consent: .anonymous
        ),
        tags: ["centre social", "familles", "accès aux droits", "allophones"],
        mediatorEmail: nil,
        status: .published,
        answers: [
            "A1": "J'ai un BTS en économie sociale et familiale, puis le diplôme d'État de conseillère en économie sociale et familiale. Le numérique n'y tenait presque aucune place, à part un module sur l'accès aux droits. J'ai complété plus tard par une formation courte d'aidant numérique proposée par le département.",
            "A2": "J'ai commencé chez un bailleur social, à accompagner des familles en difficulté de paiement. C'est là que j'ai vu arriver la dématérialisation : les dossiers CAF, les demandes de logement, tout passait en ligne, et les familles que je suivais décrochaient. Quand le centre social a cherché quelqu'un pour son accueil social, avec une mission numérique, j'ai sauté sur l'occasion. Ça fait cinq ans.",
            "A3": "Sur l'accès aux droits et l'accompagnement des familles, oui, complètement. Sur la technique pure, beaucoup moins : quand un téléphone plante, j'appelle la médiatrice numérique de l'équipe. Je dirais que je suis légitime pour accompagner une personne, pas pour réparer un appareil.",
            "A4": "Pour moi, le numérique n'est jamais un sujet isolé : derrière une demande de mot de passe, il y a souvent une situation de vie compliquée. Ma mission, c'est d'aider la famille à reprendre la main sur ses démarches, à son rythme. On me demande de faire à la place, oui, surtout quand il y a une urgence : une aide coupée, un logement en jeu. Dans ces cas-là, je fais avec la personne assise à côté de moi, en lui expliquant chaque écran, même si ça prend plus de temps. Je refuse de garder les identifiants des gens, même quand ils insistent.",
            "A5": "Je fais partie de l'équipe famille du centre social, avec deux animatrices et la directrice. Je travaille en binôme avec la médiatrice numérique : elle s'occupe des ateliers et de la technique, moi du suivi social. Nous nous passons les personnes selon ce qui domine dans leur demande.",
            "A6": "Je pense que les travailleurs sociaux vont devoir devenir un peu médiateurs numériques, qu'ils le veuillent ou non, parce que l'accès aux droits passe entièrement par les écrans. Il faudrait que ce soit reconnu et que ça entre dans les formations. L'IA, je la vois surtout comme un outil de traduction, qui nous rend déjà service avec les familles qui ne parlent pas français.",
            "B7": "Des familles, beaucoup de mères seules, des personnes qui ne parlent pas ou peu le français, quelques jeunes qui sortent de l'aide sociale à l'enfance. Les demandes tournent autour de la CAF, de la demande de logement, de l'inscription à l'école et de l'espace numérique de travail des enfants. Souvent, la personne a un téléphone mais pas d'adresse e-mail qu'elle sait consulter, et c'est la première chose à régler.",
            "B8": "Sur le téléphone de la personne, dans l'immense majorité des cas : beaucoup de familles n'ont pas d'ordinateur à la maison. Pour les dossiers longs ou les pièces à scanner, on utilise le poste du point d'accès numérique CAF du centre. Jamais mon propre téléphone.",
            "B9": "Pas toujours. Le poste du point CAF est vieux, et à l'antenne on n'a qu'une table et le Wi-Fi du bâtiment, qui coupe souvent. Et surtout, on manque d'interprètes : l'outil de traduction dépanne, mais pour un dossier de titre de séjour, ce n'est pas suffisant.",
            "B10": "Au centre social, et deux jours par semaine à son antenne. Les familles viennent de toute la moitié sud de la communauté de communes.",
            "B11": "Oui, c'est même l'essentiel de mon travail : accompagnement budgétaire, soutien à la parentalité, aide au logement. Le numérique traverse tout ça sans être une médiation à part.",
            "C12": "Je les connais surtout par les animations pour les enfants, où j'emmène des familles. Je sais qu'elles font aussi des ateliers numériques, mais j'ai l'impression qu'ils s'adressent plutôt à des personnes déjà à l'aise avec la lecture et le français. C'est un lieu où nos familles ne vont pas spontanément : elles pensent que ce n'est pas pour elles.",
            "C13": "Oui, et c'est un vrai travail de les y emmener. J'oriente vers la Médiathèque de la Halle pour les lectures aux bébés, l'aide aux devoirs et les ateliers de conversation en français. Pour le numérique, j'y envoie les jeunes qui cherchent un endroit calme pour travailler sur un ordinateur.",
            "C14": "Oui, avec mes propres enfants, et avec les familles lors des sorties que nous organisons. Mais je connais mal la petite médiathèque voisine de notre antenne, alors que nous sommes presque porte à porte.",
            "C15": "Pour emprunter des albums et des livres, et pour les animations. Nous avons monté avec la Médiathèque de la Halle un atelier « parents et écrans » l'an dernier : eux apportaient les livres et la salle, nous les familles.",
        ],
        codings: [
            code("A3", "Je dirais que je suis légitime pour accompagner une personne, pas pour réparer un appareil.", "Posture", "légitimité ressentie"),
            code("A4", "derrière une demande de mot de passe, il y a souvent une situation de vie compliquée", "Compétences", "relationnelles"),
            code("A4", "Dans ces cas-là, je fais avec la personne assise à côté de moi, en lui expliquant chaque écran, même si ça prend plus de temps.",
                 "Posture", "faire avec", memo: "Faire avec maintenu même dans l'urgence sociale."),
            code("A4", "Je refuse de garder les identifiants des gens, même quand ils insistent.", "Posture", "limites du périmètre"),
            code("A6", "Je pense que les travailleurs sociaux vont devoir devenir un peu médiateurs numériques, qu'ils le veuillent ou non, parce que l'accès aux droits passe entièrement par les écrans.",
                 "Avenir du métier", "coopération avec d'autres métiers"),
            code("A6", "L'IA, je la vois surtout comme un outil de traduction, qui nous rend déjà service avec les familles qui ne parlent pas français.",
                 "Avenir du métier", "IA"),
            code("B7", "Des familles, beaucoup de mères seules, des personnes qui ne parlent pas ou peu le français, quelques jeunes qui sortent de l'aide sociale à l'enfance.",
                 "Publics", "familles"),
            code("B7", "Des familles, beaucoup de mères seules, des personnes qui ne parlent pas ou peu le français, quelques jeunes qui sortent de l'aide sociale à l'enfance.",
                 "Publics", "allophones"),
            code("B7", "Les demandes tournent autour de la CAF, de la demande de logement, de l'inscription à l'école et de l'espace numérique de travail des enfants.",
                 "Demandes", "démarches en ligne"),
            code("B8", "Sur le téléphone de la personne, dans l'immense majorité des cas : beaucoup de familles n'ont pas d'ordinateur à la maison.",
                 "Matériel", "de la personne"),
            code("C13", "J'oriente vers la Médiathèque de la Halle pour les lectures aux bébés, l'aide aux devoirs et les ateliers de conversation en français.",
                 "Regards croisés", "oriente vers la bibliothèque"),
            code("C15", "Nous avons monté avec la Médiathèque de la Halle un atelier « parents et écrans » l'an dernier : eux apportaient les livres et la salle, nous les familles.",
                 "Regards croisés", "travaille avec l'autre champ"),
        ]
    )

    /// A former web developer who runs an associative third place; a draft, not to be published.
    static let thirdPlaceAnimator = Interview(
        slug: "animateur-tiers-lieu-associatif",
        profile: RespondentProfile(
            displayName: "Thibault Ricard", post: "Animateur numérique", employer: "Association Le Fil d'Arlène (tiers-lieu)",
            context: .outsideLibrary, territory: "Puylaurier", departement: departement,
            interviewDate: day(3, 3), consent: PublicationConsent.none
        ),
        tags: ["tiers-lieu", "association", "réemploi", "logiciels libres"],
        mediatorEmail: nil,
        status: .draft,
        answers: [
            "A1": "Un master en informatique, spécialité développement web. J'ai aussi obtenu par la VAE le titre de responsable d'espace de médiation numérique il y a deux ans, surtout pour que l'association puisse répondre aux appels à projets.",
            "A2": "J'ai été développeur pendant dix ans dans une agence web, à faire des sites que je trouvais de moins en moins utiles. Après un épuisement professionnel, je suis venu m'installer à Puylaurier, où nous avons monté avec des amis un tiers-lieu associatif : atelier de réparation, fab lab, café. L'aide numérique est arrivée toute seule, parce que les voisins venaient avec leur ordinateur en panne. L'association a fini par créer un poste, que j'occupe à trois quarts de temps.",
            "A3": "Techniquement, oui, largement. Humainement, j'ai dû désapprendre beaucoup de choses : le jargon, l'impatience, l'idée qu'il existe une bonne façon d'utiliser un ordinateur. Je me sens légitime dans un cadre associatif, moins quand on me demande des choses administratives, pour lesquelles je n'ai aucune formation.",
            "A4": "Mon but, c'est que les gens reprennent le pouvoir sur leurs outils : comprendre, réparer, choisir. Je ne fais jamais à la place, c'est une règle de l'association, et on l'affiche au mur. Si quelqu'un veut juste qu'on règle son problème sans rien apprendre, je l'oriente vers un réparateur ou vers la mairie. Les démarches administratives ne sont pas dans mon périmètre : je n'en ai ni la compétence ni l'envie.",
            "A5": "Je suis le seul salarié de l'association, avec une quinzaine de bénévoles actifs. Je coordonne l'atelier de réparation du samedi et je tiens deux après-midi d'accompagnement par semaine. Les décisions se prennent collectivement, ce qui est parfois lent mais donne beaucoup de sens.",
            "A6": "J'espère que la médiation numérique deviendra plus politique : apprendre aux gens à choisir leurs outils, à faire durer leur matériel, à protéger leurs données. L'IA générative, pour l'instant, je la vois surtout comme une nouvelle façon de rendre les gens dépendants de quelques grandes entreprises. Je préfère qu'on parle de sobriété et de logiciels libres.",
            "B7": "Des retraités, mais aussi beaucoup de néoruraux et de jeunes qui viennent pour le fab lab. Les demandes : un ordinateur lent, un téléphone qui ne tient plus la charge, des conseils avant d'acheter, parfois l'installation de Linux. Assez peu de démarches administratives, parce que les gens savent que ce n'est pas notre rôle.",
            "B8": "Sur le matériel des personnes, d'abord, puisque le but est de le réparer ou de le garder plus longtemps. L'association a aussi des ordinateurs reconditionnés qu'elle prête ou vend à petit prix. J'utilise parfois mes propres outils, un tournevis, une clé USB de démarrage, mais jamais mes comptes.",
            "B9": "Le local est correct, et la fibre est arrivée l'an dernier. Ce qui manque, ce sont des financements stables : on vit d'appels à projets d'un an, et je passe un temps fou à remplir des dossiers plutôt qu'à accompagner.",
            "B10": "Au tiers-lieu, à Puylaurier, et ponctuellement dans des villages voisins quand un comité des fêtes ou une association nous invite. Un lieu principal, donc, et trois ou quatre interventions par an ailleurs.",
            "B11": "Oui : la réparation, le réemploi, un peu d'éducation à l'environnement. Pour moi, c'est la même chose que la médiation numérique, vue sous un autre angle.",
            "C12": "Je connais mal. J'ai l'image d'un lieu calme, pour les livres et les enfants, et je sais qu'il s'y fait des ateliers numériques, mais je n'y ai jamais assisté. J'imagine que c'est plus encadré que chez nous, avec des horaires et des règles plus strictes.",
            "C13": "Rarement. Une fois ou deux, j'ai conseillé à quelqu'un d'aller emprunter une liseuse à la médiathèque plutôt que d'en acheter une. Je devrais sans doute le faire plus souvent.",
            "C14": "Non, pas depuis des années. Je lis surtout en ligne, ou des livres qu'on s'échange au café du tiers-lieu.",
            "C15": "Sans objet pour l'instant. Mais si une médiathèque voulait accueillir un atelier de réparation, je serais partant.",
        ],
        codings: [
            code("A3", "Humainement, j'ai dû désapprendre beaucoup de choses : le jargon, l'impatience, l'idée qu'il existe une bonne façon d'utiliser un ordinateur.",
                 "Compétences", "pédagogiques"),
            code("A4", "Mon but, c'est que les gens reprennent le pouvoir sur leurs outils : comprendre, réparer, choisir.", "Posture", "autonomie visée"),
            code("A4", "Je ne fais jamais à la place, c'est une règle de l'association, et on l'affiche au mur.",
                 "Posture", "faire avec", memo: "Refus de principe du faire à la place, inscrit dans les règles du lieu."),
            code("A4", "Les démarches administratives ne sont pas dans mon périmètre : je n'en ai ni la compétence ni l'envie.", "Posture", "limites du périmètre"),
            code("A6", "L'IA générative, pour l'instant, je la vois surtout comme une nouvelle façon de rendre les gens dépendants de quelques grandes entreprises.",
                 "Avenir du métier", "IA", memo: "Regard critique : l'IA comme dépendance."),
            code("B7", "Les demandes : un ordinateur lent, un téléphone qui ne tient plus la charge, des conseils avant d'acheter, parfois l'installation de Linux.",
                 "Demandes", "conseil d'achat"),
            code("B8", "Sur le matériel des personnes, d'abord, puisque le but est de le réparer ou de le garder plus longtemps.", "Matériel", "de la personne"),
            code("B9", "Ce qui manque, ce sont des financements stables : on vit d'appels à projets d'un an, et je passe un temps fou à remplir des dossiers plutôt qu'à accompagner.",
                 "Moyens", "insuffisants"),
            code("C13", "Une fois ou deux, j'ai conseillé à quelqu'un d'aller emprunter une liseuse à la médiathèque plutôt que d'en acheter une.",
                 "Regards croisés", "oriente vers la bibliothèque", memo: "Orientation rare : l'autre champ reste peu connu."),
        ]
    )
}
