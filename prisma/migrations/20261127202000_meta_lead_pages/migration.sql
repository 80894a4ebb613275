-- Meta lead ads: the agency access token is a META_LEADS integration, and its pages route leadgen webhooks.
ALTER TYPE "IntegrationProvider" ADD VALUE 'META_LEADS';

CREATE TABLE "MetaLeadPage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "pageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetaLeadPage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MetaLeadPage_pageId_key" ON "MetaLeadPage"("pageId");
CREATE INDEX "MetaLeadPage_tenantId_idx" ON "MetaLeadPage"("tenantId");
ALTER TABLE "MetaLeadPage" ADD CONSTRAINT "MetaLeadPage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "MetaLeadPage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MetaLeadPage" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MetaLeadPage"
  USING ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK ("tenantId" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- The leadgen webhook names a page before any tenant is known.
GRANT SELECT ON "MetaLeadPage" TO astor_lookup;
CREATE POLICY lookup_read ON "MetaLeadPage" FOR SELECT TO astor_lookup USING (true);

CREATE FUNCTION astor_tenant_for_meta_page(p_page_id text)
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT "tenantId" FROM "MetaLeadPage" WHERE "pageId" = p_page_id
$$;

ALTER FUNCTION astor_tenant_for_meta_page(text) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_tenant_for_meta_page(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_tenant_for_meta_page(text) TO astor_app;
