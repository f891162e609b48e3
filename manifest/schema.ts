/**
 * The manifest: one YAML file that says where Falcon goes in the organisation.
 *
 * Shape checks live here (zod, strict objects so a misspelt key is an error, not a silent default).
 * Checks that need more than one field (Region governed? product enabled? partition can run it?) live in
 * `cross-checks.ts`, so that every problem in a file is reported in one run.
 */
import { z } from 'zod';
import { BLUEPRINT_CONFIGURABLE_PRODUCT_IDS } from '../products/falcon-baseline/definition';
import { eksHubOptionsSchema } from '../products/eks-protection/options';
import { secretArn } from '../products/kit/definition-helpers';
import { ASSIGNABLE_PRODUCTS } from '../products/registry';
import { ACCOUNT_ID, FALCON_CLOUDS, ORG_ID, OU_ID, OU_PATH, REGION } from '../vocabulary';

/** The IAM_PATTERN principal form: no account ID, `*` and `?` allowed in path and name. */
export const IAM_PATTERN = /^arn:(aws|aws-us-gov):iam:::role\/[\w+=,.@\-/*?]{1,512}$/;

const accountId = z.string().regex(ACCOUNT_ID, 'an AWS account ID is 12 digits, written as a quoted string');
const region = z.string().regex(REGION, 'a Region code such as us-east-1 or us-gov-west-1');
// One regex rather than a refine, so the generated JSON Schema carries the pattern for editors too.
const ouRef = z
  .string()
  .regex(
    new RegExp(`${OU_ID.source}|${OU_PATH.source}`),
    'an OU ID (ou-xxxx-xxxxxxxx) or a path from the root such as Root/Workloads/Prod',
  );
const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name: 1-64 characters of letters, digits and + = , . @ _ -');

export const productIds = ASSIGNABLE_PRODUCTS.map((p) => p.id) as [string, ...string[]];
const productId = z.enum(productIds);

const organization = z
  .object({
    partition: z.enum(['aws', 'aws-us-gov']),
    organizationId: z.string().regex(ORG_ID, 'an organisation ID such as o-a1b2c3d4e5'),
    managementAccountId: accountId,
    homeRegion: region.describe('The Control Tower home Region'),
    governedRegions: z.array(region).min(1).describe('Regions governed by Control Tower, home Region included'),
    hubAccountId: accountId.optional().describe('Service Catalog hub account; defaults to the management account'),
    executionRoleName: iamRoleName
      .default('AWSControlTowerExecution')
      .describe('Role the lifecycle core assumes in member accounts'),
  })
  .strict();

const secretReference = z
  .object({
    secretName: z
      .string()
      .regex(/^[\w/+=.@-]{1,512}$/, 'a Secrets Manager secret name such as falcon/api-client')
      .optional(),
    secretArn: z
      .string()
      .regex(
        /^arn:(aws|aws-us-gov):secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
        'a Secrets Manager secret ARN',
      )
      .optional(),
  })
  .strict()
  .refine((v) => (v.secretName === undefined) !== (v.secretArn === undefined), {
    message: 'give exactly one of secretName or secretArn',
  });

const falcon = z
  .object({
    cloud: z.enum(FALCON_CLOUDS as [string, ...string[]]),
    apiCredentials: secretReference.describe(
      'Where the hub secret holding the Falcon API client lives. Never the client ID or secret itself.',
    ),
    identityProtection: z
      .boolean()
      .default(false)
      .describe('Register the organisation for Falcon Identity Protection (Cloud Security AWS registration, idp)'),
  })
  .strict();

const shareTargets = z
  .object({
    organization: z.boolean().default(false),
    organizationalUnits: z.array(ouRef).default([]),
    accounts: z.array(accountId).default([]),
  })
  .strict();

const tagOptionValue = z.string().min(1).max(256);
const portfolio = z
  .object({
    name: z.string().min(1).max(100),
    providerName: z.string().min(1).max(50),
    description: z.string().max(2000).default(''),
    shareWith: shareTargets,
    shareTagOptions: z.boolean().default(true),
    principals: z
      .array(
        z
          .string()
          .regex(IAM_PATTERN, 'an IAM_PATTERN principal such as arn:aws:iam:::role/AWSReservedSSO_FalconAdmin*'),
      )
      .default([])
      .describe('IAM_PATTERN principals associated with the portfolio (Service Catalog allows at most 10)'),
    tagOptions: z.record(z.string().min(1).max(128), z.array(tagOptionValue).min(1)).default({}),
    launchRoleName: iamRoleName
      .default('FalconCatalogLaunchRole')
      .describe('Local launch-constraint role name; the lifecycle core creates it in each account before launch'),
    support: z
      .object({
        email: z.email().optional(),
        url: z.url().optional(),
        description: z.string().max(8191).optional(),
      })
      .strict()
      .default({}),
    selfService: z
      .object({
        prepareAccounts: z
          .boolean()
          .default(false)
          .describe(
            'Give every account the portfolio is shared with the launch role and the Falcon directory in every ' +
              'governed Region, so its owners can launch any product by hand with nothing Falcon-specific to type',
          ),
        sensorDownloadSecretArn: secretArn('sensorDownloadSecretArn')
          .optional()
          .describe(
            'Full ARN of the secret of the narrowly scoped sensor-download API client (replicated to every governed ' +
              'Region); published in the Falcon directory so sensor-management and ssm-distributor launch without it',
          ),
      })
      .strict()
      .default({ prepareAccounts: false }),
  })
  .strict();

const productSetting = z
  .object({
    enabled: z.boolean(),
    version: z.string().min(1).optional().describe('Current version; defaults to the newest the package ships'),
  })
  .strict();

const regions = z.union(
  [
    z.literal('home'),
    z.literal('governed'),
    z.array(region).min(1, 'list at least one Region, or use home / governed'),
  ],
  { error: 'home, governed, or a list of Region codes such as [us-east-1, eu-west-1]' },
);

const assignment = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, up to 63 characters'),
    product: productId,
    targets: z
      .object({
        organizationalUnits: z.array(ouRef).default([]),
        accounts: z.array(accountId).default([]),
        exclude: z
          .object({
            organizationalUnits: z.array(ouRef).default([]),
            accounts: z.array(accountId).default([]),
          })
          .strict()
          .default({ organizationalUnits: [], accounts: [] }),
      })
      .strict(),
    regions: regions.default('home'),
    parameters: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** An IAM role ARN with its account (a trust-policy principal), path allowed. */
export const ROLE_ARN = /^arn:(aws|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

const blueprint = z
  .object({
    enabled: z
      .boolean()
      .describe('Publish the falcon-baseline product and let Account Factory blueprint roles launch from the portfolio'),
    createAccessRole: z
      .boolean()
      .default(false)
      .describe('Create the AWSControlTowerBlueprintAccess role in the hub account (home Region stack)'),
    consoleUserRoleArns: z
      .array(z.string().regex(ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::111111111111:role/Admin'))
      .default([])
      .describe('Roles of the people who use Account Factory in the console; trusted by the access role'),
    products: z
      .partialRecord(
        z.enum(BLUEPRINT_CONFIGURABLE_PRODUCT_IDS as [string, ...string[]]),
        z
          .object({
            parameters: z
              .record(z.string(), z.unknown())
              .default({})
              .describe("The product's assignment parameters, used for every account the blueprint provisions"),
          })
          .strict(),
      )
      .default({})
      .describe('Products the baseline may provision, with their parameters; the hub serves only these'),
  })
  .strict();

/** One account's worth of products (launch role, directories, a few features): more is an operator's decision. */
export const DEFAULT_MAX_TERMINATIONS_PER_RUN = 10;

/** AWS publishes no Service Catalog provisioning rate; 10 per second is the assumption the benchmark measures at. */
export const DEFAULT_PROVISIONING_RATE = 10;

const lifecycle = z
  .object({
    onAccountLeavesScope: z
      .enum(['terminate', 'retain'])
      .default('terminate')
      .describe('When an account moves out of an assignment: terminate its provisioned products, or keep them'),
    onAccountSuspended: z
      .enum(['terminate', 'retain'])
      .default('retain')
      .describe('When an account is suspended or closed: terminate its provisioned products, or leave them'),
    maxTerminationsPerRun: z
      .int()
      .min(0)
      .max(10_000)
      .default(DEFAULT_MAX_TERMINATIONS_PER_RUN)
      .describe(
        'A run that would terminate more provisioned products than this terminates none: it holds and reports them ' +
          'until an operator confirms (falcon-catalog reconcile --confirm-terminations <n>) or raises this limit',
      ),
    provisioningRatePerSecond: z
      .number()
      .positive()
      .max(1_000)
      .default(DEFAULT_PROVISIONING_RATE)
      .describe(
        'Provisioning calls (provision, update, terminate) per second the lifecycle may sustain across the ' +
          'organisation; the worker fleet (the queue\'s maximum concurrency) is sized from it',
      ),
  })
  .strict()
  .default({
    onAccountLeavesScope: 'terminate',
    onAccountSuspended: 'retain',
    maxTerminationsPerRun: DEFAULT_MAX_TERMINATIONS_PER_RUN,
    provisioningRatePerSecond: DEFAULT_PROVISIONING_RATE,
  });

export const manifestSchema = z
  .object({
    version: z.literal(1),
    organization,
    falcon,
    portfolio,
    products: z.partialRecord(productId, productSetting),
    assignments: z.array(assignment).default([]),
    lifecycle,
    blueprint: blueprint
      .optional()
      .describe('Account Factory Customization: the falcon-baseline blueprint product (docs/account-factory.md)'),
    eks: eksHubOptionsSchema.optional().describe('EKS Protection hub settings; required when eks-protection is enabled'),
  })
  .strict();

export type Manifest = z.output<typeof manifestSchema>;
export type Assignment = Manifest['assignments'][number];
export type RegionSelector = Assignment['regions'];
