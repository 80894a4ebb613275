/** CI runs a fixed seed and budget; `npm run fuzz` raises the budget and draws a new seed (FUZZ_RUNS, FUZZ_SEED=random). */
export function fuzzBudget(): { runs: number; seed: number } {
  const runs = Number(process.env.FUZZ_RUNS ?? 20);
  const seed = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261202);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) throw new Error('FUZZ_RUNS must be a positive integer and FUZZ_SEED an integer');
  return { runs, seed };
}
