"""On a 390 × 844 phone, in Chromium with the pages' real Content Security Policy: no page scrolls
sideways, the township menu is folded into its drawer, and staff find a member and correct the
member's telephone number with a thumb; a failed save puts the focus on what to correct."""
import pytest

from reports.tests.conftest import staff_user, township  # noqa: F401  (a township whose report passes the pre-flight)
from unions.models import Member
from unions.tests.conftest import fast_password_hasher  # noqa: F401

from .pages import build_scene

# a phone set to Chinese, as the townships' are (the date pickers show 年/月/日)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN"}
# A phone's browser widens its layout to fit a page too wide for it (and innerWidth with it), so the
# page is measured against the phone's 390 px as well.
SIDEWAYS = "() => ({scroll: document.documentElement.scrollWidth, inner: Math.min(window.innerWidth, 390)})"
# Visible controls in the page's content smaller than a fingertip (44 × 44 CSS px): links inside
# running text and table cells are exempt, as WCAG's target size criterion exempts them.
SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
      'main .btn, main .form-control, main .form-select, main .page-link, main .form-check, .township-menu-toggle'))
    .filter((element) => element.offsetParent !== null)
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => box.height < 44 - 0.5)
    .map(([element, box]) => element.outerHTML.slice(0, 120) + ' ' + Math.round(box.height))"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_page(browser, scene, role, live_server):
    context = browser.new_context(**PHONE)
    context.add_cookies([scene.session_cookie(role, live_server.url)])
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text))
    return page


def test_no_page_scrolls_sideways_and_the_township_menu_is_folded(browser, live_server, township, staff_user):  # noqa: F811
    scene = build_scene(township, staff_user)
    sideways, small, unfolded, status, seen = [], [], [], [], 0
    for role, pages in scene.pages.items():
        page = phone_page(browser, scene, role, live_server)
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path}")
            expected = 404 if name == "not found" else 403 if name == "forbidden" else 200
            if response.status != expected:  # the page swept is the page meant, not an error page instead
                status.append((role, name, response.status))
            width = page.evaluate(SIDEWAYS)
            if width["scroll"] > width["inner"]:
                sideways.append((role, name, width))
            small += [(role, name, target) for target in page.evaluate(SMALL_TARGETS)]
            if page.locator("#township-menu").count():
                # folded: the drawer's links are out of sight until the bar above the page opens it
                if page.locator("#township-menu .township-nav").is_visible() or not page.locator(".township-menu-toggle").is_visible():
                    unfolded.append((role, name))
            seen += 1
        assert not page.csp_violations, page.csp_violations
        page.context.close()
    assert seen > 60
    assert not status, status
    assert not sideways, sideways
    assert not unfolded, unfolded
    assert not small, "\n".join(map(str, small))


def test_staff_find_and_edit_a_member_on_a_phone(browser, live_server, township, staff_user):  # noqa: F811
    scene = build_scene(township, staff_user)
    page = phone_page(browser, scene, "staff", live_server)
    page.goto(f"{live_server.url}/townships/{township.pk}/")

    # the menu: one tap opens the drawer, one tap on 会员
    menu = page.locator("#township-menu .township-nav")
    assert not menu.is_visible()
    page.tap(".township-menu-toggle")
    with page.expect_navigation():
        menu.get_by_role("link", name="会员").tap()
    assert page.locator("h1").inner_text().startswith("会员")
    assert not menu.is_visible()
    # cards, with the count and the pager above them
    assert page.locator(".record-cards").is_visible() and not page.locator("table").first.is_visible()
    assert page.locator("#list-count").is_visible() and page.get_by_role("navigation", name="分页（列表上方）").is_visible()
    # the filters beyond the search box are folded; the button says how many are in effect
    assert not page.locator("#id_gender").is_visible()
    assert not page.locator(".filter-toggle .badge").count()
    page.tap(".filter-toggle")
    page.locator("#id_gender").select_option("F")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).tap()
    assert page.locator(".filter-toggle .badge").inner_text() == "已选 1 项" and not page.locator("#id_gender").is_visible()
    assert page.locator(".record-cards li", has_text="王秀兰").count() == 1
    page.get_by_role("link", name="清除").tap()
    page.wait_for_url("**/members/")

    search = page.locator("#id_q")
    assert search.get_attribute("type") == "search"
    search.fill("王秀兰")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).tap()
    card = page.locator(".record-cards li", has_text="王秀兰")
    assert card.count() == 1 and page.locator(".record-cards li").count() == 1
    with page.expect_navigation():
        card.get_by_role("link", name="编辑").tap()

    phone = page.locator("#id_phone")
    assert (phone.get_attribute("type"), phone.get_attribute("inputmode"), phone.get_attribute("autocomplete")) == ("tel", "tel", "off")
    assert page.locator("#id_id_number").get_attribute("autocapitalize") == "characters"
    # a mistake first: the focus goes to the summary of what to correct, which links to the field
    page.fill("#id_name", "")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.locator("#form-errors a[href='#id_name']").is_visible()
    page.fill("#id_name", "王秀兰")
    phone.fill("13903719999")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()
    assert "已保存" in page.locator(".alert-success").inner_text()
    assert Member.objects.get(pk=scene.member.pk).phone == "13903719999"
    assert page.evaluate(SIDEWAYS)["scroll"] <= 390
    assert not page.csp_violations, page.csp_violations


def test_keyboard_skip_link_and_the_red_bar_focus_ring(browser, live_server, township, staff_user):  # noqa: F811
    scene = build_scene(township, staff_user)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([scene.session_cookie("staff", live_server.url)])
    page = context.new_page()
    page.goto(f"{live_server.url}/townships/{township.pk}/members/{scene.member.pk}/edit/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert page.locator(".skip-link").is_visible()
    # the next stop is the red bar's first link: a solid white ring, not Bootstrap's faint glow
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('navbar-brand')")
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineColor, s.outlineWidth]; })()")
    assert ring == ["solid", "rgb(255, 255, 255)", "3px"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # on into the content, not through the 17 links before it
    assert page.evaluate("document.activeElement.closest('main') !== null")
    context.close()


def test_screenshots_at_390_px(browser, live_server, township, staff_user):  # noqa: F811
    """The pages people use most on a phone, as PNGs in test-artifacts/phone-390/ to look at."""
    from django.conf import settings

    scene = build_scene(township, staff_user)
    target = settings.BASE_DIR / "test-artifacts" / "phone-390"
    target.mkdir(parents=True, exist_ok=True)
    shots = {
        "staff": [("dashboard", f"/townships/{township.pk}/"), ("members", f"/townships/{township.pk}/members/"),
                  ("member-form", f"/townships/{township.pk}/members/{scene.member.pk}/edit/"),
                  ("report", f"/townships/{township.pk}/report/?year=2025")],
        "reviewer": [("scoring", next(path for name, path in scene.pages["reviewer"] if name == "scoring")),
                     ("review-queue", "/reviews/")],
    }
    shots["staff"].append(("import-duplicates", dict(scene.pages["staff"])["import preview (duplicates)"]))
    for role, pages in shots.items():
        page = phone_page(browser, scene, role, live_server)
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=target / f"{name}.png", full_page=False)
            page.screenshot(path=target / f"{name}-full.png", full_page=True)
        if role == "staff":  # the menu opened from the bar
            page.goto(f"{live_server.url}/townships/{township.pk}/members/")
            page.tap(".township-menu-toggle")
            page.wait_for_selector("#township-menu.show")
            page.screenshot(path=target / "menu-open.png")
        page.context.close()
    assert len(list(target.glob("*.png"))) >= 15


def test_destructive_buttons_ask_first_and_say_what_goes(browser, live_server, township, staff_user):  # noqa: F811
    """A county admin on a phone: taking a reviewer off an application, and saving the rubric with a
    dimension ticked for deletion, each ask first and say what goes; declining changes nothing."""
    from reviews.models import Assignment, Dimension

    scene = build_scene(township, staff_user)
    page = phone_page(browser, scene, "county_admin", live_server)
    asked = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", decline)
    pages = dict(scene.pages["county_admin"])
    page.goto(f"{live_server.url}{pages['round']}")
    reviewer = scene.users["reviewer"]
    page.get_by_role("button", name=f"取消{reviewer.first_name}的分配").tap()
    assert reviewer.first_name in asked[-1] and township.name in asked[-1] and "尚未提交的评分会保留" in asked[-1]
    assert Assignment.objects.filter(reviewer=reviewer).exists()

    page.goto(f"{live_server.url}{pages['rubric editor']}")
    dimension = page.locator("[data-dimension]").first
    name = dimension.locator(".card-header input[name$='-name']").input_value()
    codes = dimension.locator("tbody input[name$='-code']").evaluate_all("(inputs) => inputs.map((input) => input.value).filter(Boolean)")
    assert len(codes) > 3
    dimension.locator(".card-header input[name$='-DELETE']").check()
    page.locator("#save-rubric").tap()
    assert asked[-1].startswith("保存后将删除以下各项，删除后不能恢复：") and asked[-1].endswith("确定保存吗？")
    assert f"· {name}" in asked[-1] and all(f"    · {code} " in asked[-1] for code in codes), asked[-1]
    assert Dimension.objects.filter(rubric__county=township.county, name=name).exists()
    assert not page.csp_violations, page.csp_violations
    page.context.close()
