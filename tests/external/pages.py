"""The pages the browser checks visit (test_pages.py), one line per page.

To check a new page, add a `Page(...)` to PAGES:

    Page("lieux", "/lieux"),                                    # public
    Page("activites", "/activites", account="mediator"),       # signed in as a demo mediator
    Page("lieu", first_link("/lieux", "a[href^='/lieux/']")),  # a path found by the browser

- `name` names the screenshots (screenshots/<name>-<width>.png) and the test.
- `path` is a path ("/activites?type=workshop"), or a function `(driver, base_url)` that returns
  a path or a full URL (it may browse to find it, e.g. the first place on /lieux).
- `account` is None for a public page, or the demo role to sign in as first: "mediator",
  "coordinator", "admin" or "researcher" (conftest.ROLES).
- `prepare`, if given, is a function `(driver, base_url)` run after the page is loaded and before
  the checks, to bring the page into the state to check (e.g. the form showing its errors).
"""

from dataclasses import dataclass
from typing import Callable, Optional, Union
from urllib.parse import urljoin

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


@dataclass(frozen=True)
class Page:
    name: str
    path: Union[str, Callable]
    account: Optional[str] = None
    prepare: Optional[Callable] = None

    def open(self, driver, base_url: str):
        """Loads the page in `driver` (already signed in if needed) and prepares it."""
        path = self.path(driver, base_url) if callable(self.path) else self.path
        driver.get(urljoin(base_url + "/", path))
        wait_loaded(driver)
        if self.prepare:
            self.prepare(driver, base_url)
            wait_loaded(driver)


def wait_loaded(driver, timeout: float = 20):
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def first_link(listing_path: str, css: str) -> Callable:
    """A `path` function: the href of the first element matching `css` on `listing_path`."""

    def find(driver, base_url):
        driver.get(urljoin(base_url + "/", listing_path))
        links = driver.find_elements(By.CSS_SELECTOR, css)
        assert links, f"no link matching {css!r} on {listing_path}"
        return links[0].get_attribute("href")

    find.__name__ = f"first_link({listing_path!r}, {css!r})"
    return find


def submit_empty_activity_form(driver, base_url):
    """Sends the new-activity form as it comes (no type chosen): the page shows its errors."""
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))


def submit_bad_place_form(driver, base_url):
    """Sends the new-place form with a wrong postal code and hours: the page shows its errors."""
    driver.find_element(By.ID, "lieu-code_postal").send_keys("7500")
    driver.find_element(By.ID, "lieu-horaires").send_keys("Mo-Fr 09:00-25:00")
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))


def held_session_closing(driver, base_url):
    """The attendance and closing form of a held session (the list's « Séances passées »); without
    one, the next session's closing page, which says it cannot be closed yet."""
    driver.get(urljoin(base_url + "/", "/gestion/ateliers"))
    links = (driver.find_elements(By.CSS_SELECTOR, "#seances-passees a[href$='/cloture']")
             or driver.find_elements(By.CSS_SELECTOR, "a[href$='/cloture']"))
    assert links, "no closing link on /gestion/ateliers"
    return links[0].get_attribute("href")


def submit_closing_without_devices(driver, base_url):
    """Sends the closing form with walk-ins but no device: the page shows its errors."""
    if not driver.find_elements(By.ID, "walkIns"):
        pytest.skip("the demo mediator has no held session to close")
    field = driver.find_element(By.ID, "walkIns")
    field.clear()
    field.send_keys("3")
    for box in driver.find_elements(By.CSS_SELECTOR, "input[name='devices']:checked"):
        box.click()
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))


def submit_bad_resource_form(driver, base_url):
    """Sends the new-resource form with no name and a link without http(s)://: errors show."""
    driver.find_element(By.ID, "url").send_keys("presse.example")
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))


def submit_empty_registration_form(driver, base_url):
    """Sends a workshop's registration form empty: the page shows its errors (nothing written)."""
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))


def publish_statistics(driver, base_url) -> str:
    """Publishes the signed-in coordinator's statistics of the last 12 months through the page's
    « Créer le lien de partage » form; the new link, read on the list of links it lands on."""
    driver.get(urljoin(base_url + "/", "/statistiques?period=last_12_months"))
    driver.find_element(By.CSS_SELECTOR, "section.share button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".private-link a[href*='/partage/']"))
    return driver.find_elements(By.CSS_SELECTOR, ".private-link a[href*='/partage/']")[0].get_attribute("href")


def shared_statistics(driver, base_url):
    """A shared statistics page, read signed out as its readers do."""
    link = publish_statistics(driver, base_url)
    driver.delete_all_cookies()
    return link


def statistics_shares(driver, base_url):
    """The coordinator's list of shared links, with at least one in it."""
    publish_statistics(driver, base_url)
    return "/statistiques/partages"


# An interview's page in the researcher's list (an id, not « nouveau »).
FIRST_INTERVIEW = first_link("/enquete/entretiens", "a[href^='/enquete/entretiens/'][href*='-']")


def first_interview_page(suffix: str) -> Callable:
    """A `path` function: a page under the first interview (« /codage », « /reponses »…)."""

    def find(driver, base_url):
        return FIRST_INTERVIEW(driver, base_url).rstrip("/") + suffix

    find.__name__ = f"first_interview_page({suffix!r})"
    return find


def survey_answer_link(driver, base_url):
    """The private answer link of the first interview, created by the signed-in researcher and
    then opened signed out, as the respondent does."""
    driver.get(FIRST_INTERVIEW(driver, base_url))
    driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='lien'] button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "lien-prive"))
    link = driver.find_element(By.ID, "lien-prive").get_attribute("value")
    driver.delete_all_cookies()
    return link


# A session's page, not the calendar files (/calendrier/ateliers/….ics) nor the listing itself.
FIRST_WORKSHOP = first_link("/ateliers", "a[href^='/ateliers/']:not([href$='.ics'])")

# A followed person's page in the mediator's list (an id, not « nouvelle » or « doublons »).
FIRST_PERSON = first_link("/personnes", "a[href^='/personnes/'][href*='-']")


def first_person_page(suffix: str) -> Callable:
    """A `path` function: a page under the first followed person (« /donnees », « /effacer »…)."""

    def find(driver, base_url):
        return FIRST_PERSON(driver, base_url).rstrip("/") + suffix

    find.__name__ = f"first_person_page({suffix!r})"
    return find


def submit_empty_person_form(driver, base_url):
    """Sends the new-person form empty: the page shows its errors (nothing written)."""
    driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "erreurs"))

PAGES = [
    Page("accueil", "/"),
    Page("lieux", "/lieux"),
    Page("lieux-recherche", "/lieux?q=coteaux&ouvert=1"),
    Page("lieux-aucun", "/lieux?q=zzzz"),
    Page("lieu", first_link("/lieux", "a[href^='/lieux/']")),
    Page("gestion-lieux", "/gestion/lieux", account="coordinator"),
    Page("gestion-lieu", first_link("/gestion/lieux", "a[href^='/gestion/lieux/'][href*='-']"), account="coordinator"),
    Page("gestion-lieu-erreurs", "/gestion/lieux/nouveau", account="coordinator", prepare=submit_bad_place_form),
    Page("gestion-lieux-import", "/gestion/lieux/import", account="coordinator"),
    Page("ressources", "/ressources"),
    Page("gestion-ressources", "/gestion/ressources", account="coordinator"),
    Page("gestion-ressource", first_link("/gestion/ressources", "a[href^='/gestion/ressources/'][href*='-']:not([href$='/supprimer'])"),
         account="coordinator"),
    Page("gestion-ressource-erreurs", "/gestion/ressources/nouvelle", account="coordinator", prepare=submit_bad_resource_form),
    Page("gestion-ressource-supprimer", first_link("/gestion/ressources", "a[href$='/supprimer']"), account="coordinator"),
    Page("ateliers", "/ateliers"),
    Page("ateliers-filtre-incompris", "/ateliers?theme=cuisine&du=31/02/2027"),
    Page("atelier", FIRST_WORKSHOP),
    Page("atelier-erreurs", FIRST_WORKSHOP, prepare=submit_empty_registration_form),
    Page("gestion-ateliers", "/gestion/ateliers", account="mediator"),
    Page("gestion-atelier-nouveau", "/gestion/ateliers/nouveau", account="mediator"),
    Page("gestion-atelier-inscriptions", first_link("/gestion/ateliers", "a[href$='/inscriptions']"), account="mediator"),
    Page("gestion-atelier-emargement", first_link("/gestion/ateliers", "a[href$='/emargement']"), account="mediator"),
    Page("gestion-atelier-cloture", held_session_closing, account="mediator"),
    Page("gestion-atelier-cloture-erreurs", held_session_closing, account="mediator", prepare=submit_closing_without_devices),
    Page("connexion", "/connexion"),
    Page("activite-nouvelle", "/activites/nouvelle", account="mediator"),
    Page("activite-erreurs", "/activites/nouvelle", account="mediator",
         prepare=submit_empty_activity_form),
    Page("activites", "/activites", account="mediator"),
    Page("activites-ateliers", "/activites?type=workshop", account="mediator"),
    Page("statistiques", "/statistiques", account="coordinator"),
    Page("statistiques-filtres", "/statistiques?period=all&kind=individual&ageBracket=70_plus", account="coordinator"),
    Page("statistiques-erreurs", "/statistiques?period=custom&from=2026-13&to=2026-01", account="coordinator"),
    Page("statistiques-mediateur", "/statistiques?period=last_12_months", account="mediator"),
    Page("statistiques-territoire", "/statistiques", account="admin"),
    Page("statistiques-partages", statistics_shares, account="coordinator"),
    Page("statistiques-partage", shared_statistics, account="coordinator"),
    Page("portraits", "/portraits"),
    Page("portraits-filtre", "/portraits?contexte=library"),
    Page("portrait", first_link("/portraits", ".portrait-list a")),
    Page("enquete", "/enquete", account="researcher"),
    Page("enquete-questionnaires", "/enquete/questionnaires", account="researcher"),
    Page("enquete-questionnaire", first_link("/enquete/questionnaires", "a[href^='/enquete/questionnaires/'][href*='-']"),
         account="researcher"),
    Page("enquete-questionnaire-nouveau", "/enquete/questionnaires/nouveau", account="researcher"),
    Page("enquete-entretiens", "/enquete/entretiens", account="researcher"),
    Page("enquete-entretien", FIRST_INTERVIEW, account="researcher"),
    Page("enquete-entretien-reponses", first_interview_page("/reponses"), account="researcher"),
    Page("enquete-entretien-profil", first_interview_page("/profil"), account="researcher"),
    Page("enquete-entretien-codage", first_interview_page("/codage"), account="researcher"),
    Page("enquete-entretien-nouveau", "/enquete/entretiens/nouveau", account="researcher"),
    Page("enquete-lien-prive", survey_answer_link, account="researcher"),
    Page("enquete-codes", "/enquete/codes", account="researcher"),
    Page("enquete-code-nouveau", "/enquete/codes/nouveau", account="researcher"),
    Page("enquete-rapports", "/enquete/rapports", account="researcher"),
    Page("enquete-rapport-question", "/enquete/rapports/question/1", account="researcher"),
    Page("enquete-dit-fait", "/enquete/rapports/dit-fait", account="researcher"),
    Page("enquete-import-codes", "/enquete/import/codes", account="researcher"),
    Page("enquete-import-entretiens", "/enquete/import/entretiens", account="researcher"),
    Page("personnes", "/personnes", account="mediator"),
    Page("personne", FIRST_PERSON, account="mediator"),
    Page("personnes-nouvelle", "/personnes/nouvelle", account="mediator"),
    Page("personnes-nouvelle-erreurs", "/personnes/nouvelle", account="mediator", prepare=submit_empty_person_form),
    Page("personnes-doublons", "/personnes/doublons", account="mediator"),
    Page("personne-donnees", first_person_page("/donnees"), account="mediator"),
    Page("personne-effacer", first_person_page("/effacer"), account="mediator"),
    Page("gestion-journal", "/gestion/journal", account="admin"),
    Page("gestion-journal-erreurs", "/gestion/journal?du=31/02/2026&enregistrement=pas-un-id", account="admin"),
    Page("deconnexion", "/deconnexion", account="mediator"),
    Page("introuvable", "/nulle-part"),
]
