-- Records as loaded from district submissions, one row per accepted row.
-- Every table carries the tenant (province_code), the district and the batch
-- that loaded it; a district's reload replaces all of that district's rows.
create table if not exists clubs (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    name varchar not null,
    network_type varchar not null,
    subdistrict_code varchar not null,
    founded_on date,
    entered_standard_fy integer,
    lat double,
    lon double,
    batch_id varchar not null
);

create table if not exists members (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    member_id varchar not null,
    full_name varchar not null,
    person_key varchar,          -- keyed hash of the citizen ID; never the ID itself
    gender varchar,
    role varchar not null,
    joined_on date not null,
    left_on date,
    batch_id varchar not null
);

create table if not exists meetings (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    meeting_id varchar not null,
    held_on date not null,
    fiscal_year integer not null,
    kind varchar not null,
    attendees integer,
    batch_id varchar not null
);

create table if not exists attendance (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    meeting_id varchar not null,
    member_id varchar not null,
    batch_id varchar not null
);

create table if not exists activities (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    activity_id varchar not null,
    held_on date not null,
    fiscal_year integer not null,
    kind varchar not null,
    title varchar not null,
    partner_org varchar,
    participants integer,
    batch_id varchar not null
);

create table if not exists governance (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    record_number integer not null,  -- the row as a person sees it in the file
    kind varchar not null,
    effective_on date not null,
    expires_on date,
    document_ref varchar,
    batch_id varchar not null
);
