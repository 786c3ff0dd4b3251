"""Recording without network (issue 9), in a real Chromium: the service worker keeps the activity
form, records saved offline wait in the phone's queue (IndexedDB) and are sent when the network
comes back — exactly once, even when an answer is lost in the middle of a synchronisation, and
a form sent online whose send fails (answer lost, or request never arrived) is kept and sent once.

"Offline" is real here: the browser talks to the server through a small forwarder
(offline_proxy.py) that resets every connection while offline, on top of the DevTools
network emulation (`Network.emulateNetworkConditions` with offline: true, which sets
navigator.onLine but does not cover the requests made by the service worker)."""

import re
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import signed_in
from offline_proxy import OfflineProxy
from pages import wait_loaded
from test_activity_keyboard import dated_rows

QUEUED = "Activité gardée sur ce téléphone : elle sera envoyée au retour du réseau."
SYNC_PATH = "/activites/synchronisation"


@pytest.fixture
def proxy(server):
    port = int(server.base_url.rsplit(":", 1)[1])
    forwarder = OfflineProxy("127.0.0.1", port)
    yield forwarder
    forwarder.close()


def set_network(driver, proxy, online: bool):
    """Both at once: the page's network emulation (navigator.onLine, `online`/`offline` events)
    and the forwarder (nothing reaches the server, whoever asks)."""
    if online:
        proxy.offline = False
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": not online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    if not online:
        proxy.offline = True


def queue(driver) -> list:
    """The records waiting in the phone's IndexedDB queue."""
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const open = indexedDB.open('tandem-hors-ligne');
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('file')) { db.close(); done([]); return; }
            const all = db.transaction('file').objectStore('file').getAll();
            all.onsuccess = () => {
                db.close();
                done(all.result.map(r => ({key: r.key, status: r.status, message: r.message, body: r.body})));
            };
            all.onerror = () => done(null);
        };
        open.onerror = () => done(null);""")


def form_cached(driver) -> bool:
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        if (!navigator.serviceWorker || !navigator.serviceWorker.controller) { done(false); return; }
        caches.open('tandem-pages-v1')
            .then(cache => cache.match(location.origin + '/activites/nouvelle'))
            .then(hit => done(!!hit), () => done(false));""")


def open_form_online(driver, base_url):
    """Opens the form until the service worker controls the page and keeps a copy of the form."""
    driver.get(base_url + "/activites/nouvelle")
    wait_loaded(driver)
    deadline = time.monotonic() + 30
    while not form_cached(driver):
        assert time.monotonic() < deadline, "the service worker never kept the activity form"
        time.sleep(0.5)
        if not driver.execute_script("return !!navigator.serviceWorker.controller;"):
            driver.refresh()
            wait_loaded(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "#formulaire[data-offline-sync]"), "no offline-sync form"


def fill_and_save(driver, minutes: int):
    """Quickly fills an individual activity of `minutes` minutes and saves it (the submit button)."""
    driver.execute_script("""
        const check = id => {
            const e = document.getElementById(id);
            if (!e) throw new Error('no #' + id);
            e.checked = true;
            e.dispatchEvent(new Event('change', {bubbles: true}));
        };
        check('kind-individual');
        document.getElementById('durationOther').value = String(arguments[0]);
        check('locationKind-place');
        const place = document.getElementById('placeId');
        place.value = [...place.options].find(o => o.value).value;
        place.dispatchEvent(new Event('change', {bubbles: true}));
        check('themes-email');
        check('devices-phone');
        check('deviceOwners-beneficiary');
        check('interventionMode-guided');
        document.getElementById('formulaire').requestSubmit();""", minutes)


def status_text(driver) -> str:
    found = driver.find_elements(By.ID, "hors-ligne-etat")
    return found[0].text if found else ""


def badge(driver) -> str:
    panel = driver.find_elements(By.ID, "file-attente")
    if not panel or not panel[0].is_displayed():
        return ""
    return panel[0].find_element(By.CSS_SELECTOR, ".queue-count").text


def record_offline(driver, minutes: list):
    for n, value in enumerate(minutes, start=1):
        fill_and_save(driver, value)
        WebDriverWait(driver, 15).until(lambda d: len(queue(d)) == n,
                                        message=f"activity {n} ({value} min) never reached the queue")
        WebDriverWait(driver, 10).until(lambda d: QUEUED in status_text(d),
                                        message=f"no « {QUEUED} » after activity {n}")
        WebDriverWait(driver, 10).until(lambda d: badge(d) == f"{n} en attente",
                                        message=f"the badge says {badge(driver)!r} after activity {n}")
        assert driver.execute_script("return location.pathname;") == "/activites/nouvelle"
        # Ready for the next one: the duration is emptied.
        assert driver.find_element(By.ID, "durationOther").get_attribute("value") == ""


def count_by_duration(driver, base_url: str, minutes: list) -> dict:
    today = time.strftime("%Y-%m-%d")
    driver.get(base_url + "/activites/nouvelle")
    wait_loaded(driver)
    today = driver.find_element(By.ID, "date").get_attribute("value") or today
    rows = dated_rows(driver, base_url, today)
    return {m: sum(1 for _, details, _ in rows if re.search(rf"(?<!\d){m} min", details)) for m in minutes}


def reload_offline(driver):
    driver.refresh()
    wait_loaded(driver)
    assert driver.find_elements(By.ID, "formulaire"), \
        f"offline, the reloaded page has no form: {driver.find_element(By.TAG_NAME, 'body').text[:300]!r}"


@pytest.mark.browser
def test_three_activities_recorded_offline_arrive_once(make_driver, server, proxy, mediator):
    driver = make_driver(360)
    signed_in(driver, proxy.base_url, mediator)
    minutes = [47, 48, 49]
    before = count_by_duration(driver, proxy.base_url, minutes)
    open_form_online(driver, proxy.base_url)

    set_network(driver, proxy, online=False)
    assert driver.execute_script("return navigator.onLine;") is False
    record_offline(driver, minutes)

    reload_offline(driver)
    # The reload's request, made by the service worker, reached the forwarder (and was reset):
    # the page's network emulation alone would not have kept it from the server.
    WebDriverWait(driver, 10).until(lambda d: badge(d) == "3 en attente",
                                    message=f"after the offline reload the badge says {badge(driver)!r}")
    # Nothing reached the server while offline (the forwarder reset every attempt).
    assert not [r for r in proxy.seen("POST", "/activites") if r[2] != "offline"], proxy.requests

    set_network(driver, proxy, online=True)
    WebDriverWait(driver, 30).until(lambda d: queue(d) == [],
                                    message="the queue was not emptied after coming back online")
    WebDriverWait(driver, 10).until(lambda d: badge(d) == "", message="the badge is still shown")
    sent = proxy.seen("POST", SYNC_PATH)
    assert len(sent) == 3 and all(" 201 " in r[2] for r in sent), sent

    after = count_by_duration(driver, proxy.base_url, minutes)
    assert {m: after[m] - before[m] for m in minutes} == {m: 1 for m in minutes}, (before, after)


@pytest.mark.browser
def test_answer_lost_during_synchronisation_records_nothing_twice(make_driver, server, proxy, mediator):
    driver = make_driver(360)
    signed_in(driver, proxy.base_url, mediator)
    minutes = [51, 52, 53]
    before = count_by_duration(driver, proxy.base_url, minutes)
    open_form_online(driver, proxy.base_url)

    set_network(driver, proxy, online=False)
    record_offline(driver, minutes)
    keys = sorted(r["key"] for r in queue(driver))

    # Back online, but the first record's answer is lost after the server handled it, and the
    # connection drops right then.
    proxy.lose_answer_once(SYNC_PATH)
    set_network(driver, proxy, online=True)
    assert proxy.lost.wait(30), "no synchronisation request was sent after coming back online"
    set_network(driver, proxy, online=False)
    time.sleep(2)
    waiting = queue(driver)
    assert sorted(r["key"] for r in waiting) == keys, "a record left the queue without an answer"
    assert all(r["status"] == "waiting" for r in waiting), waiting

    set_network(driver, proxy, online=True)
    WebDriverWait(driver, 60).until(lambda d: queue(d) == [],
                                    message=f"the queue was not emptied: {queue(driver)}")
    answered = [r for r in proxy.seen("POST", SYNC_PATH) if r[2] != "offline"]
    assert len(answered) == 4, answered  # the lost one, then the same key again, then two more
    assert all("201" in r[2] for r in answered), answered

    after = count_by_duration(driver, proxy.base_url, minutes)
    assert {m: after[m] - before[m] for m in minutes} == {m: 1 for m in minutes}, (before, after)


def saved_online(driver, proxy, minutes: int):
    """Saves a record the usual way, online, and waits for the server's next form."""
    fill_and_save(driver, minutes)
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "Activité enregistrée." in d.find_element(By.TAG_NAME, "body").text,
        message="no « Activité enregistrée. » after sending the form online")


def send_cut_then_come_back(driver, proxy, minutes: int, cut, happened):
    """Sends the form online while `cut` makes the send fail (the browser shows its own error
    page), then comes back online on another page of the recorder."""
    cut("/activites/nouvelle", "POST")
    fill_and_save(driver, minutes)
    assert happened.wait(30), "the form was not sent"
    time.sleep(1)
    set_network(driver, proxy, online=True)
    driver.get(proxy.base_url + "/activites")
    wait_loaded(driver)


@pytest.mark.browser
def test_online_send_whose_answer_is_lost_is_recorded_once(make_driver, server, proxy, mediator):
    driver = make_driver(360)
    signed_in(driver, proxy.base_url, mediator)
    minutes = [43, 44]
    before = count_by_duration(driver, proxy.base_url, minutes)
    open_form_online(driver, proxy.base_url)

    # The usual case: sent online and answered; the copy kept meanwhile is gone, nothing else is sent.
    saved_online(driver, proxy, 43)
    WebDriverWait(driver, 10).until(lambda d: queue(d) == [], message=f"a copy stayed queued: {queue(driver)}")
    assert driver.find_element(By.ID, "formulaire").get_attribute("data-answered-key"), "the answered key is not on the page"
    assert badge(driver) == ""

    # The server records the form, but its answer is lost with the connection.
    open_form_online(driver, proxy.base_url)
    key = driver.find_element(By.NAME, "_cle").get_attribute("value")
    send_cut_then_come_back(driver, proxy, 44, proxy.lose_answer_once, proxy.lost)
    WebDriverWait(driver, 30).until(lambda d: queue(d) == [], message=f"the copy was not resolved: {queue(driver)}")
    replays = [r for r in proxy.seen("POST", SYNC_PATH) if r[2] != "offline"]
    assert len(replays) == 1 and " 201 " in replays[0][2], replays
    after = count_by_duration(driver, proxy.base_url, minutes)
    assert {m: after[m] - before[m] for m in minutes} == {43: 1, 44: 1}, (before, after, key)


@pytest.mark.browser
def test_online_send_that_never_arrives_is_sent_later(make_driver, server, proxy, mediator):
    driver = make_driver(360)
    signed_in(driver, proxy.base_url, mediator)
    minutes = [45]
    before = count_by_duration(driver, proxy.base_url, minutes)
    open_form_online(driver, proxy.base_url)

    send_cut_then_come_back(driver, proxy, 45, proxy.drop_request_once, proxy.dropped)
    # Chromium may try the reset request once more by itself: neither reached the server.
    tries = [r[2] for r in proxy.seen("POST", "/activites/nouvelle")]
    assert tries and tries[0] == "dropped" and set(tries) <= {"dropped", "offline"}, proxy.requests
    WebDriverWait(driver, 30).until(lambda d: queue(d) == [], message=f"the copy was not sent: {queue(driver)}")
    sent = [r for r in proxy.seen("POST", SYNC_PATH) if r[2] != "offline"]
    assert len(sent) == 1 and " 201 " in sent[0][2], sent
    after = count_by_duration(driver, proxy.base_url, minutes)
    assert after[45] - before[45] == 1, (before, after)


@pytest.mark.browser
def test_without_service_worker_the_form_posts_as_before(make_driver, server, proxy, mediator):
    driver = make_driver(360)
    # A browser without service workers: offline.js must leave the form alone.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "delete Navigator.prototype.serviceWorker;"})
    signed_in(driver, proxy.base_url, mediator)
    minutes = [57]
    before = count_by_duration(driver, proxy.base_url, minutes)
    driver.get(proxy.base_url + "/activites/nouvelle")
    wait_loaded(driver)
    assert driver.execute_script("return 'serviceWorker' in navigator;") is False
    fill_and_save(driver, 57)
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "Activité enregistrée." in d.find_element(By.TAG_NAME, "body").text,
        message="no « Activité enregistrée. » after sending the form")
    assert driver.find_element(By.ID, "file-attente").get_attribute("hidden") is not None
    assert not driver.find_elements(By.ID, "hors-ligne-etat"), "offline.js ran without service workers"
    assert proxy.seen("POST", "/activites/nouvelle"), "the form was not posted to /activites/nouvelle"
    assert not proxy.seen("POST", SYNC_PATH)
    after = count_by_duration(driver, proxy.base_url, minutes)
    assert after[57] - before[57] == 1, (before, after)


@pytest.mark.browser
def test_without_javascript_the_form_posts_as_before(server, proxy, mediator):
    options = webdriver.ChromeOptions()
    from conftest import CHROMIUM, CHROMEDRIVER
    from selenium.webdriver.chrome.service import Service
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=360,800", "--lang=fr-FR"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        signed_in(driver, proxy.base_url, mediator)
        driver.get(proxy.base_url + "/activites/nouvelle")
        for css in ("#kind-individual", "#locationKind-place", "#themes-email", "#devices-phone",
                    "#deviceOwners-beneficiary", "#interventionMode-guided"):
            element = driver.find_element(By.CSS_SELECTOR, css)
            driver.find_element(By.CSS_SELECTOR, f"label[for='{element.get_attribute('id')}']").click()
        driver.find_element(By.ID, "durationOther").send_keys("58")
        place = driver.find_element(By.ID, "placeId")
        options_ = place.find_elements(By.TAG_NAME, "option")
        next(o for o in options_ if o.get_attribute("value")).click()
        driver.find_element(By.CSS_SELECTOR, "#formulaire button[type='submit']").click()
        WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
            lambda d: "Activité enregistrée." in d.find_element(By.TAG_NAME, "body").text,
            message="without JavaScript, no « Activité enregistrée. » after sending the form")
        assert proxy.seen("POST", "/activites/nouvelle")
        assert not proxy.seen("GET", "/sw.js"), "a service worker was fetched without JavaScript"
    finally:
        driver.quit()


@pytest.mark.browser
def test_refused_record_is_kept_shown_and_corrected(make_driver, server, proxy, mediator):
    from selenium.webdriver.common.alert import Alert
    from test_pages import axe_problems, overflow_problems

    driver = make_driver(360)
    signed_in(driver, proxy.base_url, mediator)
    before = count_by_duration(driver, proxy.base_url, [59])
    open_form_online(driver, proxy.base_url)
    set_network(driver, proxy, online=False)
    record_offline(driver, [2000])  # more than a day: the server refuses it

    set_network(driver, proxy, online=True)
    WebDriverWait(driver, 30).until(lambda d: [r["status"] for r in queue(d)] == ["refused"],
                                    message=f"the record was not marked refused: {queue(driver)}")
    refused = queue(driver)[0]
    assert refused["message"], refused

    # On another page, the badge and its list, with the server's message.
    driver.get(proxy.base_url + "/activites")
    wait_loaded(driver)
    WebDriverWait(driver, 10).until(lambda d: badge(d) == "1 en attente")
    driver.find_element(By.CSS_SELECTOR, "#file-attente summary").click()
    panel = driver.find_element(By.ID, "file-attente").text
    assert refused["message"] in panel and "Corriger" in panel, panel
    problems = overflow_problems(driver) + axe_problems(driver)
    assert not problems, "\n".join(problems)

    # Signing out warns first, and asks.
    driver.get(proxy.base_url + "/deconnexion")
    wait_loaded(driver)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".offline-warning:not([hidden])"))
    warning = driver.find_element(By.CSS_SELECTOR, ".offline-warning").text
    assert warning.startswith("1 activité n'est pas encore envoyée : si vous vous déconnectez"), warning
    problems = overflow_problems(driver) + axe_problems(driver)
    assert not problems, "\n".join(problems)
    driver.find_element(By.CSS_SELECTOR, "#deconnexion-formulaire button[type='submit']").click()
    WebDriverWait(driver, 10).until(lambda d: _alert_present(d), message="no confirmation before signing out")
    Alert(driver).dismiss()
    assert "/deconnexion" in driver.current_url

    # « Corriger » from the list page: the form opens filled; once saved, the record leaves the queue.
    driver.get(proxy.base_url + "/activites")
    wait_loaded(driver)
    WebDriverWait(driver, 10).until(lambda d: badge(d) == "1 en attente")
    driver.find_element(By.CSS_SELECTOR, "#file-attente summary").click()
    driver.find_element(By.XPATH, "//div[@id='file-attente']//button[normalize-space()='Corriger']").click()
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "durationOther").get_attribute("value") == "2000",
        message="« Corriger » did not fill the form with the record")
    assert driver.find_element(By.ID, "kind-individual").is_selected()
    field = driver.find_element(By.ID, "durationOther")
    field.clear()
    field.send_keys("59")
    driver.execute_script("document.getElementById('formulaire').requestSubmit();")
    WebDriverWait(driver, 30).until(lambda d: queue(d) == [], message=f"still queued: {queue(driver)}")
    WebDriverWait(driver, 10).until(lambda d: "Activité enregistrée." in status_text(d))
    sent = [r for r in proxy.seen("POST", SYNC_PATH) if r[2] != "offline"]
    assert [r[2].split(" ")[1] for r in sent] == ["422", "201"], sent
    after = count_by_duration(driver, proxy.base_url, [59])
    assert after[59] - before[59] == 1, (before, after)

    # Signing out with an empty queue asks nothing and removes the cached form from the phone.
    assert form_cached(driver)
    driver.get(proxy.base_url + "/deconnexion")
    wait_loaded(driver)
    driver.find_element(By.CSS_SELECTOR, "#deconnexion-formulaire button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "a[href='/deconnexion']"),
                                    message="still signed in after « Se déconnecter »")
    names = driver.execute_async_script("caches.keys().then(arguments[arguments.length - 1]);")
    assert not [n for n in names if n.startswith("tandem-pages-")], names


def _alert_present(driver) -> bool:
    try:
        driver.switch_to.alert
        return True
    except WebDriverException:
        return False
