"""The rules file: shipped defaults, overrides by province and year, and clear errors."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.build import apply_schema
from warehouse.rules import DEFAULT_FILE, RulesError, exemplar_rows, load_rules, rules_rows

DEFAULTS = """version = "t.1"
[defaults]
meetings_min = 3
attendance_min = 0.70
capacity_min = 2
problem_solving_min = 1
partner_joint_min = 2
forum_min = 1
evaluation_min = 1
knowledge_min = 1
publicity_min = 1
committee_roles = ["chair", "secretary", "treasurer"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_holds_the_contracts_defaults() -> None:
    rules = load_rules()
    assert rules.version == "2559.2"
    assert rules.defaults == {
        "meetings_min": 3,
        "attendance_min": 0.70,
        "capacity_min": 2,
        "problem_solving_min": 1,
        "partner_joint_min": 2,
        "forum_min": 1,
        "evaluation_min": 1,
        "knowledge_min": 1,
        "publicity_min": 1,
        "committee_roles": ("chair", "secretary", "treasurer"),
    }
    assert rules.overrides == ()
    assert set(rules.exemplar) == {
        "consecutive_years", "steps_done", "attendance", "partners", "retention", "growth", "trend"
    }  # fmt: skip
    assert rules.exemplar_settings == {
        "scored_years": 3, "partners_full": 6, "growth_full": 0.10, "trend_full": 2,
        "due_days": 60, "due_from_fy": 2569, "max_rejected_share": 0.05,
    }  # fmt: skip
    assert sum(rules.exemplar.values()) == pytest.approx(1.0)
    assert load_rules(DEFAULT_FILE) == rules


def test_overrides_apply_by_province_and_year_and_a_later_one_wins(tmp_path: Path) -> None:
    rules = load_rules(
        write(
            tmp_path,
            DEFAULTS
            + '[[override]]\nprovince = "62"\nfrom_fy = 2567\nto_fy = 2568\nattendance_min = 0.6\n'
            + "[[override]]\nfrom_fy = 2568\nmeetings_min = 4\n"
            + '[[override]]\nprovince = "62"\nto_fy = 2568\nattendance_min = 0.5\n',
        )
    )
    chosen = {
        (province, year): (t["attendance_min"], t["meetings_min"])
        for province in ("62", "10")
        for year in (2566, 2567, 2568, 2569)
        for t in [rules.thresholds(province, year)]
    }
    assert chosen == {
        ("62", 2566): (0.5, 3),
        ("62", 2567): (0.5, 3),  # the third override, later in the file, wins over the first
        ("62", 2568): (0.5, 4),
        ("62", 2569): (0.7, 4),
        ("10", 2566): (0.7, 3),
        ("10", 2567): (0.7, 3),
        ("10", 2568): (0.7, 4),
        ("10", 2569): (0.7, 4),
    }


def test_rules_rows_fit_rules_in_force_column_for_column() -> None:
    con = duckdb.connect()
    apply_schema(con)
    frame = rules_rows(load_rules(), "62", [2560, 2559, 2560])
    columns = [name for name, *_ in con.execute("describe rules_in_force").fetchall()]
    assert frame.columns == columns
    con.register("frame", frame.to_arrow())
    con.execute("insert into rules_in_force select * from frame")
    assert con.execute(
        "select fiscal_year, rules_version, attendance_min, committee_roles from rules_in_force"
    ).fetchall() == [
        (2559, "2559.2", 0.7, ["chair", "secretary", "treasurer"]),
        (2560, "2559.2", 0.7, ["chair", "secretary", "treasurer"]),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (DEFAULTS + "[defualts]\nmeetings_min = 3\n", "defualts"),
        (DEFAULTS.replace("meetings_min = 3", "meetings_min = 3\nmeeting_min = 3"), "meeting_min"),
        (DEFAULTS.replace("meetings_min = 3\n", ""), "meetings_min"),
        (DEFAULTS.replace("meetings_min = 3", "meetings_min = 2.5"), "meetings_min"),
        (DEFAULTS.replace("meetings_min = 3", "meetings_min = -1"), "meetings_min"),
        (DEFAULTS.replace("meetings_min = 3", "meetings_min = true"), "meetings_min"),
        (DEFAULTS.replace("attendance_min = 0.70", "attendance_min = 70"), "attendance_min"),
        (DEFAULTS.replace("attendance_min = 0.70", 'attendance_min = "70%"'), "attendance_min"),
        (DEFAULTS.replace('"treasurer"]', '"boss"]'), "committee_roles"),
        (DEFAULTS.replace('version = "t.1"', ""), "version"),
        (DEFAULTS + "[[override]]\nprovince = 62\nforum_min = 0\n", "province"),
        (DEFAULTS + '[[override]]\nprovince = "62"\nfrom_fy = 2016\nforum_min = 0\n', "from_fy"),
        (DEFAULTS + "[[override]]\nfrom_fy = 2568\nto_fy = 2567\nforum_min = 0\n", "from_fy"),
        (DEFAULTS + '[[override]]\nprovince = "62"\n', "sets no threshold"),
        (DEFAULTS + "[[override]]\nfrom_fy = 2567\nattendance = 0.6\n", "attendance"),
        (DEFAULTS + "[exemplar]\nsteps = 0.5\n", "steps"),
        (DEFAULTS + "[exemplar]\ntrend = -1\n", "trend"),
        (DEFAULTS + "[exemplar]\nscored_years = 1\n", "scored_years"),
        (DEFAULTS + "[exemplar]\nscored_years = 2.5\n", "scored_years"),
        (DEFAULTS + "[exemplar]\npartners_full = 0\n", "partners_full"),
        (DEFAULTS + "[exemplar]\ngrowth_full = 0\n", "growth_full"),
        (DEFAULTS + "[exemplar]\ntrend_full = 10\n", "trend_full"),
        (DEFAULTS + "[exemplar]\ndue_days = -1\n", "due_days"),
        (DEFAULTS + "[exemplar]\ndue_days = true\n", "due_days"),
        (DEFAULTS + "[exemplar]\nmax_rejected_share = 5\n", "max_rejected_share"),
        (
            DEFAULTS + "[exemplar]\nconsecutive_years = 0\nsteps_done = 0\nattendance = 0\n"
            "partners = 0\nretention = 0\ngrowth = 0\ntrend = 0\n",
            "weights must not all be 0",
        ),
        (DEFAULTS + "[defaults\n", "TOML"),
    ],
)
def test_a_bad_rules_file_names_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(RulesError, match=rf"rules\.toml.*{key}"):
        load_rules(write(tmp_path, text))


def test_a_missing_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"nowhere\.toml"):
        load_rules(tmp_path / "nowhere.toml")


def test_exemplar_weights_left_out_keep_their_defaults(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, DEFAULTS + "[exemplar]\ntrend = 0.5\n"))
    assert rules.exemplar["trend"] == 0.5
    assert rules.exemplar["steps_done"] == load_rules().exemplar["steps_done"]


def test_expansion_settings_default_and_checked(tmp_path: Path) -> None:
    assert load_rules().expansion == {"max_mentees": 3}
    assert (
        load_rules(write(tmp_path, DEFAULTS + "[expansion]\nmax_mentees = 5\n")).expansion[
            "max_mentees"
        ]
        == 5
    )
    with pytest.raises(RulesError, match="max_mentees"):
        load_rules(write(tmp_path, DEFAULTS + "[expansion]\nmax_mentees = 0\n"))
    with pytest.raises(RulesError, match="mentors"):
        load_rules(write(tmp_path, DEFAULTS + "[expansion]\nmentors = 2\n"))


def test_exemplar_settings_left_out_keep_their_defaults_and_become_one_row(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, DEFAULTS + "[exemplar]\ndue_days = 30\ngrowth = 0\n"))
    assert rules.exemplar_settings["due_days"] == 30
    assert rules.exemplar_settings["scored_years"] == 3
    assert rules.exemplar["growth"] == 0.0
    [row] = exemplar_rows(rules, "62").to_dicts()
    assert row["province_code"] == "62" and row["rules_version"] == "t.1"
    assert row["due_days"] == 30 and row["growth_weight"] == 0.0 and row["trend_weight"] == 0.10
    con = duckdb.connect()
    apply_schema(con)
    frame = exemplar_rows(rules, "62")  # noqa: F841 (read by name below)
    con.execute("insert into exemplar_rules by name select * from frame")
    assert con.execute("select due_days, scored_years from exemplar_rules").fetchall() == [(30, 3)]


def test_scorecard_lights_default_and_checked(tmp_path: Path) -> None:
    assert load_rules().scorecard == {"version": "scorecard.1", "green": 0.80, "amber": 0.60}
    assert load_rules(write(tmp_path, DEFAULTS)).scorecard["green"] == 0.80  # absent: the defaults
    chosen = load_rules(
        write(tmp_path, DEFAULTS + '[scorecard]\nversion = "sc.2"\ngreen = 0.9\namber = 0.5\n')
    ).scorecard
    assert chosen == {"version": "sc.2", "green": 0.9, "amber": 0.5}
    with pytest.raises(RulesError, match=r"\[scorecard\] amber 0.95 is above green"):
        load_rules(write(tmp_path, DEFAULTS + "[scorecard]\namber = 0.95\n"))
    with pytest.raises(RulesError, match=r"\[scorecard\] green must be a share"):
        load_rules(write(tmp_path, DEFAULTS + "[scorecard]\ngreen = 80\n"))
    with pytest.raises(RulesError, match=r"\[scorecard\] unknown key 'red'"):
        load_rules(write(tmp_path, DEFAULTS + "[scorecard]\nred = 0.1\n"))
