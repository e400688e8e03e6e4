-- A score is a share of the nine criteria, 0-100.
select *
from club_year_compliance
where score < 0 or score > 100
