-- Each fiscal year of some districts ($districts, a list of codes), judged from the warehouse's own load history:
-- is the district's submission of that year complete, and did it arrive on time?
-- (The [exemplar] section of the rules file says how; warehouse/rules/standard.toml.)
-- - complete: a loaded batch carrying the year arrived after the year ended (30 September),
--   and the latest loaded batch (whose rows are what the warehouse holds) has records of the
--   year, every sheet the standard needs, and at most max_rejected_share of its rows rejected;
-- - on time: that first batch after the year ended finished by 30 September + due_days; a
--   year before due_from_fy (the first fiscal year the due rule judges) was due before the rule
--   existed: its submission is history, and counts as on time, whenever it was loaded.
-- One row per year of the district's club_year_compliance rows.
with
district_years as (
    select distinct province_code, district_code, fiscal_year, rules_version
    from club_year_compliance
    where list_contains($districts, district_code)
),
settings as (
    select province_code, rules_version, due_days, max_rejected_share, due_from_fy
    from exemplar_rules
),
loaded as (
    select
        district_code,
        batch_id,
        started_at,
        finished_at,
        rows_read,
        rows_rejected,
        latest_fiscal_year
    from load_batches
    where list_contains($districts, district_code)
        and status = 'loaded'
),
-- Aggregates are per district, so the model stays right if it is ever run for many at once.
first_loads as (
    select district_code, min(started_at) as first_loaded_at
    from loaded
    group by district_code
),
latest as (
    select
        district_code,
        arg_max(batch_id, started_at) as batch_id,
        arg_max(finished_at, started_at) as loaded_at,
        arg_max(rows_read, started_at) as rows_read,
        arg_max(rows_rejected, started_at) as rows_rejected
    from loaded
    group by district_code
),
needed_sheets as (
    select unnest(['clubs', 'members', 'meetings', 'activities', 'governance']) as sheet
),
missing as (
    select
        l.district_code,
        list(n.sheet order by n.sheet) filter (where s.sheet is null) as sheets
    from latest as l
    cross join needed_sheets as n
    left join load_sheets as s
        on s.batch_id = l.batch_id
        and s.sheet = n.sheet
    group by l.district_code
),
year_records as (
    select district_code, fiscal_year, count(*) as records
    from (
        select district_code, fiscal_year from meetings where list_contains($districts, district_code)
        union all
        select district_code, fiscal_year from activities where list_contains($districts, district_code)
    )
    group by district_code, fiscal_year
),
years as (
    select
        y.*,
        make_date(y.fiscal_year - 543, 9, 30) as year_ended_on,
        make_date(y.fiscal_year - 543, 9, 30) + k.due_days as due_on,
        k.max_rejected_share,
        coalesce(y.fiscal_year < k.due_from_fy, false) as history
    from district_years as y
    left join settings as k
        on k.province_code = y.province_code
        and k.rules_version = y.rules_version
),
submitted as (
    select
        y.district_code,
        y.fiscal_year,
        min(b.finished_at) as submitted_at
    from years as y
    join loaded as b
        on b.district_code = y.district_code
        and b.finished_at::date > y.year_ended_on
        and coalesce(b.latest_fiscal_year, 0) >= y.fiscal_year
    group by y.district_code, y.fiscal_year
),
judged as (
    select
        y.province_code,
        y.district_code,
        y.fiscal_year,
        y.year_ended_on,
        y.due_on,
        f.first_loaded_at,
        y.history,
        s.submitted_at,
        l.batch_id as latest_batch_id,
        l.loaded_at as latest_loaded_at,
        case
            when l.batch_id is null then ['activities', 'clubs', 'governance', 'meetings', 'members']
            else coalesce(m.sheets, []::varchar[])
        end as missing_sheets,
        coalesce(r.records, 0) as records,
        coalesce(l.rows_read, 0) as rows_read,
        coalesce(l.rows_rejected, 0) as rows_rejected,
        l.rows_rejected / nullif(l.rows_read, 0) as rejected_share,
        -- rejected <= max_rejected_share * read, in whole millionths (no double rounding)
        coalesce(l.rows_rejected, 0) * 1000000
            > round(y.max_rejected_share * 1000000)::bigint * coalesce(l.rows_read, 0)
            as too_many_rejected,
        y.rules_version
    from years as y
    left join first_loads as f on f.district_code = y.district_code
    left join latest as l on l.district_code = y.district_code
    left join missing as m on m.district_code = y.district_code
    left join submitted as s
        on s.district_code = y.district_code
        and s.fiscal_year = y.fiscal_year
    left join year_records as r
        on r.district_code = y.district_code
        and r.fiscal_year = y.fiscal_year
),
timed as (
    select
        *,
        history or coalesce(submitted_at::date <= due_on, false) as on_time,
        case
            when not history and submitted_at::date > due_on
            then date_diff('day', due_on, submitted_at::date)
        end as days_late
    from judged
)
select
    province_code,
    district_code,
    fiscal_year,
    year_ended_on,
    due_on,
    first_loaded_at,
    history,
    submitted_at,
    days_late::integer as days_late,
    latest_batch_id,
    latest_loaded_at,
    missing_sheets,
    records::integer as records,
    rows_read,
    rows_rejected,
    rejected_share,
    submitted_at is not null
        and len(missing_sheets) = 0
        and records > 0
        and not too_many_rejected as complete,
    on_time,
    list_filter(
        [
            case when submitted_at is null then 'not_submitted' end,
            case when len(missing_sheets) > 0 then 'missing_sheets' end,
            case when records = 0 then 'no_records' end,
            case when too_many_rejected then 'too_many_rejected' end,
            case when days_late is not null then 'late' end
        ],
        lambda reason: reason is not null
    ) as reasons,
    rules_version
from timed
