-- The exemplar score is 100 x sum(weight x part) / sum(weights), with the weights of the
-- rules version it was computed with (so it lies between 0 and 100).
select e.*
from club_year_exemplar as e
left join exemplar_rules as k
    on k.province_code = e.province_code
    and k.rules_version = e.rules_version
where k.province_code is null
    or abs(
        e.exemplar_score - 100 * (
            k.consecutive_years_weight * e.streak_part
            + k.steps_done_weight * e.steps_part
            + k.attendance_weight * e.attendance_part
            + k.partners_weight * e.partners_part
            + k.retention_weight * e.retention_part
            + k.growth_weight * e.growth_part
            + k.trend_weight * e.trend_part
        ) / (
            k.consecutive_years_weight + k.steps_done_weight + k.attendance_weight
            + k.partners_weight + k.retention_weight + k.growth_weight + k.trend_weight
        )
    ) > 1e-9
    or e.exemplar_score < 0
    or e.exemplar_score > 100
