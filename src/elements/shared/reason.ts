/** The first sentence of an error's message, to say in a hint why something was not done. */
export function firstSentence(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const end = text.search(/[.!?](\s|$)/);
  return (end >= 0 ? text.slice(0, end + 1) : text).trim() || 'the query failed.';
}
