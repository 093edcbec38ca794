-- A member who marries out or moves away leaves the household but stays on its record (issue 14 §1): deleting the
-- row would lose who was there and when. The member is no longer registered here nor living and sharing income,
-- which is what the counting rules read (S0 二 note 2).
alter table member add column left_on date;
alter table member add column left_reason text
  check (left_reason is null or left_reason in ('marriage_out', 'moved_out', 'other'));
alter table member add constraint member_left_both check ((left_on is null) = (left_reason is null));
