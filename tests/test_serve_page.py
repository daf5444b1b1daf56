"""The web page in a real headless Chromium (system /usr/bin/chromium driven by Playwright)."""

import os
from pathlib import Path

import pytest

from despin.engine import Despinner
from despin.serve import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TEXT = "The army said on Monday 🎉 that specialists stated the plan was sound.\n"
SPUN_SOURCE = (
    "The minister said on Monday that the government would increase funding for schools "
    "and hospitals. Experts warned that the plan could raise prices, but officials told "
    "reporters the economy was strong enough to absorb the cost."
)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs /usr/bin/chromium (installed by .ci/setup)")
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def artifacts(tmp_path):
    out = Path(os.environ.get("DESPIN_ARTIFACTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    return out


def check_text(page, text):
    page.fill("#input", text)
    page.click("#check")
    page.wait_for_selector("#results:not([hidden])")


def test_review_accept_and_export(browser, live_server, swap_engine, artifacts):
    with live_server(create_app(engine=swap_engine)) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        check_text(page, TEXT)
        marks = page.locator("#doc mark.spin")
        assert marks.all_inner_texts() == ["army", "specialists", "stated"]
        assert marks.nth(0).get_attribute("class").split()[1] == "c-mid"  # color by confidence
        assert marks.nth(2).get_attribute("class").split()[1] == "c-high"

        marks.nth(0).click()  # click -> popover -> accept
        page.click("#pop-accept")
        assert page.inner_text("#doc") == TEXT.replace("army", "military")
        assert page.inner_text("#right ins") == "military"
        assert page.inner_text("#left del") == "army"

        marks.nth(1).focus()  # keyboard: Enter opens, focus lands on Accept, Tab to Reject
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "pop-accept"
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert "s-rejected" in marks.nth(1).get_attribute("class")
        assert "1 accepted, 1 rejected, 1 to review" in page.inner_text("#stats")

        page.screenshot(path=str(artifacts / "serve_page_review.png"), full_page=True)
        page.click("#accept-all")
        assert page.inner_text("#doc") == TEXT.replace("army", "military").replace("stated", "said")
        with page.expect_download() as dl:
            page.click("#download")
        assert Path(dl.value.path()).read_text(encoding="utf-8") == page.inner_text("#doc")
        assert not errors


def test_phone_width_upload_and_errors(browser, live_server, swap_engine, artifacts, tmp_path):
    upload = tmp_path / "article.txt"
    upload.write_text(TEXT * 3, encoding="utf-8")
    with live_server(create_app(Settings(max_chars=len(TEXT) * 3), swap_engine)) as url:
        page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
        page.goto(url)
        page.click("#check")
        assert "Paste or upload" in page.inner_text("#error")
        page.set_input_files("#file", str(upload))  # upload checks the text right away
        page.wait_for_selector("#doc mark.spin")
        assert page.input_value("#input") == TEXT * 3 and page.locator("#error").is_hidden()
        page.locator("#doc mark.spin").first.click()
        assert page.locator("#pop").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        page.screenshot(path=str(artifacts / "serve_page_phone.png"), full_page=True)
        page.fill("#input", TEXT * 4)
        page.click("#check")
        page.wait_for_selector("#error:not([hidden])")
        assert "the limit is" in page.inner_text("#error")  # the server's 413 message


def test_real_engine_on_spun_text(browser, live_server, artifacts):
    """The real engine end to end: whatever it marks must be acceptable on the page."""
    try:
        from despin.spin import spin
    except ImportError:
        spin = None
    text = spin(SPUN_SOURCE).text if spin else SPUN_SOURCE
    with live_server(create_app(engine=Despinner())) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(url)
        check_text(page, text)
        marks = page.locator("#doc mark.spin")
        if marks.count():
            before = page.inner_text("#doc")
            marks.first.click()
            page.click("#pop-accept")
            assert page.inner_text("#doc") != before
        else:
            assert page.inner_text("#stats") == "No suspicious spans found."
        page.screenshot(path=str(artifacts / "serve_page_real_engine.png"), full_page=True)
