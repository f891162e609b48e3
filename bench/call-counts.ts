/** Counting over the simulator's call log (every attempt, throttled ones included, is one entry). Pure. */
import type { CallRecord } from '../simulator';

export function countByOperation(calls: readonly CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

export function throttledCount(calls: readonly CallRecord[]): number {
  return calls.filter((c) => c.error !== undefined && THROTTLING.has(c.error)).length;
}

export function accepted(calls: readonly CallRecord[], operations: readonly string[]): CallRecord[] {
  return calls.filter((c) => c.error === undefined && operations.includes(c.operation));
}

/** Where a ProvisionProduct lands: account, Region and provisioned-product name. */
export function placeOf(call: CallRecord): string {
  return `${call.callerAccount}|${call.region}|${String(call.input.ProvisionedProductName)}`;
}

/**
 * Provision records beyond the first per place: an accepted ProvisionProduct with a token not seen before for
 * that place starts a new record (the same token returns the first record, so repeats of it are not duplicates).
 */
export function duplicateProvisionRecords(calls: readonly CallRecord[]): number {
  const tokens = new Map<string, Set<string>>();
  for (const call of accepted(calls, ['ProvisionProduct'])) {
    const place = placeOf(call);
    const seen = tokens.get(place) ?? new Set<string>();
    seen.add(String(call.input.ProvisionToken));
    tokens.set(place, seen);
  }
  let extra = 0;
  for (const seen of tokens.values()) extra += seen.size - 1;
  return extra;
}
