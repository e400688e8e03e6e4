-- club_year_compliance of one province ($province) with each club's name, network type
-- and subdistrict: what national views read. No personal data (nothing from members).
with
compliance as (
    select *
    from club_year_compliance
    where province_code = $province
),
province_clubs as (
    select district_code, club_id, name, network_type, subdistrict_code
    from clubs
    where province_code = $province
)
select
    c.province_code,
    c.district_code,
    c.club_id,
    k.name,
    k.network_type,
    k.subdistrict_code,
    c.* exclude (province_code, district_code, club_id)
from compliance as c
join province_clubs as k
    on k.district_code = c.district_code
    and k.club_id = c.club_id
order by c.district_code, c.club_id, c.fiscal_year
