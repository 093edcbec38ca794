-- A department file's rows are matched to members by the blind index of the ID number, a look-up per row
-- (issue 19 §5, repositories/feed.repository.ts matchSegment). With the columns the match reads inside the index,
-- PostgreSQL answers from the index alone, without a heap page per row: 400,000 look-ups took 3.1 s instead of
-- 4.2 s on the benchmark's registry (990,000 members). The same index still serves a search by ID number.
drop index member_id_number_index_idx;
create index member_id_number_index_idx on member (id_number_index) include (county_code, deceased_on, id, household_id, name);
