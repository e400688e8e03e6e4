-- club_year_compliance rolled up per province and fiscal year, for one province ($province).
-- Rates are shares of the province's clubs passing (0-1); members and meetings are sums.
with
compliance as (
    select *
    from club_year_compliance
    where province_code = $province
),
province_years as (
    select
        province_code,
        fiscal_year,
        count(*) as clubs,
        count(*) filter (where meets_standard) as clubs_meeting_standard,
        avg(meets_standard::integer) as meets_share,
        avg(committee::integer) as committee_rate,
        avg(rules::integer) as rules_rate,
        avg(meetings::integer) as meetings_rate,
        avg(capacity::integer) as capacity_rate,
        avg(problem_partner::integer) as problem_partner_rate,
        avg(forum::integer) as forum_rate,
        avg(evaluation::integer) as evaluation_rate,
        avg(knowledge::integer) as knowledge_rate,
        avg(publicity::integer) as publicity_rate,
        sum(members_end) as members,
        sum(meetings_held) as meetings_held,
        avg(attendance_rate) as mean_attendance
    from compliance
    group by province_code, fiscal_year
)
select
    y.province_code,
    y.fiscal_year,
    y.clubs::integer as clubs,
    y.clubs_meeting_standard::integer as clubs_meeting_standard,
    y.meets_share,
    y.committee_rate,
    y.rules_rate,
    y.meetings_rate,
    y.capacity_rate,
    y.problem_partner_rate,
    y.forum_rate,
    y.evaluation_rate,
    y.knowledge_rate,
    y.publicity_rate,
    y.members::integer as members,
    y.meetings_held::integer as meetings_held,
    y.mean_attendance,
    y.meets_share - b.meets_share as meets_share_change
from province_years as y
left join province_years as b
    on b.province_code = y.province_code
    and b.fiscal_year = y.fiscal_year - 1
