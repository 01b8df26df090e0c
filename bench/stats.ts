/** Small helpers every benchmark section shares: percentiles and one printed line per figure. */

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Figures {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export function figures(latenciesMs: number[], seconds: number): Figures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { count: sorted.length, seconds, perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function line(label: string, f: Figures, unit = 'msg/s'): string {
  return `  ${label.padEnd(34)} ${f.perSecond.toFixed(0).padStart(8)} ${unit}   p50 ${f.p50.toFixed(2)} ms   p99 ${f.p99.toFixed(2)} ms   (${f.count} in ${f.seconds.toFixed(2)} s)`;
}
