/**
 * The event examples AWS documents (test/fixtures/events/aws-docs, SOURCES.md there says where each comes from and
 * what is done to it), each through the intake (parse, route to a message group), the worker's reading of the queued
 * body, and a plan against the simulated example landing zone (the example's IOM rollout).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrigger, type Trigger } from '../../lifecycle-handlers/core/events';
import { planTrigger } from '../../lifecycle-handlers/core/reconcile';
import { routeEvent } from '../../lifecycle-handlers/intake/route';
import { bootLandingZone, WORKLOADS_OU } from '../worker/landing-zone-fixture';
import { exampleIomManifest } from './manifest-fixture';

const DOCS = path.join(__dirname, '..', 'fixtures', 'events', 'aws-docs');

/**
 * The page's examples carry `//` comments and, in two of them, a JSON slip (a trailing comma, a missing comma between
 * members). Removed or repaired here, outside string values; nothing else changes.
 */
function parseDocumentedJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  const repaired = out
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/([}\]"])(\s*\n\s*"[^"\n]+"\s*:)/g, '$1,$2');
  return JSON.parse(repaired);
}

type DocEvent = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const documented = (file: string): DocEvent => parseDocumentedJson(readFileSync(path.join(DOCS, file), 'utf8')) as DocEvent;

/** Intake (parse + message group), then what the worker parses from the queued body. */
function throughIntake(event: unknown): { trigger: Trigger; messageGroupId: string } {
  const parsed = parseTrigger(event);
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  const message = routeEvent(parsed.trigger, event);
  const queued = parseTrigger(JSON.parse(message.body));
  if (!queued.ok) throw new Error(`the queued body does not parse: ${queued.error.message}`);
  expect(queued.trigger).toEqual(parsed.trigger);
  return { trigger: queued.trigger, messageGroupId: message.messageGroupId };
}

/** Where the documented examples' identifiers live in the simulated example organisation. */
const CUSTOM_OU = 'ou-xxxx-l3zc8b3h';
const TEST_OU = 'ou-adpf-302pk332';
const VENDED = '210000000001';
const UPDATED = '624281831893';
const IN_TEST_OU = '210000000002';
const CLOSING = '555555555555';

async function landingZone() {
  const zone = await bootLandingZone(exampleIomManifest());
  // Under Root/Workloads, so the example manifest's iom-everywhere covers them.
  zone.sim.org.addOrganizationalUnit({ id: CUSTOM_OU, name: 'Custom', parent: WORKLOADS_OU });
  zone.sim.org.addOrganizationalUnit({ id: TEST_OU, name: 'Test', parent: WORKLOADS_OU });
  zone.sim.org.addAccount({ id: VENDED, name: 'LifeCycle1', parent: CUSTOM_OU });
  zone.sim.org.addAccount({ id: UPDATED, name: 'LifeCycle1-updated', parent: CUSTOM_OU });
  zone.sim.org.addAccount({ id: IN_TEST_OU, name: 'test-ou-member', parent: TEST_OU });
  return zone;
}

const plannedFor = (report: Awaited<ReturnType<typeof planTrigger>>, accountId: string) =>
  report.accounts.find((a) => a.account.id === accountId)?.actions.map((a) => `${a.kind}:${a.productId}@${a.region}`) ?? [];

const NEW_ACCOUNT_PLAN = [
  'provision:launch-role@us-east-1',
  'provision:directory@us-east-1',
  'provision:directory@us-west-2',
  'provision:directory@eu-west-1',
  'provision:iom@us-east-1',
];

describe('AWS-documented lifecycle and Organizations events, intake to plan', () => {
  it('CreateManagedAccount and UpdateManagedAccount (Control Tower lifecycle events) plan the account they name', async () => {
    const { invocation } = await landingZone();
    const created = documented('create-managed-account.jsonc');
    const status = created.detail.serviceEventDetails.createManagedAccountStatus;
    status.account.accountId = VENDED; // "replaced with xxxxxxxxxxxx in the examples"
    status.organizationalUnit.organizationalUnitId = status.organizationalUnit.organizationalUnitId.toLowerCase();
    const create = throughIntake(created);
    expect(create).toMatchObject({ trigger: { kind: 'account', accountId: VENDED, ouId: CUSTOM_OU }, messageGroupId: `account-${VENDED}` });
    expect(plannedFor(await planTrigger(create.trigger, invocation()), VENDED)).toEqual(NEW_ACCOUNT_PLAN);

    const updated = documented('update-managed-account.jsonc');
    const ou = updated.detail.serviceEventDetails.updateManagedAccountStatus.organizationalUnit;
    ou.organizationalUnitId = ou.organizationalUnitId.toLowerCase();
    const update = throughIntake(updated);
    expect(update).toMatchObject({ trigger: { kind: 'account', accountId: UPDATED }, messageGroupId: `account-${UPDATED}` });
    expect(plannedFor(await planTrigger(update.trigger, invocation()), UPDATED)).toEqual(NEW_ACCOUNT_PLAN);
  });

  it('RegisterOrganizationalUnit plans every account under the OU it names, as printed', async () => {
    const { invocation } = await landingZone();
    const registered = throughIntake(documented('register-organizational-unit.jsonc'));
    expect(registered).toMatchObject({ trigger: { kind: 'organizational-unit', ouId: TEST_OU }, messageGroupId: `ou-${TEST_OU}` });
    const report = await planTrigger(registered.trigger, invocation());
    expect(report.accounts.map((a) => a.account.id)).toEqual([IN_TEST_OU]);
    expect(plannedFor(report, IN_TEST_OU)).toEqual(NEW_ACCOUNT_PLAN);
  });

  it('an Organizations CloseAccount record, as EventBridge delivers it, plans the account it names', async () => {
    const { invocation } = await landingZone();
    const record = documented('close-account.cloudtrail.json');
    const event = {
      version: '0',
      id: record.eventID,
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.organizations',
      account: record.recipientAccountId,
      time: record.eventTime,
      region: record.awsRegion,
      resources: [],
      detail: record,
    };
    const closing = throughIntake(event);
    expect(closing).toMatchObject({ trigger: { kind: 'account', accountId: CLOSING }, messageGroupId: `account-${CLOSING}` });
    const report = await planTrigger(closing.trigger, invocation());
    expect(report.accounts.map((a) => a.account.id)).toEqual([CLOSING]);
  });

  it('the scheduled reconcile (EventBridge scheduled rule) plans the whole organisation', async () => {
    const { invocation } = await landingZone();
    const scheduled = throughIntake(documented('scheduled-event.json'));
    expect(scheduled).toMatchObject({ trigger: { kind: 'organization' }, messageGroupId: 'organization' });
    const report = await planTrigger(scheduled.trigger, invocation());
    expect(plannedFor(report, VENDED)).toEqual(NEW_ACCOUNT_PLAN);
    expect(report.accounts.length).toBeGreaterThan(5);
  });

  it('SetupLandingZone is refused by the intake with the reason, nothing planned', () => {
    const parsed = parseTrigger(documented('setup-landing-zone.jsonc'));
    expect(parsed).toEqual({
      ok: false,
      error: { code: 'unknown-event', message: 'Control Tower event SetupLandingZone is not one the lifecycle core handles' },
    });
  });

  it('repairs only comments and the documented JSON slips (the parser is not lenient otherwise)', () => {
    expect(parseDocumentedJson('{ "a": "http://x", // note\n "b": [1,], }')).toEqual({ a: 'http://x', b: [1] });
    expect(() => parseDocumentedJson('{ "a": }')).toThrow();
  });
});
