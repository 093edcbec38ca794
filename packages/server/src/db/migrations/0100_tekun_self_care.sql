-- 特困 self-care assessment (issue 16 §4; S2 §二(一)4 "自理能力评估"): the level found for the people a 特困 case
-- supports, and the monthly care allowance (照料护理补贴) the decision added to the basic support for it. Older cases
-- have neither.
alter table social_assistance_case add column self_care text check (self_care in ('full', 'partial', 'none'));
alter table social_assistance_case add column care_allowance_fen bigint check (care_allowance_fen >= 0);
