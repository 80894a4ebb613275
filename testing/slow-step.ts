/** Runs one teardown step and names it on stderr if it outlasts `withinMs`: a hung teardown otherwise shows only as jest's hook timeout. */
export async function namedIfSlow<T>(name: string, work: () => Promise<T>, withinMs = 10_000): Promise<T> {
  const timer = setTimeout(() => console.warn(`teardown step "${name}" still running after ${withinMs / 1000} s`), withinMs).unref();
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
