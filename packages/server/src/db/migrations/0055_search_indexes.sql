-- Household search at a million households (bench/reports/api.md): a name search reads the matching members'
-- household ids from the index alone (no heap visit per member), so the key moves to a covering index.
create index member_name_household_idx on member (name text_pattern_ops) include (household_id);
drop index member_name_idx;
