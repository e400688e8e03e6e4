-- The score is 100 x (criteria passed) / 9.
select *
from club_year_compliance
where abs(
    score - 100.0 * (
        committee::integer
        + rules::integer
        + meetings::integer
        + capacity::integer
        + problem_partner::integer
        + forum::integer
        + evaluation::integer
        + knowledge::integer
        + publicity::integer
    ) / 9
) > 1e-9
