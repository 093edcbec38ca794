-- The village a public self-application named. The lead itself lies on the person's registered village (so that
-- village verifies it); the public status page shows only the village the applicant gave, never the registered
-- one (a stranger who knows a name and an ID number must not learn where the person is registered).
alter table lead add column applied_region_code text;
