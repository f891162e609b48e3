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
import { DIRECTORY_PATH, DIRECTORY_PRODUCT_ID } from '../../products/definitions/directory';
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
    for (const { productId, template } of templates) {
      for (const name of Object.keys(template.Parameters)) {
        expect(name, productId).not.toMatch(/client.?(id|secret)|falconsecret|apisecret|password|token/i);
      }
      for (const fn of resourcesOfType(template, 'AWS::Lambda::Function')) {
        for (const [key, value] of Object.entries(fn.Properties.Environment?.Variables ?? {})) {
          expect(key, productId).not.toMatch(/CLIENT_ID|CLIENT_SECRET|TOKEN|PASSWORD/);
          // A secret-named variable may only carry the secret's ARN, a constrained template parameter.
          if (/SECRET/.test(key)) {
            expect(value, `${productId} ${key}`).toEqual({ Ref: 'CredentialsSecretArn' });
            expect(template.Parameters.CredentialsSecretArn.AllowedPattern).toMatch(/^\^arn:/);
          }
        }
        expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toContain('resolve:secretsmanager');
      }
    }
  });

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

  it('passes the Control Tower proactive controls, except the sensor-management, baseline and ecr-connections waivers', () => {
    const findings = runGuard(productTemplateFiles(built));
    expect(findings.filter((f) => !f.waiver)).toEqual([]);
    expect([...new Set(findings.map((f) => `${f.waiver?.products.join()} ${f.control}`))].sort()).toEqual([
      'ecr-connections CT.CLOUDWATCH.PR.3',
      'ecr-connections CT.LAMBDA.PR.3',
      'falcon-baseline CT.CLOUDWATCH.PR.3',
      'falcon-baseline CT.LAMBDA.PR.3',
      'sensor-management CT.CLOUDWATCH.PR.2',
      'sensor-management CT.CLOUDWATCH.PR.3',
      'sensor-management CT.LAMBDA.PR.3',
    ]);
  });
});
