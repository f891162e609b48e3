/**
 * Finds Falcon API credentials pasted into the manifest, where only a reference belongs.
 *
 * The manifest is committed to Git and read by CI, CDK synth and the lifecycle Lambdas; a credential in it leaks to
 * all of them. The scan runs over the raw document (every key and string, including keys the schema does not know),
 * independently of the schema, so a pasted secret is reported even when the rest of the file is broken. Messages
 * never repeat the value: they mask it, and the position tells the user where it is.
 */
import { error, type Finding, type PathSegment } from './diagnostics';

/** Falcon API client IDs are 32 hexadecimal characters. */
const CLIENT_ID = /(?<![\w-])[0-9a-fA-F]{32}(?![\w-])/;
/** Falcon API client secrets are 40 letters and digits. */
const CLIENT_SECRET = /(?<![\w-])[A-Za-z0-9]{40}(?![\w-])/;
/** Keys whose value is a credential (compared lower-case, with `-` and `_` removed). */
const CREDENTIAL_KEY = /(clientid|clientsecret|secret|password|passwd|token|apikey)$/;
/** What a credential-named key may hold: a pointer to where the credential lives, never the credential. */
const REFERENCE =
  /^(arn:aws[a-z-]*:(secretsmanager|ssm):|\{\{resolve:(secretsmanager|ssm|ssm-secure):|\$\{\{\s*secrets\.)/;

const DEFAULT_SECRET_NAME = 'falcon/api-client';

/** Random credentials mix letters and digits; requiring both keeps ordinary words and numbers out. */
function mixesLettersAndDigits(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}

/** The kind of Falcon credential `text` contains, if any. */
export function falconCredentialIn(text: string): 'client ID' | 'client secret' | undefined {
  const id = CLIENT_ID.exec(text);
  if (id && mixesLettersAndDigits(id[0])) return 'client ID';
  const secret = CLIENT_SECRET.exec(text);
  if (secret && mixesLettersAndDigits(secret[0])) return 'client secret';
  return undefined;
}

/** `"us-1"` as is; anything that looks like a credential as a mask that only says how long it is. */
export function quoteSafely(value: string): string {
  return falconCredentialIn(value) ? `<masked, ${value.length} characters>` : JSON.stringify(value);
}

function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

function remedy(secretName: string): string {
  return (
    'Credentials do not belong in the manifest: store the Falcon API client ID and secret in the hub secret ' +
    `(${secretName}, encrypted with the hub key; see "Put the Falcon API client in the hub secret" in README.md) ` +
    'and reference it with falcon.apiCredentials.secretName. ' +
    'Rotate the credential in Falcon if this file was ever committed or shared.'
  );
}

function secretNameIn(data: unknown): string {
  const name = (data as { falcon?: { apiCredentials?: { secretName?: unknown } } } | null)?.falcon?.apiCredentials
    ?.secretName;
  return typeof name === 'string' && !falconCredentialIn(name) ? name : DEFAULT_SECRET_NAME;
}

/** Every pasted credential in `data` (the document as plain data), one error per key or value. */
export function findPastedSecrets(data: unknown): Finding[] {
  const findings: Finding[] = [];
  const advice = remedy(secretNameIn(data));

  const visit = (value: unknown, path: PathSegment[], credentialKey: string | undefined): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index], credentialKey));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const keyKind = falconCredentialIn(key);
        if (keyKind) {
          const masked = `<masked, ${key.length} characters>`;
          findings.push(error([...path, key], `this key looks like a Falcon API ${keyKind} ${masked}. ${advice}`, 'key'));
        }
        visit(child, [...path, key], isCredentialKey(key) ? key : undefined);
      }
      return;
    }
    if (value === null || value === undefined || value === '') return;
    const text = String(value);
    const kind = typeof value === 'string' ? falconCredentialIn(text) : undefined;
    if (kind) {
      findings.push(error(path, `this value looks like a Falcon API ${kind} ${quoteSafely(text)}. ${advice}`));
    } else if (credentialKey && !REFERENCE.test(text)) {
      findings.push(
        error(
          path,
          `"${credentialKey}" holds a value <masked, ${text.length} characters> where only a reference belongs. ` +
            advice,
        ),
      );
    }
  };

  visit(data, [], undefined);
  return findings;
}
