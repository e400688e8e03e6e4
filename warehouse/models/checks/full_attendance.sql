-- Every member on the roll attended every meeting of the year (at least $pattern_meetings_min).
select district_code, club_id, fiscal_year,
       meetings_held::varchar || ' × 100%' as detail
from club_year_compliance
where fiscal_year = $year and attendance_rate >= 0.9999
  and meetings_held >= $pattern_meetings_min
