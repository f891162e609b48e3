/**
 * The EKS hub's settings: the manifest's `eks` section (no CDK import, so `manifest/schema.ts` can use it).
 *
 * They shape the hub only (its CodeBuild project and handlers), never the member product template, which is
 * locked once published. kubectl and Helm are pinned with their checksums in eks-installer/buildspec.yml; the
 * Falcon operator manifest and the protection agent chart are pinned here to a version and a SHA-256 the operator
 * reviewed (CrowdStrike publishes no checksum for them, so this package cannot ship one).
 */
import { z } from 'zod';

const SHA256 = /^[0-9a-f]{64}$/;
const sha256 = (what: string) => z.string().regex(SHA256, `${what}: a lower-case hex SHA-256 (64 characters)`);
const SEMVER = /^\d+\.\d+\.\d+$/;
const version = (what: string) => z.string().regex(SEMVER, `${what}: an exact version such as 1.2.3 (no "latest")`);
/** An image reference pinned by tag or digest, in an ECR repository. */
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._\/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/;
const ecrImage = (what: string) =>
  z.string().regex(ECR_IMAGE, `${what}: an ECR image with a tag or digest, e.g. 111122223333.dkr.ecr.us-east-1.amazonaws.com/falcon-sensor:7.20.0`);

export const DEFAULT_FALCON_OPERATOR_VERSION = '1.12.1';
export const DEFAULT_KPA_CHART_VERSION = '1.1.4';

const ecrMirror = z
  .object({
    nodeSensorImage: ecrImage('nodeSensorImage'),
    containerSensorImage: ecrImage('containerSensorImage'),
    admissionControllerImage: ecrImage('admissionControllerImage'),
    protectionAgentImage: ecrImage('protectionAgentImage'),
  })
  .strict()
  .describe('Images already mirrored to ECR (the hub does not push): readable by the clusters\' nodes');

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
    registry: z.enum(['crowdstrike', 'ecr']).default('crowdstrike'),
    ecrMirror: ecrMirror.optional(),
    backend: z.enum(['kernel', 'bpf']).default('bpf').describe('Falcon node sensor backend'),
    admissionController: z.boolean().default(true),
    kubernetesProtectionAgent: z
      .boolean()
      .default(true)
      .describe('Needs docker_api_token in the hub secret, next to client_id and client_secret'),
    privateClusters: privateClusters.default({ mode: 'refuse' }),
    falconOperator: z
      .object({
        version: version('falconOperator.version').default(DEFAULT_FALCON_OPERATOR_VERSION),
        manifestSha256: sha256('falconOperator.manifestSha256').describe(
          'SHA-256 of falcon-operator.yaml of that release, after you reviewed it',
        ),
      })
      .strict(),
    protectionAgentChart: z
      .object({
        version: version('protectionAgentChart.version').default(DEFAULT_KPA_CHART_VERSION),
        sha256: sha256('protectionAgentChart.sha256').describe('SHA-256 of the chart archive of that version'),
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
      ctx.addIssue({ code: 'custom', path: ['ecrMirror'], message: 'registry: ecr needs ecrMirror with the four image URIs' });
    }
    if (options.kubernetesProtectionAgent && !options.protectionAgentChart) {
      ctx.addIssue({
        code: 'custom',
        path: ['protectionAgentChart'],
        message: 'kubernetesProtectionAgent needs protectionAgentChart.sha256 (the chart archive is verified before install)',
      });
    }
  });

export type EksHubOptions = z.output<typeof eksHubOptionsSchema>;
export type EksHubOptionsInput = z.input<typeof eksHubOptionsSchema>;
