/**
 * The internal `directory` product (provisioned as `falcon-directory`): one labelled, constrained parameter per
 * directory entry, one SSM String parameter per entry with its literal name, optional entries only when non-empty,
 * and the registry's parameters fit the template (every value matches its pattern, so the core's launch passes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIRECTORY,
  DIRECTORY_KEYS,
  DIRECTORY_PATH,
  DIRECTORY_PRODUCT_ID,
  directoryTemplateParameters,
  directoryValues,
} from '../../products/directory/entries';
import { ASSIGNABLE_PRODUCTS, findProduct } from '../../products/registry';
import { MissingRegistrationError } from '../../vocabulary';
import { exampleManifest } from '../helpers/example-app';
import { contextFor, REGISTRATION } from './contexts';
import { evaluator, type Json, resourcesOfType, synthesizeProducts, type SynthesizedProducts } from './product-templates';

const OPTIONAL = DIRECTORY_KEYS.filter((k) => DIRECTORY[k].optional);
const REQUIRED = DIRECTORY_KEYS.filter((k) => !DIRECTORY[k].optional);
const SECRET = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-AbCdEf';
const PSEUDO = { Region: 'us-west-2', AccountId: '222222222222', Partition: 'aws' };

/** The SSM parameter resource that writes directory entry `key`. */
const entryResource = (template: Json, key: (typeof DIRECTORY_KEYS)[number]): Json => {
  const found = resourcesOfType(template, 'AWS::SSM::Parameter').find((r) => r.Properties.Name === DIRECTORY[key].parameterName);
  if (!found) throw new Error(`no SSM parameter for ${key}`);
  return found;
};

describe('directory product template', () => {
  let synthesized: SynthesizedProducts;
  let template: Json;

  beforeAll(() => {
    synthesized = synthesizeProducts(exampleManifest());
    template = synthesized.template(DIRECTORY_PRODUCT_ID);
  });

  it('is published, unchanged, in the portfolio of every governed Region', () => {
    const regions = synthesized.all().filter((t) => t.productId === DIRECTORY_PRODUCT_ID);
    expect(regions.map((t) => t.region)).toEqual(exampleManifest().organization.governedRegions);
    for (const t of regions) expect(t.template).toEqual(template);
  });

  it('takes exactly one labelled String parameter per directory entry, in directory order', () => {
    const labels = template.Metadata['AWS::CloudFormation::Interface'].ParameterLabels as Json;
    const groups = template.Metadata['AWS::CloudFormation::Interface'].ParameterGroups as Json[];
    const names = DIRECTORY_KEYS.map((k) => DIRECTORY[k].templateParameter);
    expect(Object.keys(template.Parameters)).toEqual(names);
    expect(groups.flatMap((g) => g.Parameters)).toEqual(names);
    for (const key of DIRECTORY_KEYS) {
      const { templateParameter, label, parameterName } = DIRECTORY[key];
      const parameter = template.Parameters[templateParameter] as Json;
      expect(labels[templateParameter]).toEqual({ default: label });
      expect(parameter.Type).toBe('String');
      expect(parameter.Description).toContain(parameterName);
    }
  });

  it('constrains every value to the entry pattern; an optional entry also allows empty and defaults to it', () => {
    for (const key of REQUIRED) {
      const parameter = template.Parameters[DIRECTORY[key].templateParameter] as Json;
      expect(parameter.AllowedPattern, key).toBe(DIRECTORY[key].pattern);
      expect(parameter.Default, key).toBeUndefined();
    }
    for (const key of OPTIONAL) {
      const parameter = template.Parameters[DIRECTORY[key].templateParameter] as Json;
      expect(parameter.AllowedPattern, key).toBe(`^$|${DIRECTORY[key].pattern}`);
      expect(parameter.Default, key).toBe('');
      expect(new RegExp(parameter.AllowedPattern).test(''), key).toBe(true);
    }
    expect(OPTIONAL).toEqual(['brokerUrl', 'eventBusAccountId', 'eventBusName', 'eventBusRegion', 'sensorDownloadSecretArn']);
  });

  it('writes one standard-tier SSM String parameter per entry, under the directory path, with a description', () => {
    const ssm = resourcesOfType(template, 'AWS::SSM::Parameter');
    expect(ssm).toHaveLength(DIRECTORY_KEYS.length);
    expect(Object.keys(template.Resources).filter((id) => template.Resources[id].Type !== 'AWS::SSM::Parameter')).toEqual([]);
    for (const key of DIRECTORY_KEYS) {
      const { Properties: props } = entryResource(template, key);
      // A literal name: the consumers' SSM-typed parameters default to exactly this name.
      expect(props.Name).toBe(`${DIRECTORY_PATH}/${props.Name.split('/').pop()}`);
      expect(props).toMatchObject({ Type: 'String', Tier: 'Standard', Value: { Ref: DIRECTORY[key].templateParameter } });
      expect(props.Description).toMatch(/^CrowdStrike Falcon directory: .+\. Managed by Service Catalog; do not edit\.$/);
    }
    expect(DIRECTORY.homeRegion.parameterName).toBe('/falcon-catalog/directory/home-region');
    expect(DIRECTORY.externalId.parameterName).toBe('/falcon-catalog/directory/external-id');
  });

  it('creates an optional entry only when its value is not empty, and a required one always', () => {
    for (const key of REQUIRED) expect(entryResource(template, key).Condition, key).toBeUndefined();
    for (const key of OPTIONAL) {
      const condition = entryResource(template, key).Condition as string;
      expect(condition, key).toBeDefined();
      const name = DIRECTORY[key].templateParameter;
      expect(evaluator(template, { [name]: '' }, PSEUDO).condition(condition), key).toBe(false);
      expect(evaluator(template, { [name]: 'x' }, PSEUDO).condition(condition), key).toBe(true);
    }
  });

  it('accepts the parameters the registry computes, with and without the optional entries', () => {
    const full = contextFor({
      region: 'us-west-2',
      registration: { ...REGISTRATION, brokerUrl: 'https://abcdefghij.lambda-url.us-east-1.on.aws/' },
      sensorDownloadSecretArn: SECRET,
    });
    const bare = contextFor({ region: 'us-west-2', eventBusName: null });
    const product = findProduct(DIRECTORY_PRODUCT_ID)!;
    for (const [ctx, present] of [
      [full, OPTIONAL],
      [bare, []],
    ] as const) {
      const parameters = product.templateParameters(ctx);
      expect(parameters).toEqual(directoryTemplateParameters(directoryValues(ctx)));
      expect(Object.keys(parameters)).toEqual(Object.keys(template.Parameters));
      for (const [name, value] of Object.entries(parameters)) {
        expect(new RegExp(template.Parameters[name].AllowedPattern).test(value), `${name}=${value}`).toBe(true);
      }
      const { condition } = evaluator(template, parameters, PSEUDO);
      const created = OPTIONAL.filter((key) => condition(entryResource(template, key).Condition as string));
      expect(created).toEqual(present);
    }
  });
});

describe('directory product definition', () => {
  const product = findProduct(DIRECTORY_PRODUCT_ID)!;

  it('is internal, per Region, and provisioned as falcon-directory', () => {
    expect(DIRECTORY_PRODUCT_ID).toBe('directory');
    expect(product).toMatchObject({ assignable: false, regionScope: 'per-region' });
    expect(product.versions[0].name).toBe('v1.0.0');
    expect(ASSIGNABLE_PRODUCTS.map((p) => p.id)).not.toContain(DIRECTORY_PRODUCT_ID);
    expect(product.unsupportedReason('aws-us-gov', 'us-gov-1')).toBeUndefined();
    expect(product.unsupportedReason('aws', 'us-gov-2')).toBeUndefined();
  });

  it('cannot be computed before the hub has registered the organisation', () => {
    expect(() => product.templateParameters(contextFor({ registration: null }))).toThrow(MissingRegistrationError);
  });

  it('names the sensor-download secret replica of the Region it is provisioned in', () => {
    const ctx = contextFor({ region: 'eu-west-1', sensorDownloadSecretArn: SECRET });
    expect(product.templateParameters(ctx).SensorDownloadSecretArn).toBe(SECRET.replace('us-east-1', 'eu-west-1'));
  });
});
