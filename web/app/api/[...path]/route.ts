import type { NextRequest } from 'next/server';

export const dynamic = 'force-dynamic';

// Origin and Sec-Fetch-Site let the API refuse cross-site changes made with the session cookie.
const FORWARDED_REQUEST = ['cookie', 'content-type', 'accept', 'authorization', 'user-agent', 'accept-language', 'origin', 'sec-fetch-site'];
const ACTING_TENANT_COOKIE = 'astor_tenant';
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FORWARDED_RESPONSE = ['content-type', 'set-cookie', 'cache-control', 'retry-after', 'location'];

/** The client's address: web/server.ts leaves exactly that in X-Forwarded-For, decided under TRUST_PROXY. */
function clientAddress(request: NextRequest): string | undefined {
  return request.headers.get('x-forwarded-for') ?? undefined;
}

/**
 * The browser talks to the API through the web app's own origin, so the session cookie stays
 * first-party; bodies stream both ways (server-sent events included). The API's address is read
 * at run time, not baked into the build.
 */
async function proxy(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  // A superadmin works in the agency picked in the web app: the API reads it from the /t/:slug prefix.
  const acting = request.cookies.get(ACTING_TENANT_COOKIE)?.value;
  const prefix = acting && SLUG.test(acting) && !['auth', 'platform'].includes(path[0] ?? '') ? `/t/${acting}` : '';
  const target = new URL(`${prefix}/api/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`, process.env.ASTOR_API_URL ?? 'http://localhost:4000');
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const client = clientAddress(request);
  if (client) headers.set('x-forwarded-for', client);
  headers.set('x-forwarded-host', request.headers.get('host') ?? request.nextUrl.host);
  headers.set('x-forwarded-proto', request.nextUrl.protocol.replace(/:$/, ''));
  const hasBody = !['GET', 'HEAD'].includes(request.method);
  // A request body is passed on as it arrives (an upload may be 50 MB), which fetch allows only half-duplex.
  const body = hasBody ? { body: request.body, duplex: 'half' } : {};
  const upstream = await fetch(target, { method: request.method, headers, ...body, redirect: 'manual', cache: 'no-store' } as RequestInit);
  const out = new Headers();
  for (const name of FORWARDED_RESPONSE) {
    if (name === 'set-cookie') for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
    else if (upstream.headers.get(name)) out.set(name, upstream.headers.get(name)!);
  }
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export { proxy as GET, proxy as POST, proxy as PUT, proxy as PATCH, proxy as DELETE };
