-- Exemplars (ต้นแบบ): the [exemplar] settings each score was computed with, every district's
-- submission of each fiscal year judged complete and on time, and the exemplar score of each
-- club and fiscal year with its parts and, for a club that cannot be a candidate, why.
-- Rows of a district are replaced whenever that district loads.
create table if not exists exemplar_rules (
    province_code varchar not null,
    rules_version varchar not null,
    consecutive_years_weight double not null,
    steps_done_weight double not null,
    attendance_weight double not null,
    partners_weight double not null,
    retention_weight double not null,
    growth_weight double not null,
    trend_weight double not null,
    scored_years integer not null,          -- y and the years before it the score looks at
    partners_full integer not null,         -- distinct partners that count in full
    growth_full double not null,            -- roll growth (share) that counts in full
    trend_full integer not null,            -- criteria gained in a year that count in full
    due_days integer not null,              -- a year's submission is due 30 Sep + this many days
    max_rejected_share double not null      -- rejected rows / rows read of a complete submission
);

create table if not exists district_year_submissions (
    province_code varchar not null,
    district_code varchar not null,
    fiscal_year integer not null,
    year_ended_on date not null,            -- 30 September of the fiscal year
    due_on date not null,                   -- year_ended_on + due_days
    first_loaded_at timestamp,              -- the district's first ever loaded batch started
    history boolean not null,               -- due before the due rule existed (fy < due_from_fy)
    submitted_at timestamp,                 -- first loaded batch carrying the year after it ended
    days_late integer,                      -- after due_on; null when history or not submitted
    latest_batch_id varchar,
    latest_loaded_at timestamp,
    missing_sheets varchar[] not null,      -- sheets the standard needs, absent from the latest batch
    records integer not null,               -- meetings and activities of the year now loaded
    rows_read bigint not null,              -- of the latest loaded batch
    rows_rejected bigint not null,
    rejected_share double,
    complete boolean not null,
    on_time boolean not null,
    reasons varchar[] not null,             -- not_submitted, missing_sheets, no_records, too_many_rejected, late
    rules_version varchar not null
);

create table if not exists club_year_exemplar (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    fiscal_year integer not null,
    meets_standard boolean not null,
    streak_years integer not null,          -- years in a row meeting the standard, up to this one
    steps_passed integer not null,          -- of steps 5-7: evaluation, knowledge, publicity
    attendance_rate double,
    partners integer not null,              -- distinct partner organisations over the scored years
    members_start integer not null,         -- on the roll on the last day of the year before
    members_kept integer not null,          -- of those, still on the roll on this year's last day
    members_end integer not null,           -- on the roll on this year's last day
    criteria_change integer,                -- criteria passed minus the year before's; null: none
    streak_part double not null,            -- each part 0-1
    steps_part double not null,
    attendance_part double not null,
    partners_part double not null,
    retention_part double not null,
    growth_part double not null,
    trend_part double not null,
    exemplar_score double not null,         -- 0-100
    candidate boolean not null,
    reasons varchar[] not null,             -- why not a candidate; empty for a candidate
    rules_version varchar not null
);
