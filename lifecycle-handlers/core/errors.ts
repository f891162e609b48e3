/** One way to put any thrown value into a result's reason or a log line, for every stage. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
