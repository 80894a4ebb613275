'use client';

/** An `application/problem+json` answer from the API, with the fields it names. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: { path: string; message: string }[] = [],
    /** The API's stable problem code, e.g. `service_window_closed`. */
    readonly code?: string,
    /** Members a problem adds for the page to act on, e.g. `existingLeadId` on a duplicate. */
    readonly members: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  /** The problem for one form field, if the API named it. */
  field(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

function requestBody(init: { body?: unknown; file?: Blob }): { type?: string; body?: BodyInit } {
  if (init.file) return { type: 'application/octet-stream', body: init.file };
  return init.body === undefined ? {} : { type: 'application/json', body: JSON.stringify(init.body) };
}

/**
 * Calls the API through the web app's own origin, with the session cookie, asking for problems in
 * the page's language; a lost session goes to sign-in. `file` sends a file's bytes as the body (uploads).
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; file?: Blob } = {}): Promise<T> {
  const language = { 'accept-language': document.documentElement.lang || 'es' };
  const { type, body } = requestBody(init);
  const response = await fetch(`/api${path}`, {
    method: init.method ?? 'GET',
    headers: type ? { ...language, 'content-type': type } : language,
    body,
    credentials: 'same-origin',
  });
  if (response.status === 401 && !path.startsWith('/auth/')) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string; code?: string; errors?: { path: string; message: string }[] } & Record<string, unknown>;
    throw new ApiProblem(response.status, problem.title ?? response.statusText, problem.detail, problem.errors, problem.code, problem);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}
