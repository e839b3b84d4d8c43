/** One resident-memory reading: seconds since sampling started, and MB. */
export interface RssSample {
  seconds: number;
  mb: number;
}

/** What the soak reports about memory. */
export interface RssSummary {
  warmupSeconds: number;
  startMb: number;
  endMb: number;
  maxMb: number;
  /** Least-squares slope over the samples after the warm-up. */
  slopeMbPerMinute: number;
  samples: number;
  /** True when the growth the slope predicts over the window stays under 10% of the starting RSS. */
  flat: boolean;
}

/**
 * Start, end, max and the least-squares slope of the samples taken after `warmupSeconds` (the first minute holds
 * the JIT, caches and pools filling up, which is not a leak).
 * @example rssSummary([{ seconds: 0, mb: 80 }, { seconds: 60, mb: 81 }], 0).slopeMbPerMinute; // 1
 */
export function rssSummary(all: RssSample[], warmupSeconds: number): RssSummary {
  const samples = all.filter((sample) => sample.seconds >= warmupSeconds);
  const used = samples.length >= 2 ? samples : all;
  const n = used.length;
  const meanX = used.reduce((sum, s) => sum + s.seconds, 0) / n;
  const meanY = used.reduce((sum, s) => sum + s.mb, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const sample of used) {
    numerator += (sample.seconds - meanX) * (sample.mb - meanY);
    denominator += (sample.seconds - meanX) ** 2;
  }
  const slopePerSecond = denominator === 0 ? 0 : numerator / denominator;
  const windowSeconds = used.at(-1)!.seconds - used[0]!.seconds;
  const startMb = used[0]!.mb;
  return {
    warmupSeconds,
    startMb,
    endMb: used.at(-1)!.mb,
    maxMb: Math.max(...all.map((sample) => sample.mb)),
    slopeMbPerMinute: slopePerSecond * 60,
    samples: n,
    flat: slopePerSecond * windowSeconds < 0.1 * startMb,
  };
}

/** A markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
