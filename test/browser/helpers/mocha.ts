/**
 * Typed handles on the mocha globals that @web/test-runner provides (the project has no
 * @types/mocha; these avoid clashing with it if it is ever added).
 */
interface Context { timeout(ms: number): void }
type Fn = (this: Context) => void | Promise<unknown>;
type Suite = (name: string, fn: (this: Context) => void) => void;
type Test = ((name: string, fn: Fn) => void) & { skip: (name: string, fn: Fn) => void };
type Hook = (fn: Fn) => void;

const g = globalThis as unknown as Record<string, unknown>;
export const describe = g.describe as Suite;
export const it = g.it as Test;
export const before = g.before as Hook;
export const after = g.after as Hook;
export const beforeEach = g.beforeEach as Hook;
export const afterEach = g.afterEach as Hook;
