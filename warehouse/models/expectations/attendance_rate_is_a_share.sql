-- Qualifying meetings are some of the meetings held; attendance_rate is 0-1 or null
-- without meetings. (A count above the roll is rejected at load, so 1 is the top.)
select *
from club_year_compliance
where qualifying_meetings > meetings_held
    or attendance_rate < 0
    or (meetings_held = 0 and attendance_rate is not null)
