import { inspect } from 'node:util';

const SHOWN_CHARS = 2_000;

function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Circular values (HTTP responses, handles) are not JSON.
  }
  text ??= inspect(value, { depth: 4 });
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} chars)` : text;
}

/** Polls until `ok` holds and returns that value; fails with the last value probed when the time is up. */
export async function eventually<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 100, description = ok.toString()): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`eventually: ${description} did not hold within ${timeoutMs} ms; last value: ${shown(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
