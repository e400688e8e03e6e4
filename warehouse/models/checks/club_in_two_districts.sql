-- A club of the same name and network type in another district of the province.
with named as (
    select district_code, club_id, lower(trim(name)) as key, network_type from clubs
)
select a.district_code, a.club_id, $year::integer as fiscal_year,
       b.district_code || '/' || b.club_id as detail
from named a
join named b
  on a.key = b.key and a.network_type = b.network_type and a.district_code <> b.district_code
where exists (
    select 1 from club_year_compliance c
    where c.district_code = a.district_code and c.club_id = a.club_id and c.fiscal_year = $year
)
