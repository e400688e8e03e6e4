-- The exemplar score of each club and fiscal year y of some districts ($districts, a list of codes), its parts
-- (each 0-1), and why the club cannot be a candidate in y (reason codes; none = candidate).
-- Score = 100 x sum(weight x part) / sum(weight), weights and scales from exemplar_rules:
-- - streak: years in a row meeting the standard up to y, capped at scored_years;
-- - steps: share of steps 5-7 (evaluation forum, knowledge summary, publicity) passed in y;
-- - attendance: mean attendance rate of y's meetings (0 without meetings);
-- - partners: distinct partner organisations over the scored years, capped at partners_full;
-- - retention: share of the roll on the last day of y-1 still on the roll on y's last day
--   (0 without a roll at the end of y-1);
-- - growth: roll change over y as a share of the roll at the end of y-1, capped at growth_full
--   (0 when the roll shrank or there was none);
-- - trend: 0.5 + (criteria gained since y-1) / (2 x trend_full), within 0-1; 0.5 without y-1.
-- A candidate in y meets the standard in y, summarised (knowledge) and shared (publicity) in y,
-- and its district's submission of every scored year in which the club has a row is
-- complete and on time (district_year_submissions).
with
compliance as (
    select *
    from club_year_compliance
    where list_contains($districts, district_code)
),
settings as (
    select *
    from exemplar_rules
),
club_years as (
    select c.*, k.* exclude (province_code, rules_version)
    from compliance as c
    left join settings as k
        on k.province_code = c.province_code
        and k.rules_version = c.rules_version
),
district_members as (
    select district_code, club_id, joined_on, left_on
    from members
    where list_contains($districts, district_code)
),
partner_names as (
    select
        district_code,
        club_id,
        fiscal_year,
        nullif(lower(regexp_replace(partner_org, '[\s\x{00A0}\x{200B}\x{FEFF}]+', '', 'g')), '')
            as partner
    from activities
    where list_contains($districts, district_code)
        and kind = 'partner_joint'
),
submissions as (
    select district_code, fiscal_year, complete, days_late
    from district_year_submissions
    where list_contains($districts, district_code)
),
-- Rows are consecutive years (the compliance spine), so a run of meeting years is an island
-- between years that do not meet the standard.
islands as (
    select
        *,
        count(*) filter (where not meets_standard) over (
            partition by district_code, club_id order by fiscal_year rows unbounded preceding
        ) as island
    from club_years
),
streaks as (
    select
        *,
        count(*) filter (where meets_standard) over (
            partition by district_code, club_id, island order by fiscal_year
            rows unbounded preceding
        ) as streak_years,
        lag(score) over (partition by district_code, club_id order by fiscal_year) as score_before,
        min(fiscal_year) over (partition by district_code, club_id) as first_fy
    from islands
),
partners as (
    select
        s.district_code,
        s.club_id,
        s.fiscal_year,
        count(distinct p.partner) as partners
    from streaks as s
    join partner_names as p
        on p.district_code = s.district_code
        and p.club_id = s.club_id
        and p.fiscal_year between s.fiscal_year - s.scored_years + 1 and s.fiscal_year
    group by s.district_code, s.club_id, s.fiscal_year
),
rolls as (
    select
        s.district_code,
        s.club_id,
        s.fiscal_year,
        count(*) filter (where m.joined_on <= s.year_before_end
            and (m.left_on is null or m.left_on > s.year_before_end)) as members_start,
        count(*) filter (where m.joined_on <= s.year_before_end
            and (m.left_on is null or m.left_on > s.year_end)) as members_kept
    from (
        select
            district_code,
            club_id,
            fiscal_year,
            make_date(fiscal_year - 544, 9, 30) as year_before_end,
            make_date(fiscal_year - 543, 9, 30) as year_end
        from streaks
    ) as s
    join district_members as m
        on m.district_code = s.district_code
        and m.club_id = s.club_id
    group by s.district_code, s.club_id, s.fiscal_year
),
-- The district-years this club-year's score looks at: the scored years in which the club has
-- a row. Each that is not complete, or arrived late, is a reason (a year not yet submitted is
-- incomplete; whether it will be late is not known yet).
district_reasons as (
    select
        s.district_code,
        s.club_id,
        s.fiscal_year,
        flatten(list(
            list_filter(
                [
                    case when not d.complete then 'district_incomplete:' || d.fiscal_year end,
                    case when d.days_late is not null then 'district_late:' || d.fiscal_year end
                ],
                lambda reason: reason is not null
            )
            order by d.fiscal_year
        )) as reasons
    from streaks as s
    join submissions as d
        on d.district_code = s.district_code
        and d.fiscal_year between greatest(s.fiscal_year - s.scored_years + 1, s.first_fy)
            and s.fiscal_year
    group by s.district_code, s.club_id, s.fiscal_year
),
parts as (
    select
        s.province_code,
        s.district_code,
        s.club_id,
        s.fiscal_year,
        s.meets_standard,
        s.knowledge,
        s.publicity,
        s.streak_years,
        s.evaluation::integer + s.knowledge::integer + s.publicity::integer as steps_passed,
        s.attendance_rate,
        coalesce(p.partners, 0) as partners,
        coalesce(r.members_start, 0) as members_start,
        coalesce(r.members_kept, 0) as members_kept,
        s.members_end,
        round((s.score - s.score_before) * 9 / 100)::integer as criteria_change,
        least(s.streak_years, s.scored_years) / s.scored_years as streak_part,
        (s.evaluation::integer + s.knowledge::integer + s.publicity::integer) / 3 as steps_part,
        least(greatest(coalesce(s.attendance_rate, 0), 0), 1) as attendance_part,
        least(coalesce(p.partners, 0), s.partners_full) / s.partners_full as partners_part,
        case
            when coalesce(r.members_start, 0) > 0 then r.members_kept / r.members_start
            else 0
        end as retention_part,
        case
            when coalesce(r.members_start, 0) > 0 then least(greatest(
                (s.members_end - r.members_start) / r.members_start / s.growth_full, 0
            ), 1)
            else 0
        end as growth_part,
        s.consecutive_years_weight,
        s.steps_done_weight,
        s.attendance_weight,
        s.partners_weight,
        s.retention_weight,
        s.growth_weight,
        s.trend_weight,
        s.trend_full,
        coalesce(d.reasons, []::varchar[]) as district_reasons,
        s.rules_version
    from streaks as s
    left join partners as p
        on p.district_code = s.district_code
        and p.club_id = s.club_id
        and p.fiscal_year = s.fiscal_year
    left join rolls as r
        on r.district_code = s.district_code
        and r.club_id = s.club_id
        and r.fiscal_year = s.fiscal_year
    left join district_reasons as d
        on d.district_code = s.district_code
        and d.club_id = s.club_id
        and d.fiscal_year = s.fiscal_year
),
scored as (
    select
        *,
        case
            when criteria_change is null then 0.5
            else least(greatest(0.5 + criteria_change / (2 * trend_full), 0), 1)
        end as trend_part
    from parts
),
reasoned as (
    select
        *,
        list_concat(
            list_filter(
                [
                    case when not meets_standard then 'not_meeting_standard' end,
                    case when not knowledge then 'no_knowledge_summary' end,
                    case when not publicity then 'no_publicity' end
                ],
                lambda reason: reason is not null
            ),
            district_reasons
        ) as reasons
    from scored
)
select
    province_code,
    district_code,
    club_id,
    fiscal_year,
    meets_standard,
    streak_years::integer as streak_years,
    steps_passed::integer as steps_passed,
    attendance_rate,
    partners::integer as partners,
    members_start::integer as members_start,
    members_kept::integer as members_kept,
    members_end,
    criteria_change,
    streak_part,
    steps_part,
    attendance_part,
    partners_part,
    retention_part,
    growth_part,
    trend_part,
    100 * (
        consecutive_years_weight * streak_part
        + steps_done_weight * steps_part
        + attendance_weight * attendance_part
        + partners_weight * partners_part
        + retention_weight * retention_part
        + growth_weight * growth_part
        + trend_weight * trend_part
    ) / (
        consecutive_years_weight
        + steps_done_weight
        + attendance_weight
        + partners_weight
        + retention_weight
        + growth_weight
        + trend_weight
    ) as exemplar_score,
    len(reasons) = 0 as candidate,
    reasons,
    rules_version
from reasoned
