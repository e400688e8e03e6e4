-- A club id is unique within its district.
select
    district_code,
    club_id,
    count(*) as copies
from clubs
group by district_code, club_id
having count(*) > 1
