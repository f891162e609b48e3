/**
 * Assignment parameters held to the constraints of the published product templates
 * (product-stack-snapshots/<product>.<version>.product.template.json), read by the validator itself: what a
 * template would refuse at launch, `validate` refuses first, quoting the template's rule.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifest } from '../../manifest/load';
import { constraintViolation } from '../../manifest/template-parameter-checks';
import { currentVersionName, findProduct } from '../../products/registry';
import { errorAt, manifestText } from './manifest-text';

const ROOT = path.join(__dirname, '..', '..');
const template = (product: string, version: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'product-stack-snapshots', `${product}.${version}.product.template.json`), 'utf8')) as {
    Parameters: Record<string, { AllowedPattern?: string }>;
  };

describe('template parameter constraints', () => {
  it('an iom roleName is held to the RoleName AllowedPattern of the pinned version\'s template', () => {
    // Every version a manifest may pin (retired versions are refused before their template is read).
    for (const version of findProduct('iom')!.versions.filter((v) => v.retired === undefined).map((v) => v.name)) {
      const products = `products:\n  iom:\n    enabled: true\n    version: ${version}`;
      const assignments = `assignments:\n  - name: iom-workloads\n    product: iom\n    targets:\n      organizationalUnits: [Root/Workloads]\n    parameters:\n      roleName: FalconReader`;
      const error = errorAt(parseManifest(manifestText({ products, assignments }), 'm.yaml'), 'assignments[0].parameters.roleName');
      const pattern = template('iom', version).Parameters.RoleName.AllowedPattern!;
      expect(error.message).toBe(`roleName "FalconReader" is refused by the iom ${version} template: its parameter RoleName must match ${pattern}`);
      const accepted = parseManifest(manifestText({ products, assignments: assignments.replace('FalconReader', 'CrowdStrikeFalconReader') }), 'm.yaml');
      expect(accepted.ok ? [] : accepted.errors).toEqual([]);
    }
  });

  it('the example manifest and the valid fixtures pass every template', () => {
    for (const file of ['manifest/manifest.example.yaml', ...['blueprint', 'commercial-with-gov-falcon', 'govcloud', 'minimal'].map((f) => `test/fixtures/manifests/valid-${f}.yaml`)]) {
      const result = loadManifest(path.join(ROOT, file));
      expect(result.ok ? [] : result.errors.map((e) => `${e.path} ${e.message}`), file).toEqual([]);
    }
  });

  it('reads AllowedPattern as CloudFormation does (the whole value), AllowedValues and lengths', () => {
    expect(constraintViolation('CrowdStrikeX', { AllowedPattern: '^CrowdStrike[\\w+=,.@-]{0,53}$' })).toBeUndefined();
    expect(constraintViolation('xCrowdStrike', { AllowedPattern: 'CrowdStrike' })).toBe('must match CrowdStrike');
    expect(constraintViolation('Reinstall', { AllowedValues: ['Install', 'Uninstall'] })).toBe('must be one of Install, Uninstall');
    expect(constraintViolation('ab', { MinLength: 3 })).toBe('must be at least 3 characters');
    expect(constraintViolation('abcd', { MaxLength: 3 })).toBe('must be at most 3 characters');
  });

  it('a home-only product is warned about extra Regions only when it ignores them (ecr-connections connects each one)', () => {
    const products = 'products:\n  iom:\n    enabled: true\n  ecr-connections:\n    enabled: true';
    const assignment = (name: string, product: string) =>
      `  - name: ${name}\n    product: ${product}\n    targets:\n      organizationalUnits: [Root/Workloads]\n    regions: [us-east-1, us-west-2]`;
    const result = parseManifest(manifestText({ products, assignments: `assignments:\n${assignment('iom-w', 'iom')}\n${assignment('ecr-w', 'ecr-connections')}` }), 'm.yaml');
    const warnings = result.warnings.filter((w) => w.path.endsWith('.regions')).map((w) => w.path);
    expect(warnings).toEqual(['assignments[0].regions']);
    expect(currentVersionName(findProduct('ecr-connections')!)).toMatch(/^v/);
  });
});
