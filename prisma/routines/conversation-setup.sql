-- What a conversation workflow reads once when it starts (activities/routing.activities.ts): the
-- agency's settings and its first active assistant, in one round trip. Replaced as a whole on every
-- migrate; sets app.tenant_id itself and runs as the caller, so row-level security applies.
CREATE OR REPLACE FUNCTION astor_conversation_setup(p_tenant uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  RETURN (SELECT jsonb_build_object('settings', t.settings, 'assistant',
      (SELECT jsonb_build_object('greeting', a.greeting, 'handoffKeywords', to_jsonb(a."handoffKeywords"), 'faq', a.faq)
       FROM "Assistant" a WHERE a."tenantId" = p_tenant AND a.active ORDER BY a."createdAt" LIMIT 1))
    FROM "Tenant" t WHERE t.id = p_tenant);
END $$;
