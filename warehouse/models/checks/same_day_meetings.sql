-- Two or more meetings of one club on the same day.
select district_code, club_id, fiscal_year,
       strftime(held_on, '%Y-%m-%d') || ' × ' || count(*)::varchar as detail
from meetings
where fiscal_year = $year
group by district_code, club_id, fiscal_year, held_on
having count(*) > 1
