-- The fiscal years club_year_compliance can reach for some districts ($districts, a list of
-- codes): from the earliest dated record or entered_standard_fy to the latest dated record
-- of any of them. rules_in_force must hold a row for each of them before they are judged.
with
record_years as (
    select fiscal_year
    from meetings
    where list_contains($districts, district_code)
    union all
    select fiscal_year
    from activities
    where list_contains($districts, district_code)
    union all
    select year(effective_on) + 543 + (month(effective_on) >= 10)::integer
    from governance
    where list_contains($districts, district_code)
    union all
    select year(joined_on) + 543 + (month(joined_on) >= 10)::integer
    from members
    where list_contains($districts, district_code)
),
entered_years as (
    select min(entered_standard_fy) as first_fy
    from clubs
    where list_contains($districts, district_code)
)
select
    least(min(r.fiscal_year), any_value(e.first_fy))::integer as first_fy,
    max(r.fiscal_year)::integer as latest_fy
from record_years as r
cross join entered_years as e
