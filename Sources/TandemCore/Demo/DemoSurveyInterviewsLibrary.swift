import Foundation

// The three demo interviews in the library network. Part C is answered in the `library` wording:
// what the places outside libraries do, where people are sent, who is known there.

extension DemoSurvey {
    /// A librarian who learnt digital help on the job; linked to the demo account of the same name.
    static let sophieMarty = Interview(
        slug: "sophie-marty",
        profile: RespondentProfile(
            displayName: "Sophie Marty", post: "Bibliothécaire", employer: "Réseau des médiathèques des Coteaux de l'Arlène",
            context: .library, territory: "Vallières-sur-Arlène et Saint-Méard-des-Coteaux", departement: departement,
            interviewDate: day(1, 13), consent: .named
        ),
        tags: ["bibliothécaire", "seniors", "ateliers", "éducation aux médias"],
        mediatorEmail: "sophie.marty@coteaux-arlene.example",
        status: .published,
        answers: [
            "A1": "J'ai fait une licence d'histoire, puis un DUT métiers du livre en alternance. Rien sur le numérique, ou si peu : un module de recherche documentaire et un peu de catalogage informatisé. Tout ce que je sais sur l'accompagnement des personnes, je l'ai appris sur le tas.",
            "A2": "Je suis entrée au réseau il y a douze ans, d'abord sur un poste d'accueil et de prêt à la Médiathèque de la Halle. Quand l'espace numérique a ouvert, personne ne voulait vraiment s'en occuper, et comme je me débrouillais avec les ordinateurs, on me l'a confié. J'ai suivi quelques journées de formation avec la bibliothèque départementale, et le reste s'est fait au fil des questions des lecteurs. Aujourd'hui, je partage mon temps entre les collections jeunesse et la médiation numérique, entre Vallières et Saint-Méard.",
            "A3": "Plus qu'avant, mais pas complètement. Face à une personne qui ne sait pas ouvrir sa boîte mail, oui, je me sens à ma place : je sais prendre le temps, expliquer, recommencer. Sur les démarches administratives, c'est autre chose : je ne suis pas formée aux droits sociaux et j'ai toujours peur de dire une bêtise qui aurait des conséquences. Je n'ai pas le titre de conseillère numérique, et je me demande parfois si les gens n'attendent pas de moi plus que ce que je peux leur offrir.",
            "A4": "Pour moi, le médiateur numérique rend les gens capables de faire seuls, ou au moins de comprendre ce qu'ils font. Le téléphone, les e-mails, les photos, la lecture numérique, la recherche d'information, les arnaques : tout ça, c'est dans mon périmètre. Remplir une déclaration d'impôts à la place de quelqu'un, non : je l'accompagne sur l'écran, mais c'est lui qui tient la souris. On me demande souvent de faire à la place, surtout les personnes âgées qui me disent « vous irez plus vite que moi ». C'est vrai, mais dans quinze jours elles reviendront avec le même problème.",
            "A5": "Je suis la seule de mon équipe à faire du numérique de manière régulière, donc je suis un peu « la personne ressource » pour les collègues. Ils m'envoient les lecteurs qui bloquent sur un téléphone, et je les forme de temps en temps sur les liseuses ou le portail du réseau. Julie, la conseillère numérique, a beaucoup allégé ma charge depuis son arrivée : on se répartit les ateliers.",
            "A6": "Je crois que les demandes vont se déplacer : moins de prise en main pure, plus de questions sur la sécurité, les arnaques et ce qu'on fait de nos données. L'intelligence artificielle arrive déjà au bureau de prêt : des lecteurs me demandent si on peut « faire confiance à ChatGPT » pour une lettre ou un exposé. Je pense que c'est là que les bibliothèques ont une vraie carte à jouer, sur l'esprit critique et l'éducation aux médias, plus que sur les démarches.",
            "B7": "Surtout des retraités, souvent des femmes seules, qui viennent avec leur téléphone et une liste de questions écrites sur un papier. Envoyer une photo aux petits-enfants, retrouver un mail, installer l'application de la banque, comprendre pourquoi le téléphone est plein. Il y a aussi quelques demandeurs d'emploi qui viennent imprimer un CV ou postuler, et des parents qui découvrent l'espace numérique de l'école à la rentrée. Les démarches de santé reviennent de plus en plus : le compte Ameli, Mon espace santé.",
            "B8": "Le plus souvent sur le téléphone de la personne, parce que c'est celui qu'elle utilisera chez elle. Pour les ateliers, on a des tablettes de la médiathèque, ce qui évite que chacun arrive avec un modèle différent. Les ordinateurs de l'espace numérique servent surtout pour la bureautique et les candidatures. Je n'utilise jamais mon propre téléphone, par principe.",
            "B9": "En partie. Le Wi-Fi de la Halle est correct, mais celui de Saint-Méard tombe dès qu'il y a plus de cinq personnes connectées. Le filtrage du réseau bloque parfois des sites tout à fait légitimes, y compris certains sites administratifs, et il faut une semaine pour obtenir un déblocage. Surtout, ce qui manque, c'est du temps : la médiation numérique passe après le service public et les acquisitions.",
            "B10": "Je travaille dans deux médiathèques du réseau : la Médiathèque de la Halle à Vallières-sur-Arlène, où se trouve l'espace numérique, et la Médiathèque du Moulin à Saint-Méard-des-Coteaux. Les gens viennent aussi des communes voisines, parfois de Combelière ou de Montbrun, parce que nous sommes ouverts le samedi.",
            "B11": "Oui, c'est même le cœur de mon métier : la médiation autour de la lecture, les accueils de classes, les lectures pour les tout-petits, un club de lecture pour adultes. Pour moi, la médiation numérique n'en est qu'une forme de plus. On accompagne quelqu'un vers un livre ou vers une application, c'est la même attention à la personne.",
            "C12": "Je les vois plus tournés vers les démarches et l'accès aux droits, avec des agents formés à ça et des partenaires derrière, comme la CAF ou l'Assurance maladie. À France Services, ils ont une habilitation pour agir au nom des personnes, ce que nous n'avons pas. Leur public est sans doute plus pressé : on vient avec un problème à régler aujourd'hui, alors qu'ici on vient souvent pour apprendre.",
            "C13": "Oui, souvent. Pour un dossier de retraite, une demande de titre de séjour ou un problème avec la CAF, j'envoie vers France Services des Coteaux, à Montbrun, en prévenant la personne qu'il faut prendre rendez-vous. Pour les familles, je pense aussi au centre socioculturel La Passerelle, qui fait un accompagnement plus global.",
            "C14": "Oui, je connais Karim, le conseiller numérique itinérant de la communauté de communes, et Isabelle, à France Services. Je connais moins bien l'équipe de La Passerelle, à part de nom.",
            "C15": "On se retrouve aux réunions du réseau d'inclusion numérique que la communauté de communes organise deux fois par an. Avec Karim, on a monté ensemble un atelier sur les arnaques en ligne à la Médiathèque du Moulin l'an dernier. Sinon, c'est surtout du bouche-à-oreille : on s'appelle quand on hésite sur l'endroit où envoyer quelqu'un.",
        ],
        codings: [
            code("A3", "Sur les démarches administratives, c'est autre chose : je ne suis pas formée aux droits sociaux et j'ai toujours peur de dire une bêtise qui aurait des conséquences.",
                 "Posture", "légitimité ressentie", memo: "Légitime pour la prise en main, pas pour les démarches : la frontière passe par l'accès aux droits."),
            code("A4", "je l'accompagne sur l'écran, mais c'est lui qui tient la souris", "Posture", "faire avec"),
            code("A4", "On me demande souvent de faire à la place, surtout les personnes âgées qui me disent « vous irez plus vite que moi ».",
                 "Posture", "faire à la place", memo: "Demande fréquente, refusée au nom de l'autonomie."),
            code("A6", "des lecteurs me demandent si on peut « faire confiance à ChatGPT » pour une lettre ou un exposé", "Demandes", "IA"),
            code("A6", "Je pense que c'est là que les bibliothèques ont une vraie carte à jouer, sur l'esprit critique et l'éducation aux médias, plus que sur les démarches.",
                 "Avenir du métier", "littératie"),
            code("B7", "Surtout des retraités, souvent des femmes seules, qui viennent avec leur téléphone et une liste de questions écrites sur un papier.", "Publics", "seniors"),
            code("B7", "Envoyer une photo aux petits-enfants, retrouver un mail, installer l'application de la banque, comprendre pourquoi le téléphone est plein.",
                 "Demandes", "e-mail, documents, photos"),
            code("B7", "Les démarches de santé reviennent de plus en plus : le compte Ameli, Mon espace santé.", "Demandes", "santé"),
            code("B8", "Le plus souvent sur le téléphone de la personne, parce que c'est celui qu'elle utilisera chez elle.", "Matériel", "de la personne"),
            code("B9", "Le filtrage du réseau bloque parfois des sites tout à fait légitimes, y compris certains sites administratifs, et il faut une semaine pour obtenir un déblocage.",
                 "Moyens", "insuffisants"),
            code("C13", "Pour un dossier de retraite, une demande de titre de séjour ou un problème avec la CAF, j'envoie vers France Services des Coteaux, à Montbrun, en prévenant la personne qu'il faut prendre rendez-vous.",
                 "Regards croisés", "oriente hors bibliothèque"),
            code("C15", "Avec Karim, on a monté ensemble un atelier sur les arnaques en ligne à la Médiathèque du Moulin l'an dernier.",
                 "Regards croisés", "travaille avec l'autre champ"),
        ]
    )

    /// A young civic-service volunteer who became the network's conseillère numérique; linked.
    static let julieCastagne = Interview(
        slug: "julie-castagne",
        profile: RespondentProfile(
            displayName: "Julie Castagné", post: "Conseillère numérique", employer: "Réseau des médiathèques des Coteaux de l'Arlène",
            context: .library, territory: "Coteaux de l'Arlène (quatre médiathèques du réseau)", departement: departement,
            interviewDate: day(1, 20), consent: .named
        ),
        tags: ["conseiller numérique", "médiathèque", "IA", "formation des agents"],
        mediatorEmail: "julie.castagne@coteaux-arlene.example",
        status: .published,
        answers: [
            "A1": "J'ai un bac général et j'ai commencé une licence de psychologie que je n'ai pas terminée. En devenant conseillère numérique, j'ai suivi la formation prévue par le dispositif, puis j'ai passé le titre professionnel de responsable d'espace de médiation numérique. C'est ma seule vraie formation dans le domaine, mais elle était très concrète.",
            "A2": "Après ma deuxième année de fac, je ne savais plus trop quoi faire, et j'ai fait un service civique de huit mois à la Médiathèque de la Halle, sur l'accueil numérique. J'aidais les gens à imprimer, à se connecter, à remplir un formulaire, et je me suis rendu compte que j'adorais ça. Quand le réseau a obtenu un poste de conseiller numérique, Claire, la coordinatrice, m'a encouragée à postuler. Ça fait maintenant quatre ans.",
            "A3": "Oui, aujourd'hui oui. Au début, j'avais vingt-deux ans, et face à des gens de l'âge de mes grands-parents je me sentais un peu imposteur. Ce qui m'a rendue légitime, ce n'est pas tant le titre que les gens qui reviennent et me disent qu'ils ont réussi seuls. Et le fait d'être identifiée par les collègues comme celle qui sait, même si je ne sais pas tout.",
            "A4": "Ma mission, c'est que les personnes repartent un peu plus autonomes qu'elles ne sont arrivées, même d'un petit pas. J'accompagne sur les usages du quotidien, la sécurité, la culture numérique, et je forme les collègues du réseau. Ce qui sort de mon périmètre, c'est tout ce qui engage la personne à sa place : je ne saisis pas de mot de passe, je ne valide pas un paiement, je ne signe rien. Oui, on me demande de faire à la place, plusieurs fois par semaine. Je dis non gentiment, et je propose de faire ensemble, étape par étape, en notant tout sur une fiche que la personne emporte.",
            "A5": "Je suis rattachée au réseau et je tourne sur les quatre équipements, donc je suis à la fois partout et un peu nulle part. Dans chaque médiathèque, j'ai une collègue référente avec qui je prépare le planning des ateliers. Je fais aussi de la formation interne : cette année, tous les agents du réseau ont suivi une demi-journée sur l'accueil des demandes numériques, pour savoir répondre aux questions simples et repérer celles qu'il faut m'envoyer.",
            "A6": "L'IA va tout changer, et en même temps pas tant que ça. Les gens vont avoir des assistants qui remplissent les formulaires à leur place, mais il faudra toujours quelqu'un pour leur expliquer ce qui a été fait en leur nom et vérifier que c'est juste. Je pense que notre métier deviendra davantage un métier d'éducation critique que de dépannage. J'aimerais aussi que le poste soit enfin pérennisé : on vit au rythme des financements, et ça use.",
            "B7": "Beaucoup de seniors, c'est vrai, mais pas seulement : des adolescents qui veulent apprendre à monter une vidéo, des personnes en recherche d'emploi, des parents perdus devant les applications de l'école. Les demandes les plus fréquentes restent la prise en main du smartphone, les e-mails et le rangement des photos. Depuis un an, on me parle beaucoup d'IA : comment ça marche, est-ce que c'est dangereux, est-ce que ça peut m'aider à écrire une lettre.",
            "B8": "En atelier, on travaille sur les tablettes du réseau, pour que tout le monde ait le même écran sous les yeux. En rendez-vous individuel, c'est presque toujours le téléphone de la personne. J'ai un ordinateur portable de service pour les présentations, mais je ne m'en sers jamais pour faire une démarche à la place de quelqu'un.",
            "B9": "Globalement oui, le réseau a bien investi : tablettes, vidéoprojecteurs, un écran interactif à Vallières. La vraie difficulté, c'est la Bibliothèque de Combelière, où la connexion est très lente et où il n'y a que deux postes. Là-bas, je fais surtout des ateliers sans connexion, sur les réglages du téléphone.",
            "B10": "J'interviens dans les quatre lieux du réseau des médiathèques : Vallières-sur-Arlène, Saint-Méard-des-Coteaux, Combelière et Les Essarts-d'Arlène. Ça représente à peu près toute la moitié ouest de la communauté de communes. Je me déplace avec un sac de tablettes dans le coffre.",
            "B11": "Un peu. J'anime un club de jeux vidéo pour les ados un samedi par mois, et je participe aux animations autour de la lecture numérique. Mais je ne suis pas bibliothécaire, et je n'ai pas la prétention de conseiller des romans.",
            "C12": "Ils font un travail énorme sur les démarches, que nous ne pourrions pas faire aussi bien. J'ai l'impression qu'ils sont souvent dans l'urgence, avec des gens qui arrivent avec un courrier de la CAF et une date limite. Ici, nous avons le luxe du temps long, des ateliers sur plusieurs semaines. Les deux sont complémentaires, à condition de se connaître.",
            "C13": "Oui, tout le temps. Quand quelqu'un a besoin d'une démarche complexe, je l'envoie à France Services des Coteaux, ou vers Karim si la personne habite une commune où il tient une permanence. Pour les familles qui ont besoin d'un accompagnement plus large, je pense à La Passerelle.",
            "C14": "Oui, je les connais tous : Karim et moi, nous nous sommes formés en même temps, et nous nous retrouvons dans le réseau des conseillers numériques du département. Je connais aussi Isabelle à France Services et Léa à La Passerelle.",
            "C15": "Nous avons un groupe de discussion commun où l'on se pose des questions, où l'on partage des fiches et des alertes sur les arnaques du moment. Nous avons organisé ensemble une semaine du numérique l'an dernier, avec des ateliers dans chaque lieu. Et nous nous envoyons des personnes, en nous passant un coup de fil avant, pour que personne ne se sente ballotté.",
        ],
        codings: [
            code("A3", "Ce qui m'a rendue légitime, ce n'est pas tant le titre que les gens qui reviennent et me disent qu'ils ont réussi seuls.",
                 "Posture", "légitimité ressentie", memo: "Légitimité tirée de l'autonomie des personnes, pas du diplôme."),
            code("A4", "Ma mission, c'est que les personnes repartent un peu plus autonomes qu'elles ne sont arrivées, même d'un petit pas.", "Posture", "autonomie visée"),
            code("A4", "je ne saisis pas de mot de passe, je ne valide pas un paiement, je ne signe rien", "Posture", "limites du périmètre"),
            code("A4", "Je dis non gentiment, et je propose de faire ensemble, étape par étape, en notant tout sur une fiche que la personne emporte.",
                 "Posture", "faire avec", memo: "La fiche remise à la personne garde la trace de ce qui a été fait ensemble."),
            code("A5", "cette année, tous les agents du réseau ont suivi une demi-journée sur l'accueil des demandes numériques",
                 "Accompagnement", "formation interne (agents, élus)"),
            code("A6", "Les gens vont avoir des assistants qui remplissent les formulaires à leur place, mais il faudra toujours quelqu'un pour leur expliquer ce qui a été fait en leur nom et vérifier que c'est juste.",
                 "Avenir du métier", "IA"),
            code("B7", "Les demandes les plus fréquentes restent la prise en main du smartphone, les e-mails et le rangement des photos.", "Demandes", "prise en main"),
            code("B7", "Depuis un an, on me parle beaucoup d'IA : comment ça marche, est-ce que c'est dangereux, est-ce que ça peut m'aider à écrire une lettre.", "Demandes", "IA"),
            code("B8", "En atelier, on travaille sur les tablettes du réseau, pour que tout le monde ait le même écran sous les yeux.", "Matériel", "de la structure"),
            code("B10", "Je me déplace avec un sac de tablettes dans le coffre.", "Accompagnement", "itinérance, plusieurs lieux"),
            code("C13", "Quand quelqu'un a besoin d'une démarche complexe, je l'envoie à France Services des Coteaux, ou vers Karim si la personne habite une commune où il tient une permanence.",
                 "Regards croisés", "oriente hors bibliothèque"),
            code("C15", "Nous avons organisé ensemble une semaine du numérique l'an dernier, avec des ateliers dans chaque lieu.",
                 "Regards croisés", "travaille avec l'autre champ"),
        ]
    )

    /// A long-serving library assistant to whom digital help came unasked; published without her
    /// name, and not linked to any account.
    static let assistantLibrarian = Interview(
        slug: "une-assistante-de-conservation",
        profile: RespondentProfile(
            displayName: "Martine Lestrade", post: "Assistante de conservation", employer: "Médiathèque des Essarts",
            context: .library, territory: "Les Essarts-d'Arlène", departement: departement,
            interviewDate: day(2, 3), consent: .anonymous
        ),
        tags: ["bibliothécaire", "seniors", "milieu rural"],
        mediatorEmail: nil,
        status: .published,
        answers: [
            "A1": "Un bac littéraire, un DUT métiers du livre, puis le concours d'assistant de conservation, que j'ai eu du deuxième coup. À l'époque, le numérique dans la formation, c'était le catalogue informatisé et le CD-ROM. Depuis, j'ai fait quelques formations courtes, sur les ressources numériques et la lecture sur liseuse.",
            "A2": "J'ai fait toute ma carrière en bibliothèque, d'abord dans une grande ville, puis ici, quand cette médiathèque a ouvert. Je suis venue pour les livres, pour la jeunesse surtout. Le numérique m'est tombé dessus petit à petit : d'abord les postes internet, puis les gens qui demandaient de l'aide, puis tout le reste. Personne ne m'a vraiment demandé mon avis.",
            "A3": "Franchement, pas vraiment. Je me débrouille sur les choses simples, mais dès que ça se complique, je me sens vite dépassée, et j'ai peur de faire une erreur sur le compte de quelqu'un. Les jeunes collègues sont nés avec ça, moi non. Je dirais que je suis une bibliothécaire qui aide comme elle peut, pas une médiatrice numérique.",
            "A4": "En théorie, on doit apprendre aux gens à se débrouiller seuls, et je suis d'accord. En pratique, quand trois personnes attendent et qu'une dame de quatre-vingt-cinq ans n'y voit pas bien, il m'arrive de remplir le formulaire moi-même. Je sais que ce n'est pas l'idéal, mais je ne vais pas la laisser repartir sans rien. Ce qui n'est pas de mon ressort, ce sont les impôts et tout ce qui touche à l'argent : là, je refuse et j'oriente.",
            "A5": "Je suis responsable de la médiathèque, avec une collègue à mi-temps et des bénévoles. Pour le numérique, je m'appuie beaucoup sur la conseillère numérique du réseau, qui vient une fois par semaine. Le reste du temps, c'est moi qui réponds, entre deux retours de livres.",
            "A6": "Je suis un peu inquiète. Tout passe par internet, même prendre rendez-vous chez le médecin, et les gens qui n'y arrivent pas sont de plus en plus seuls. Avec l'intelligence artificielle, j'ai peur qu'il soit encore plus difficile de savoir ce qui est vrai. J'espère qu'on aura plus de postes de conseillers, parce que les bibliothécaires ne pourront pas tout absorber.",
            "B7": "Surtout des personnes âgées du bourg et des hameaux autour, qui n'ont pas d'ordinateur chez elles. Elles viennent pour imprimer un document, lire leurs mails, ou parce que leur téléphone « ne marche plus ». Nous avons aussi quelques lycéens qui viennent travailler sur les postes le mercredi.",
            "B8": "Le plus souvent sur les postes de la médiathèque, parce que beaucoup n'ont pas d'ordinateur. De plus en plus sur leur téléphone, mais chaque modèle est différent et je ne les connais pas tous. Jamais sur mon matériel personnel.",
            "B9": "Non, pas vraiment. Nos trois postes ont six ans et sont très lents, et l'imprimante est en panne une semaine sur deux. Le Wi-Fi est correct, mais je manque surtout de temps et de formation : je fais le numérique en plus de tout le reste.",
            "B10": "Uniquement dans ma médiathèque. Nos lecteurs viennent aussi des communes voisines et des hameaux : il n'y a pas grand-chose d'autre dans ce coin.",
            "B11": "Bien sûr, c'est mon métier de base : accueil des classes, heure du conte, prix des lecteurs, portage de livres à domicile pour les personnes qui ne peuvent plus se déplacer. Le portage, d'ailleurs, c'est souvent là qu'on me pose des questions sur le téléphone ou la télévision.",
            "C12": "Je connais mal. Je sais qu'il y a France Services à Montbrun et une antenne de centre social tout près d'ici, mais je ne sais pas exactement ce qu'ils font. J'imagine que c'est plus administratif, plus pour les papiers, et qu'ils ont davantage de moyens que nous.",
            "C13": "Parfois, pour les impôts ou la retraite, je donne l'adresse de France Services. Mais je ne sais pas toujours si c'est le bon endroit, et les gens n'ont pas forcément de voiture pour aller jusqu'à Montbrun.",
            "C14": "Pas vraiment. Je connais de vue la personne du centre social qui tient la permanence à côté, on se croise au marché. Mais je n'ai jamais travaillé avec eux.",
            "C15": "Pour l'instant, dans aucun cadre. Ce serait pourtant logique : nous sommes à deux cents mètres les uns des autres et nous voyons sûrement les mêmes personnes. Il faudrait que quelqu'un organise une rencontre.",
        ],
        codings: [
            code("A1", "À l'époque, le numérique dans la formation, c'était le catalogue informatisé et le CD-ROM.",
                 "Compétences", "techniques", memo: "Formation initiale sans médiation numérique ; compétences acquises sur le tard."),
            code("A3", "Je dirais que je suis une bibliothécaire qui aide comme elle peut, pas une médiatrice numérique.",
                 "Posture", "légitimité ressentie", memo: "Légitimité faible : l'identité de bibliothécaire passe avant."),
            code("A4", "il m'arrive de remplir le formulaire moi-même", "Posture", "faire à la place",
                 memo: "Faire à la place par manque de temps et pour ne pas renvoyer la personne sans solution."),
            code("A4", "Ce qui n'est pas de mon ressort, ce sont les impôts et tout ce qui touche à l'argent : là, je refuse et j'oriente.",
                 "Posture", "limites du périmètre"),
            code("A6", "Avec l'intelligence artificielle, j'ai peur qu'il soit encore plus difficile de savoir ce qui est vrai.", "Avenir du métier", "IA"),
            code("B7", "Surtout des personnes âgées du bourg et des hameaux autour, qui n'ont pas d'ordinateur chez elles.", "Publics", "seniors"),
            code("B8", "Le plus souvent sur les postes de la médiathèque, parce que beaucoup n'ont pas d'ordinateur.", "Matériel", "de la structure"),
            code("B9", "Nos trois postes ont six ans et sont très lents, et l'imprimante est en panne une semaine sur deux.", "Moyens", "insuffisants"),
            code("C13", "Parfois, pour les impôts ou la retraite, je donne l'adresse de France Services.", "Regards croisés", "oriente hors bibliothèque"),
            code("C15", "Ce serait pourtant logique : nous sommes à deux cents mètres les uns des autres et nous voyons sûrement les mêmes personnes.",
                 "Avenir du métier", "coopération avec d'autres métiers", memo: "Coopération souhaitée, pas engagée : l'autre champ est voisin mais inconnu."),
        ]
    )
}
