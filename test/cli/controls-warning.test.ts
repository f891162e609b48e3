/**
 * `plan` warns, before anything runs, when a Control Tower proactive control enabled on the target account's OU
 * would reject a product template. The org model enables CT.IAM.PR.1 on Root/Workloads/Prod in the simulated
 * landing zone; a minimal cloud assembly carries an IOM template (the version the example plans) with an admin
 * inline policy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentVersionName, findProduct } from '../../products/registry';
import { ROOT, runBin } from './run-bin';

const HASH = 'a'.repeat(64);
/** The IOM version the example manifest plans (its newest). */
const IOM_VERSION = currentVersionName(findProduct('iom')!);
/** The example prepares accounts: the Falcon directory is planned in every governed Region. */
let dir: string;

/** What `cdk synth` writes that the CLI reads: the assembly manifest, a portfolio stack, its asset manifest. */
function writeAssembly(cdkOut: string, productTemplate: object) {
  writeFileSync(path.join(cdkOut, 'bad.product.template.json'), JSON.stringify(productTemplate));
  writeFileSync(
    path.join(cdkOut, 'FalconPortfolio-us-east-1.assets.json'),
    JSON.stringify({ version: '48.0.0', files: { [HASH]: { source: { path: 'bad.product.template.json', packaging: 'file' }, destinations: {} } } }),
  );
  const url = { 'Fn::Sub': `https://s3.us-east-1.\${AWS::URLSuffix}/cdk-hnb659fds-assets-111111111111-us-east-1/${HASH}.json` };
  writeFileSync(
    path.join(cdkOut, 'FalconPortfolio-us-east-1.template.json'),
    JSON.stringify({
      Resources: {
        IomProduct: {
          Type: 'AWS::ServiceCatalog::CloudFormationProduct',
          Properties: { Name: findProduct('iom')!.displayName, ProvisioningArtifactParameters: [{ Name: IOM_VERSION, Info: { LoadTemplateFromURL: url } }] },
        },
      },
    }),
  );
  writeFileSync(
    path.join(cdkOut, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        'FalconPortfolio-us-east-1.assets': { type: 'cdk:asset-manifest', properties: { file: 'FalconPortfolio-us-east-1.assets.json' } },
        'FalconPortfolio-us-east-1': { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/us-east-1', properties: { templateFile: 'FalconPortfolio-us-east-1.template.json' } },
      },
    }),
  );
}

const adminRole = {
  Resources: {
    Reader: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'everything', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
      },
    },
  },
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'falcon-controls-'));
  const orgModel = readFileSync(path.join(ROOT, 'manifest', 'org-model.example.yaml'), 'utf8');
  writeFileSync(
    path.join(dir, 'org-model.yaml'),
    `${orgModel}\ncontrolTower:\n  enabledControls:\n    - { organizationalUnit: Root/Workloads/Prod, control: CT.IAM.PR.1 }\n`,
  );
  writeAssembly(dir, adminRole);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = (...args: string[]) =>
  runBin('plan', '--manifest', 'manifest/manifest.example.yaml', '--org', path.join(dir, 'org-model.yaml'), '--cdk-out', dir, ...args);

describe('plan: Control Tower proactive controls', () => {
  it('warns that IOM would be rejected by CT.IAM.PR.1 enabled on the account\'s OU', () => {
    const { code, stdout } = plan('--account', '222222222222', '--json');
    expect(code).toBe(0);
    const { warnings, actions } = JSON.parse(stdout);
    const unchecked = (what: string) => `${what}: no synthesized template in ${dir}, so it was not checked against the proactive controls (run npm run synth first)`;
    const rejected =
      `account 222222222222 (app-prod): iom ${IOM_VERSION} in us-east-1 would be rejected by proactive control CT.IAM.PR.1, enabled on ` +
      'Root/Workloads/Prod (ou-exmp-11112222) (cfn-guard rule iam_inline_policy_no_statements_with_admin_access_check fails on its template)';
    expect(warnings).toContain(rejected);
    // The minimal assembly carries only IOM: every other product's template is not there to check, and says so.
    type Planned = { product: string; action: string; version: string; region: string };
    const others = (actions as Planned[]).filter((a) => a.product !== 'iom' && a.action === 'provision');
    expect(others.length).toBeGreaterThan(0);
    expect(warnings.filter((w: string) => w !== rejected).sort()).toEqual(others.map((a) => unchecked(`${a.product} ${a.version} in ${a.region}`)).sort());
    // A warning, not a refusal: the plan is still there, and nothing ran.
    expect(actions.map((a: { product: string; action: string }) => `${a.product}:${a.action}`)).toContain('iom:provision');
  });

  it('does not warn for an account whose OUs have no such control', () => {
    const { code, stdout } = plan('--account', '333333333333', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).warnings.filter((w: string) => w.includes('would be rejected'))).toEqual([]);
  });

  it('prints the warnings on stderr ahead of the plan table', () => {
    const { code, stdout, stderr } = plan('--account', '222222222222');
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: account 222222222222 (app-prod): iom ${IOM_VERSION} in us-east-1 would be rejected by proactive control CT.IAM.PR.1`);
    expect(stdout).toMatch(/^ACCOUNT +NAME +REGION +PRODUCT +ACTION +VERSION +REASON\n/);
  });
});
