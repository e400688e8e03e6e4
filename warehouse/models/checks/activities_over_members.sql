-- A members' own activity (capacity building, problem solving) with more participants than
-- $participants_ratio_max times the members on the roll.
select a.district_code, a.club_id, a.fiscal_year,
       a.activity_id || ': ' || a.participants::varchar || ' > ' || c.members_end::varchar as detail
from activities a
join club_year_compliance c
  on c.district_code = a.district_code and c.club_id = a.club_id
 and c.fiscal_year = a.fiscal_year
where a.fiscal_year = $year and a.kind in ('capacity_building', 'problem_solving')
  and a.participants > $participants_ratio_max * greatest(c.members_end, 1)
