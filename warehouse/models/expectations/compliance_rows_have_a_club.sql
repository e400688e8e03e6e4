-- Every club_year_compliance row belongs to a loaded club.
select c.*
from club_year_compliance as c
anti join clubs as k
    on k.district_code = c.district_code
    and k.club_id = c.club_id
