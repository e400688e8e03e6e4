#!/usr/bin/env python3
"""The two Quick start commands: `python3 tasks.py demo` and `python3 tasks.py test`
(and `python3 tasks.py check`: the checks alone; `python3 tasks.py test PYTEST-ARGS`: pytest alone;
`python3 tasks.py fuzz --variants N [--seed S]`: the ETL's fuzz campaign, longer).

`test` runs every check of CHECKS, then the whole test suite.

Each sets up what it needs on a fresh machine with only Python 3.11+: a
virtual environment in .venv with the pinned packages (and, for the tests,
the Debian packages of DEBIAN_PACKAGES when they are missing and we may
install them), then runs the demo or the whole test suite. The demo loads the
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
        ensure_test_programs()
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


# Debian packages the tests need, each with what shows it is there (a program on the PATH or in
# /usr/sbin, or a file pattern): Chromium and its driver (browser tests), nginx (the multi-server
# test's proxy), PostgreSQL (the state-store tests start a throw-away cluster), Pango (WeasyPrint
# draws the PDF brief with it) and poppler-utils (the brief's tests: pdftotext, pdftoppm).
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "chromium-driver": "chromedriver",
    "nginx": "nginx",
    "postgresql": "/usr/lib/postgresql/*/bin/initdb",
    "libpango-1.0-0": "/usr/lib/*/libpango-1.0.so.0",
    "libpangoft2-1.0-0": "/usr/lib/*/libpangoft2-1.0.so.0",
    "poppler-utils": "pdftotext",
}


def ensure_test_programs() -> None:
    """The Debian packages of DEBIAN_PACKAGES, installed when missing (as root, with apt-get)."""
    missing = [package for package, shows in DEBIAN_PACKAGES.items() if not present(shows)]
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run_or_exit(["apt-get", "update", "-q"], env=env)
        run_or_exit(["apt-get", "install", "-y", "-q", *missing], env=env)
        return
    print(f"The tests need: sudo apt-get install {' '.join(missing)}", file=sys.stderr)
    raise SystemExit(2)


def present(shows: str) -> bool:
    """A file matching the pattern, or a program on the PATH or in /usr/sbin (nginx)."""
    if shows.startswith("/"):
        return any(Path("/").glob(shows[1:]))
    return bool(shutil.which(shows) or shutil.which(shows, path="/usr/sbin"))


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian keeps them in /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(command, cwd=ROOT, env=env)


def run_or_exit(command: list[str], env: dict[str, str] | None = None) -> None:
    status = run(command, env)
    if status:
        raise SystemExit(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
