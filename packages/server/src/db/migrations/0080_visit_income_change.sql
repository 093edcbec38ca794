-- The demo generator wrote visit.income_change as 稳定/增加/减少 while the API answers the codes
-- (stable/increased/decreased): GET /api/households/:id/visits answered 500 for most demo households.
-- Existing rows get the codes, and a check keeps any writer (COPY included) to them.
update visit set income_change = case income_change
  when '稳定' then 'stable'
  when '增加' then 'increased'
  when '减少' then 'decreased'
  else income_change end
where income_change in ('稳定', '增加', '减少');

alter table visit add constraint visit_income_change_code
  check (income_change is null or income_change in ('stable', 'increased', 'decreased'));
