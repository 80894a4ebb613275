-- Tenant isolation in the database: every tenant-owned table has RLS enabled and forced,
-- with one policy keyed on the per-transaction setting app.tenant_id (set with set_config(..., true)).
-- With the setting absent no row is visible and no row can be written.
-- The application connects as a member of astor_app: neither superuser nor BYPASSRLS.
-- The roles astor_app and astor_lookup are cluster-wide, so prisma/roles.ts creates them before
-- migrations run (Prisma's JS migration engine cannot run DO blocks).


GRANT USAGE ON SCHEMA public TO astor_app, astor_lookup;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO astor_app;
REVOKE ALL ON "_prisma_migrations" FROM astor_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO astor_app;

ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "User" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "User"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "ApiKey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ApiKey" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ApiKey"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Lead" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Lead" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Lead"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Event" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Event" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Event"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Property" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Property" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Property"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "LeadPropertyInterest" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "LeadPropertyInterest" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "LeadPropertyInterest"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Visit" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Visit" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Visit"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Conversation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Conversation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Conversation"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Message" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Message" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Message"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Campaign" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Campaign" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Campaign"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "CampaignRecipient" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignRecipient" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignRecipient"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "TenantIntegration" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TenantIntegration" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TenantIntegration"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "WhatsAppChannel" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "WhatsAppChannel" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WhatsAppChannel"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "WhatsAppTemplate" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "WhatsAppTemplate" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WhatsAppTemplate"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "Assistant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Assistant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Assistant"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "AuditLog" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditLog" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "AuditLog"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- Cross-tenant lookups, each answering one narrow question.
GRANT SELECT ON "WhatsAppChannel", "User", "ApiKey" TO astor_lookup;
CREATE POLICY lookup_read ON "WhatsAppChannel" FOR SELECT TO astor_lookup USING (true);
CREATE POLICY lookup_read ON "User" FOR SELECT TO astor_lookup USING (true);
CREATE POLICY lookup_read ON "ApiKey" FOR SELECT TO astor_lookup USING (true);

CREATE FUNCTION astor_tenant_for_phone_number_id(p_phone_number_id text)
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT "tenantId" FROM "WhatsAppChannel" WHERE "phoneNumberId" = p_phone_number_id
$$;

CREATE FUNCTION astor_login_candidates(p_email text)
RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT "tenantId", id, "passwordHash" FROM "User" WHERE lower(email) = lower(p_email) AND active
$$;

CREATE FUNCTION astor_api_key_by_prefix(p_prefix text)
RETURNS TABLE (api_key_id uuid, tenant_id uuid, secret_hash text, revoked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, "tenantId", "secretHash", "revokedAt" IS NOT NULL FROM "ApiKey" WHERE prefix = p_prefix
$$;

ALTER FUNCTION astor_tenant_for_phone_number_id(text) OWNER TO astor_lookup;
ALTER FUNCTION astor_login_candidates(text) OWNER TO astor_lookup;
ALTER FUNCTION astor_api_key_by_prefix(text) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_tenant_for_phone_number_id(text), astor_login_candidates(text), astor_api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_tenant_for_phone_number_id(text), astor_login_candidates(text), astor_api_key_by_prefix(text) TO astor_app;
