/** The `regions` property of the provider and the history: an array, or names separated by commas as an attribute. */

/** `regions` as an attribute: names separated by commas (spaces allowed). */
export const regionsConverter = {
  fromAttribute: (value: string | null): string[] | undefined => value?.split(',').map((r) => r.trim()).filter(Boolean),
  toAttribute: (value: readonly string[] | undefined): string | undefined => value?.join(','),
};

/** A list property compared by content, so a new array with the same items (a host re-rendering) changes nothing. */
export const listChanged = (a?: readonly string[], b?: readonly string[]): boolean => String(a ?? '') !== String(b ?? '');
