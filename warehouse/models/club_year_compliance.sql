-- The standard per club and fiscal year for the clubs of some districts ($districts, a list
-- of codes), judged with the rules_in_force rows of the club's province and year. A club id is
-- unique only within its district, so every join carries the district (docs/contract.md#standard).
-- A fiscal year runs 1 October to 30 September and is named by the B.E. year it ends in:
-- FY y runs from (y - 544)-10-01 to (y - 543)-09-30.
-- Rows: every year from the club's first record (or entered_standard_fy, if earlier)
-- to the latest year of any dated record of the club's district.
with
district_clubs as (
    select province_code, district_code, club_id, entered_standard_fy
    from clubs
    where list_contains($districts, district_code)
),
district_members as (
    select district_code, club_id, role, joined_on, left_on
    from members
    where list_contains($districts, district_code)
),
district_meetings as (
    select district_code, club_id, meeting_id, held_on, fiscal_year, kind, attendees
    from meetings
    where list_contains($districts, district_code)
),
listed_attendance as (
    select district_code, club_id, meeting_id, count(*) as listed
    from attendance
    where list_contains($districts, district_code)
    group by district_code, club_id, meeting_id
),
district_activities as (
    select district_code, club_id, fiscal_year, kind, partner_org
    from activities
    where list_contains($districts, district_code)
),
district_governance as (
    select district_code, club_id, kind, effective_on, expires_on
    from governance
    where list_contains($districts, district_code)
),
record_years as (
    select district_code, club_id, fiscal_year from district_meetings
    union all
    select district_code, club_id, fiscal_year from district_activities
    union all
    select district_code, club_id, year(effective_on) + 543 + (month(effective_on) >= 10)::integer
    from district_governance
    union all
    select district_code, club_id, year(joined_on) + 543 + (month(joined_on) >= 10)::integer
    from district_members
),
district_latest as (
    select district_code, max(fiscal_year) as latest_fy
    from record_years
    group by district_code
),
club_first_years as (
    select
        c.province_code,
        c.district_code,
        c.club_id,
        least(min(r.fiscal_year), c.entered_standard_fy) as first_fy
    from district_clubs as c
    left join record_years as r
        on r.district_code = c.district_code
        and r.club_id = c.club_id
    group by c.province_code, c.district_code, c.club_id, c.entered_standard_fy
),
spine as (
    select
        f.province_code,
        f.district_code,
        f.club_id,
        y.fiscal_year::integer as fiscal_year,
        make_date(y.fiscal_year::integer - 544, 10, 1) as first_day,
        make_date(y.fiscal_year::integer - 543, 9, 30) as last_day
    from club_first_years as f
    join district_latest as l on l.district_code = f.district_code
    cross join generate_series(f.first_fy, l.latest_fy) as y(fiscal_year)
),
-- Left join: a year without rules fails the insert (not-null columns) instead of vanishing.
club_years as (
    select
        s.*,
        k.rules_version,
        k.meetings_min,
        k.attendance_min,
        k.capacity_min,
        k.problem_solving_min,
        k.partner_joint_min,
        k.forum_min,
        k.evaluation_min,
        k.knowledge_min,
        k.publicity_min,
        k.committee_roles
    from spine as s
    left join rules_in_force as k
        on k.province_code = s.province_code
        and k.fiscal_year = s.fiscal_year
),
-- Members on the roll the day of each meeting (each meeting against its club's members).
meeting_rolls as (
    select
        m.district_code,
        m.club_id,
        m.meeting_id,
        m.fiscal_year,
        m.kind,
        m.attendees,
        count(p.club_id) as on_roll
    from district_meetings as m
    left join district_members as p
        on p.district_code = m.district_code
        and p.club_id = m.club_id
        and p.joined_on <= m.held_on
        and (p.left_on is null or p.left_on > m.held_on)
    group by m.district_code, m.club_id, m.meeting_id, m.fiscal_year, m.kind, m.attendees
),
meeting_attendance as (
    select
        r.district_code,
        r.club_id,
        r.meeting_id,
        r.fiscal_year,
        r.kind,
        coalesce(r.attendees, a.listed, 0) as present,
        r.on_roll
    from meeting_rolls as r
    left join listed_attendance as a
        on a.district_code = r.district_code
        and a.club_id = r.club_id
        and a.meeting_id = r.meeting_id
),
-- present >= attendance_min * on_roll, in whole millionths so that 0.70 of 10 is
-- exactly 7 (a double 0.7 * 10 is not), and 699 of 1000 stays below 70%.
meeting_years as (
    select
        r.district_code,
        r.club_id,
        r.fiscal_year,
        count(*) as meetings_held,
        count(*) filter (
            where r.on_roll > 0
            and r.present::bigint * 1000000 >= round(y.attendance_min * 1000000)::bigint * r.on_roll
        ) as qualifying_meetings,
        avg(r.present / r.on_roll) filter (where r.on_roll > 0) as attendance_rate,
        count(*) filter (where r.kind = 'community_forum') as community_forums,
        count(*) filter (where r.kind = 'evaluation_forum') as evaluation_forums
    from meeting_attendance as r
    join club_years as y
        on y.district_code = r.district_code
        and y.club_id = r.club_id
        and y.fiscal_year = r.fiscal_year
    group by r.district_code, r.club_id, r.fiscal_year
),
activity_years as (
    select
        district_code,
        club_id,
        fiscal_year,
        count(*) filter (where kind = 'capacity_building') as capacity_activities,
        count(*) filter (where kind = 'problem_solving') as problem_solving_activities,
        count(*) filter (where kind = 'partner_joint') as partner_activities,
        count(distinct nullif(
            lower(regexp_replace(partner_org, '[\s\x{00A0}\x{200B}\x{FEFF}]+', '', 'g')), ''
        )) filter (where kind = 'partner_joint') as distinct_partners,
        count(*) filter (where kind = 'knowledge_summary') as knowledge_activities,
        count(*) filter (where kind = 'publicity') as publicity_activities
    from district_activities
    group by district_code, club_id, fiscal_year
),
governance_years as (
    select
        s.district_code,
        s.club_id,
        s.fiscal_year,
        bool_or(
            g.kind = 'committee_appointed'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.last_day)
        ) as committee_appointed,
        bool_or(
            g.kind = 'rules_adopted'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.last_day)
        ) as rules_adopted,
        bool_or(
            g.kind = 'plan_adopted'
            and g.effective_on <= s.last_day
            and (g.expires_on is null or g.expires_on >= s.first_day)
        ) as plan_adopted
    from spine as s
    join district_governance as g
        on g.district_code = s.district_code
        and g.club_id = s.club_id
    group by s.district_code, s.club_id, s.fiscal_year
),
roll_at_year_end as (
    select
        s.district_code,
        s.club_id,
        s.fiscal_year,
        count(*) as members_end,
        list(distinct p.role) as roles_held
    from spine as s
    join district_members as p
        on p.district_code = s.district_code
        and p.club_id = s.club_id
        and p.joined_on <= s.last_day
        and (p.left_on is null or p.left_on > s.last_day)
    group by s.district_code, s.club_id, s.fiscal_year
),
judged as (
    select
        y.province_code,
        y.district_code,
        y.club_id,
        y.fiscal_year,
        coalesce(g.committee_appointed, false)
            and list_has_all(coalesce(e.roles_held, []::varchar[]), y.committee_roles)
            as committee,
        coalesce(g.rules_adopted, false) as rules,
        coalesce(m.qualifying_meetings, 0) >= y.meetings_min as meetings,
        coalesce(a.capacity_activities, 0) >= y.capacity_min as capacity,
        coalesce(a.problem_solving_activities, 0) >= y.problem_solving_min
            and coalesce(a.partner_activities, 0) >= y.partner_joint_min as problem_partner,
        coalesce(m.community_forums, 0) >= y.forum_min
            or coalesce(g.plan_adopted, false) as forum,
        coalesce(m.evaluation_forums, 0) >= y.evaluation_min as evaluation,
        coalesce(a.knowledge_activities, 0) >= y.knowledge_min as knowledge,
        coalesce(a.publicity_activities, 0) >= y.publicity_min as publicity,
        coalesce(m.qualifying_meetings, 0) as qualifying_meetings,
        coalesce(m.meetings_held, 0) as meetings_held,
        m.attendance_rate,
        coalesce(e.members_end, 0) as members_end,
        coalesce(a.capacity_activities, 0) as capacity_activities,
        coalesce(a.problem_solving_activities, 0) as problem_solving_activities,
        coalesce(a.partner_activities, 0) as partner_activities,
        coalesce(a.distinct_partners, 0) as distinct_partners,
        y.rules_version
    from club_years as y
    left join meeting_years as m
        on m.district_code = y.district_code
        and m.club_id = y.club_id
        and m.fiscal_year = y.fiscal_year
    left join activity_years as a
        on a.district_code = y.district_code
        and a.club_id = y.club_id
        and a.fiscal_year = y.fiscal_year
    left join governance_years as g
        on g.district_code = y.district_code
        and g.club_id = y.club_id
        and g.fiscal_year = y.fiscal_year
    left join roll_at_year_end as e
        on e.district_code = y.district_code
        and e.club_id = y.club_id
        and e.fiscal_year = y.fiscal_year
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
    qualifying_meetings::integer as qualifying_meetings,
    meetings_held::integer as meetings_held,
    attendance_rate,
    100.0 * (
        committee::integer
        + rules::integer
        + meetings::integer
        + capacity::integer
        + problem_partner::integer
        + forum::integer
        + evaluation::integer
        + knowledge::integer
        + publicity::integer
    ) / 9 as score,
    members_end::integer as members_end,
    capacity_activities::integer as capacity_activities,
    problem_solving_activities::integer as problem_solving_activities,
    partner_activities::integer as partner_activities,
    distinct_partners::integer as distinct_partners,
    rules_version
from judged
