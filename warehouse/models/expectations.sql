-- one row per club and fiscal year
select district_code, club_id, fiscal_year
from club_year_compliance
group by all
having count(*) > 1;
-- score between 0 and 100
select * from club_year_compliance where score < 0 or score > 100;
-- meets_standard is exactly its five criteria
select *
from club_year_compliance
where meets_standard != (committee and rules and meetings and capacity and problem_partner);
-- every compliance row belongs to a loaded club
select c.*
from club_year_compliance as c
anti join clubs as k on k.district_code = c.district_code and k.club_id = c.club_id;
-- club ids are unique within a district
select district_code, club_id from clubs group by all having count(*) > 1;
-- member ids are unique within a club
select district_code, club_id, member_id from members group by all having count(*) > 1;
-- no citizen ID is kept in clear
select * from members where regexp_matches(person_key, '^[0-9]{13}$')
