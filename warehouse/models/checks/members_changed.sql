-- The roll at the end of the year grew or shrank by more than $members_change_max of last year's.
select c.district_code, c.club_id, c.fiscal_year,
       p.members_end::varchar || ' → ' || c.members_end::varchar as detail
from club_year_compliance c
join club_year_compliance p
  on p.district_code = c.district_code and p.club_id = c.club_id
 and p.fiscal_year = c.fiscal_year - 1
where c.fiscal_year = $year and p.members_end > 0
  and abs(c.members_end - p.members_end) > $members_change_max * p.members_end
