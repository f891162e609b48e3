/**
 * Where a CLI command runs: the simulated landing zone (`--org <org-model.yaml>`) or AWS with the default
 * credential chain (Organizations and Service Catalog as the caller, in the hub; member accounts through the
 * execution role; the Falcon registration from SSM `/falcon-catalog/registration/*` in the hub's home Region).
 */
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { ControlTowerClient } from '@aws-sdk/client-controltower';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createClientsFactory } from '../lifecycle-handlers/core/clients';
import type { LifecycleDeps } from '../lifecycle-handlers/core/reconcile';
import { eventBridgePublisher, type ResultEventDetail, type ResultPublisher } from '../lifecycle-handlers/core/results';
import { describeError } from '../lifecycle-handlers/core/errors';
import { readHubOutputs } from '../lifecycle-handlers/falcon/registration-outputs';
import type { Manifest } from '../manifest/schema';
import type { CliIo } from './command';
import { type ControlCatalogEntry, readControlCatalogFile } from './controls/control-catalog';
import { controlTowerReader, type EnabledControlsReader } from './controls/enabled-controls';
import type { SimulatedLandingZone } from './simulated/landing-zone';
import { openSimulatedLandingZone } from './simulated/persistent-landing-zone';

export interface Target {
  readonly kind: 'simulated' | 'aws';
  /** One line for humans: what the command is about to talk to. */
  readonly description: string;
  readonly deps: LifecycleDeps;
  /** Result events published during this run (the simulated landing zone keeps them; AWS sends them). */
  readonly published: readonly ResultEventDetail[];
  /** Regions the landing zone governs, when they can be known. */
  readonly landingZoneRegions: readonly string[] | undefined;
  readonly enabledControls: EnabledControlsReader;
  readonly controlCatalog: readonly ControlCatalogEntry[];
  /** Notes about what could not be checked, printed with the warnings. */
  readonly notes: readonly string[];
  readonly landingZone?: SimulatedLandingZone;
  /** Ends the run: a persistent simulated landing zone (--state) is saved. */
  close(): Promise<void>;
}

export interface TargetOptions {
  readonly manifest: Manifest;
  readonly orgModelFile?: string;
  /** With orgModelFile: the file the simulated landing zone is kept in between commands. */
  readonly stateFile?: string;
  readonly controlCatalogFile?: string;
}

/** Keeps result events in memory and forwards them, so a command can show what it published. */
function recording(publisher: ResultPublisher | undefined): { publisher: ResultPublisher; published: ResultEventDetail[] } {
  const published: ResultEventDetail[] = [];
  return {
    published,
    publisher: {
      async publish(details) {
        published.push(...details);
        await publisher?.publish(details);
      },
    },
  };
}

export async function openTarget(options: TargetOptions, io: CliIo): Promise<Target> {
  const { manifest } = options;
  const catalogFromFile = options.controlCatalogFile ? readControlCatalogFile(path.resolve(io.cwd, options.controlCatalogFile)) : undefined;
  if (options.orgModelFile) {
    const stateFile = options.stateFile ? path.resolve(io.cwd, options.stateFile) : undefined;
    const opened = await openSimulatedLandingZone(manifest, path.resolve(io.cwd, options.orgModelFile), stateFile);
    const { landingZone } = opened;
    const { publisher, published } = recording(undefined);
    const kept = options.stateFile
      ? opened.restored
        ? `; ${opened.restored.replace(stateFile!, options.stateFile)}`
        : `; kept in ${options.stateFile}`
      : '; nothing is kept after this command (add --state <file> to keep it)';
    return {
      kind: 'simulated',
      description: `SIMULATED landing zone from ${options.orgModelFile} (no AWS call is made; the Falcon registration is simulated)${kept}`,
      deps: opened.lifecycleDeps(publisher),
      published,
      landingZoneRegions: landingZone.governedRegions,
      enabledControls: controlTowerReader(landingZone.controlTower()),
      controlCatalog: catalogFromFile ?? landingZone.controlCatalog,
      notes: [],
      landingZone,
      close: () => opened.save(),
    };
  }

  const { homeRegion } = manifest.organization;
  const { publisher, published } = recording(eventBridgePublisher(new EventBridgeClient({ region: homeRegion })));
  const ssm = new SSMClient({ region: homeRegion });
  return {
    kind: 'aws',
    description: `AWS (default credential chain), home Region ${homeRegion}`,
    deps: {
      manifest,
      clients: createClientsFactory({ base: {}, organization: manifest.organization, roleSessionName: 'falcon-catalog-cli' }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      logger: new Logger({ serviceName: 'falcon-catalog-cli', logLevel: 'SILENT' }),
      publisher,
      registration: async () => {
        try {
          return await readHubOutputs(ssm);
        } catch (error) {
          io.stderr(`warning: Falcon registration not readable, products that need it are skipped: ${describeError(error)}\n`);
          return undefined;
        }
      },
    },
    published,
    // The pinned Control Tower client (3.332.0) has no GetLandingZone: the governed Regions cannot be read.
    landingZoneRegions: undefined,
    enabledControls: controlTowerReader(new ControlTowerClient({ region: homeRegion })),
    controlCatalog: catalogFromFile ?? [],
    notes: [
      'the landing zone\'s governed Regions cannot be read with the pinned Control Tower client (no GetLandingZone); ' +
        'the manifest\'s governedRegions were not compared with them',
    ],
    close: async () => undefined,
  };
}
