#!/usr/bin/env python3
"""The project's two commands; needs nothing but Python 3.11+.

    python3 tasks.py reports   # set up, then build every year's HTML appendix (zh and en)
    python3 tasks.py test      # set up, then run ruff and the full test suite
    python3 tasks.py lab       # set up, then start JupyterLab on the project (notebooks/explore/ quick start)
    python3 tasks.py strip     # strip outputs from notebooks/ with nbstripout before committing
    python3 tasks.py lock      # (maintainers) re-resolve requirements/*.txt after editing pyproject.toml

Set-up creates ``.venv`` inside the checkout and installs the exact versions
of the lock files ``requirements/base.txt`` (``reports``),
``requirements/test.txt`` (``test``) or ``requirements/lab.txt`` (``lab``:
the base and JupyterLab, which the build never needs), hash-checked, then the
package itself.
It runs again only when ``pyproject.toml`` or the lock file changes.
``test`` also installs Debian's ``chromium``, ``fonts-noto-cjk`` and
``poppler-utils`` (``pdftotext``) for the browser test when they are missing
and it runs as root with apt-get, and axe-core from npm into
``.cache/axe-core`` (the accessibility check of every page).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


LOCKS = ROOT / "requirements"
PIP = ("-m", "pip", "install", "--quiet", "--disable-pip-version-check")


def setup(extras: str) -> None:
    """Create .venv and install the locked dependencies and the package, unless up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py runs under any python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    lock = LOCKS / f"{extras or 'base'}.txt"
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # Exact, hash-checked versions first; then the package itself, adding nothing.
    _run(PY, *PIP, "--require-hashes", "-r", lock)
    _run(PY, *PIP, "--no-deps", "-e", ".")
    stamp.write_text(digest)


def lock(argv: list[str]) -> int:
    """Re-resolve the lock files from pyproject.toml with uv (installed into .venv on demand)."""
    setup("")
    if not (BIN / "uv").exists():
        _run(PY, *PIP, "uv")
    common = ["--universal", "--python-version", "3.11", "--generate-hashes", "--no-header", "-q", *argv]
    _run(BIN / "uv", "pip", "compile", "pyproject.toml", *common, "-o", LOCKS / "base.txt")
    for extra in ("test", "lab"):  # each on top of base.txt: the build's versions stay the same
        _run(BIN / "uv", "pip", "compile", "pyproject.toml", "--extra", extra, "-c", LOCKS / "base.txt",
             *common, "-o", LOCKS / f"{extra}.txt")
    return 0


def reports(argv: list[str]) -> int:
    """Write the synthetic demo ledgers, then build every page in Chinese and in English (or ``argv``)."""
    setup("")
    _run(BIN / "tanto", "demo-data")
    if argv:
        return subprocess.run([str(BIN / "tanto"), "build", *argv], cwd=ROOT).returncode
    codes = [subprocess.run([str(BIN / "tanto"), "build", "--all", "--lang", lang], cwd=ROOT).returncode
             for lang in ("zh", "en")]
    return max(codes)


AXE_DIR = ROOT / ".cache" / "axe-core"


def axe_core() -> None:
    """Install axe-core from npm into .cache/axe-core for the browser test's accessibility check."""
    if (AXE_DIR / "node_modules" / "axe-core" / "axe.min.js").is_file():
        return
    npm = shutil.which("npm")
    if not npm:
        print("npm not found: axe-core cannot be installed, so the browser test will be skipped "
              "(install Node.js and npm, e.g. apt-get install npm)", flush=True)
        return
    _run(npm, "install", "--prefix", AXE_DIR, "--no-audit", "--no-fund", "axe-core@4.14.1")


def browser() -> None:
    """Install Debian's chromium, CJK fonts and pdftotext for the browser test if root and missing; then axe-core."""
    if not (shutil.which("chromium") and shutil.which("pdftotext")
            and Path("/usr/share/fonts/opentype/noto").exists()):
        if not shutil.which("apt-get") or os.geteuid() != 0:
            print("chromium/fonts-noto-cjk/poppler-utils not installed and not root: "
                  "the browser test will be skipped")
        else:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for cmd in (["apt-get", "update", "-qq"],
                        ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                         "chromium", "fonts-noto-cjk", "poppler-utils"]):
                print("+", " ".join(cmd), flush=True)
                subprocess.run(cmd, check=True, env=env)
    axe_core()


def test(argv: list[str]) -> int:
    setup("test")
    browser()
    _run(BIN / "ruff", "check", ".")
    return subprocess.run([str(PY), "-m", "pytest", *argv], cwd=ROOT).returncode


def lab(argv: list[str]) -> int:
    """Install the ``lab`` extra (JupyterLab) and start it on the project, with the demo ledgers written if missing."""
    setup("lab")
    if not (ROOT / "data" / "ledgers" / "demo").is_dir():
        _run(BIN / "tanto", "demo-data")
    env = {**os.environ, "TANTO_ROOT": str(ROOT)}
    start = "notebooks/explore/quickstart.ipynb"
    root_user = ["--allow-root"] if os.name != "nt" and os.geteuid() == 0 else []  # e.g. in a container
    return subprocess.run([str(BIN / "jupyter"), "lab", f"--ServerApp.root_dir={ROOT}", *root_user,
                           *(argv or [start])], cwd=ROOT, env=env).returncode


#: Strips outputs, execution counts and volatile metadata; installed into .venv on first use.
NBSTRIPOUT = "nbstripout==0.9.1"
#: language_info is rewritten by every kernel (version numbers); the kernelspec names the language.
NBSTRIPOUT_ARGS = ("--extra-keys", "metadata.language_info")


def strip(argv: list[str]) -> int:
    """Strip outputs from every notebook under notebooks/ (or the files given), as committed."""
    setup("")
    if not (BIN / "nbstripout").exists():
        _run(PY, *PIP, NBSTRIPOUT)
    files = argv or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").rglob("*.ipynb")
                           if ".ipynb_checkpoints" not in p.parts)
    _run(BIN / "nbstripout", *NBSTRIPOUT_ARGS, *files)
    return 0


def main() -> int:
    commands = {"reports": reports, "test": test, "lab": lab, "strip": strip, "lock": lock}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    try:
        return commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
