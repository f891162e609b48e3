/**
 * Control Tower proactive controls (cfn-guard rules) that product templates are allowed to fail, each with the
 * reason. Keyed by the guard rule name (as `cfn-guard` reports it); the control ID is derived from the rule file.
 * Empty today: every product template passes all 237 bundled controls.
 */
export interface GuardWaiver {
  readonly rule: string;
  /** Product IDs the waiver applies to; the waiver never applies to other products. */
  readonly products: readonly string[];
  readonly reason: string;
}

export const GUARD_WAIVERS: readonly GuardWaiver[] = [];
