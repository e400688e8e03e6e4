-- Members keep a keyed hash of the citizen ID, never the 13 digits themselves.
select
    district_code,
    club_id,
    member_id
from members
where regexp_matches(person_key, '^[0-9]{13}$')
