"""The person picker of the new-activity form (person-picker.js, a WAI-ARIA combobox), at 360
pixels wide, with the keyboard alone: type two letters of a demo person followed by the signed-in
mediator's structure, ArrowDown, Enter; the hidden `personId` then holds their id, and Enter did
not send the form."""

import re

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_activity_keyboard import choose, focused, open_form, press, tab_to

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# « Gaston » is followed by the library network, the structure of the first demo mediator
# (DemoPeople.swift); no other person of that structure starts with « Ga ».
LETTERS = "Ga"
NAME = "Gaston"


def hidden_person(driver) -> str:
    return driver.execute_script(
        "const e = document.querySelector(\"input[type='hidden'][name='personId']\"); return e ? e.value : null;")


@pytest.mark.browser
@pytest.mark.parametrize("driver", [360], indirect=True)
def test_pick_a_person_with_the_keyboard(driver, server, sign_in):
    sign_in(driver, "mediator")
    open_form(driver, server.base_url)
    choose(driver, "kind-individual")                  # the picker is for individual sessions
    if not driver.find_elements(By.CSS_SELECTOR, "#personId[role='combobox']"):
        pytest.fail("no person combobox on the activity form (person-picker.js did not run)")
    tab_to(driver, "#personId[role='combobox']")
    assert hidden_person(driver) == "", "a person is chosen before anything was typed"

    press(driver, LETTERS)
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_element(By.ID, "personId").get_attribute("aria-expanded") == "true",
        message=f"typing {LETTERS!r} opened no list of people")
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#personId-liste [role='option']")]
    assert any(NAME in option for option in options), f"{NAME} is not among {options}"

    press(driver, Keys.ARROW_DOWN)
    box = driver.find_element(By.ID, "personId")
    assert focused(driver)["id"] == "personId", "ArrowDown moved the focus out of the text box"
    active = box.get_attribute("aria-activedescendant")
    assert active, "ArrowDown highlighted no option (no aria-activedescendant)"
    highlighted = driver.find_element(By.ID, active)
    assert highlighted.get_attribute("aria-selected") == "true"
    label = highlighted.text

    press(driver, Keys.ENTER)
    chosen = hidden_person(driver)
    assert chosen and UUID.fullmatch(chosen), f"Enter left personId = {chosen!r}"
    assert box.get_attribute("value") == label, "the text box does not show the person chosen"
    assert box.get_attribute("aria-expanded") == "false", "the list stayed open after Enter"
    assert driver.find_elements(By.ID, "formulaire") and not driver.find_elements(By.ID, "erreurs"), \
        "Enter in the combobox sent the form"
