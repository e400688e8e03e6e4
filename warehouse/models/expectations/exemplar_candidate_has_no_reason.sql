-- A candidate has no reason against it, and every other club-year has at least one; a
-- candidate meets the standard.
select *
from club_year_exemplar
where candidate != (len(reasons) = 0)
    or (candidate and not meets_standard)
