/** Ranking metrics for binary labels: ties in score are handled by grouping, so the results do not depend on order. */

interface Scored {
  readonly score: number;
  readonly label: 0 | 1;
}

function sortedDescending(scores: ArrayLike<number>, labels: ArrayLike<number>): Scored[] {
  const rows: Scored[] = [];
  for (let i = 0; i < scores.length; i++) rows.push({ score: scores[i] ?? 0, label: labels[i] ? 1 : 0 });
  return rows.sort((x, y) => y.score - x.score);
}

/** Area under the ROC curve (probability a random positive outranks a random negative; ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const rows = sortedDescending(scores, labels);
  let pos = 0;
  let neg = 0;
  let area = 0;
  for (let i = 0; i < rows.length; ) {
    let tp = 0;
    let fp = 0;
    const s = rows[i]?.score;
    while (i < rows.length && rows[i]?.score === s) {
      if (rows[i]?.label) tp++;
      else fp++;
      i++;
    }
    area += fp * (pos + tp / 2);
    pos += tp;
    neg += fp;
  }
  return pos === 0 || neg === 0 ? Number.NaN : area / (pos * neg);
}

/** Points of the precision/recall curve, one per distinct score threshold. */
function prPoints(scores: ArrayLike<number>, labels: ArrayLike<number>): Array<{ precision: number; recall: number }> {
  const rows = sortedDescending(scores, labels);
  const total = rows.reduce((n, r) => n + r.label, 0);
  const points: Array<{ precision: number; recall: number }> = [];
  let tp = 0;
  let seen = 0;
  for (let i = 0; i < rows.length; ) {
    const s = rows[i]?.score;
    while (i < rows.length && rows[i]?.score === s) {
      tp += rows[i]?.label ?? 0;
      seen++;
      i++;
    }
    points.push({ precision: tp / seen, recall: total === 0 ? 0 : tp / total });
  }
  return points;
}

/** PR-AUC as average precision (the step-wise sum scikit-learn reports). */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ap = 0;
  let lastRecall = 0;
  const points = prPoints(scores, labels);
  if (points.length === 0 || (points[points.length - 1]?.recall ?? 0) === 0) return Number.NaN;
  for (const p of points) {
    ap += (p.recall - lastRecall) * p.precision;
    lastRecall = p.recall;
  }
  return ap;
}

/** Precision at the first threshold reaching the given recall. */
export function precisionAtRecall(scores: ArrayLike<number>, labels: ArrayLike<number>, recall: number): number {
  for (const p of prPoints(scores, labels)) if (p.recall >= recall) return p.precision;
  return Number.NaN;
}
