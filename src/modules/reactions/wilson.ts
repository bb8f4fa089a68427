/**
 * Lower bound of the Wilson score interval (95%) for the share of positive votes: the "best" sort. A comment
 * with 1 of 1 up-votes ranks below one with 40 of 45, as a reader would expect.
 */
export function wilsonLowerBound(up: number, down: number, z = 1.959964): number {
  const n = up + down;
  if (n <= 0) return 0;
  const p = up / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n);
}
