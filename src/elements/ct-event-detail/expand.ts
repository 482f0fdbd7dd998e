/**
 * "Expand all" and "Collapse all" for the JSON view, bounded: a step opens branches breadth-first
 * until about `EXPAND_BUDGET` new lines would render, so a record with ten thousand objects opens
 * a part at a time ("Expand more") instead of blocking the page while it renders them all.
 * Branches deeper than `MAX_EXPAND_DEPTH` are left for the user to open. Collapsing closes every
 * branch shown open (the root stays open).
 */
import { childPath, entriesOf, shownCount } from './json-view.js';

const EXPAND_BUDGET = 400;
const MAX_EXPAND_DEPTH = 50;

export interface Folding {
  toggled: ReadonlyMap<string, boolean>;
  shown: ReadonlyMap<string, number>;
  openDepth: number;
}

/** The new folding after one step of "Expand all" (`open`) or after "Collapse all", and whether a step left branches closed. */
export function fold(record: unknown, f: Folding, open: boolean): { toggled: Map<string, boolean>; complete: boolean } {
  const toggled = new Map(f.toggled);
  let spent = 0;
  let complete = true;
  // Breadth-first over what is rendered: the children a branch shows, under branches left open.
  const queue: [unknown, string, number][] = [[record, '$', 0]];
  for (const [value, path, depth] of queue) {
    const entries = entriesOf(value);
    if (!entries?.length) continue;
    const count = shownCount(path, entries.length, f);
    if (toggled.get(path) ?? depth < f.openDepth) {
      if (!open) toggled.set(path, false);
    } else if (!open || depth > MAX_EXPAND_DEPTH) continue;
    else if (spent >= EXPAND_BUDGET) {
      complete = false;
      break;
    } else {
      spent += count;
      toggled.set(path, true);
    }
    for (let k = 0; k < count; k++) queue.push([entries[k][1], childPath(path, entries[k][0]), depth + 1]);
  }
  if (!open) toggled.set('$', true);
  return { toggled, complete };
}
