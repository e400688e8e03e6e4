"""Habits of the test suite, read from its source with `ast`:

- no module under tests/ imports a test module (test_*.py): shared fixtures live in a conftest.py,
  shared helpers in a plainly named support module (tests/browser.py, tests/<area>/support.py);
- no assert compares wall-clock time: a test counts the work done (hashes verified, looks taken,
  bytes sent) or waits for the event that proves a bound, and times are kept in benchmarks/.

The second check sees a clock read (time.monotonic() and the like, datetime.now()) inside an
assert, or a name or attribute assigned from one (in the same function or at module level, through
any chain of assignments) used inside an assert. It cannot follow a time through a function's
return value or a fixture; a test doing that is still against the habit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TIME_CLOCKS = {
    "time",
    "time_ns",
    "monotonic",
    "monotonic_ns",
    "perf_counter",
    "perf_counter_ns",
    "process_time",
    "process_time_ns",
    "thread_time",
    "thread_time_ns",
}
DATETIME_CLOCKS = {"now", "utcnow"}


def sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> list[str]:
    """The dotted name of a file under tests/, as the suite imports it (tests.x.y)."""
    relative = path.relative_to(TESTS.parent).with_suffix("")
    return list(relative.parts)


def imported(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module (or name within one) a file imports, as an absolute dotted name."""
    package = module_name(path)[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            for alias in node.names:  # `from tests.x import test_y` imports a module by name
                yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def imports_of_test_modules(path: Path, source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        f"{path.relative_to(TESTS.parent)}:{line} imports {name}"
        for line, name in imported(path, tree)
        if any(part.startswith("test_") for part in name.split("."))
    ]


def clock_aliases(tree: ast.AST) -> tuple[set[str], set[str], set[str]]:
    """The names a module binds to the time module, to its clocks, and to datetime's classes."""
    time_modules, clocks, datetimes = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "time":
                    time_modules.add(alias.asname or "time")
                if alias.name == "datetime":
                    datetimes.add(f"{alias.asname or 'datetime'}.datetime")
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            clocks |= {a.asname or a.name for a in node.names if a.name in TIME_CLOCKS}
        elif isinstance(node, ast.ImportFrom) and node.module == "datetime":
            datetimes |= {a.asname or a.name for a in node.names if a.name == "datetime"}
    return time_modules, clocks, datetimes


def reads_clock(node: ast.AST, aliases: tuple[set[str], set[str], set[str]]) -> bool:
    time_modules, clocks, datetimes = aliases
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Name) and func.id in clocks:
            return True
        if isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value)
            if func.attr in TIME_CLOCKS and owner in time_modules:
                return True
            if func.attr in DATETIME_CLOCKS and owner in datetimes:
                return True
    return False


def names_in(node: ast.AST) -> set[str]:
    return {ast.unparse(n) for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)}


def scopes(tree: ast.Module) -> Iterator[list[ast.stmt]]:
    """The module's own statements, then each function's body (nested functions included)."""
    yield [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.body


def wall_clock_asserts(path: Path, source: str) -> list[str]:
    tree = ast.parse(source)
    aliases = clock_aliases(tree)
    found = []
    for body in scopes(tree):
        nodes = [n for statement in body for n in ast.walk(statement)]
        assignments = []
        for node in nodes:
            if isinstance(node, ast.Assign):
                assignments += [(t, node.value) for t in node.targets]
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value:
                assignments.append((node.target, node.value))
        timed: set[str] = set()  # names holding a time read from a clock (or computed from one)
        while True:
            more = {
                ast.unparse(target)
                for target, value in assignments
                if isinstance(target, ast.Name | ast.Attribute)
                and (reads_clock(value, aliases) or names_in(value) & timed)
            } - timed
            if not more:
                break
            timed |= more
        found += [
            f"{path.relative_to(TESTS.parent)}:{node.lineno}: {ast.unparse(node.test)}"
            for node in nodes
            if isinstance(node, ast.Assert)
            and (reads_clock(node.test, aliases) or names_in(node.test) & timed)
        ]
    return sorted(set(found))


def test_no_module_of_the_suite_imports_a_test_module() -> None:
    found = [line for p in sources() for line in imports_of_test_modules(p, p.read_text("utf-8"))]
    assert found == [], "\n".join(found)


def test_no_assert_compares_wall_clock_time() -> None:
    found = [line for p in sources() for line in wall_clock_asserts(p, p.read_text("utf-8"))]
    assert found == [], "\n".join(found)


# The checks themselves, on small sources: each must see what it is there to see.
SAMPLE = TESTS / "area" / "test_sample.py"


@pytest.mark.parametrize(
    ("source", "seen"),
    [
        ("from tests.dashboard.test_browser import sign_in", True),
        ("from .test_browser import sign_in", True),
        ("from tests.area import test_other", True),
        ("import tests.area.test_other as other", True),
        ("importlib.import_module('tests.area.test_other')", True),
        ("from tests.browser import sign_in\nfrom tests.area.support import page", False),
        ("from tests.dashboard.conftest import PASSWORD", False),
    ],
)
def test_the_import_check_sees_a_test_module_imported(source: str, seen: bool) -> None:
    assert bool(imports_of_test_modules(SAMPLE, source)) is seen


@pytest.mark.parametrize(
    ("source", "seen"),
    [
        (
            "import time\ndef test():\n    s = time.monotonic()\n    assert time.monotonic() - s < 1",
            True,
        ),
        ("import time as t\ndef test():\n    assert t.perf_counter() > 0", True),
        (
            "from time import monotonic\ndef test():\n    a = monotonic()\n    b = a + 1\n    assert b",
            True,
        ),
        (
            "import time\ndef test(x):\n    x.took = time.time() - x.began\n    assert x.took < 2",
            True,
        ),
        (
            "from datetime import datetime\ndef test(row):\n    assert row.at <= datetime.now()",
            True,
        ),
        ("import time\ndef test():\n    s = time.monotonic()\n    assert s.hex()", True),
        (
            "import time\ndef test(q):\n    deadline = time.monotonic() + 5\n    assert q.get(timeout=5)",
            False,
        ),
        ("import time\ndef test(clock):\n    clock.now = 3\n    assert clock.now == 3", False),
        ("from datetime import time\ndef test(x):\n    assert x == time(9, 0)", False),
    ],
)
def test_the_clock_check_sees_a_time_read_in_an_assert(source: str, seen: bool) -> None:
    assert bool(wall_clock_asserts(SAMPLE, source)) is seen
