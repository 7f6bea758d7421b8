"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import shutil

import pytest

from core.testing import PASSWORD, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _settling(action):
    """Wrap a Playwright action so that, when it started a navigation (Playwright waits for it to commit), the
    test reads the new page only once its document is parsed: without this, `page.content()` or a locator's
    `count()` right after a click may read a half-loaded page on a busy machine."""

    def wrapped(self, *args, **kwargs):
        result = action(self, *args, **kwargs)
        page = self if hasattr(self, "wait_for_load_state") else self.page
        try:
            page.wait_for_load_state("domcontentloaded")
        except Exception:  # the page closed (a popup, the end of a test): nothing to wait for
            pass
        return result

    return wrapped


def _settle_after_actions():
    from playwright.sync_api import Locator, Page

    for cls in (Page, Locator):
        for name in ("click", "press", "dblclick"):
            action = getattr(cls, name)
            if not getattr(action, "_settles", False):
                settled = _settling(action)
                settled._settles = True
                setattr(cls, name, settled)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"浏览器测试需要 Chromium：{CHROMIUM} 不存在。请运行 apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    _settle_after_actions()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def e2e_world(transactional_db):
    from django.db import connection

    from core import sqlite_guards

    sqlite_guards.install(connection)
    yield build_world()
    # The live-server tests empty the database after each case; SQLite's guard would refuse that.
    sqlite_guards.remove(connection)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)  # a navigation on a busy CI machine (two suites on two cores) can take seconds
    pg.base = live_server.url
    # Any script the Content-Security-Policy blocks, and any uncaught script error, fails the test.
    problems = []
    pg.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    pg.on("pageerror", lambda e: problems.append(str(e)))
    yield pg
    context.close()
    assert not problems, problems


@pytest.fixture
def login(page):
    """login(username) signs in through the real login form."""

    def _login(username, password=PASSWORD):
        page.goto(page.base + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        return page

    return _login


@pytest.fixture
def nav(page):
    """nav(label) opens a sidebar entry as a user would: the drawer on a phone, then the entry's group."""

    def _nav(label):
        toggle = page.locator("[data-testid=nav-toggle]")
        if toggle.is_visible():
            toggle.click()
            page.locator("#sidebar-menu.show").wait_for()
        link = page.locator("[data-testid=sidebar-nav]").get_by_role(
            "link", name=label, exact=True, include_hidden=True
        )
        if not link.is_visible():
            link.locator("xpath=ancestor::li[contains(@class,'dropdown')]/a[@data-bs-toggle='dropdown']").click()
        link.click()
        page.wait_for_load_state("domcontentloaded")
        return page

    return _nav
