"""Fictional Thai people: names, and citizen IDs that can never be real.

A generated citizen ID passes the checksum, but its 2nd and 3rd digits (the
province of the registration office that issued it) are `00`. No DOPA province
has code 00, so no office ever issued such a number and no real person has it.
"""

from __future__ import annotations

import numpy as np

GIVEN_MALE = (
    "สมชาย",
    "สมศักดิ์",
    "ประเสริฐ",
    "วิชัย",
    "บุญมี",
    "ทองดี",
    "สุรชัย",
    "มานพ",
    "ชัยวัฒน์",
    "สมพงษ์",
    "อำนาจ",
    "ประสิทธิ์",
    "สุเทพ",
    "วีระ",
    "ณรงค์",
    "บุญเลิศ",
    "สมบัติ",
    "ไพโรจน์",
    "เกรียงไกร",
    "อุดม",
    "ธนากร",
    "สายัณห์",
    "ปรีชา",
    "จำลอง",
    "สำราญ",
    "พิชิต",
    "ทวีศักดิ์",
    "ถาวร",
    "เฉลิม",
    "วินัย",
)
GIVEN_FEMALE = (
    "สมหญิง",
    "มาลี",
    "จันทร์เพ็ญ",
    "นงลักษณ์",
    "อรุณี",
    "สุดา",
    "บุญเรือน",
    "ประไพ",
    "วันเพ็ญ",
    "สุนีย์",
    "ละเอียด",
    "ทองใบ",
    "พรทิพย์",
    "กาญจนา",
    "รัชนี",
    "สุภาพ",
    "อัมพร",
    "ศรีสุดา",
    "ลำดวน",
    "บัวผัน",
    "จิราพร",
    "ปราณี",
    "สมจิตร",
    "เยาวลักษณ์",
    "นิตยา",
    "ดวงใจ",
    "อนงค์",
    "ประนอม",
    "สายทอง",
    "เพ็ญศรี",
)
SURNAMES = (
    "ใจดี",
    "รักถิ่น",
    "มั่นคง",
    "ทองคำ",
    "สุขใจ",
    "ศรีสุข",
    "แก้วมณี",
    "พูนผล",
    "ชื่นบาน",
    "มีสุข",
    "บุญมา",
    "แสงทอง",
    "ดีเลิศ",
    "วงศ์ใหญ่",
    "สุขสวัสดิ์",
    "ทองมา",
    "ศรีวงศ์",
    "จันทร์แก้ว",
    "พรหมมา",
    "อินทร์แก้ว",
    "สิทธิชัย",
    "ทองประเสริฐ",
    "บุญประเสริฐ",
    "เพชรรัตน์",
    "คงสวัสดิ์",
    "นาคสุข",
    "ปานทอง",
    "เรืองศรี",
    "ศรีทอง",
    "มณีวงศ์",
    "ทองสุข",
    "แก้วประเสริฐ",
    "ชัยมงคล",
    "สมบูรณ์ผล",
    "พึ่งบุญ",
    "ไทยเจริญ",
    "อุ่นเรือน",
    "คำแก้ว",
    "ดวงดี",
    "ใจงาม",
)
WEIGHTS = np.arange(13, 1, -1)


def full_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    """A fictional Thai full name per person (given name by gender, then a surname)."""
    male_pick = rng.integers(0, len(GIVEN_MALE), female.size)
    female_pick = rng.integers(0, len(GIVEN_FEMALE), female.size)
    surname = rng.integers(0, len(SURNAMES), female.size)
    return [
        f"{GIVEN_FEMALE[f] if is_f else GIVEN_MALE[m]} {SURNAMES[s]}"
        for is_f, m, f, s in zip(
            female.tolist(), male_pick.tolist(), female_pick.tolist(), surname.tolist(), strict=True
        )
    ]


def citizen_ids(rng: np.random.Generator, count: int) -> list[str]:
    """13-digit IDs with a valid check digit and `00` as the issuing province: never real."""
    digits = np.zeros((count, 12), dtype=np.int64)
    digits[:, 0] = rng.choice([1, 3], count, p=[0.4, 0.6])
    digits[:, 3:] = rng.integers(0, 10, (count, 9))
    check = (11 - (digits * WEIGHTS).sum(axis=1) % 11) % 10
    full = np.concatenate([digits, check[:, None]], axis=1)
    return ["".join(map(str, row)) for row in full.tolist()]


def check_digit(first12: str) -> int:
    """The check digit the DOPA checksum gives for 12 digits."""
    return (11 - sum(int(d) * w for d, w in zip(first12, WEIGHTS.tolist(), strict=True)) % 11) % 10
