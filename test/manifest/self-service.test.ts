/**
 * `portfolio.selfService`: its defaults, its shape, the partition check on the sensor-download secret, and that the
 * internal products (launch role, Falcon directory) can be neither enabled nor assigned.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/load';
import { findPastedSecrets } from '../../manifest/secret-scan';
import { DIRECTORY_PRODUCT_ID } from '../../products/directory/entries';
import { errorAt, lineOf, manifestText, VALID_SECTIONS } from './manifest-text';

const FILE = 'm.yaml';
const check = (text: string) => parseManifest(text, FILE);
const SECRET_PATH = 'portfolio.selfService.sensorDownloadSecretArn';
const SECRET = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-AbCdEf';
const GOV_SECRET = 'arn:aws-us-gov:secretsmanager:us-gov-west-1:999999999999:secret:falcon/sensor-download-AbCdEf';

const withSelfService = (lines: string) => manifestText({ portfolio: `${VALID_SECTIONS.portfolio}\n  selfService:\n${lines}` });

describe('portfolio.selfService', () => {
  it('defaults to not preparing accounts and to no sensor-download secret', () => {
    const result = check(manifestText());
    if (!result.ok) throw new Error('the base manifest is valid');
    expect(result.manifest.portfolio.selfService).toEqual({ prepareAccounts: false });
  });

  it('accepts prepareAccounts and a sensor-download secret in the partition, with no finding', () => {
    const text = withSelfService(`    prepareAccounts: true\n    sensorDownloadSecretArn: ${SECRET}`);
    const result = check(text);
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    expect(result.warnings).toEqual([]);
    expect(result.manifest.portfolio.selfService).toEqual({ prepareAccounts: true, sensorDownloadSecretArn: SECRET });
    // An ARN is a reference, not a pasted credential, although its key names a secret.
    expect(findPastedSecrets(text)).toEqual([]);
  });

  it('refuses a sensor-download secret in another partition, at its line', () => {
    const text = withSelfService(`    sensorDownloadSecretArn: ${GOV_SECRET}`);
    const e = errorAt(check(text), SECRET_PATH);
    expect(e.line).toBe(lineOf(text, 'sensorDownloadSecretArn'));
    expect(e.message).toBe(
      "the secret is in partition aws-us-gov, but organization.partition is aws: the products' roles cannot read it; " +
        'use a secret in aws',
    );
  });

  it('refuses a commercial secret for a GovCloud organisation', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization
        .replace('partition: aws', 'partition: aws-us-gov')
        .replace('homeRegion: us-east-1', 'homeRegion: us-gov-west-1')
        .replace('[us-east-1, us-west-2]', '[us-gov-west-1]'),
      falcon: VALID_SECTIONS.falcon.replace('cloud: us-1', 'cloud: us-gov-1'),
      portfolio: `${VALID_SECTIONS.portfolio}\n  selfService:\n    sensorDownloadSecretArn: ${SECRET}`,
    });
    expect(errorAt(check(text), SECRET_PATH).message).toContain('the secret is in partition aws, but organization.partition is aws-us-gov');
  });

  it('refuses a secret whose Region is not in the partition', () => {
    const text = withSelfService(`    sensorDownloadSecretArn: ${SECRET.replace('us-east-1', 'us-gov-east-1')}`);
    expect(errorAt(check(text), SECRET_PATH).message).toBe(
      "the secret's Region: us-gov-east-1 is an AWS GovCloud Region; it cannot be used with organization.partition aws",
    );
  });

  it('refuses a secret ARN without the six-character suffix, and unknown keys', () => {
    const noSuffix = withSelfService('    sensorDownloadSecretArn: arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon');
    expect(errorAt(check(noSuffix), SECRET_PATH).message).toContain('including its six-character suffix');
    const typo = withSelfService('    prepareAccount: true');
    const e = errorAt(check(typo), 'portfolio.selfService.prepareAccount');
    expect(e.message).toContain('Did you mean "prepareAccounts"?');
  });
});

describe('internal products', () => {
  it.each(['launch-role', DIRECTORY_PRODUCT_ID])('%s cannot be enabled in products', (id) => {
    const text = manifestText({ products: `products:\n  iom:\n    enabled: true\n  ${id}:\n    enabled: true` });
    const e = errorAt(check(text), `products.${id}`);
    const allowed = /allowed keys: (.*)\.$/.exec(e.message)?.[1]?.split(', ');
    expect(allowed).toContain('iom');
    expect(allowed).not.toContain('launch-role');
    expect(allowed).not.toContain(DIRECTORY_PRODUCT_ID);
  });

  it.each(['launch-role', DIRECTORY_PRODUCT_ID])('%s cannot be assigned', (id) => {
    const text = manifestText({ assignments: VALID_SECTIONS.assignments.replace('product: iom', `product: ${id}`) });
    expect(errorAt(check(text), 'assignments[0].product').line).toBe(lineOf(text, `product: ${id}`));
  });
});
