/**
 * What an org model may say about Control Tower itself, beside the organisation tree the simulator reads:
 *
 * ```yaml
 * controlTower:
 *   governedRegions: [us-east-1, us-west-2]          # default: the manifest's governedRegions
 *   enabledControls:
 *     - { organizationalUnit: Root/Workloads/Prod, control: CT.IAM.PR.1 }
 * ```
 *
 * Kept apart from the simulator's org-model schema (which ignores unknown top-level keys), so the organisation
 * model stays what every simulator test shares.
 */
import { z } from 'zod';
import { OU_ID, OU_PATH, REGION } from '../../vocabulary';

const designator = z
  .string()
  .regex(/^[A-Z0-9-]+\.[A-Z0-9-]+\.(PR|PV|DT)\.\d+$/, 'a Control Tower control designator such as CT.IAM.PR.1');

export const extrasSchema = z.object({
  controlTower: z
    .object({
      governedRegions: z.array(z.string().regex(REGION, 'a Region code such as us-east-1')).min(1).optional(),
      enabledControls: z
        .array(
          z
            .object({
              organizationalUnit: z
                .string()
                .regex(new RegExp(`${OU_ID.source}|${OU_PATH.source}`), 'an OU ID or a path such as Root/Workloads'),
              control: designator,
            })
            .strict(),
        )
        .default([]),
    })
    .strict()
    .default({ enabledControls: [] }),
});

export type ControlTowerExtras = z.infer<typeof extrasSchema>['controlTower'];

/** Reads the `controlTower` section of a parsed org model; other keys belong to the simulator's schema. */
export function controlTowerExtras(raw: unknown): ControlTowerExtras {
  const parsed = extrasSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`Invalid org model (controlTower section):\n${problems}`);
  }
  return parsed.data.controlTower;
}
