/**
 * Whether `key` names one of `table`'s own entries. User input (a link's parameter, an attribute,
 * a host's property) that picks an entry of a lookup table goes through this, never through `in`
 * or a bare index: `constructor`, `__proto__` and `toString` are in every object's prototype.
 */
export function isOwnKey<T extends object>(table: T, key: unknown): key is keyof T {
  return typeof key === 'string' && Object.hasOwn(table, key);
}
