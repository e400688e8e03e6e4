-- A club meets the standard exactly when committee, rules, meetings, capacity and
-- problem_partner all pass.
select *
from club_year_compliance
where meets_standard != (committee and rules and meetings and capacity and problem_partner)
