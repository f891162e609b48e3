/**
 * The EKS hub's settings: the manifest's `eks` section (no CDK import, so `manifest/schema.ts` can use it).
 *
 * They shape the hub only (its CodeBuild project and handlers), never the member product template, which is
 * locked once published. kubectl and Helm are pinned with their checksums in eks-installer/buildspec.yml; the
 * Falcon operator manifest and the protection agent chart are pinned here, to versions CrowdStrike publishes and
 * the SHA-256 of exactly those files (falcon-versions.ts names where each digest comes from).
 */
import { z } from 'zod';
import {
  FALCON_OPERATOR_RELEASES,
  KPA_CHART_DIGESTS,
  LATEST_FALCON_OPERATOR,
  LATEST_KPA_CHART,
} from './falcon-versions';

const SHA256 = /^[0-9a-f]{64}$/;
const sha256 = (what: string) => z.string().regex(SHA256, `${what}: a lower-case hex SHA-256 (64 characters)`);
const SEMVER = /^\d+\.\d+\.\d+$/;
const version = (what: string) => z.string().regex(SEMVER, `${what}: an exact version such as 1.2.3 (no "latest")`);
/** An image reference pinned by tag or digest, in an ECR repository. */
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._\/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/;
const ecrImage = (what: string) =>
  z.string().regex(ECR_IMAGE, `${what}: an ECR image with a tag or digest, e.g. 111122223333.dkr.ecr.us-east-1.amazonaws.com/falcon-sensor:7.20.0`);

export const DEFAULT_FALCON_OPERATOR_VERSION = LATEST_FALCON_OPERATOR;
export const DEFAULT_KPA_CHART_VERSION = LATEST_KPA_CHART;

/**
 * The installer's own Falcon API client: never the organisation's (`falcon.apiCredentials`). A Secrets Manager
 * secret in the hub account and home Region holding `{"client_id", "client_secret"}` of a client with exactly the
 * scopes in EKS_CLIENT_SCOPES.
 */
const installerCredentials = z
  .object({
    secretName: z
      .string()
      .regex(/^[\w/+=.@-]{1,512}$/, 'a Secrets Manager secret name such as falcon/eks-installer')
      .optional(),
    secretArn: z
      .string()
      .regex(/^arn:(aws|aws-us-gov):secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'a Secrets Manager secret ARN')
      .optional(),
  })
  .strict()
  .refine((v) => (v.secretName === undefined) !== (v.secretArn === undefined), {
    message: 'give exactly one of secretName or secretArn',
  })
  .describe('The EKS installer\'s own Falcon API client (Falcon Images Download: Read, Sensor Download: Read); never the hub client');

/**
 * Falcon API scopes of the EKS installer client, exactly, as CrowdStrike names them for the operator
 * (CrowdStrike/falcon-operator docs/resources/node/README.md, container/README.md, admission/README.md: "No other
 * permissions shall be granted") and for its image pull script (CrowdStrike/falcon-scripts
 * falcon-container-sensor-pull.sh, display_api_scopes). Sensor Download reads the CID
 * (/sensors/queries/installers/ccid/v1); Falcon Images Download reads the registry pull token
 * (/container-security/entities/image-registry-credentials/v1).
 */
export const EKS_CLIENT_SCOPES = ['Falcon Images Download: Read', 'Sensor Download: Read'] as const;

const ecrMirror = z
  .object({
    nodeSensorImage: ecrImage('nodeSensorImage'),
    containerSensorImage: ecrImage('containerSensorImage'),
    admissionControllerImage: ecrImage('admissionControllerImage'),
    protectionAgentImage: ecrImage('protectionAgentImage').optional().describe('Only with kubernetesProtectionAgent'),
  })
  .strict()
  .describe('Images already mirrored to ECR (the hub does not push): readable by the clusters\' nodes and Fargate pod execution roles');

const privateClusters = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('refuse') }).strict(),
  z
    .object({
      mode: z.literal('vpc'),
      vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'a VPC ID such as vpc-0abc12de'),
      subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'a subnet ID')).min(1),
      securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'a security group ID')).min(1),
    })
    .strict()
    .describe('A hub-Region VPC routed to the clusters\' private endpoints (peering or Transit Gateway)'),
]);

export const eksHubOptionsSchema = z
  .object({
    apiCredentials: installerCredentials,
    registry: z.enum(['crowdstrike', 'ecr']).default('crowdstrike'),
    ecrMirror: ecrMirror.optional(),
    sensorVersion: z
      .string()
      .regex(/^\d+\.\d+(\.\d+)?$/, 'sensorVersion: a version prefix such as 7.37 or 7.37.0')
      .optional()
      .describe('Newest CrowdStrike image whose tag starts with this version; default the newest. Installed by digest'),
    backend: z.enum(['kernel', 'bpf']).default('bpf').describe('Falcon node sensor backend (the operator ignores it from 1.13)'),
    admissionController: z.boolean().default(true),
    kubernetesProtectionAgent: z
      .boolean()
      .default(false)
      .describe(
        'The Kubernetes protection agent is past end of support (CrowdStrike: 18 August 2025); the admission ' +
          'controller (7.20 or newer) replaces it. Opting in puts the installer client in the cluster',
      ),
    privateClusters: privateClusters.default({ mode: 'refuse' }),
    falconOperator: z
      .object({
        version: version('falconOperator.version').default(DEFAULT_FALCON_OPERATOR_VERSION),
        manifestSha256: sha256('falconOperator.manifestSha256')
          .optional()
          .describe('SHA-256 of falcon-operator.yaml of that release; known for the releases in falcon-versions.ts'),
      })
      .strict()
      .default({ version: DEFAULT_FALCON_OPERATOR_VERSION }),
    protectionAgentChart: z
      .object({
        version: version('protectionAgentChart.version').default(DEFAULT_KPA_CHART_VERSION),
        sha256: sha256('protectionAgentChart.sha256').optional().describe('Defaults to the digest in CrowdStrike\'s chart index'),
      })
      .strict()
      .optional(),
    buildTimeoutMinutes: z.number().int().min(15).max(120).default(45),
    sweepSchedule: z
      .string()
      .regex(/^(rate|cron)\(.+\)$/, 'an EventBridge schedule expression such as rate(1 day)')
      .default('rate(1 day)'),
    sweepConcurrency: z.number().int().min(1).max(20).default(4).describe('Account × Region pairs swept at once'),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (options.registry === 'ecr' && !options.ecrMirror) {
      ctx.addIssue({ code: 'custom', path: ['ecrMirror'], message: 'registry: ecr needs ecrMirror with the image URIs' });
    }
    if (options.registry === 'ecr' && options.kubernetesProtectionAgent && !options.ecrMirror?.protectionAgentImage) {
      ctx.addIssue({ code: 'custom', path: ['ecrMirror', 'protectionAgentImage'], message: 'kubernetesProtectionAgent with registry: ecr needs protectionAgentImage' });
    }
    const { version: operator, manifestSha256 } = options.falconOperator;
    if (!manifestSha256 && !FALCON_OPERATOR_RELEASES[operator]) {
      ctx.addIssue({
        code: 'custom',
        path: ['falconOperator', 'manifestSha256'],
        message:
          `falcon-operator ${operator} is not one of the releases this package knows (${Object.keys(FALCON_OPERATOR_RELEASES).join(', ')}): ` +
          'give the SHA-256 of its falcon-operator.yaml',
      });
    }
    const chart = options.protectionAgentChart;
    if (chart && !KPA_CHART_DIGESTS[chart.version]) {
      ctx.addIssue({
        code: 'custom',
        path: ['protectionAgentChart', 'version'],
        message:
          `cs-k8s-protection-agent ${chart.version} is not in CrowdStrike's chart index; the versions it lists are ` +
          Object.keys(KPA_CHART_DIGESTS).join(', '),
      });
    }
  });

export type EksHubOptions = z.output<typeof eksHubOptionsSchema>;
export type EksHubOptionsInput = z.input<typeof eksHubOptionsSchema>;

/** The operator manifest's pinned SHA-256: the manifest's own, or the known digest of that release. */
export function operatorManifestSha256(options: EksHubOptions): string {
  const sha = options.falconOperator.manifestSha256 ?? FALCON_OPERATOR_RELEASES[options.falconOperator.version];
  if (!sha) throw new Error(`no SHA-256 for falcon-operator ${options.falconOperator.version}`);
  return sha;
}

/** The protection agent chart's pinned version and SHA-256 (the index digest unless the manifest overrides it). */
export function protectionAgentChart(options: EksHubOptions): { version: string; sha256: string } {
  const version = options.protectionAgentChart?.version ?? DEFAULT_KPA_CHART_VERSION;
  const sha256 = options.protectionAgentChart?.sha256 ?? KPA_CHART_DIGESTS[version];
  if (!sha256) throw new Error(`no SHA-256 for cs-k8s-protection-agent ${version}`);
  return { version, sha256 };
}
