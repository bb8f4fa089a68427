/** Order statistics shared by the benchmarks: nearest index, floor(p·n), of the sorted samples. */

/** The value at fraction p (0..1) of already-sorted samples; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** The median of samples in any order. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
