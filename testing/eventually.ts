/** Polls until `ok` holds or the time is up, returning the last value (the caller asserts on it). */
export async function eventually<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
