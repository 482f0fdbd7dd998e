/**
 * "Expand all" and "Collapse all" for the JSON view, bounded: a step opens branches breadth-first
 * until about `EXPAND_BUDGET` new lines would render, so a record with ten thousand objects opens
 * a part at a time ("Expand more") instead of blocking the page while it renders them all.
 * Branches deeper than `MAX_EXPAND_DEPTH` are left for the user to open.
 */
import { childPath, entriesOf, shownCount } from './json-view.js';

export const EXPAND_BUDGET = 400;
export const MAX_EXPAND_DEPTH = 50;

export interface Folding {
  toggled: ReadonlyMap<string, boolean>;
  shown: ReadonlyMap<string, number>;
  openDepth: number;
}

type Visit = (path: string, depth: number, open: boolean, count: number) => 'stop' | 'open' | 'close' | 'keep';

/** Walks the rendered tree breadth-first: the children a branch shows, under branches `visit` leaves open. */
function walk(record: unknown, f: Folding, visit: Visit): Map<string, boolean> {
  const next = new Map(f.toggled);
  const queue: [unknown, string, number][] = [[record, '$', 0]];
  for (let i = 0; i < queue.length; i++) {
    const [value, path, depth] = queue[i];
    const entries = entriesOf(value);
    if (!entries?.length) continue;
    const open = next.get(path) ?? depth < f.openDepth;
    const count = shownCount(path, entries.length, f);
    const action = visit(path, depth, open, count);
    if (action === 'stop') break;
    if (action === 'open') next.set(path, true);
    if (action === 'close') next.set(path, false);
    if (action === 'open' || (action === 'keep' && open) || action === 'close') {
      for (let k = 0; k < count; k++) queue.push([entries[k][1], childPath(path, entries[k][0]), depth + 1]);
    }
  }
  return next;
}

/** One step of "Expand all": the new folding, and whether branches remain closed within reach. */
export function expandStep(record: unknown, f: Folding): { toggled: Map<string, boolean>; complete: boolean } {
  let spent = 0;
  let complete = true;
  const toggled = walk(record, f, (_path, depth, open, count) => {
    if (open) return 'keep';
    if (depth > MAX_EXPAND_DEPTH) return 'keep';
    if (spent >= EXPAND_BUDGET) {
      complete = false;
      return 'stop';
    }
    spent += count;
    return 'open';
  });
  return { toggled, complete };
}

/** "Collapse all": every branch shown open (and every one open by default) closes; the root stays open. */
export function collapseAll(record: unknown, f: Folding): Map<string, boolean> {
  const toggled = walk(record, f, (_path, _depth, open) => (open ? 'close' : 'keep'));
  toggled.set('$', true);
  return toggled;
}
