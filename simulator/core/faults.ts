import { AwsApiError } from './errors';

export interface FaultRule {
  service: string;
  operation: string;
  account?: string;
  region?: string;
  /**
   * Error code to raise. `AccessDenied` is translated to the service's own access-denied code
   * (`AccessDeniedException` for JSON services); any other code is sent verbatim.
   */
  error: string;
  message?: string;
  /** How many matching calls fail; omit for every matching call until `faults.clear()`. */
  times?: number;
}

interface ActiveFault extends FaultRule {
  remaining: number;
}

/** Injected failures, checked before the service model runs (so a failed call changes no state). */
export class FaultInjector {
  private readonly faults: ActiveFault[] = [];

  add(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Returns the error to raise for this call, consuming one use of the matching fault, or undefined. */
  take(service: string, operation: string, account: string, region: string, accessDeniedCode: string): AwsApiError | undefined {
    if (this.faults.length === 0) return undefined;
    const index = this.faults.findIndex(
      (f) =>
        f.service === service &&
        f.operation === operation &&
        (f.account === undefined || f.account === account) &&
        (f.region === undefined || f.region === region),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    const code = fault.error === 'AccessDenied' ? accessDeniedCode : fault.error;
    return new AwsApiError(code, fault.message ?? `Injected fault: ${code} for ${service}:${operation}`);
  }
}
