/** The most of `times` (epoch ms) inside any half-open stretch of `windowMs` (a second): sliding, not calendar seconds. */
export function peakPerSecond(times: number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
