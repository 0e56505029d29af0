"""axe-core on every page type for every role, on a desktop and on a 390 px phone (WCAG 2.1 AA).

axe-core (liuhao/tests/vendor/axe.min.js, 4.14) is injected into each page by Playwright. The
pages' Content Security Policy forbids any script not served by liuhao, so the contexts of this
test bypass it (`bypass_csp`): the policy itself is tested by the other browser tests.

No serious or critical violation is allowed anywhere. Moderate and minor ones must be fixed or
listed in ALLOWED below with the reason they stay.
"""
import json
from pathlib import Path

import pytest

from reports.tests.conftest import staff_user, township  # noqa: F401  (a township whose report passes the pre-flight)
from unions.tests.conftest import fast_password_hasher  # noqa: F401

from .pages import all_roles_present, build_scene

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = (("desktop", {"width": 1280, "height": 800}), ("390px", {"width": 390, "height": 844}))
# WCAG 2.0/2.1 A and AA, and axe's best practices (landmarks, headings, empty table headers …); with
# them the experimental td-has-header (a large table's cells have headers), which Lighthouse runs
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Moderate or minor findings that stay, with the reason. None at the moment; an entry looks like
# "rule-id": "why it is right here".
ALLOWED: dict[str, str] = {}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Pages drawn by the same template as one swept already (another record type's list or form, another
# part of a year's facts): the phone layout test (test_phone.py) still opens every one of them.
SAME_TEMPLATE_AS_ANOTHER = {
    ("staff", "case list"), ("staff", "assistance list"), ("staff", "activity list"), ("staff", "honour list"),
    ("staff", "funding list"), ("staff", "case form"), ("staff", "year facts form"), ("staff", "profile form"),
}
# Pages swept once more with English as the interface language.
ENGLISH = {"staff": ("dashboard", "member list", "member form", "report"), "reviewer": ("scoring", "county desk"),
           "county_admin": ("rubric editor", "accounts")}
# Every icon on a page has its glyph in the cut-down icon font (liuhao/icons.py): an icon named in
# code that the build missed would show nothing.
MISSING_ICONS = """() => Array.from(document.querySelectorAll('.bi'))
    .filter((icon) => getComputedStyle(icon, '::before').content === 'none')
    .map((icon) => icon.className)"""


def start_axe(page) -> None:
    """axe runs in the page while the test goes on (to the same page on the other viewport, in a
    renderer of its own); `axe_violations` waits for the result. axe is in the page already (the
    context's init script): add_script_tag would parse its 650 KB again on every page, half a
    second each. No iframes here; `preload` only fetches the style sheets again for one rule."""
    page.evaluate("(tags) => { window.axeResult = axe.run(document, {runOnly: {type: 'tag', values: tags},"
                  " rules: {'td-has-header': {enabled: true}},"
                  " resultTypes: ['violations'], iframes: false, preload: false}); }", TAGS)


def axe_violations(page) -> list[dict]:
    result = page.evaluate("() => window.axeResult")
    found = [
        {"id": violation["id"], "impact": violation["impact"], "help": violation["help"],
         "nodes": [" ".join(node["target"]) if isinstance(node["target"][0], str) else json.dumps(node["target"])
                   for node in violation["nodes"][:5]]}
        for violation in result["violations"]
    ]
    missing = page.evaluate(MISSING_ICONS)
    if missing:
        found.append({"id": "icon-not-in-subset", "impact": "serious", "help": "run manage.py build_icons", "nodes": missing})
    return found


def new_page(browser, viewport, cookie=None):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    if cookie:
        context.add_cookies([cookie])
    return context.new_page()


def send_with_mistakes(views: dict, url: str, *, fill: dict[str, str] | None = None,
                       button: str = "main form button[type=submit]") -> None:
    """Each view's form at `url` sent with `fill` (or left empty), until its error summary shows."""
    for page in views.values():
        page.goto(url)
        for selector, value in (fill or {}).items():
            page.fill(selector, value)
        page.click(button)
        page.wait_for_selector("#form-errors")


def test_axe_finds_nothing_serious_on_any_page_for_any_role(browser, live_server, township, staff_user):  # noqa: F811
    scene = build_scene(township, staff_user)
    assert all_roles_present(scene)
    found = []
    checked = 0

    def sweep(views: dict, role: str, name: str, path: str | None = None) -> None:
        """The page on every viewport: axe starts on each as it loads, the results are read after."""
        nonlocal checked
        for page in views.values():
            if path:
                page.goto(f"{live_server.url}{path}")
            start_axe(page)
        for viewport_name, page in views.items():
            for violation in axe_violations(page):
                if violation["impact"] in ("serious", "critical") or violation["id"] not in ALLOWED:
                    found.append(((viewport_name, role, name), violation))
            checked += 1

    # signed out: the login page, and the same after a wrong password (the error is announced)
    views = {name: new_page(browser, viewport) for name, viewport in VIEWPORTS}
    sweep(views, "anonymous", "login", "/accounts/login/")
    for page in views.values():
        page.fill("#id_username", staff_user.username)
        page.fill("#id_password", "wrong-password")
        page.click("main button[type=submit]")
        page.wait_for_selector("[role=alert]")
    sweep(views, "anonymous", "login failed")
    for page in views.values():
        page.context.close()

    for role, pages in scene.pages.items():
        cookie = scene.session_cookie(role, live_server.url)
        views = {name: new_page(browser, viewport, cookie) for name, viewport in VIEWPORTS}
        for name, path in pages:
            if (role, name) not in SAME_TEMPLATE_AS_ANOTHER:
                sweep(views, role, name, path)
        if role == "staff":  # a form sent with mistakes: the error summary and the marked fields
            send_with_mistakes(views, f"{live_server.url}/townships/{township.pk}/members/{scene.member.pk}/edit/",
                               fill={"#id_name": ""})
            sweep(views, role, "member form with errors")
            # a section's own wording replaced by the generated text (asked first): the previous version and its undo
            section = f"{live_server.url}/townships/{township.pk}/report/2025/sections/rights/"
            for page in views.values():
                page.on("dialog", lambda dialog: dialog.accept())
                page.goto(section)
                page.fill("#id_text", "本镇维权工作的改写文字。")
                with page.expect_navigation():
                    page.click("main form button[type=submit]:not([name])")
                page.goto(section)
                page.click("#restore-generated")
                page.wait_for_selector("#undo-section")
            sweep(views, role, "section form with the previous version")
        if role == "county_admin":
            county = township.county_id
            # the rubric editor after a save refused: its summary, the marked rows
            send_with_mistakes(views, f"{live_server.url}{dict(pages)['rubric editor']}",
                               fill={"input[name$='-points'] >> nth=0": "999"}, button="#save-rubric")
            sweep(views, role, "rubric editor with errors")
            send_with_mistakes(views, f"{live_server.url}/counties/{county}/accounts/new/")
            for page in views.values():
                assert page.evaluate("document.activeElement.id") == "form-errors"  # read out, not <body>
            sweep(views, role, "account form with errors")
            for number, page in enumerate(views.values()):  # a new account: its one-time password, shown once
                page.fill("#id_username", f"a11y_reviewer{number}")
                page.fill("#id_full_name", "周评审")
                page.select_option("#id_role", "county_reviewer")
                page.click("main form button[type=submit]")
                page.wait_for_selector("#issued-password")
            sweep(views, role, "one-time password")
        for page in views.values():
            page.context.close()

    # the second language: the same pages in English (lang="en", the report itself still Chinese)
    for role, names in ENGLISH.items():
        cookie = scene.session_cookie(role, live_server.url)
        views = {name: new_page(browser, viewport, cookie) for name, viewport in VIEWPORTS}
        for page in views.values():
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        for name, path in scene.pages[role]:
            if name in names:
                sweep(views, role, f"{name} (English)", path)
                assert all(page.evaluate("document.documentElement.lang") == "en" for page in views.values())
        for page in views.values():
            page.context.close()

    assert checked > 90
    assert not found, "\n".join(f"{where}: {violation}" for where, violation in found)
