/** One API call as the simulator saw it: what tests assert on ("this event touched only account X"). */
export interface CallRecord {
  seq: number;
  /** Virtual epoch milliseconds when the request arrived. */
  time: number;
  service: string;
  operation: string;
  callerAccount: string;
  callerRole: string;
  region: string;
  input: Record<string, unknown>;
  /** Error code when the call failed (throttled, fault, or a service error). */
  error?: string;
}
