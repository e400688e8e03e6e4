-- The standard per club and fiscal year, for the clubs of one district ($district)
-- of one province ($province), judged with the rules in force that year (contract section 4).
with
district_clubs as (
    select province_code, district_code, club_id, entered_standard_fy
    from clubs
    where district_code = $district
),
district_members as (
    select club_id, role, joined_on, left_on
    from members
    where district_code = $district
),
district_meetings as (
    select club_id, meeting_id, held_on, fiscal_year, kind, attendees
    from meetings
    where district_code = $district
),
listed_attendance as (
    select club_id, meeting_id, count(*) as listed
    from attendance
    where district_code = $district
    group by all
),
district_activities as (
    select club_id, fiscal_year, kind, partner_org
    from activities
    where district_code = $district
),
district_governance as (
    select club_id, kind, effective_on, expires_on
    from governance
    where district_code = $district
),
province_rules as (
    select *
    from rules_in_force
    where province_code = $province
),
record_years as (
    select club_id, fiscal_year from district_meetings
    union all
    select club_id, fiscal_year from district_activities
    union all
    select club_id, year(effective_on) + 543 + (month(effective_on) >= 10)::integer
    from district_governance
    union all
    select club_id, year(joined_on) + 543 + (month(joined_on) >= 10)::integer
    from district_members
),
latest as (
    select max(fiscal_year) as latest_fy
    from record_years
),
first_years as (
    select
        c.province_code,
        c.district_code,
        c.club_id,
        least(min(r.fiscal_year), any_value(c.entered_standard_fy)) as first_fy
    from district_clubs as c
    left join record_years as r on r.club_id = c.club_id
    group by c.province_code, c.district_code, c.club_id
),
spine as (
    select
        f.province_code,
        f.district_code,
        f.club_id,
        y.fiscal_year::integer as fiscal_year,
        make_date(y.fiscal_year::integer - 544, 10, 1) as first_day,
        make_date(y.fiscal_year::integer - 543, 9, 30) as last_day
    from first_years as f
    cross join latest as l
    cross join lateral (select unnest(range(f.first_fy, l.latest_fy + 1)) as fiscal_year) as y
    where f.first_fy is not null
),
meeting_rolls as (
    select
        m.club_id,
        m.meeting_id,
        any_value(m.fiscal_year) as fiscal_year,
        any_value(m.kind) as kind,
        coalesce(any_value(m.attendees), any_value(a.listed), 0) as present,
        count(p.club_id) as on_roll
    from district_meetings as m
    left join listed_attendance as a
        on a.club_id = m.club_id and a.meeting_id = m.meeting_id
    left join district_members as p
        on p.club_id = m.club_id
        and p.joined_on <= m.held_on
        and (p.left_on is null or p.left_on > m.held_on)
    group by m.club_id, m.meeting_id
),
meeting_years as (
    select
        r.club_id,
        r.fiscal_year,
        count(*) as meetings_held,
        count(*) filter (
            where r.on_roll > 0
            and r.present::decimal(18, 6) >= k.attendance_min::decimal(18, 6) * r.on_roll
        ) as qualifying_meetings,
        avg(r.present / r.on_roll) filter (where r.on_roll > 0) as attendance_rate,
        count(*) filter (where r.kind = 'community_forum') as community_forums,
        count(*) filter (where r.kind = 'evaluation_forum') as evaluation_forums
    from meeting_rolls as r
    join province_rules as k on k.fiscal_year = r.fiscal_year
    group by r.club_id, r.fiscal_year
),
activity_years as (
    select
        club_id,
        fiscal_year,
        count(*) filter (where kind = 'capacity_building') as capacity_activities,
        count(*) filter (where kind = 'problem_solving') as problem_solving_activities,
        count(*) filter (where kind = 'partner_joint') as partner_activities,
        count(distinct lower(regexp_replace(partner_org, '\s+', '', 'g')))
            filter (where kind = 'partner_joint') as distinct_partners,
        count(*) filter (where kind = 'knowledge_summary') as knowledge_activities,
        count(*) filter (where kind = 'publicity') as publicity_activities
    from district_activities
    group by club_id, fiscal_year
),
governance_years as (
    select
        s.club_id,
        s.fiscal_year,
        bool_or(
            g.kind = 'committee_appointed'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.last_day)
        ) as committee_in_force,
        bool_or(
            g.kind = 'rules_adopted'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.last_day)
        ) as rules_in_force,
        bool_or(
            g.kind = 'plan_adopted'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.first_day)
        ) as plan_in_force
    from spine as s
    join district_governance as g on g.club_id = s.club_id
    group by s.club_id, s.fiscal_year
),
roll_at_year_end as (
    select
        s.club_id,
        s.fiscal_year,
        count(*) as members_end,
        list(distinct p.role) as roles_held
    from spine as s
    join district_members as p
        on p.club_id = s.club_id
        and p.joined_on <= s.last_day
        and (p.left_on is null or p.left_on > s.last_day)
    group by s.club_id, s.fiscal_year
),
judged as (
    select
        s.province_code,
        s.district_code,
        s.club_id,
        s.fiscal_year,
        coalesce(g.committee_in_force, false)
            and list_has_all(coalesce(e.roles_held, []::varchar[]), k.committee_roles) as committee,
        coalesce(g.rules_in_force, false) as rules,
        coalesce(m.qualifying_meetings, 0) >= k.meetings_min as meetings,
        coalesce(a.capacity_activities, 0) >= k.capacity_min as capacity,
        coalesce(a.problem_solving_activities, 0) >= k.problem_solving_min
            and coalesce(a.partner_activities, 0) >= k.partner_joint_min as problem_partner,
        coalesce(m.community_forums, 0) >= k.forum_min
            or coalesce(g.plan_in_force, false) as forum,
        coalesce(m.evaluation_forums, 0) >= k.evaluation_min as evaluation,
        coalesce(a.knowledge_activities, 0) >= k.knowledge_min as knowledge,
        coalesce(a.publicity_activities, 0) >= k.publicity_min as publicity,
        coalesce(m.qualifying_meetings, 0)::integer as qualifying_meetings,
        coalesce(m.meetings_held, 0)::integer as meetings_held,
        m.attendance_rate,
        coalesce(e.members_end, 0)::integer as members_end,
        coalesce(a.capacity_activities, 0)::integer as capacity_activities,
        coalesce(a.problem_solving_activities, 0)::integer as problem_solving_activities,
        coalesce(a.partner_activities, 0)::integer as partner_activities,
        coalesce(a.distinct_partners, 0)::integer as distinct_partners,
        k.rules_version
    from spine as s
    join province_rules as k on k.fiscal_year = s.fiscal_year
    left join meeting_years as m on m.club_id = s.club_id and m.fiscal_year = s.fiscal_year
    left join activity_years as a on a.club_id = s.club_id and a.fiscal_year = s.fiscal_year
    left join governance_years as g on g.club_id = s.club_id and g.fiscal_year = s.fiscal_year
    left join roll_at_year_end as e on e.club_id = s.club_id and e.fiscal_year = s.fiscal_year
)
select
    province_code,
    district_code,
    club_id,
    fiscal_year,
    committee,
    rules,
    meetings,
    capacity,
    problem_partner,
    forum,
    evaluation,
    knowledge,
    publicity,
    committee and rules and meetings and capacity and problem_partner as meets_standard,
    qualifying_meetings,
    meetings_held,
    attendance_rate,
    100.0 * (
        committee::integer + rules::integer + meetings::integer + capacity::integer
        + problem_partner::integer + forum::integer + evaluation::integer
        + knowledge::integer + publicity::integer
    ) / 9 as score,
    members_end,
    capacity_activities,
    problem_solving_activities,
    partner_activities,
    distinct_partners,
    rules_version
from judged
