-- Every part of the exemplar score is between 0 and 1.
select *
from club_year_exemplar
where least(streak_part, steps_part, attendance_part, partners_part, retention_part,
            growth_part, trend_part) < 0
    or greatest(streak_part, steps_part, attendance_part, partners_part, retention_part,
                growth_part, trend_part) > 1
