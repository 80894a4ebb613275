-- Pseudonymous contact keys (issue 15 item 10): Temporal's workflow ids and search attributes carry
-- HMAC-SHA256(contactKeySalt, contact) instead of the contact's phone number (temporal/contact-keys.ts).
-- Each agency gets its own 32 random bytes, existing ones included: a volatile default is evaluated
-- per row when the column is added. gen_random_uuid() draws from PostgreSQL's strong random source
-- (244 random bits in two UUIDs) and needs no extension, unlike pgcrypto's gen_random_bytes().
-- The salt never rotates: a new one would change the id of every running workflow of the agency.
ALTER TABLE "Tenant" ADD COLUMN "contactKeySalt" BYTEA NOT NULL DEFAULT (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
