"""The new-activity form, at 360 pixels wide, filled and sent with the keyboard alone: every
action below is a key sent to the focused element (TAB, SPACE, arrows, ENTER); nothing is
clicked and no field is set by script."""

import re
from urllib.parse import urlencode

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from pages import wait_loaded

MAX_TABS = 200
SUBMIT = "#formulaire button[type='submit']"


def press(driver, *keys):
    ActionChains(driver).send_keys(*keys).perform()


def focused(driver) -> dict:
    return driver.execute_script("""
        const e = document.activeElement;
        return e ? {id: e.id, tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value || '',
                    checked: !!e.checked, text: (e.textContent || '').trim().slice(0, 60)} : {};""")


def is_focused(driver, css: str) -> bool:
    return driver.execute_script("return !!document.activeElement && document.activeElement.matches(arguments[0]);", css)


def tab_to(driver, css: str):
    """Presses TAB until the focused element matches `css` (going forward only)."""
    seen = []
    for _ in range(MAX_TABS):
        press(driver, Keys.TAB)
        if is_focused(driver, css):
            return focused(driver)
        now = focused(driver)
        if not seen or seen[-1] != now.get("id") or not now.get("id"):
            seen.append(now.get("id") or f'<{now.get("tag")}> {now.get("text")}')
    pytest.fail(f"TAB never reached {css!r}; focus went through: {seen[-40:]}")


def choose(driver, element_id: str):
    """TABs to a checkbox or radio button and checks it with SPACE."""
    tab_to(driver, f"#{element_id}")
    if not focused(driver)["checked"]:
        press(driver, Keys.SPACE)
    assert focused(driver)["checked"], f"SPACE did not check #{element_id}"


def french(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def dated_rows(driver, base_url: str, iso: str) -> list:
    """The mediator's activities that /activites lists on this date (all its pages), as
    (title, details, themes) texts; only those whose title holds the date in dd/mm/yyyy."""
    url = f"{base_url}/activites?{urlencode({'du': iso, 'au': iso})}"
    rows = []
    for _ in range(100):
        driver.get(url)
        wait_loaded(driver)
        for item in driver.execute_script("""
                return [...document.querySelectorAll('li.activity')].map(li => [
                    (li.querySelector('.title') || {}).textContent || '',
                    (li.querySelector('p') || {}).textContent || '',
                    (li.querySelector('.themes') || {}).textContent || '']);"""):
            title, details, themes = (" ".join(text.split()) for text in item)
            if french(iso) in title:
                rows.append((title, details, themes))
        following = driver.find_elements(By.CSS_SELECTOR, "a[rel='next']")
        if not following:
            return rows
        url = following[0].get_attribute("href")
    pytest.fail("the list of the day has more than 100 pages")


def like_the_one_sent(row) -> bool:
    title, details, themes = row
    return "Accompagnement individuel" in title and "30 min" in details and themes == "E-mail"


def open_form(driver, base_url: str):
    driver.get(base_url + "/activites/nouvelle")
    wait_loaded(driver)
    assert driver.find_elements(By.ID, "formulaire"), f"no activity form on {driver.current_url}"


@pytest.mark.browser
@pytest.mark.parametrize("driver", [360], indirect=True)
def test_fill_and_send_with_keyboard_only(driver, server, sign_in):
    sign_in(driver, "mediator")
    open_form(driver, server.base_url)
    today = driver.find_element(By.ID, "date").get_attribute("value")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", today), f"the date field holds {today!r}, not today's date"
    before = dated_rows(driver, server.base_url, today)

    open_form(driver, server.base_url)
    choose(driver, "kind-individual")                 # Accompagnement individuel
    tab_to(driver, "#date")                            # the date stays today's
    tab_to(driver, "#durationMinutes-15")             # TAB enters the group on its first button…
    press(driver, Keys.ARROW_RIGHT)                    # …an arrow moves to 30 min and checks it
    now = focused(driver)
    assert now["id"] == "durationMinutes-30" and now["checked"], f"arrow key gave {now}"
    choose(driver, "locationKind-place")               # Lieu d'activité
    tab_to(driver, "#placeId")
    for _ in range(20):                                # up to « — Choisir un lieu — »…
        if focused(driver)["value"] == "":
            break
        press(driver, Keys.ARROW_UP)
    press(driver, Keys.ARROW_DOWN)                     # …then down to the first place
    place = focused(driver)
    assert place["id"] == "placeId" and place["value"], f"no place chosen with the arrow keys: {place}"
    choose(driver, "themes-email")                     # E-mail
    choose(driver, "devices-phone")                    # Téléphone
    choose(driver, "deviceOwners-beneficiary")         # Appareil de la personne accompagnée
    choose(driver, "interventionMode-guided")          # faire avec
    tab_to(driver, SUBMIT)
    press(driver, Keys.ENTER)

    # While the browser leaves the form for the list, the old page's body can vanish between
    # finding it and reading it (Chromium then answers "Node … does not belong to the document"):
    # read again until the new page says it, or the time is up.
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "Activité enregistrée." in d.find_element(By.TAG_NAME, "body").text,
        message="no « Activité enregistrée. » after sending the form")
    assert not driver.find_elements(By.ID, "erreurs"), "the form came back with errors"
    after = dated_rows(driver, server.base_url, today)
    assert len(after) == len(before) + 1, \
        f"{len(before)} activities listed on {french(today)} before sending, {len(after)} after"
    sent = sum(map(like_the_one_sent, after)) - sum(map(like_the_one_sent, before))
    assert sent == 1, f"no new individual 30-minute e-mail activity in the list of the day: {after}"


@pytest.mark.browser
@pytest.mark.parametrize("driver", [360], indirect=True)
def test_failed_send_puts_focus_on_error_summary(driver, server, sign_in):
    sign_in(driver, "mediator")
    open_form(driver, server.base_url)
    tab_to(driver, SUBMIT)
    press(driver, Keys.ENTER)
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_elements(By.ID, "erreurs"), message="sending the empty form showed no error summary")
    wait_loaded(driver)
    active = driver.execute_script("return document.activeElement.id;")
    assert active == "erreurs", f"focus is on {focused(driver)}, not on the error summary #erreurs"
