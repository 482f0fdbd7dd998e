/**
 * `logins` and `credentials` of the provider and the history, compared by content: a host that
 * re-renders hands over a new object with the same tokens or keys (a React prop written inline, an
 * Angular template expression), and that must keep the investigation: its rows, its selection and
 * its signed-in identity. A function (fresh tokens, a credential provider) is compared by identity.
 */
export function signInChanged(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  if (!isRecord(a) || !isRecord(b)) return true;
  const keys = Object.keys(a);
  return keys.length !== Object.keys(b).length || keys.some((k) => !(k in b) || !same(a[k], b[k]));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Credentials' `expiration` is a Date: equal when it is the same instant. */
const same = (x: unknown, y: unknown): boolean => x === y || (x instanceof Date && y instanceof Date && x.getTime() === y.getTime());
