"""One district's clubs and their records over fiscal years, as clean typed frames.

Clubs differ in lasting ways: each has a latent quality (Beta(2, 2)) and a trend,
so some are consistently strong (the future exemplars), some weak, some improving
or declining. Everything downstream (meetings, attendance, activities, partners,
governance) is drawn from that quality, so every criterion passes and fails at
realistic, varied rates.
"""

from __future__ import annotations

from datetime import date, timedelta

import geothai
import numpy as np
import polars as pl

from core import formats
from tonbaeb.generate.people import citizen_ids, full_names

TYPES = ("cdv_club", "women", "savings", "otop", "cdv_leader_club", "other")
TYPE_SHARES = (0.32, 0.26, 0.18, 0.12, 0.08, 0.04)
NAME_PREFIX = {
    "cdv_club": "ชมรมอาสาพัฒนาชุมชนตำบล",
    "women": "เครือข่ายพัฒนาบทบาทสตรีตำบล",
    "savings": "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตตำบล",
    "otop": "เครือข่ายผู้ผลิตผู้ประกอบการ OTOP ตำบล",
    "cdv_leader_club": "ชมรมผู้นำอาสาพัฒนาชุมชนตำบล",
    "other": "เครือข่ายองค์กรชุมชนตำบล",
}
TITLES = {
    "capacity_building": (
        "อบรมการจัดทำบัญชีครัวเรือน",
        "ศึกษาดูงานชมรมต้นแบบ",
        "อบรมผู้นำการเปลี่ยนแปลง",
        "อบรมการตลาดออนไลน์",
    ),
    "problem_solving": ("แก้ปัญหาการขาดประชุม", "จัดระบบกองทุนสวัสดิการ", "ปรับปรุงระเบียบการเงินชมรม"),
    "partner_joint": (
        "ปลูกป่าชุมชน",
        "ตรวจสุขภาพผู้สูงอายุ",
        "ทำความสะอาดแหล่งน้ำ",
        "ตลาดนัดชุมชน",
        "รณรงค์ลดขยะ",
    ),
    "knowledge_summary": ("สรุปบทเรียนการขับเคลื่อนมาตรฐาน", "ถอดองค์ความรู้ชมรม"),
    "publicity": ("เผยแพร่ผลงานทางวิทยุชุมชน", "จัดนิทรรศการผลงาน", "เผยแพร่ผ่านเพจชมรม"),
    "other": ("ร่วมงานประเพณีท้องถิ่น", "กิจกรรมจิตอาสา"),
}


def fy_start(year: int) -> date:
    """First day of a B.E. fiscal year."""
    return formats.fiscal_year_start(year)


def fy_end(year: int) -> date:
    """Last day of a B.E. fiscal year."""
    return formats.fiscal_year_end(year)


def district_frames(
    district: str,
    years: list[int],
    rng: np.random.Generator,
    today: date,
    clubs_range: tuple[int, int],
) -> dict[str, pl.DataFrame]:
    """Clean, typed frames for every sheet of one district's submission."""
    subdistricts = list(geothai.subdistricts(district))
    clubs = _clubs(district, years, rng, subdistricts, clubs_range)
    members = _members(clubs, years, rng, today)
    meetings, attendance = _meetings(clubs, members, years, rng, today)
    activities = _activities(clubs, years, rng, today, district, subdistricts)
    governance = _governance(clubs, years, rng, today)
    return {
        "clubs": clubs.drop("quality", "trend", "start_year"),
        "members": members,
        "meetings": meetings,
        "attendance": attendance,
        "activities": activities,
        "governance": governance,
    }


def _clubs(
    district: str,
    years: list[int],
    rng: np.random.Generator,
    subdistricts: list[geothai.Subdistrict],
    clubs_range: tuple[int, int],
) -> pl.DataFrame:
    count = int(rng.integers(clubs_range[0], clubs_range[1] + 1))
    kinds = rng.choice(TYPES, count, p=TYPE_SHARES)
    where = rng.integers(0, len(subdistricts), count)
    late = rng.random(count) < (0.15 if len(years) > 1 else 0.0)
    start = np.where(late, rng.integers(0, len(years), count), 0)
    entered = np.array(years)[start]
    names: list[str] = []
    seen: dict[str, int] = {}
    for kind, w in zip(kinds.tolist(), where.tolist(), strict=True):
        base = NAME_PREFIX[kind] + subdistricts[w].name_th
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} แห่งที่ {seen[base]}")
    founded = [
        fy_start(int(e)) - timedelta(days=int(d))
        for e, d in zip(entered, rng.integers(30, 2000, count), strict=True)
    ]
    return pl.DataFrame(
        {
            "club_id": [f"{district}-{n:03d}" for n in range(1, count + 1)],
            "name": names,
            "network_type": kinds.tolist(),
            "subdistrict_code": [subdistricts[w].code for w in where.tolist()],
            "founded_on": founded,
            "entered_standard_fy": entered.astype(np.int32),
            "lat": pl.Series([None] * count, dtype=pl.Float64),
            "lon": pl.Series([None] * count, dtype=pl.Float64),
            "quality": rng.beta(2, 2, count),
            "trend": rng.normal(0, 0.06, count),
            "start_year": start.astype(np.int32),
        }
    )


def _quality(clubs: pl.DataFrame, k: int) -> np.ndarray:
    return np.clip(clubs["quality"].to_numpy() + clubs["trend"].to_numpy() * k, 0.02, 0.98)


def _members(
    clubs: pl.DataFrame, years: list[int], rng: np.random.Generator, today: date
) -> pl.DataFrame:
    q = clubs["quality"].to_numpy()
    founders = np.clip(rng.normal(40, 10, clubs.height), 12, 80).astype(int)
    joiners = rng.poisson(1.5 + 3 * q[:, None], (clubs.height, len(years)))
    rows_club: list[int] = []
    rows_join: list[date] = []
    rows_founder: list[bool] = []
    for c in range(clubs.height):
        begin = fy_start(years[clubs["start_year"][c]])
        rows_club += [c] * founders[c]
        rows_join += (begin + timedelta(days=int(d)) for d in rng.integers(0, 14, founders[c]))
        rows_founder += [True] * founders[c]
        for k, year in enumerate(years[clubs["start_year"][c] :], start=clubs["start_year"][c]):
            n = int(joiners[c, k])
            rows_club += [c] * n
            rows_join += (fy_start(year) + timedelta(days=int(d)) for d in rng.integers(0, 365, n))
            rows_founder += [False] * n
    club_index = np.array(rows_club, dtype=int)
    count = club_index.size
    order_in_club = np.concatenate(
        [np.arange(n) for n in np.bincount(club_index, minlength=clubs.height)]
    )
    weak = q[club_index] < 0.25
    roles = np.full(count, "member", dtype=object)
    roles[order_in_club == 0] = "chair"
    roles[order_in_club == 1] = "secretary"
    treasurer = (order_in_club == 2) & ~(weak & (rng.random(count) < 0.5))
    roles[treasurer] = "treasurer"
    roles[order_in_club == 3] = "vice_chair"
    roles[(order_in_club >= 4) & (order_in_club <= 6)] = "committee"
    stays = rng.geometric(0.05 + 0.08 * (1 - q[club_index])) * 365 + rng.integers(0, 365, count)
    joined = np.array(rows_join, dtype="datetime64[D]")
    left = joined + stays.astype("timedelta64[D]")
    last = np.datetime64(min(fy_end(years[-1]), today))
    officer = order_in_club <= 3
    keep_left = (left <= last) & ~officer
    female = rng.random(count) < 0.55
    has_id = rng.random(count) < 0.85
    ids = citizen_ids(rng, count)
    frame = pl.DataFrame(
        {
            "club_id": clubs["club_id"].to_numpy()[club_index],
            "member_id": [f"M{n + 1:04d}" for n in order_in_club.tolist()],
            "full_name": full_names(rng, female),
            "citizen_id": [i if h else None for i, h in zip(ids, has_id.tolist(), strict=True)],
            "gender": np.where(female, "F", "M"),
            "role": roles.astype(str),
            "joined_on": joined.astype("datetime64[D]"),
            "left_on": pl.Series(np.where(keep_left, left, np.datetime64("NaT"))).cast(pl.Date),
        }
    ).with_columns(pl.col("joined_on").cast(pl.Date))
    return frame.filter(pl.col("joined_on") <= today)


def _distinct_days(club_index: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Day offsets with no two meetings of a club on one day: a repeated day moves to the next
    free one (within the year); nothing more is drawn, so the rest of the data stays the same."""
    out = days.copy()
    used: dict[int, set[int]] = {}
    for i, (club, day) in enumerate(zip(club_index.tolist(), days.tolist(), strict=True)):
        taken = used.setdefault(club, set())
        while day in taken:
            day = (day + 1) % 365
        taken.add(day)
        out[i] = day
    return out


def _meetings(
    clubs: pl.DataFrame,
    members: pl.DataFrame,
    years: list[int],
    rng: np.random.Generator,
    today: date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    parts: list[pl.DataFrame] = []
    for k, year in enumerate(years):
        q = _quality(clubs, k)
        active = clubs["start_year"].to_numpy() <= k
        counts = np.where(active, np.clip(np.rint(rng.normal(7 + 10 * q, 2)), 2, 18), 0).astype(int)
        club_index = np.repeat(np.arange(clubs.height), counts)
        number = (
            np.concatenate([np.arange(1, n + 1) for n in counts])
            if counts.sum()
            else np.array([], int)
        )
        n = club_index.size
        kind = np.full(n, "regular", dtype=object)
        first = number == 1
        second = number == 2
        kind[first & (rng.random(n) < 0.25 + 0.65 * q[club_index])] = "community_forum"
        kind[second & (rng.random(n) < 0.15 + 0.75 * q[club_index])] = "evaluation_forum"
        kind[(number == 3) & (rng.random(n) < 0.2)] = "exchange"
        days = _distinct_days(club_index, rng.integers(0, 365, n))
        held = np.datetime64(fy_start(year)) + days.astype("timedelta64[D]")
        rate = np.clip(rng.normal(0.5 + 0.42 * q[club_index], 0.08), 0.05, 1.0)
        parts.append(
            pl.DataFrame(
                {
                    "club_id": clubs["club_id"].to_numpy()[club_index],
                    "meeting_id": [f"{year}-{m:02d}" for m in number.tolist()],
                    "held_on": held,
                    "kind": kind.astype(str),
                    "rate": rate,
                    "counted": rng.random(n) < 0.15,
                },
                schema_overrides={"held_on": pl.Date},
            )
        )
    meetings = pl.concat(parts).filter(pl.col("held_on") <= today)
    roll = meetings.join(
        members.select("club_id", "member_id", "joined_on", "left_on"), on="club_id"
    ).filter(
        (pl.col("joined_on") <= pl.col("held_on"))
        & (pl.col("left_on").is_null() | (pl.col("left_on") > pl.col("held_on")))
    )
    present = roll.filter(pl.Series(rng.random(roll.height)) < pl.col("rate"))
    presents = present.group_by("club_id", "meeting_id").len("present")
    meetings = meetings.join(presents, on=["club_id", "meeting_id"], how="left").with_columns(
        pl.when(pl.col("counted"))
        .then(pl.col("present").fill_null(0))
        .otherwise(None)
        .cast(pl.Int64)
        .alias("attendees")
    )
    listed = present.join(
        meetings.filter(~pl.col("counted")).select("club_id", "meeting_id"),
        on=["club_id", "meeting_id"],
    )
    attendance = listed.select("club_id", "meeting_id", "member_id").sort(
        "club_id", "meeting_id", "member_id"
    )
    return meetings.select("club_id", "meeting_id", "held_on", "kind", "attendees").sort(
        "club_id", "meeting_id"
    ), attendance


def _activities(
    clubs: pl.DataFrame,
    years: list[int],
    rng: np.random.Generator,
    today: date,
    district: str,
    subdistricts: list[geothai.Subdistrict],
) -> pl.DataFrame:
    found = geothai.district(district)
    assert found is not None  # its subdistricts were listed: a district geothai knows
    place = found.name_th
    partners = [
        f"สำนักงานเกษตรอำเภอ{place}",
        f"กศน.อำเภอ{place}",
        f"ธ.ก.ส. สาขา{place}",
        f"สถานีตำรวจภูธร{place}",
    ]
    for s in subdistricts:
        partners += [
            f"อบต.{s.name_th}",
            f"โรงพยาบาลส่งเสริมสุขภาพตำบล{s.name_th}",
            f"โรงเรียนบ้าน{s.name_th}",
        ]
    parts: list[pl.DataFrame] = []
    for k, year in enumerate(years):
        q = _quality(clubs, k)
        active = clubs["start_year"].to_numpy() <= k
        for kind, mean in (
            ("capacity_building", 1.4 + 2.6 * q),
            ("problem_solving", 0.9 + 1.8 * q),
            ("partner_joint", 1.3 + 3.0 * q),
            ("knowledge_summary", 0.05 + 0.9 * q),
            ("publicity", 0.1 + 1.0 * q),
            ("other", 0.6 + 0 * q),
        ):
            counts = np.where(active, rng.poisson(mean), 0)
            club_index = np.repeat(np.arange(clubs.height), counts)
            n = club_index.size
            titles = TITLES[kind]
            parts.append(
                pl.DataFrame(
                    {
                        "club_index": club_index,
                        "held_on": np.datetime64(fy_start(year))
                        + rng.integers(0, 365, n).astype("timedelta64[D]"),
                        "kind": [kind] * n,
                        "title": [titles[t] for t in rng.integers(0, len(titles), n).tolist()],
                        "partner_org": [
                            partners[p] if kind == "partner_joint" else None
                            for p in rng.integers(0, len(partners), n).tolist()
                        ],
                        "participants": rng.integers(8, 80, n),
                    },
                    schema_overrides={
                        "held_on": pl.Date,
                        "kind": pl.String,
                        "title": pl.String,
                        "partner_org": pl.String,
                    },
                )
            )
    frame = pl.concat(parts).filter(pl.col("held_on") <= today).sort("club_index", "held_on")
    frame = frame.with_columns(
        pl.Series("club_id", clubs["club_id"].to_numpy()[frame["club_index"].to_numpy()]),
    ).with_columns(
        ("A" + (pl.int_range(pl.len()).over("club_id") + 1).cast(pl.String).str.zfill(4)).alias(
            "activity_id"
        )
    )
    return frame.select(
        "club_id", "activity_id", "held_on", "kind", "title", "partner_org", "participants"
    )


def _governance(
    clubs: pl.DataFrame, years: list[int], rng: np.random.Generator, today: date
) -> pl.DataFrame:
    rows: list[tuple[str, str, date, date | None, str]] = []
    horizon = min(fy_end(years[-1]), today)
    for c, club_id in enumerate(clubs["club_id"].to_list()):
        q = float(clubs["quality"][c])
        first = years[clubs["start_year"][c]]
        start = fy_start(first) + timedelta(days=int(rng.integers(0, 14)))
        term = 0
        while start <= horizon:  # committees serve two-year terms, renewed on time or late
            expires = fy_end(first + 2 * term + 1)
            rows.append(
                (
                    club_id,
                    "committee_appointed",
                    start,
                    expires,
                    f"คำสั่ง {term + 1}/{first + 2 * term}",
                )
            )
            late = 0 if rng.random() < 0.55 + 0.45 * q else int(rng.integers(60, 500))
            start, term = expires + timedelta(days=1 + late), term + 1
        if rng.random() < 0.7 + 0.3 * q:
            adopted = fy_start(first) + timedelta(days=int(rng.integers(0, 30)))
            lapse = rng.random() < 0.25 * (1 - q)
            lapses = (
                fy_end(first + int(rng.integers(0, len(years)))) - timedelta(days=1)
                if lapse
                else None
            )
            rows.append((club_id, "rules_adopted", adopted, lapses, "ระเบียบชมรม"))
        for year in years[clubs["start_year"][c] :]:
            if rng.random() < 0.2 + 0.5 * q:
                rows.append(
                    (
                        club_id,
                        "plan_adopted",
                        fy_start(year) + timedelta(days=int(rng.integers(0, 90))),
                        fy_end(year),
                        f"แผน {year}",
                    )
                )
    frame = pl.DataFrame(
        rows,
        schema={
            "club_id": pl.String,
            "kind": pl.String,
            "effective_on": pl.Date,
            "expires_on": pl.Date,
            "document_ref": pl.String,
        },
        orient="row",
    )
    return frame.filter(pl.col("effective_on") <= today)
