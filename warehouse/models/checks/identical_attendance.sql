-- The same number of members attended every meeting of the year (at least
-- $pattern_meetings_min meetings).
with counted as (
    select m.district_code, m.club_id, m.meeting_id, count(a.member_id) as present
    from meetings m
    left join attendance a
      on a.district_code = m.district_code and a.club_id = m.club_id
     and a.meeting_id = m.meeting_id
    where m.fiscal_year = $year
    group by m.district_code, m.club_id, m.meeting_id
)
select district_code, club_id, $year::integer as fiscal_year,
       count(*)::varchar || ' × ' || any_value(present)::varchar as detail
from counted
group by district_code, club_id
having count(*) >= $pattern_meetings_min and count(distinct present) = 1 and any_value(present) > 0
