"""Every page of ``tanto build --all`` (zh and en) in headless Chromium with networking disabled.

Uses Debian's ``chromium`` (``/usr/bin/chromium``) through playwright, axe-core
from npm (installed once into ``.cache/axe-core``, injected into the loaded
page only for the check, through the browser's DevTools, which the page's
Content-Security-Policy does not govern: the page itself stays script-free)
and poppler's
``pdftotext`` for the printed PDF.  If any of them is missing the test is
skipped, unless ``TANTO_REQUIRE_BROWSER=1`` (set by ``.ci/run``), in which
case it fails.  ``python3 tasks.py test`` installs all three.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tanto_analysis.build.csp import CONTENT_SECURITY_POLICY, page_policy
from tanto_analysis.core import paths

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_DIR = paths.project_root() / ".cache" / "axe-core"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
NBCONVERT_ALT = "No description has been provided for this image"
WIDTHS = (390, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _missing(reason: str) -> None:
    if os.environ.get("TANTO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TANTO_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _require_browser() -> None:
    if not CHROMIUM.is_file():
        _missing(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("the playwright package is not installed")


def axe_script() -> Path:
    """axe-core's ``axe.min.js``, installed with npm into ``.cache/axe-core`` on first use."""
    if AXE.is_file():
        return AXE
    npm = shutil.which("npm")
    if not npm:
        _missing("npm not found: axe-core cannot be installed (apt-get install npm)")
    subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "axe-core@4.14.1"],
                   check=True, capture_output=True)
    return AXE


def _route_offline(page, failed: list[str]) -> None:
    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            failed.append(r.request.url)
            r.abort()

    page.route("**/*", route)


#: Records every CSP violation the page reports (added through DevTools: not subject to the page's policy).
CSP_LISTENER = """
window.__csp_violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp_violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
"""


def pages_of(root: Path) -> list[Path]:
    html = root / "reports" / "html"
    return sorted(html.glob("*.html")) + sorted((html / "en").glob("*.html"))


def open_offline(html: Path, screenshot: Path) -> dict:
    """Load ``html`` with every non-file request aborted; return what happened."""
    from playwright.sync_api import sync_playwright

    failed: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1600}, accept_downloads=True)
            _route_offline(page, failed)
            page.add_init_script(CSP_LISTENER)
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
                policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
                violations: window.__csp_violations,
            })""")
            link = page.locator("a[download]").first
            with page.expect_download() as download:  # a data: CSV link still downloads under the policy
                link.click()
            info["download"] = (download.value.suggested_filename, Path(download.value.path()).read_bytes())
            info["download_name"] = link.get_attribute("download")
        finally:
            browser.close()
    info.update(failed=failed, errors=errors)
    return info


def test_2022_appendix_loads_offline_with_charts_and_chinese(tmp_path: Path, request) -> None:
    _require_browser()
    root = request.getfixturevalue("built_site")  # built only when there is a browser to open it
    screenshot = tmp_path / "appendix_2022.png"
    info = open_offline(root / "reports" / "html" / "2022.html", screenshot)
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
    assert screenshot.stat().st_size > 10_000
    assert info["policy"] == CONTENT_SECURITY_POLICY
    assert info["violations"] == []  # data: PNGs and inline styles only: the real page breaks none of it
    name, csv_bytes = info["download"]
    assert name == info["download_name"] and name.endswith(".csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and b"\n" in csv_bytes


#: Injected into a copy of a built page, as a value that slipped past escaping might be.
INJECTED = ('<script>document.title = "ran";</script>'
            '<img alt="" src="x.png" onerror="document.title = \'handler ran\'">'
            '<img alt="" src="http://127.0.0.1:9/x.png">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            '<iframe title="x" src="http://127.0.0.1:9/"></iframe>'
            '<object data="http://127.0.0.1:9/x.swf"></object>')


def _load_injected(browser, html: Path) -> dict:
    """Load ``html``; what ran, what the page asked for, what the policy blocked and what reached the network.

    Chromium reports a request the policy blocked as a request that failed
    with ``csp``: it never reaches the network, where every request but
    ``file:`` and ``data:`` ones would be aborted and recorded in ``reached``.
    """
    requests: list[str] = []
    blocked: list[str] = []
    reached: list[str] = []
    page = browser.new_page()
    _route_offline(page, reached)
    page.add_init_script(CSP_LISTENER)
    page.on("request", lambda req: requests.append(req.url))
    page.on("requestfailed", lambda req: blocked.append(req.url) if req.failure == "csp" else None)
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # let a late error handler or frame show itself
    info = page.evaluate("() => ({title: document.title, violations: window.__csp_violations})")
    page.close()
    info.update(requests=[url for url in requests if url != html.as_uri()], blocked=blocked, reached=reached)
    return info


def test_the_pages_policy_stops_an_injected_script_and_every_request(tmp_path: Path, request) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    root = request.getfixturevalue("built_site")
    page_text = (root / "reports" / "html" / "2022.html").read_text(encoding="utf-8")
    assert page_policy(page_text) == CONTENT_SECURITY_POLICY
    injected = tmp_path / "injected.html"
    injected.write_text(page_text.replace("<body>", "<body>" + INJECTED, 1), encoding="utf-8")
    # the same injection into a copy without the policy shows that the probes would catch it
    unguarded = tmp_path / "unguarded.html"
    unguarded.write_text(re.sub(r"<meta [^>]*Content-Security-Policy[^>]*>", "", injected.read_text("utf-8")),
                         encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            guarded = _load_injected(browser, injected)
            bare = _load_injected(browser, unguarded)
        finally:
            browser.close()
    assert guarded["title"] == "潭头镇乡村振兴进展报告 2022年附录"  # neither the script nor the handler ran
    assert guarded["reached"] == []  # nothing left the page
    assert guarded["requests"] and sorted(guarded["requests"]) == sorted(guarded["blocked"])  # all stopped by CSP
    assert {"img-src", "script-src-elem", "script-src-attr", "style-src-elem", "frame-src", "object-src"} <= {
        v.split()[0] for v in guarded["violations"]}
    assert "img-src http://127.0.0.1:9/x.png" in guarded["violations"]
    assert bare["title"] in ("ran", "handler ran")
    assert "http://127.0.0.1:9/x.png" in bare["reached"] and bare["blocked"] == []


_LAYOUT = """() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
    body_px: parseFloat(getComputedStyle(document.body).fontSize),
    small_text: Array.from(document.querySelectorAll('main p, main li, main td, main th, body > p'))
        .filter(e => e.offsetParent && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize)).filter(px => px < 14).length,
    wide_images: Array.from(document.images).filter(i => i.getBoundingClientRect().right
        > document.documentElement.clientWidth + 0.5).length,
    alts: Array.from(document.images).map(i => i.getAttribute('alt') || ''),
})"""


def check_pages(pages: dict[str, Path], axe: Path) -> tuple[list[str], list[str]]:
    """Each page at every width of :data:`WIDTHS`: layout, alt texts, CSP and axe; (problems, failed requests)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    failed: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for name, html in pages.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    _route_offline(page, failed)
                    page.add_init_script(CSP_LISTENER)
                    page.add_init_script(path=axe)  # the page's policy refuses a <script> tag
                    page.goto(html.as_uri(), wait_until="load")
                    layout = page.evaluate(_LAYOUT)
                    if layout["scroll"] > layout["client"]:
                        problems.append(f"{name} @{width}px scrolls sideways: {layout['scroll']} > {layout['client']}")
                    if layout["body_px"] < 14 or layout["small_text"]:
                        problems.append(f"{name} @{width}px: body {layout['body_px']}px, "
                                        f"{layout['small_text']} text blocks under 14 px")
                    if layout["wide_images"]:
                        problems.append(f"{name} @{width}px: {layout['wide_images']} images wider than the page")
                    bad_alt = [a for a in layout["alts"] if not a.strip() or a == NBCONVERT_ALT]
                    if bad_alt:
                        problems.append(f"{name}: {len(bad_alt)} images without a description")
                    csp = page.evaluate("() => window.__csp_violations")
                    problems += [f"{name} @{width}px CSP violation: {v}" for v in csp]
                    violations = page.evaluate(
                        "async () => (await axe.run(document)).violations"
                        ".map(v => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].html.slice(0, 80)}`)")
                    problems += [f"{name} @{width}px axe: {v}" for v in violations]
                    page.close()
        finally:
            browser.close()
    return problems, failed


def test_every_page_fits_phone_and_desktop_passes_axe_and_describes_its_images(request) -> None:
    _require_browser()
    axe = axe_script()

    root = request.getfixturevalue("built_everything")  # built only when a browser can open it
    pages = pages_of(root)
    names = {p.relative_to(root / "reports" / "html").as_posix() for p in pages}
    assert {"index.html", "2022.html", "trends.html", "en/index.html", "en/2022.html", "en/trends.html"} <= names
    problems, failed = check_pages({p.relative_to(root / "reports" / "html").as_posix(): p for p in pages}, axe)
    assert failed == []
    assert problems == []


def test_the_2022_page_prints_on_a4_with_page_numbers_and_a_running_header(tmp_path: Path, request) -> None:
    _require_browser()
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        _missing("pdftotext not found (apt-get install poppler-utils)")
    from playwright.sync_api import sync_playwright

    root = request.getfixturevalue("built_site")
    pdf = tmp_path / "2022.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.goto((root / "reports" / "html" / "2022.html").as_uri(), wait_until="load")
            page.emulate_media(media="print")
            toc_shown = page.evaluate("() => getComputedStyle(document.querySelector('nav.toc')).display")
            page.pdf(path=str(pdf), prefer_css_page_size=True)
        finally:
            browser.close()
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    sheets = text.split("\f")
    sheets = [s for s in sheets if s.strip()]
    total = len(sheets)
    assert toc_shown != "none"
    assert 5 <= total <= 40
    for number, sheet in enumerate(sheets, start=1):
        assert f"第 {number} / {total} 页" in sheet
        assert "潭头镇乡村振兴进展报告 2022年附录" in sheet and "合成数据 / SYNTHETIC DATA" in sheet


def test_the_county_page_fits_phone_and_desktop_and_passes_axe(tmp_path: Path) -> None:
    """``tanto county`` on two FICTIONAL towns (tests/build/county_towns.py): zh and en at 390 and 1280 px."""
    _require_browser()
    axe = axe_script()
    from click.testing import CliRunner

    from tanto_analysis.cli import main
    from tests.build.county_towns import make_county

    jia, yi = make_county(tmp_path)
    result = CliRunner().invoke(main, ["county", str(jia), str(yi), "-o", str(tmp_path / "county"), "--no-build"])
    assert result.exit_code == 0, result.output
    pages = {"index.html": tmp_path / "county" / "index.html", "en/index.html": tmp_path / "county" / "en" / "index.html"}
    problems, failed = check_pages(pages, axe)
    assert failed == []
    assert problems == []
