-- Staged temporary assistance (issue 16 §5; S0 plan one 二 五是 "对返贫人口…采取一次审批、分阶段救助方式"): one approval of
-- a household that fell back into poverty paid in instalments, each [{payOn, amountFen}] paid by the payroll of the
-- month it falls due. Null: a one-off payment outside the payroll.
alter table social_assistance_case add column relief_stages jsonb
  check (relief_stages is null or (jsonb_typeof(relief_stages) = 'array' and kind = 'temp_relief'));
