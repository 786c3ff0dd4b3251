"""Browser checks: the real `tandem` executable with its demo territory, driven by headless Chromium.

The server is started once for the session (`tandem serve --demo` on a free port, with a fresh
TANDEM_DATA folder) from the binary that `swift build` already produced; this file never builds.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"

CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TANDEM_CHROMEDRIVER", "/usr/bin/chromedriver")
START_TIMEOUT = 120  # seconds; the first start installs 20,000 demo activities
DEFAULT_HEIGHT = 800

# The role labels the server prints next to each demo account, by the names the tests use.
ROLES = {
    "admin": "Administrateur",
    "coordinator": "Coordinateur",
    "mediator": "Médiateur",
    "researcher": "Chargé d'enquête",
}


# ---------------------------------------------------------------------------------------------
# The server


def tandem_binary() -> Path:
    """`<swift build --show-bin-path>/tandem`, or TANDEM_BIN when set."""
    if os.environ.get("TANDEM_BIN"):
        return Path(os.environ["TANDEM_BIN"])
    out = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    if out.returncode != 0:
        pytest.exit(f"swift build --show-bin-path failed:\n{out.stderr}", returncode=1)
    binary = Path(out.stdout.strip().splitlines()[-1]) / "tandem"
    if not binary.is_file():
        pytest.exit(f"{binary} is missing: run `swift build` first", returncode=1)
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    role: str  # as printed by the server, e.g. "Médiateur"


@dataclass
class Server:
    base_url: str
    log_path: Path
    accounts: list  # of Account, in the order the server printed them

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def account(self, role: str) -> Account:
        """The first demo account with this role ("mediator", "coordinator"…)."""
        label = ROLES.get(role, role)
        for account in self.accounts:
            if account.role == label:
                return account
        raise LookupError(f"no demo account with role {label!r} in the server output")


def parse_accounts(text: str) -> list:
    """Reads the accounts `serve --demo` prints on an empty database:

        Comptes (mot de passe commun : tandem-demo-2026) :
          sophie.marty@coteaux-arlene.example              Médiateur
    """
    password = re.search(r"Comptes \(mot de passe commun : (\S+?)\)", text)
    if not password:
        return []
    accounts = []
    for email, role in re.findall(r"^\s+(\S+@\S+)\s{2,}(\S.*?)\s*$", text, flags=re.MULTILINE):
        accounts.append(Account(email=email, password=password.group(1), role=role))
    return accounts


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def stop(process: subprocess.Popen):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture(scope="session")
def server():
    """A running `tandem serve --demo` on a fresh database; yields a Server."""
    binary = tandem_binary()
    data = Path(tempfile.mkdtemp(prefix="tandem-browser-"))
    port = free_port()
    log_path = data / "serve.log"
    env = dict(os.environ, TANDEM_DATA=str(data / "data"))
    env.pop("DATABASE_URL", None)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(binary), "serve", "--demo", "--port", str(port), "--hostname", "127.0.0.1"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while get_status(base_url + "/health") != 200:
            if process.poll() is not None:
                pytest.exit(f"tandem serve stopped with code {process.returncode}:\n"
                            + log_path.read_text(errors="replace")[-4000:], returncode=1)
            if time.monotonic() > deadline:
                pytest.exit(f"tandem serve did not answer /health within {START_TIMEOUT} s:\n"
                            + log_path.read_text(errors="replace")[-4000:], returncode=1)
            time.sleep(0.5)
        accounts = parse_accounts(log_path.read_text(encoding="utf-8", errors="replace"))
        if not accounts:
            pytest.exit("tandem serve --demo printed no demo accounts:\n"
                        + log_path.read_text(errors="replace")[-4000:], returncode=1)
        yield Server(base_url=base_url, log_path=log_path, accounts=accounts)
    finally:
        stop(process)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.base_url


@pytest.fixture(scope="session")
def mediator(server) -> Account:
    """A demo mediator: `.email` and `.password`."""
    return server.account("mediator")


# ---------------------------------------------------------------------------------------------
# The browser


def new_chromium(width: int, height: int = DEFAULT_HEIGHT) -> webdriver.Chrome:
    """Headless Debian Chromium whose viewport is `width` CSS pixels wide."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=fr-FR",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver, width: int, height: int):
    """Sets the viewport (window.innerWidth × innerHeight), whatever the window decorations."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    if inner != [width, height]:
        driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    assert inner[0] == width, f"could not make the viewport {width} px wide (it is {inner[0]} px)"


@pytest.fixture
def make_driver():
    """A factory: `make_driver(width)` gives a new headless Chromium, quit after the test."""
    drivers = []

    def make(width: int, height: int = DEFAULT_HEIGHT):
        driver = new_chromium(width, height)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # the browser may already be gone; nothing to keep
            pass


@pytest.fixture
def driver(request, make_driver):
    """Headless Chromium; its width is the (indirect) parameter, 1280 by default:
    `@pytest.mark.parametrize("driver", [360], indirect=True)`."""
    return make_driver(getattr(request, "param", 1280))


def signed_in(driver, base_url: str, account: Account):
    """Signs in through the real /connexion form; returns the driver."""
    driver.get(base_url + "/connexion")
    driver.find_element(By.NAME, "email").send_keys(account.email)
    driver.find_element(By.NAME, "password").send_keys(account.password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/connexion'] button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: "/connexion" not in d.current_url)
    links = driver.find_elements(By.CSS_SELECTOR, "a[href='/deconnexion']")
    assert links, f"sign-in as {account.email} failed: still no sign-out link on {driver.current_url}"
    return driver


@pytest.fixture
def sign_in(server):
    """`sign_in(driver, role="mediator")`: signs in as that demo account; returns the account."""

    def sign(driver, role: str = "mediator") -> Account:
        account = server.account(role)
        signed_in(driver, server.base_url, account)
        return account

    return sign
