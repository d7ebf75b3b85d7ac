"""The 2022 appendix in headless Chromium with networking disabled.

Uses Debian's ``chromium`` (``/usr/bin/chromium``) through playwright.  If it
is missing the test is skipped, unless ``TANTO_REQUIRE_BROWSER=1`` (set by
``.ci/run``), in which case it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_browser() -> None:
    reason = None
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    if reason:
        if os.environ.get("TANTO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TANTO_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


def open_offline(html: Path, screenshot: Path) -> dict:
    """Load ``html`` with every non-file request aborted; return what happened."""
    from playwright.sync_api import sync_playwright

    failed: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1600})

            def route(r) -> None:
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    failed.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("requestfailed", lambda req: failed.append(f"{req.url} ({req.failure})"))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(html.as_uri(), wait_until="load")
            page.screenshot(path=str(screenshot), full_page=False)
            info = page.evaluate("""() => ({
                title: document.title,
                images: Array.from(document.images).map(i => [i.naturalWidth, i.complete]),
                toc: Array.from(document.querySelectorAll('nav.toc a')).map(a => a.textContent),
                text: document.body.innerText,
                fonts: document.fonts.check('16px "Noto Sans CJK SC"', '潭头镇'),
            })""")
            page.emulate_media(media="print")
            info["print_toc_hidden"] = page.evaluate(
                "() => { const n = document.querySelector('nav.toc');"
                " return n ? getComputedStyle(n).display === 'none' : null; }")
        finally:
            browser.close()
    info.update(failed=failed, errors=errors)
    return info


def test_2022_appendix_loads_offline_with_charts_and_chinese(tmp_path: Path, request) -> None:
    _require_browser()
    root = request.getfixturevalue("built_site")  # built only when there is a browser to open it
    screenshot = tmp_path / "appendix_2022.png"
    info = open_offline(root / "reports" / "html" / "2022.html", screenshot)
    print(f"screenshot: {screenshot} (kept if the test fails, or with -o tmp_path_retention_policy=all)")
    assert info["failed"] == []
    assert info["errors"] == []
    assert info["title"] == "潭头镇乡村振兴进展报告 2022年附录"
    assert len(info["images"]) >= 11
    assert all(width > 100 and complete for width, complete in info["images"])
    for heading in ("二、就业增收", "三、小额贴息贷款", "四、土地流转"):
        assert any(heading in entry for entry in info["toc"])
    assert "1146.5万元" in info["text"] and "11,465,000" in info["text"]
    assert "合成数据 / SYNTHETIC DATA" in info["text"]
    assert info["fonts"]
    assert info["print_toc_hidden"]
    assert screenshot.stat().st_size > 10_000


def test_index_loads_offline(tmp_path: Path, request) -> None:
    _require_browser()
    root = request.getfixturevalue("built_site")  # built only when there is a browser to open it
    info = open_offline(root / "reports" / "html" / "index.html", tmp_path / "index.png")
    assert info["failed"] == [] and info["errors"] == []
    assert "2022年附录" in info["text"] and "11,465,000" in info["text"]
