-- Meetings held in the year by a club with nobody on its roll at the year's end.
select district_code, club_id, fiscal_year, meetings_held::varchar || ' / 0' as detail
from club_year_compliance
where fiscal_year = $year and meetings_held > 0 and members_end = 0
