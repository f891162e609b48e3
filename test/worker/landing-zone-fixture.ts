/**
 * The simulated landing zone (cli/simulated/landing-zone.ts) over the example organisation, with a manifest that
 * also assigns the per-Region threat-detection product to every governed Region of Root/Workloads.
 */
import * as path from 'node:path';
import type { ResultEventDetail } from '../../lifecycle-handlers/core/results';
import type { Manifest } from '../../manifest/schema';
import { bootSimulatedLandingZone } from '../../cli/simulated/landing-zone';
import { manifestWith } from '../lifecycle/manifest-fixture';

export const EXAMPLE_ORG_MODEL = path.join(__dirname, '..', '..', 'manifest', 'org-model.example.yaml');
export const HUB = '111111111111';
export const PROD_OU = 'ou-exmp-11112222';
export const WORKLOADS_OU = 'ou-exmp-11111111';
export const SECURITY_OU = 'ou-exmp-44444444';
export const GOVERNED = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** IOM in the home Region and threat detection in every governed Region, for Root/Workloads and below. */
export function perRegionManifest(overrides: Record<string, unknown> = {}): Manifest {
  return manifestWith({
    products: { iom: { enabled: true }, 'threat-detection': { enabled: true } },
    assignments: [
      { name: 'iom-workloads', product: 'iom', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'home' },
      { name: 'ioa-workloads', product: 'threat-detection', targets: { organizationalUnits: ['Root/Workloads'] }, regions: 'governed' },
    ],
    ...overrides,
  });
}

export async function bootLandingZone(manifest: Manifest) {
  const landingZone = await bootSimulatedLandingZone(manifest, EXAMPLE_ORG_MODEL);
  const published: ResultEventDetail[] = [];
  const invocation = (m: Manifest = manifest) => ({
    ...landingZone.lifecycleDeps({ publish: async (details) => void published.push(...details) }),
    manifest: m,
  });
  return { landingZone, sim: landingZone.sim, published, invocation };
}

/** A Control Tower CreateManagedAccount SUCCEEDED event as EventBridge delivers it. */
export function vendedEvent(accountId: string, ouId: string, eventId = `vend-${accountId}`) {
  return {
    version: '0',
    id: eventId,
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.controltower',
    time: '2025-11-16T12:09:32Z',
    detail: {
      eventName: 'CreateManagedAccount',
      serviceEventDetails: {
        createManagedAccountStatus: {
          organizationalUnit: { organizationalUnitId: ouId },
          account: { accountId },
          state: 'SUCCEEDED',
        },
      },
    },
  };
}

/** An Organizations MoveAccount call as CloudTrail delivers it through EventBridge. */
export function movedEvent(accountId: string, sourceParentId: string, destinationParentId: string) {
  return {
    version: '0',
    id: `move-${accountId}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.organizations',
    detail: { eventName: 'MoveAccount', requestParameters: { accountId, sourceParentId, destinationParentId } },
  };
}

/** Deterministic shuffle (mulberry32), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
