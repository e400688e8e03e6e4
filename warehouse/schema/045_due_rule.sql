-- The first fiscal year whose submission the due rule judges (rules file, [exemplar]
-- due_from_fy): earlier years were due before the rule existed and are history. Added to
-- warehouses built before the setting existed (their rows have it null: no year is history).
alter table exemplar_rules add column if not exists due_from_fy integer;
