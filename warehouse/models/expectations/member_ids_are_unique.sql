-- A member id is unique within its club.
select
    district_code,
    club_id,
    member_id,
    count(*) as copies
from members
group by district_code, club_id, member_id
having count(*) > 1
