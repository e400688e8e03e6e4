-- What each load did: one row per district batch, and every row it rejected.
create table if not exists load_batches (
    batch_id varchar not null,
    province_code varchar not null,
    district_code varchar not null,
    source varchar not null,
    content_sha256 varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,          -- loaded | failed | unchanged | held (a guard; message: why) | locked (an approved year; message: who approved it)
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    message varchar,
    latest_fiscal_year integer,       -- the latest fiscal year present in the submission
    rules_version varchar
);

create table if not exists load_sheets (
    batch_id varchar not null,
    district_code varchar not null,
    sheet varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null
);

create table if not exists rejected_rows (
    batch_id varchar not null,
    province_code varchar not null,
    district_code varchar not null,
    source varchar not null,
    sheet varchar not null,
    row_number integer not null,
    column_name varchar,
    raw_value varchar,
    reason_code varchar not null,
    message varchar not null,        -- Thai, then English
    message_th varchar not null,
    message_en varchar not null
);

-- How each batch arrived (added later, so warehouses made before it gain the columns).
alter table load_batches add column if not exists channel varchar;  -- pulled | uploaded (null: pulled)
alter table load_batches add column if not exists sent_by varchar;  -- the user who uploaded it
alter table load_batches add column if not exists source_changed_at timestamp;  -- a local source's last change
-- Approved fiscal years a loaded batch kept as published (the year lock), e.g. '2559,2560': a rebuild keeps them too.
alter table load_batches add column if not exists kept_years varchar;
