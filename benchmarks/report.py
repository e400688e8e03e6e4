"""Benchmark results as Markdown pages of the manual: docs/benchmarks/NAME.md, written by the benchmark.

Every benchmark ends with `report.write(NAME, TITLE, ABOUT, RESULTS)`. The page holds the
benchmark's title and what it measures, then its runs, newest first: each run headed by its
date and commit and followed by the machine, the exact command and the results. A new run goes
on top and the older ones stay below it (the last KEEP runs; older ones are in git's history),
so a page always shows what the benchmark said, not what someone copied from it.

Runs are separated by a line holding only RUN_MARK: everything between two marks is one run,
written once and never edited (runs recorded before the benchmarks wrote their own pages are
marked as such in their heading).
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks"
RUN_MARK = "<!-- run -->"
KEEP = 5  # runs kept on a page, newest first


def write(
    name: str,
    title: str,
    about: str,
    results: str,
    *,
    command: str | None = None,
    started: datetime | None = None,
    folder: Path | None = None,
) -> Path:
    """Put this run on top of docs/benchmarks/NAME.md (older runs kept below it); its path.

    `about` says what the benchmark measures (Markdown, rewritten at every run); `results`
    is this run's Markdown (tables, notes), whose headings should start at level 3.
    `command` defaults to the command that is running; `started` to now.
    """
    page = (folder or DOCS) / f"{name}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    earlier = runs(page.read_text(encoding="utf-8")) if page.exists() else []
    run = run_block(results, command=command or this_command(), started=started)
    text = "\n".join(
        [
            f"# {title}",
            "",
            about.strip(),
            "",
            "Written by the benchmark itself (`benchmarks/report.py`): newest run first, "
            f"the last {KEEP} kept. Do not edit by hand; run the benchmark again.",
            "",
        ]
    )
    for block in [run, *earlier][:KEEP]:
        text += f"\n{RUN_MARK}\n\n{block.strip()}\n"
    page.write_text(text, encoding="utf-8")
    print(f"results written to {page.relative_to(ROOT) if page.is_relative_to(ROOT) else page}")
    return page


def runs(text: str) -> list[str]:
    """The run blocks of a page, newest first."""
    return [block.strip() for block in text.split(f"\n{RUN_MARK}\n")[1:] if block.strip()]


def run_block(results: str, *, command: str, started: datetime | None = None) -> str:
    """One run: its heading (date, commit), the facts of the run, then the results."""
    when = (started or datetime.now(UTC)).astimezone(UTC)
    commit = git_commit()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return "\n".join(
        [
            f"## {when:%Y-%m-%d %H:%M} UTC, commit {commit}",
            "",
            "| | |",
            "| --- | --- |",
            f"| date | {when:%Y-%m-%d %H:%M} UTC |",
            f"| commit | `{commit}` |",
            f"| machine | {machine()} |",
            f"| load average (1, 5, 15 min) at the end | {load} |",
            f"| command | `{command}` |",
            "",
            results.strip(),
        ]
    )


def git_commit() -> str:
    """The short hash of HEAD, and whether code differed from it (the results pages aside)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks")
    return f"{commit} with uncommitted changes" if changed else commit


def machine() -> str:
    """Cores, memory, CPU model, operating system and Python of this machine."""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 2**20:.0f} GiB"
                break
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores{memory}, {cpu}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def this_command() -> str:
    """The running command as one would type it from the repository's root."""
    python = Path(sys.executable)
    shown = ".venv/bin/python" if python.parent.parent.name == ".venv" else python.name
    script = Path(sys.argv[0]).resolve()
    where = str(script.relative_to(ROOT)) if script.is_relative_to(ROOT) else sys.argv[0]
    return " ".join([shown, where, *(shlex.quote(a) for a in sys.argv[1:])])


def demoted(markdown: str, levels: int = 1) -> str:
    """Markdown with every heading (outside code blocks) `levels` deeper: a report inside a run."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)
