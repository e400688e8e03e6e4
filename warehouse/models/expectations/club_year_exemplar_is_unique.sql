-- At most one club_year_exemplar row per club and fiscal year.
select
    district_code,
    club_id,
    fiscal_year,
    count(*) as copies
from club_year_exemplar
group by district_code, club_id, fiscal_year
having count(*) > 1
