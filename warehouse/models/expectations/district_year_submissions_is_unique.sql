-- At most one district_year_submissions row per district and fiscal year.
select
    district_code,
    fiscal_year,
    count(*) as copies
from district_year_submissions
group by district_code, fiscal_year
having count(*) > 1
