"""Every page of pages.PAGES, at 360 and 1280 pixels wide: no axe-core violation (WCAG 2.1 A and
AA), no horizontal scrolling, French, titled, one <h1>, no positive tabindex. A full-page
screenshot of each goes to screenshots/<name>-<width>.png."""

import os

import pytest
from axe_selenium_python import Axe

from conftest import SCREENSHOTS, set_viewport
from pages import PAGES

WIDTHS = (360, 1280)
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Another axe.min.js to run instead of the one axe-selenium-python bundles, e.g. a newer axe-core.
AXE_SCRIPT = os.environ.get("TANDEM_AXE_SCRIPT")
SCREENSHOT_MAX_HEIGHT = 8000


def document_problems(driver) -> list:
    facts = driver.execute_script("""
        const positive = [...document.querySelectorAll('[tabindex]')]
            .filter(e => parseInt(e.getAttribute('tabindex'), 10) > 0)
            .map(e => e.outerHTML.slice(0, 120));
        return {
            lang: document.documentElement.getAttribute('lang'),
            titles: document.querySelectorAll('head > title').length,
            title: document.title.trim(),
            h1: [...document.querySelectorAll('h1')].map(e => e.textContent.trim()),
            positive: positive,
        };""")
    problems = []
    if facts["lang"] != "fr":
        problems.append(f'<html lang> is {facts["lang"]!r}, not "fr"')
    if facts["titles"] != 1 or not facts["title"]:
        problems.append(f'{facts["titles"]} <title> element(s), text {facts["title"]!r}: want one, not empty')
    if len(facts["h1"]) != 1:
        problems.append(f'{len(facts["h1"])} <h1> elements, want exactly one: {facts["h1"]}')
    for element in facts["positive"]:
        problems.append(f"tabindex greater than 0: {element}")
    return problems


def overflow_problems(driver) -> list:
    facts = driver.execute_script("""
        const width = window.innerWidth;
        const wide = [...document.body.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                 + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                 + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
        return {scroll: document.documentElement.scrollWidth, inner: width, wide: wide};""")
    if facts["scroll"] <= facts["inner"]:
        return []
    return [f'horizontal scrolling: scrollWidth {facts["scroll"]} px > innerWidth {facts["inner"]} px; '
            f'too wide: {", ".join(facts["wide"]) or "(none found)"}']


def run_axe(driver, options: dict) -> dict:
    """`Axe(driver).inject()`, then `axe.run(options)`. Unlike `Axe.run`, a rejected run (an unknown
    tag, say) is an error at once rather than a script timeout."""
    axe = Axe(driver, script_url=AXE_SCRIPT) if AXE_SCRIPT else Axe(driver)
    axe.inject()
    outcome = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done({results: r}), e => done({error: String(e)}));",
        options)
    if "error" in outcome:
        raise RuntimeError(f"axe-core {driver.execute_script('return axe.version')} failed: {outcome['error']}")
    return outcome["results"]


def axe_problems(driver) -> list:
    results = run_axe(driver, AXE_OPTIONS)
    engine = (results.get("testEngine") or {}).get("version", "?")
    problems = []
    for violation in results["violations"]:
        nodes = violation["nodes"]
        targets = [" ".join(map(str, node["target"])) for node in nodes[:3]]
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        summary = " ".join((nodes[0].get("failureSummary") or "").split()) if nodes else ""
        problems.append(f'axe-core {engine} {violation["id"]} ({violation.get("impact")}): {violation["help"]}'
                        f' — {", ".join(targets)}{more} — {summary}')
    return problems


def screenshot(driver, name: str, width: int):
    SCREENSHOTS.mkdir(exist_ok=True)
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
    set_viewport(driver, width, max(200, min(int(height), SCREENSHOT_MAX_HEIGHT)))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page(page, width, make_driver, server, sign_in):
    driver = make_driver(width)
    if page.account:
        sign_in(driver, page.account)
    page.open(driver, server.base_url)
    problems = document_problems(driver) + overflow_problems(driver) + axe_problems(driver)
    screenshot(driver, page.name, width)
    assert not problems, (f"{page.name} at {width} px ({driver.current_url}):\n  - "
                          + "\n  - ".join(problems))
