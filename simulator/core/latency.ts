export interface LatencyRule {
  service: string;
  operation?: string;
  ms: number;
}

/** Virtual time each request costs (default 0). A specific operation's rule wins over a service-wide one. */
export class LatencyModel {
  private readonly rules = new Map<string, number>();

  set(rule: LatencyRule): void {
    if (rule.ms < 0) throw new Error(`latency.set: ms must be >= 0, got ${rule.ms}`);
    this.rules.set(`${rule.service}|${rule.operation ?? '*'}`, rule.ms);
  }

  clear(): void {
    this.rules.clear();
  }

  msFor(service: string, operation: string): number {
    return this.rules.get(`${service}|${operation}`) ?? this.rules.get(`${service}|*`) ?? 0;
  }
}
