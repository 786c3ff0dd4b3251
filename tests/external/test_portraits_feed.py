"""The portraits' Atom feed, read by the Python `feedparser` package as a feed reader would.

The demo publishes portraits, one of them anonymous, and keeps others unpublished. The feed must
parse without complaint (bozo 0) as Atom 1.0, carry one entry per portrait of the public series,
and never the name of a respondent who did not agree to be named: those names are read from the
researcher's coding pages, the only place that shows them.
"""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import feedparser


def opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def csrf(page: str) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def unnamed_respondents(base: str, researcher) -> list:
    """The names of the respondents whose consent is « Publié sans nom » or « Non publié »."""
    browser = opener()
    page = browser.open(base + "/connexion", timeout=30).read().decode()
    data = urllib.parse.urlencode([("_csrf", csrf(page)), ("email", researcher.email),
                                   ("password", researcher.password), ("suite", "")]).encode()
    browser.open(urllib.request.Request(base + "/connexion", data=data, method="POST"), timeout=30).read()
    listing = browser.open(base + "/enquete/entretiens", timeout=30).read().decode()
    ids = sorted(set(re.findall(r'/enquete/entretiens/([0-9a-f-]{36})', listing)))
    assert ids, "the demo must have interviews"
    names = []
    for respondent in ids:
        coding = browser.open(f"{base}/enquete/entretiens/{respondent}/codage", timeout=30).read().decode()
        name = re.search(r"<h1>Codage de l'entretien : (.+?)</h1>", coding).group(1)
        if "Consentement : Publié sous son nom" not in coding:
            names.append(name.replace("&#39;", "'"))
    return names


def test_portraits_feed_is_valid_atom_without_unnamed_people(server):
    base = server.base_url
    with urllib.request.urlopen(base + "/portraits/flux.atom", timeout=30) as response:
        assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
        body = response.read()
    feed = feedparser.parse(body)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Portraits de médiateurs numériques"
    assert any(link.rel == "self" and link.href.endswith("/portraits/flux.atom") for link in feed.feed.links)

    series = urllib.request.urlopen(base + "/portraits", timeout=30).read().decode()
    cards = series.count('<li class="card">')
    assert cards >= 2, "the demo publishes several portraits"
    assert len(feed.entries) == cards
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:")
        assert entry.link.startswith(base + "/portraits/")
        assert entry.updated_parsed is not None
        assert entry.content[0].type == "text/html" and "<h3>" in entry.content[0].value
        page = urllib.request.urlopen(entry.link, timeout=30)
        assert page.status == 200

    unnamed = unnamed_respondents(base, server.account("researcher"))
    assert unnamed, "the demo has respondents who did not agree to be named"
    text = body.decode()
    for name in unnamed:
        for part in name.split():
            if len(part) > 3:
                assert part not in text, f"« {part} » is in the feed"
                assert part not in series, f"« {part} » is in the public series"
