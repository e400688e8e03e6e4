-- The standard, materialised per club and fiscal year (docs/contract.md#standard, #warehouse),
-- and its roll-ups per district and per province. Rows of a district are
-- replaced whenever that district loads.
create table if not exists rules_in_force (
    province_code varchar not null,
    fiscal_year integer not null,
    rules_version varchar not null,
    meetings_min integer not null,          -- qualifying meetings needed
    attendance_min double not null,         -- share of the roll, 0-1
    capacity_min integer not null,
    problem_solving_min integer not null,
    partner_joint_min integer not null,
    forum_min integer not null,
    evaluation_min integer not null,
    knowledge_min integer not null,
    publicity_min integer not null,
    committee_roles varchar[] not null      -- roles that must be held
);

create table if not exists club_year_compliance (
    province_code varchar not null,
    district_code varchar not null,
    club_id varchar not null,
    fiscal_year integer not null,
    committee boolean not null,
    rules boolean not null,
    meetings boolean not null,
    capacity boolean not null,
    problem_partner boolean not null,
    forum boolean not null,
    evaluation boolean not null,
    knowledge boolean not null,
    publicity boolean not null,
    meets_standard boolean not null,
    qualifying_meetings integer not null,
    meetings_held integer not null,
    attendance_rate double,                 -- mean over the year's meetings, 0-1
    score double not null,                  -- share of the nine criteria passed, 0-100
    members_end integer not null,           -- members on the roll on the year's last day
    capacity_activities integer not null,
    problem_solving_activities integer not null,
    partner_activities integer not null,
    distinct_partners integer not null,
    rules_version varchar not null
);

create table if not exists district_year_summary (
    province_code varchar not null,
    district_code varchar not null,
    fiscal_year integer not null,
    clubs integer not null,
    clubs_meeting_standard integer not null,
    meets_share double,                     -- 0-1
    committee_rate double,
    rules_rate double,
    meetings_rate double,
    capacity_rate double,
    problem_partner_rate double,
    forum_rate double,
    evaluation_rate double,
    knowledge_rate double,
    publicity_rate double,
    members integer not null,
    meetings_held integer not null,
    mean_attendance double,
    meets_share_change double               -- against the year before; null when no year before
);

create table if not exists province_year_summary (
    province_code varchar not null,
    fiscal_year integer not null,
    clubs integer not null,
    clubs_meeting_standard integer not null,
    meets_share double,
    committee_rate double,
    rules_rate double,
    meetings_rate double,
    capacity_rate double,
    problem_partner_rate double,
    forum_rate double,
    evaluation_rate double,
    knowledge_rate double,
    publicity_rate double,
    members integer not null,
    meetings_held integer not null,
    mean_attendance double,
    meets_share_change double
);
