-- The 低保 household income assessment (issue 16 §1–2, S2 二(一)3): the deductions the applicant claims with their
-- evidence, and the assessment the decision relied on (every line with its rule and source), kept on the case so
-- the explanation is the one the township saw, not a recomputation over later facts.
alter table social_assistance_case add column deduction_claims jsonb not null default '[]'::jsonb;
alter table social_assistance_case add column income_assessment jsonb;
