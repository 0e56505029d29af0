import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same
# thread (live_server fixtures, assertions) are then safe because nothing else runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser on union intranets or here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
            "--no-first-run", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """The live server starts before Chromium and so stops after it: Chromium's keep-alive
    connections end while the server's threads may still use the shared test database."""
    return browser


@pytest.fixture
def log_in(page, live_server):
    """Signs a user in through the login page, as people do: `log_in(user.username, password)`."""

    def sign_in(username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return sign_in
