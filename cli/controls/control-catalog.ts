/**
 * From an enabled control's identifier to the designator (`CT.IAM.PR.1`) the cfn-guard rules carry.
 *
 * `ListEnabledControls` returns opaque ARNs: a global Control Catalog ARN (`arn:aws:controlcatalog:::control/<id>`)
 * or a legacy Regional one (`arn:aws:controltower:us-east-1::control/<ID>`). The designator is one of the control's
 * `Aliases` in Control Catalog `ListControls`; the package pins no Control Catalog client, so the operator passes
 * that response as a file (`aws controlcatalog list-controls --output json > controls.json`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../command';

export interface ControlCatalogEntry {
  readonly Arn: string;
  readonly Aliases?: readonly string[];
}

/** A proactive control's designator: `CT.<SERVICE>.PR.<n>`. */
export const PROACTIVE_DESIGNATOR = /^CT\.[A-Z0-9-]+\.PR\.\d+$/;

const listControlsOutput = z.object({
  Controls: z.array(z.object({ Arn: z.string().min(1), Aliases: z.array(z.string()).optional() })),
});

export function readControlCatalogFile(file: string): ControlCatalogEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new InputError(`--control-catalog ${file}: cannot read it as JSON (${(cause as Error).message})`);
  }
  const parsed = listControlsOutput.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `--control-catalog ${file}: expected the output of "aws controlcatalog list-controls" ({"Controls": [{"Arn", "Aliases"}]}): ` +
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data.Controls;
}

/** Enabled-control identifier → its proactive designators (none for preventive and detective controls). */
export function proactiveDesignators(catalog: readonly ControlCatalogEntry[]): Map<string, string[]> {
  const byArn = new Map<string, string[]>();
  for (const control of catalog) {
    const designators = (control.Aliases ?? []).filter((a) => PROACTIVE_DESIGNATOR.test(a));
    if (designators.length > 0) byArn.set(control.Arn, designators);
  }
  return byArn;
}
