-- 特困 self-care assessment (issue 16 §4; S2 §二(一)4 "自理能力评估"): the level found for the people a 特困 case
-- supports, and the monthly care allowance (照料护理补贴) the decision added to the basic support for it. Older cases
-- have neither.
alter table social_assistance_case add column self_care text check (self_care in ('full', 'partial', 'none'));
alter table social_assistance_case add column care_allowance_fen bigint check (care_allowance_fen >= 0);

-- The party member paired with a social-assistance household (issue 16 §8; S2 §二(二)8 "每个社会救助家庭至少落实1名党员
-- 结对帮扶,每季度至少探访一次"): named on the household, shown on the quarterly visits-due list.
alter table household add column paired_party_member text;
