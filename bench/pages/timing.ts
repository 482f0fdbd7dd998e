/** Frame timing helpers for the bench pages. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Resolves at the start of the frame after the next one: the next frame's rAF callbacks run before
 * it is painted, so a second rAF runs once that paint is done. The value is performance.now().
 */
export function nextPaint(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))));
}

export interface FrameStats {
  frames: number;
  fps: number;
  worstMs: number;
  medianMs: number;
}

/** From rAF timestamps (or given frame intervals): frame rate, worst and median frame. */
export function frameStats(ts: number[], given?: number[]): FrameStats {
  const d = given ?? ts.slice(1).map((t, i) => t - ts[i]);
  if (!d.length) return { frames: 0, fps: 0, worstMs: 0, medianMs: 0 };
  const total = d.reduce((a, b) => a + b, 0);
  const sorted = [...d].sort((a, b) => a - b);
  return { frames: d.length, fps: (d.length * 1000) / total, worstMs: sorted[sorted.length - 1], medianMs: sorted[sorted.length >> 1] };
}
