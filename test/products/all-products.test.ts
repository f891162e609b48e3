/**
 * Over every product template of the example app with every product enabled (all Falcon features, EKS
 * Protection, and the falcon-baseline blueprint): the parameter hygiene an account owner relies on, no Falcon
 * credential anywhere, and both security gates clean.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGuard } from '../../gates/guard';
import { productTemplateFiles } from '../../stacks/build-app';
import { buildTestApp } from '../helpers/example-app';
import { PRODUCTS } from '../../products/registry';
import { DIRECTORY, DIRECTORY_PATH, DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { SECRET_ARN_PATTERN } from '../../products/kit/definition-helpers';
import { SSM_STRING_PARAMETER_TYPE } from '../../products/kit/directory-parameters';
import { blueprintManifest } from '../blueprint/blueprint-app';
import { hubOptions } from '../eks/synth';
import { Json, resourcesOfType } from './product-templates';

/** Every product of the registry published: the EKS hub settings and the blueprint switched on too. */
function everyProductManifest() {
  return blueprintManifest((m) => {
    m.products['eks-protection'] = { enabled: true };
    m.products['ecr-connections'] = { enabled: true };
    m.eks = hubOptions();
    m.blueprint!.products['eks-protection'] = { parameters: {} };
  });
}

describe('every product template, with every product enabled', () => {
  let built: ReturnType<typeof buildTestApp>;
  let templates: { productId: string; file: string; template: Json }[];

  beforeAll(() => {
    built = buildTestApp(everyProductManifest(), { nag: true });
    built.app.synth();
    templates = productTemplateFiles(built).map((t) => ({
      ...t,
      template: JSON.parse(readFileSync(t.file, 'utf8')) as Json,
    }));
  });

  it('names every version of a product once (a version name is a Service Catalog provisioning artifact)', () => {
    for (const product of PRODUCTS) {
      const names = product.versions.map((v) => v.name);
      expect(names, product.id).toEqual([...new Set(names)]);
    }
  });

  it('publishes every product of the registry in every governed Region', () => {
    for (const { id } of PRODUCTS) expect(templates.filter((t) => t.productId === id), id).toHaveLength(3);
  });

  it('labels and describes every parameter, and constrains every free-text one', () => {
    for (const { productId, template } of templates) {
      const labels = template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels;
      for (const [name, p] of Object.entries(template.Parameters as Json)) {
        const where = `${productId}.${name}`;
        expect(labels[name]?.default, `${where} label`).toMatch(/\S/);
        expect(p.Description, `${where} description`).toMatch(/\S{3}/);
        if (p.Type === 'String') expect(p.AllowedPattern ?? p.AllowedValues, `${where} constraint`).toBeDefined();
      }
    }
  });

  it('carries no Falcon client ID or secret parameter, and no credential in a Lambda environment', () => {
    const secretCarriers = new Set<string>();
    for (const { productId, template } of templates) {
      for (const name of Object.keys(template.Parameters)) {
        expect(name, productId).not.toMatch(/client.?(id|secret)|falconsecret|apisecret|password|token/i);
      }
      for (const fn of resourcesOfType(template, 'AWS::Lambda::Function')) {
        for (const [key, value] of Object.entries(fn.Properties.Environment?.Variables ?? {})) {
          expect(key, productId).not.toMatch(/CLIENT_ID|CLIENT_SECRET|TOKEN|PASSWORD/);
          // A secret-named variable may only carry the secret's ARN, from constrained template parameters.
          if (/SECRET/.test(key)) {
            expectSecretArnOnly(template, value, `${productId} ${key}`);
            secretCarriers.add(productId);
          }
        }
        expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toContain('resolve:secretsmanager');
      }
    }
    // Not vacuous: the sensor-management orchestrator is given its secret's ARN this way.
    expect([...secretCarriers]).toEqual(['sensor-management']);
  });

  /**
   * The secret-ARN value forms a template may hand a secret-named variable: the required `CredentialsSecretArn`
   * (a full secret ARN, v1.0.0), or from v1.1.0 that parameter when set (empty or a full secret ARN) else the
   * directory's sensor-download secret, which the directory product writes only as a full secret ARN.
   */
  function expectSecretArnOnly(template: Json, value: unknown, where: string) {
    const params = template.Parameters as Json;
    if (params.SensorDownloadSecretArn === undefined) {
      expect(value, where).toEqual({ Ref: 'CredentialsSecretArn' });
      expect(params.CredentialsSecretArn.AllowedPattern, where).toBe(SECRET_ARN_PATTERN);
      return;
    }
    expect(value, where).toEqual({
      'Fn::If': ['HasCredentialsSecretArn', { Ref: 'CredentialsSecretArn' }, { Ref: 'SensorDownloadSecretArn' }],
    });
    expect(template.Conditions.HasCredentialsSecretArn, where).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CredentialsSecretArn' }, ''] }],
    });
    expect(params.CredentialsSecretArn, where).toMatchObject({ Type: 'String', AllowedPattern: `^$|${SECRET_ARN_PATTERN}` });
    const entry = DIRECTORY.sensorDownloadSecretArn;
    expect(params.SensorDownloadSecretArn, where).toMatchObject({ Type: SSM_STRING_PARAMETER_TYPE, Default: entry.parameterName });
    expect(entry.pattern).toBe(SECRET_ARN_PATTERN);
    const directory = templates.find((t) => t.productId === DIRECTORY_PRODUCT_ID)!.template;
    const written = resourcesOfType(directory, 'AWS::SSM::Parameter').filter((r) => r.Properties.Name === entry.parameterName);
    expect(written, where).toHaveLength(1);
    expect(written[0].Properties.Value).toEqual({ Ref: entry.templateParameter });
    expect(directory.Parameters[entry.templateParameter].AllowedPattern).toBe(`^$|${SECRET_ARN_PATTERN}`);
    // Written only when non-empty, so the variable never falls back to an empty value.
    expect(directory.Conditions[written[0].Condition]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: entry.templateParameter }, ''] }],
    });
  }

  it('builds every ARN from the partition, never a literal arn:aws', () => {
    for (const { productId, template } of templates) {
      expect(JSON.stringify(template.Resources), productId).not.toMatch(/"arn:aws[:-]/);
    }
  });

  it('lets an account owner launch the newest version of every feature product with no input at all', () => {
    // Every parameter has a default; the Falcon values are SSM-typed parameters defaulting to a directory entry that
    // the directory product writes (the launch role may read only that path), so nothing is left to type.
    const directory = templates.find((t) => t.productId === DIRECTORY_PRODUCT_ID)!.template;
    const written = new Set(resourcesOfType(directory, 'AWS::SSM::Parameter').map((r) => r.Properties.Name));
    const featureProducts = PRODUCTS.filter((p) => p.assignable);
    for (const product of featureProducts) {
      const newest = product.versions[product.versions.length - 1].name;
      expect(product.directoryEntries?.(newest).length, `${product.id} ${newest} reads the directory`).toBeGreaterThan(0);
      const { template } = templates.find((t) => t.productId === product.id)!;
      for (const [name, p] of Object.entries(template.Parameters as Json)) {
        const where = `${product.id}.${name}`;
        expect(p.Default, `${where} has a default`).toBeDefined();
        if (p.Type === 'AWS::SSM::Parameter::Value<String>') {
          expect(p.Default, where).toMatch(new RegExp(`^${DIRECTORY_PATH}/`));
          expect(written, `${where}: the directory writes ${p.Default}`).toContain(p.Default);
        }
      }
    }
  });

  it('cdk-nag AwsSolutions reports no unsuppressed finding', () => {
    const report = JSON.parse(readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find((p: { pluginName: string }) => p.pluginName === 'AwsSolutions');
    expect(nag.violations).toEqual([]);
  });

  it('passes the Control Tower proactive controls, except the sensor-management, baseline, ecr-connections and product-boundary waivers', () => {
    const findings = runGuard(productTemplateFiles(built));
    expect(findings.filter((f) => !f.waiver)).toEqual([]);
    expect([...new Set(findings.map((f) => `${f.waiver?.products.join()} ${f.control}`))].sort()).toEqual([
      'ecr-connections CT.CLOUDWATCH.PR.3',
      'ecr-connections CT.LAMBDA.PR.3',
      'falcon-baseline CT.CLOUDWATCH.PR.3',
      'falcon-baseline CT.LAMBDA.PR.3',
      'launch-role CT.IAM.PR.2',
      'launch-role CT.IAM.PR.3',
      'sensor-management CT.CLOUDWATCH.PR.2',
      'sensor-management CT.CLOUDWATCH.PR.3',
      'sensor-management CT.LAMBDA.PR.3',
    ]);
  });
});
