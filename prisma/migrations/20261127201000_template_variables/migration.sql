-- AlterTable
ALTER TABLE "WhatsAppTemplate" ADD COLUMN     "variables" JSONB NOT NULL DEFAULT '[]';

-- The agencies a WhatsApp Business Account belongs to, for Meta's template status webhook (which names only the account).
CREATE FUNCTION astor_tenants_for_business_account_id(p_business_account_id text)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT "tenantId" FROM "WhatsAppChannel" WHERE "businessAccountId" = p_business_account_id
$$;

ALTER FUNCTION astor_tenants_for_business_account_id(text) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_tenants_for_business_account_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_tenants_for_business_account_id(text) TO astor_app;
