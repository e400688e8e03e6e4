-- Roll-up of club_year_compliance per district and fiscal year, for one province ($province).
with
compliance as (
    select *
    from club_year_compliance
    where province_code = $province
),
per_year as (
    select
        province_code,
        district_code,
        fiscal_year,
        count(*)::integer as clubs,
        (count(*) filter (where meets_standard))::integer as clubs_meeting_standard,
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
        sum(members_end)::integer as members,
        sum(meetings_held)::integer as meetings_held,
        avg(attendance_rate) as mean_attendance
    from compliance
    group by all
)
select
    a.*,
    a.meets_share - p.meets_share as meets_share_change
from per_year as a
left join per_year as p
    on p.fiscal_year = a.fiscal_year - 1
    and p.district_code = a.district_code
