#!/usr/bin/env python3
"""The two Quick start commands: `python3 tasks.py demo` and `python3 tasks.py test`
(and `python3 tasks.py check`: the checks alone; `python3 tasks.py test PYTEST-ARGS`: pytest alone;
`python3 tasks.py fuzz --variants N [--seed S]`: the ETL's fuzz campaign, longer).

`test` runs every check of CHECKS, then the whole test suite.

Each sets up what it needs on a fresh machine with only Python 3.11+: a
virtual environment in .venv with the pinned packages (and, for the tests,
Debian's chromium and chromium-driver, and the Pango and poppler-utils the
PDF brief and its tests need, when they are missing and we may install them),
then runs the demo or the whole test suite. The demo loads the
boundaries in ../shared/geo (or $TONBAEB_SHARED_GEO) for its maps when it finds them.
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
BIN = VENV / "bin"
PINS = ROOT / "requirements.lock"


def shared_geo() -> Path | None:
    """The shared boundaries for the demo's maps and the tests, where this machine has them:
    $TONBAEB_SHARED_GEO, <repo>/../shared/geo, or /work/shared/geo."""
    candidates = [
        os.environ.get("TONBAEB_SHARED_GEO"),
        ROOT.parent / "shared" / "geo",
        "/work/shared/geo",
    ]
    return next(
        (Path(c) for c in candidates if c and (Path(c) / "tha_adm2_districts.geojson").is_file()),
        None,
    )


# The habits the test command enforces, in order; each is a command run from the repository's root.
CHECKS: list[tuple[str, list[str]]] = [
    ("ruff format", ["ruff", "format", "--check", "."]),
    ("ruff check", ["ruff", "check", "."]),
    ("import contract", ["lint-imports"]),
    ("docs", ["mkdocs", "build", "--strict", "--site-dir", "site"]),
    ("types", ["mypy"]),  # the packages and settings are in pyproject.toml's [tool.mypy]
    ("catalogues", ["python", "-m", "core.catalogues", "check"]),
]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (run by whatever python3 the machine has)
        print("tonbaeb needs Python 3.11 or newer", file=sys.stderr)
        return 2
    task = argv[0] if argv else ""
    if task == "demo":
        setup(extra="")
        boundaries = shared_geo()
        geo = ["--geo", str(boundaries)] if boundaries and "--geo" not in argv else []
        return run([str(BIN / "tonbaeb"), "demo", *geo, *argv[1:]])
    if task == "check":
        setup(extra="test")
        return check()
    if task == "test":
        setup(extra="test")
        ensure_browser()
        if argv[1:]:
            return run([str(BIN / "python"), "-m", "pytest", *argv[1:]])
        return check() or run([str(BIN / "python"), "-m", "pytest", "-n", "2"])
    if task == "fuzz":
        # Broken submissions, many more than the test suite's (tests/etl/fuzz): --variants N --seed S
        setup(extra="test")
        return run([str(BIN / "python"), "-m", "tests.etl.fuzz.campaign", *argv[1:]])
    print(__doc__, file=sys.stderr)
    return 2


def check() -> int:
    """Every check of CHECKS; the first that fails stops the rest, with its name."""
    for name, command in CHECKS:
        print(f"check: {name}", flush=True)
        status = run([str(BIN / command[0]), *command[1:]])
        if status:
            print(f"check failed: {name} ({' '.join(command)})", file=sys.stderr)
            return status
    return 0


def setup(extra: str) -> None:
    """Create .venv and install the pinned packages, unless already done for these pins."""
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + PINS.read_bytes()).hexdigest()
    stamp = VENV / f".installed-{extra or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extra}]" if extra else "."
    run_or_exit(
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "-c", str(PINS), "-e", target]
    )
    stamp.write_text(digest)


# Debian packages the tests need, and a file or command that shows each is there: Chromium and
# its driver (browser tests), Pango (WeasyPrint draws the PDF brief with it) and poppler-utils
# (the brief's tests read its text and draw its pages: pdftotext, pdftoppm).
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "chromium-driver": "chromedriver",
    "libpango-1.0-0": "/usr/lib/x86_64-linux-gnu/libpango-1.0.so.0",
    "libpangoft2-1.0-0": "/usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0",
    "poppler-utils": "pdftotext",
}


def missing_packages() -> list[str]:
    """The Debian packages of DEBIAN_PACKAGES not installed here."""
    missing = []
    for package, shows in DEBIAN_PACKAGES.items():
        present = Path(shows).exists() if shows.startswith("/") else shutil.which(shows)
        if not present and not _dpkg_has(package):
            missing.append(package)
    return missing


def _dpkg_has(package: str) -> bool:
    found = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return found.returncode == 0 and "install ok installed" in found.stdout


def ensure_browser() -> None:
    """Debian's chromium and chromium-driver (browser tests), Pango and poppler-utils (the PDF
    brief), installed when missing."""
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run_or_exit(["apt-get", "update", "-q"], env=env)
        run_or_exit(["apt-get", "install", "-y", "-q", *missing], env=env)
        return
    print(
        "The tests need these Debian packages: sudo apt-get install " + " ".join(missing),
        file=sys.stderr,
    )
    raise SystemExit(2)


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(command, cwd=ROOT, env=env)


def run_or_exit(command: list[str], env: dict[str, str] | None = None) -> None:
    status = run(command, env)
    if status:
        raise SystemExit(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
