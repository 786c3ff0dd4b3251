"""The workshop calendars, read by the Python `icalendar` package as a calendar program would.

A demo mediator plans a weekly series through the real form (signed in with a cookie, CSRF token
read from the page), cancels one session, then the public feed must parse as RFC 5545 with one
event per public session, stable UIDs, times in Europe/Paris, and the cancelled one marked.
"""

import datetime
import http.cookiejar
import re
import urllib.parse
import urllib.request

from icalendar import Calendar


def opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def csrf(page: str) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def post(browser, url: str, fields: list) -> str:
    data = urllib.parse.urlencode(fields).encode()
    with browser.open(urllib.request.Request(url, data=data, method="POST"), timeout=30) as response:
        return response.read().decode()


def test_public_workshop_feed_is_valid_icalendar(server):
    base = server.base_url
    mediator = server.account("mediator")
    browser = opener()
    page = browser.open(base + "/connexion", timeout=30).read().decode()
    post(browser, base + "/connexion", [("_csrf", csrf(page)), ("email", mediator.email),
                                       ("password", mediator.password), ("suite", "")])
    form = browser.open(base + "/gestion/ateliers/nouveau", timeout=30).read().decode()
    place = re.search(r'<option value="([0-9a-f-]{36})"', form).group(1)
    me = re.search(r'name="mediatorIds" value="([0-9a-f-]{36})" checked', form).group(1)
    first = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    post(browser, base + "/gestion/ateliers/nouveau", [
        ("_csrf", csrf(form)), ("title", "Calendrier : e-mail, pas à pas"), ("themes", "email"),
        ("placeId", place), ("date", first), ("startTime", "14:00"), ("durationMinutes", "90"),
        ("capacity", "10"), ("public", "oui"), ("weeks", "3"), ("mediatorIds", me)])
    listing = browser.open(base + "/gestion/ateliers", timeout=30).read().decode()
    # The second session of this series (the demo has sessions of its own in the list).
    second = [m.start() for m in re.finditer("Calendrier : e-mail, pas à pas", listing)][1]
    cancel = re.search(r'href="(/gestion/ateliers/[0-9a-f-]{36}/annuler)"', listing[second:]).group(1)
    confirm = browser.open(base + cancel, timeout=30).read().decode()
    post(browser, base + cancel, [("_csrf", csrf(confirm))])

    with urllib.request.urlopen(base + "/calendrier/ateliers.ics", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        body = response.read()
    calendar = Calendar.from_ical(body)
    events = [event for event in calendar.walk("VEVENT") if "Calendrier" in str(event.get("SUMMARY"))]
    assert len(events) == 3
    assert len({str(event["UID"]) for event in events}) == 3
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert all(str(start.tzinfo) in ("Europe/Paris", "CET") or start.utcoffset() in
               (datetime.timedelta(hours=1), datetime.timedelta(hours=2)) for start in starts)
    assert [start.hour for start in starts] == [14, 14, 14]
    assert [(b - a).days for a, b in zip(starts, starts[1:])] == [7, 7]
    assert sorted(str(event["STATUS"]) for event in events) == ["CANCELLED", "CONFIRMED", "CONFIRMED"]
    assert calendar.walk("VTIMEZONE"), "the feed carries its time zone"

    with urllib.request.urlopen(base + "/calendrier/ateliers.ics", timeout=30) as again:
        assert again.read() == body, "the same feed twice: stable UIDs and stamps"
