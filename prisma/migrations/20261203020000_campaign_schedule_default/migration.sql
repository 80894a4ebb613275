-- A campaign without a schedule is sent now: the column's default says so instead of an empty object no schedule rule accepts.
UPDATE "Campaign" SET "schedule" = '{"kind": "now"}' WHERE "schedule" = '{}';
ALTER TABLE "Campaign" ALTER COLUMN "schedule" SET DEFAULT '{"kind": "now"}';
