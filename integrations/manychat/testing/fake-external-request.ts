export interface ExternalRequestSpec {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Headers as the flow author typed them, e.g. Astor's per-tenant token. */
  headers?: Record<string, string>;
  /** The JSON body as the flow author typed it; `{{variable}}` in any string is filled in. */
  body?: unknown;
  timeoutMs?: number;
}

export interface ExternalRequestResult {
  status: number;
  body: unknown;
}

const fill = (text: string, variables: Record<string, string>, encode = (value: string) => value) =>
  text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_match, name: string) => encode(variables[name] ?? ''));

function fillDeep(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value === 'string') return fill(value, variables);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, variables));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillDeep(item, variables)]));
  return value;
}

/**
 * What a ManyChat flow's External Request action does when it reaches a contact: one HTTP call to
 * whatever URL, method, headers and JSON body the flow author configured, with the subscriber's
 * fields filled in. ManyChat does not sign these calls, so Astor can only trust a secret the
 * tenant put into the URL or a header. ManyChat gives up on slow endpoints (about 10 s, unconfirmed).
 */
export async function externalRequest(url: string, spec: ExternalRequestSpec, variables: Record<string, string> = {}): Promise<ExternalRequestResult> {
  const method = spec.method ?? 'POST';
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([name, value]) => [name, fill(value, variables)]));
  const hasBody = method !== 'GET' && spec.body !== undefined;
  const response = await fetch(fill(url, variables, encodeURIComponent), {
    method,
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: hasBody ? JSON.stringify(fillDeep(spec.body, variables)) : undefined,
    signal: AbortSignal.timeout(spec.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // ManyChat keeps a non-JSON answer as text; only JSON can be mapped to fields.
  }
  return { status: response.status, body };
}
