import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const accountId = z.string().regex(/^\d{12}$/, 'an account id is 12 digits (quote it in YAML)');
const parentId = z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'a parent is a root id (r-…) or an OU id (ou-…)');

/** A role, optionally with its IAM path: `FalconCatalogLaunchRole` or `aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`. */
const roleName = z.string().min(1);

const eksCluster = z.object({
  name: z.string().min(1),
  region: z.string().min(1),
  status: z.enum(['CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'UPDATING', 'PENDING']).default('ACTIVE'),
  authenticationMode: z.enum(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']).default('API_AND_CONFIG_MAP'),
  endpointPublicAccess: z.boolean().default(true),
  version: z.string().default('1.31'),
  fargateProfiles: z.array(z.string()).default([]),
  /** Managed node group names (ListNodegroups). */
  nodegroups: z.array(z.string()).default([]),
});

export const orgModelSchema = z.object({
  organization: z.object({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id looks like o-exampleorgid'),
    managementAccountId: accountId,
    rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/),
    partition: z.enum(['aws', 'aws-us-gov', 'aws-cn']).default('aws'),
  }),
  organizationalUnits: z
    .array(z.object({ id: parentId, name: z.string().min(1), parent: parentId }))
    .default([]),
  accounts: z
    .array(
      z.object({
        id: accountId,
        name: z.string().min(1),
        parent: parentId,
        status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).default('ACTIVE'),
        email: z.string().optional(),
        /** Extra IAM roles (trusted by nobody) besides AWSControlTowerExecution, which enrolled accounts have. */
        roles: z.array(roleName).default([]),
        /** Enrolled in Control Tower (it created AWSControlTowerExecution there); the management account never is. */
        enrolled: z.boolean().default(true),
        eksClusters: z.array(eksCluster).default([]),
      }),
    )
    .default([]),
});

export type OrgModel = z.infer<typeof orgModelSchema>;
export type OrgModelInput = z.input<typeof orgModelSchema>;
export type EksClusterSeed = z.infer<typeof eksCluster>;

/** Parses and validates an org model given as YAML text or an already-parsed object. */
export function parseOrgModel(source: string | OrgModelInput): OrgModel {
  const raw: unknown = typeof source === 'string' ? parse(source) : source;
  const result = orgModelSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid org model (${problems.length} problem(s)):\n${problems.join('\n')}`);
  }
  checkReferences(result.data);
  return result.data;
}

export function readOrgModelFile(path: string): OrgModel {
  return parseOrgModel(readFileSync(path, 'utf8'));
}

/** Every parent must exist, ids must be unique, and the OU tree must not loop. */
function checkReferences(model: OrgModel): void {
  const problems: string[] = [];
  const parents = new Set<string>([model.organization.rootId]);
  for (const ou of model.organizationalUnits) {
    if (parents.has(ou.id)) problems.push(`organizationalUnits: duplicate id ${ou.id}`);
    parents.add(ou.id);
  }
  for (const ou of model.organizationalUnits) {
    if (!parents.has(ou.parent)) problems.push(`organizationalUnits.${ou.id}: unknown parent ${ou.parent}`);
  }
  const ouParent = new Map(model.organizationalUnits.map((ou) => [ou.id, ou.parent]));
  for (const ou of model.organizationalUnits) {
    const seen = new Set<string>();
    for (let at: string | undefined = ou.id; at && at !== model.organization.rootId; at = ouParent.get(at)) {
      if (seen.has(at)) {
        problems.push(`organizationalUnits.${ou.id}: the OU tree has a cycle`);
        break;
      }
      seen.add(at);
    }
  }
  const accountIds = new Set<string>();
  for (const account of model.accounts) {
    if (accountIds.has(account.id)) problems.push(`accounts: duplicate id ${account.id}`);
    accountIds.add(account.id);
    if (!parents.has(account.parent)) problems.push(`accounts.${account.id}: unknown parent ${account.parent}`);
  }
  if (problems.length > 0) {
    throw new Error(`Invalid org model (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
