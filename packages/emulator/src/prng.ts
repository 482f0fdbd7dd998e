/** Small seeded PRNG (mulberry32): fast, deterministic, good enough for synthetic data and faults. */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const HEX = '0123456789abcdef';
export function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(rng() * 16)];
  return s;
}

/** A UUID v4-shaped string drawn from the PRNG (deterministic, unlike crypto.randomUUID). */
export function uuid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[Math.floor(rng() * 4)]}${hex(rng, 3)}-${hex(rng, 12)}`;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function upper(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += UPPER[Math.floor(rng() * UPPER.length)];
  return s;
}
