-- The WhatsApp Web bridge's webhook names its session before any tenant is known.
CREATE FUNCTION astor_tenant_for_web_session(p_session_id text)
RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT "tenantId" FROM "WhatsAppChannel" WHERE "webSessionId" = p_session_id
$$;

ALTER FUNCTION astor_tenant_for_web_session(text) OWNER TO astor_lookup;
REVOKE ALL ON FUNCTION astor_tenant_for_web_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astor_tenant_for_web_session(text) TO astor_app;
