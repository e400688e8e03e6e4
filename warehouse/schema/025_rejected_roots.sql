-- Where a rejected row's trouble began (added later, so warehouses made before it gain the columns):
-- the row itself, or for parent_rejected the first row up its chain of parents that was rejected for a
-- reason of its own. root_sheet is the sheet as the file labels it, like `sheet`.
alter table rejected_rows add column if not exists root_sheet varchar;
alter table rejected_rows add column if not exists root_row_number integer;
alter table rejected_rows add column if not exists root_column_name varchar;
alter table rejected_rows add column if not exists root_reason_code varchar;
