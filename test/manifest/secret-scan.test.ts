import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/load';
import { falconCredentialIn, findPastedSecrets } from '../../manifest/secret-scan';
import { errorAt, errorsOf, lineOf, manifestText, VALID_SECTIONS } from './manifest-text';

// Made-up values in the shape of Falcon credentials: 32 hex characters, and 40 letters and digits.
const FAKE_CLIENT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FAKE_CLIENT_SECRET = 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaZyXw';

describe('pasted Falcon credentials', () => {
  it('finds a client secret anywhere, masks it, and says where it belongs', () => {
    const text = manifestText({
      falcon: `${VALID_SECTIONS.falcon}\n    clientSecret: ${FAKE_CLIENT_SECRET}`,
    });
    const result = parseManifest(text, 'm.yaml');
    const errors = errorsOf(result).filter((e) => e.path === 'falcon.apiCredentials.clientSecret');
    // The schema reports the unknown key; the scan reports the credential at the value.
    expect(errors.map((e) => e.column)).toEqual([5, 19]);
    const leak = errors[1];
    expect(leak.line).toBe(lineOf(text, 'clientSecret'));
    expect(leak.message).toContain('looks like a Falcon API client secret <masked, 40 characters>');
    expect(leak.message).toContain('hub secret (falcon/api-client, encrypted with the hub key');
    expect(leak.message).toContain('reference it with falcon.apiCredentials.secretName');
    expect(JSON.stringify(errorsOf(result))).not.toContain(FAKE_CLIENT_SECRET);
  });

  it('finds a client ID inside free text, such as a portfolio description', () => {
    const text = manifestText({
      portfolio: VALID_SECTIONS.portfolio.replace('name: Falcon', `name: Falcon\n  description: "client ${FAKE_CLIENT_ID} for us-1"`),
    });
    const e = errorAt(parseManifest(text, 'm.yaml'), 'portfolio.description');
    expect(e.line).toBe(lineOf(text, 'description'));
    expect(e.message).toContain('looks like a Falcon API client ID <masked,');
    expect(e.message).not.toContain(FAKE_CLIENT_ID);
  });

  it('reports a credential even when the YAML does not parse', () => {
    const text = `falcon:\n  token: ${FAKE_CLIENT_SECRET}\n  bad: [unclosed\n`;
    const errors = errorsOf(parseManifest(text, 'm.yaml'));
    expect(errors.some((e) => e.path === 'falcon.token' && e.line === 2)).toBe(true);
    expect(errors.some((e) => e.message.startsWith('YAML: '))).toBe(true);
  });

  it('refuses any value under a credential-named key unless it is a reference', () => {
    const findings = findPastedSecrets({
      assignments: [{ parameters: { password: 'hunter2', apiToken: 1234, clientSecret: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:falcon-AbCdEf' } }],
    });
    expect(findings.map((f) => f.path)).toEqual([
      ['assignments', 0, 'parameters', 'password'],
      ['assignments', 0, 'parameters', 'apiToken'],
    ]);
    expect(findings[0].message).toContain('"password" holds a value <masked, 7 characters> where only a reference belongs');
    expect(findings[0].message).not.toContain('hunter2');
  });

  it('leaves ordinary manifest values alone', () => {
    expect(findPastedSecrets({ falcon: { apiCredentials: { secretName: 'falcon/api-client' } }, ou: 'ou-abcd-0123456789abcdef0123456789abcdef' })).toEqual([]);
    expect(falconCredentialIn('CrowdStrikeFalconCloudSecurityForControlTower')).toBeUndefined();
    expect(falconCredentialIn('12345678901234567890123456789012')).toBeUndefined();
    expect(falconCredentialIn(FAKE_CLIENT_ID)).toBe('client ID');
    expect(falconCredentialIn(FAKE_CLIENT_SECRET)).toBe('client secret');
  });
});
