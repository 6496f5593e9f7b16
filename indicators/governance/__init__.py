"""The governance action plans (Annex 4-8: national integrity, e-Government and innovation, grievance redress,
citizen's charter, right to information): the administrator's plan templates per fiscal year, an agreement's
plans drafted from them, quarterly achievements of their rows, the office's self-assessment and the
supervisor's verification.

- `models`: templates, plans, rows and their quarterly achievements (app label `indicators`);
- `inputs`: the values the scores read (below `indicators.scores`, which rolls plans up into Section 3);
- `selectors/`: reads (`tables` the pages' tables, `templates`);
- `services/`: every write (`templates`, `years`, `plans`, `entry`, `verification`), audited;
- `forms`, `year_forms`, `views/`, `urls` (namespace `governance`), `admin`.

Scoring itself is the pure core's `indicators.scoring.plans`; whether a quarter is open is
`indicators.selectors.quarters`, the same rule as Section 3's."""
