/**
 * How Control Tower names a control, as the simulator models it.
 *
 * `ListEnabledControls` returns each control as an opaque ARN, never as the `CT.IAM.PR.1` designator operators
 * and the cfn-guard rule files use: either a global Control Catalog ARN, `arn:<partition>:controlcatalog:::control/
 * <opaque id>` (what the console shows and AWS recommends), or a legacy Regional ARN, `arn:<partition>:controltower:
 * <region>::control/<OPAQUE ID>`. The designator is one of the control's `Aliases` in Control Catalog
 * `ListControls`. Real opaque IDs are not derivable; the simulator mints stable ones from the designator.
 */
import { createHash } from 'node:crypto';

export interface CatalogControl {
  readonly Arn: string;
  readonly Aliases: readonly string[];
  readonly Behavior: 'PROACTIVE' | 'PREVENTIVE' | 'DETECTIVE';
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** 25 lower-case base-36 characters, the length and alphabet of real global control IDs. */
function opaqueId(designator: string): string {
  const digest = createHash('sha256').update(`control:${designator}`).digest();
  return [...digest.subarray(0, 25)].map((byte) => BASE36[byte % 36]).join('');
}

/** The global Control Catalog ARN the simulator gives a designator such as `CT.IAM.PR.1`. */
export function simulatedControlArn(partition: string, designator: string): string {
  return `arn:${partition}:controlcatalog:::control/${opaqueId(designator)}`;
}

/** Proactive designators end in `.PR.<n>`; SCP-based ones in `.PV.<n>`, Config-based ones are detective. */
function behaviorOf(designator: string): CatalogControl['Behavior'] {
  if (/\.PR\.\d+$/.test(designator)) return 'PROACTIVE';
  if (/\.PV\.\d+$/.test(designator)) return 'PREVENTIVE';
  return 'DETECTIVE';
}

/** A Control Catalog `ListControls` page for the given designators, as the simulated organisation sees it. */
export function simulatedCatalog(partition: string, designators: Iterable<string>): CatalogControl[] {
  return [...new Set(designators)].sort().map((designator) => ({
    Arn: simulatedControlArn(partition, designator),
    Aliases: [designator],
    Behavior: behaviorOf(designator),
  }));
}
