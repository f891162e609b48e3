/**
 * The security gates, as they run at every synth: cdk-nag AwsSolutions over every stack and ProductStack, and the
 * Control Tower proactive controls (cfn-guard) over every product template. Each gate is also shown to fail when
 * a violation is introduced.
 */
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { readFileSync, writeFileSync } from 'node:fs';
import { currentVersionName, findProduct } from '../../products/registry';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUARD_WAIVERS } from '../../gates/guard-waivers';
import { runGuard } from '../../gates/guard';
import { NAG_SUPPRESSIONS } from '../../gates/nag-suppressions';
import { productTemplateFiles } from '../../stacks/build-app';
import { buildTestApp, exampleManifest, publishedProducts } from '../helpers/example-app';

describe('security gates over the example app', () => {
  let built: ReturnType<typeof buildTestApp>;

  beforeAll(() => {
    // Bundling on: the gates must see exactly what `npm run synth` produces.
    built = buildTestApp(undefined, { bundling: true });
    built.app.synth();
  });

  it('cdk-nag AwsSolutions reports no unsuppressed finding in any stack or product stack', () => {
    const report = JSON.parse(readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find((p: { pluginName: string }) => p.pluginName === 'AwsSolutions');
    expect(nag.conclusion).toBe('success');
    expect(nag.violations).toEqual([]);
  });

  it('every nag suppression carries a reason a reviewer can read', () => {
    for (const s of NAG_SUPPRESSIONS) expect(s.reason.length, String(s.id)).toBeGreaterThan(40);
  });

  it('every product template passes the Control Tower proactive controls, but for the reviewed waivers', () => {
    const templates = productTemplateFiles(built);
    // One template per published product (of the example, which publishes every one) and governed Region.
    const { governedRegions } = exampleManifest().organization;
    expect(templates.map((t) => t.productId).sort()).toEqual(publishedProducts().flatMap((p) => governedRegions.map(() => p.id)).sort());
    const findings = runGuard(templates);
    expect(findings.filter((f) => !f.waiver)).toEqual([]);
    for (const waiver of GUARD_WAIVERS) expect(waiver.reason.length).toBeGreaterThan(40);
  });
});

describe('the gates fail on a new violation', () => {
  const addWildcardRole = (scope: Construct) =>
    new CfnRole(scope, 'OverPrivileged', {
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new ServicePrincipal('lambda.amazonaws.com')] })],
      }).toJSON(),
      policies: [
        {
          policyName: 'too-much',
          policyDocument: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] }).toJSON(),
        },
      ],
    });

  it('cdk-nag stops synth when a stack grants a wildcard action', () => {
    const { app, portfolioStacks } = buildTestApp(undefined);
    addWildcardRole(portfolioStacks[1]);
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });

  it('a new grant on Resource * on an already-suppressed role stops synth: suppressions name the actions they excuse', () => {
    const { app, lifecycleStack } = buildTestApp(undefined);
    // The worker's Resource::* suppression excuses its Organizations and Service Catalog reads, nothing more.
    lifecycleStack.worker.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/FalconLifecycle\/WorkerRole\/DefaultPolicy\/Resource[\s\S]*AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('a new grant on a suppressed resource pattern stops synth: role/CrowdStrike* excuses only the actions it names', () => {
    const { app, portfolioStacks } = buildTestApp(undefined);
    const launchRole = portfolioStacks[0].node.findChild('LaunchRole') as CfnRole;
    const crowdStrikeRoles = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/CrowdStrike*';
    const policies = portfolioStacks[0].resolve(launchRole.policies) as CfnRole.PolicyProperty[];
    launchRole.policies = [
      ...policies,
      {
        policyName: 'new-grant',
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::Sub': crowdStrikeRoles } }] },
      },
    ];
    expect(() => app.synth()).toThrow(
      /FalconPortfolio-us-east-1\/LaunchRole[\s\S]*AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\/CrowdStrike\*\]/,
    );
  });

  it('every wildcard-resource suppression names the actions it excuses', () => {
    for (const s of NAG_SUPPRESSIONS) {
      // Computed IDs are all IAM5 resource findings (account IDs and logical IDs are only known at synth).
      const wildcardResource = typeof s.id === 'string' ? s.id.includes('IAM5[Resource::') : true;
      if (wildcardResource) expect(s.wildcardActions?.length, `${String(s.id)} on ${s.path}`).toBeGreaterThan(0);
    }
  });

  it('a published product version is immutable: changing its template without a new version stops synth', () => {
    const { app, portfolioStacks } = buildTestApp(undefined, { nag: false });
    addWildcardRole(portfolioStacks[0].products.find((p) => p.definition.id === 'iom')!.productStack);
    const newest = currentVersionName(findProduct('iom')!);
    expect(() => app.synth()).toThrow(`Template has changed for ProductStack Version ${newest} of iom`);
  });

  it('cfn-guard reports CT.IAM.PR.1 for an admin inline policy in a product template', () => {
    const { app, outdir } = buildTestApp(undefined, { nag: false });
    app.synth();
    const bad = path.join(outdir, 'bad.product.template.json');
    writeFileSync(
      bad,
      JSON.stringify({
        Resources: {
          Admin: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
              Policies: [
                { PolicyName: 'admin', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
              ],
            },
          },
        },
      }),
    );
    const findings = runGuard([{ file: bad, productId: 'iom' }]);
    expect(findings.map((f) => f.control)).toContain('CT.IAM.PR.1');
    expect(findings.every((f) => f.waiver === undefined)).toBe(true);
  });
});
