import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrigger } from '../../lifecycle-handlers/core/events';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8'));

describe('parseTrigger', () => {
  it.each([
    ['create-managed-account-succeeded.json', 'CreateManagedAccount'],
    ['update-managed-account-succeeded.json', 'UpdateManagedAccount'],
  ])('%s reconciles the vended account', (file, eventName) => {
    const parsed = parseTrigger(fixture(file));
    expect(parsed).toEqual({
      ok: true,
      trigger: {
        kind: 'account',
        accountId: '222222222222',
        ouId: 'ou-exmp-22222222',
        source: expect.objectContaining({ eventName }),
      },
    });
  });

  it('records a FAILED account operation without provisioning', () => {
    const parsed = parseTrigger(fixture('create-managed-account-failed.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({
      kind: 'failed-operation',
      accountId: '222222222222',
      message: expect.stringContaining('email already in use'),
    });
  });

  it.each([
    ['register-organizational-unit-succeeded.json', 'RegisterOrganizationalUnit'],
    ['enable-baseline-succeeded.json', 'EnableBaseline'],
    ['reset-enabled-baseline-succeeded.json', 'ResetEnabledBaseline'],
  ])('%s reconciles every account under the OU', (file, eventName) => {
    const parsed = parseTrigger(fixture(file));
    expect(parsed.ok && parsed.trigger).toMatchObject({
      kind: 'organizational-unit',
      ouId: 'ou-exmp-22222222',
      source: { eventName, eventId: expect.any(String) },
    });
  });

  it('records a failed baseline operation', () => {
    const parsed = parseTrigger(fixture('enable-baseline-failed.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({ kind: 'failed-operation', ouId: 'ou-exmp-22222222' });
  });

  it('MoveAccount reconciles the moved account only', () => {
    const parsed = parseTrigger(fixture('move-account.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({ kind: 'account', accountId: '222222222222' });
  });

  it('a MoveAccount call that Organizations refused changes nothing', () => {
    const parsed = parseTrigger(fixture('move-account-denied.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({
      kind: 'failed-operation',
      message: expect.stringContaining('AccessDenied'),
    });
  });

  it('CloseAccount reconciles the closing account (offboarding)', () => {
    const parsed = parseTrigger(fixture('close-account.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({
      kind: 'account',
      accountId: '222222222222',
      source: { eventName: 'CloseAccount' },
    });
  });

  it('the schedule reconciles the organisation', () => {
    const parsed = parseTrigger(fixture('scheduled-reconcile.json'));
    expect(parsed.ok && parsed.trigger).toMatchObject({ kind: 'organization' });
  });

  it('an event it does not handle is a typed unknown-event error', () => {
    expect(parseTrigger(fixture('setup-landing-zone.json'))).toEqual({
      ok: false,
      error: { code: 'unknown-event', message: expect.stringContaining('SetupLandingZone') },
    });
    expect(parseTrigger({ id: 'x', source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change', detail: {} })).toEqual({
      ok: false,
      error: { code: 'unknown-event', message: expect.stringContaining('aws.ec2') },
    });
  });

  it('a malformed event names the field that is wrong', () => {
    const parsed = parseTrigger(fixture('create-managed-account-missing-account.json'));
    expect(parsed).toEqual({
      ok: false,
      error: {
        code: 'malformed-event',
        message: expect.stringContaining('createManagedAccountStatus account'),
      },
    });
  });

  it('rejects values that are not IDs instead of acting on them', () => {
    const event = fixture('move-account.json') as { detail: { requestParameters: { accountId: string } } };
    event.detail.requestParameters.accountId = '12345';
    const parsed = parseTrigger(event);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.message).toMatch(/MoveAccount event: requestParameters accountId: a 12-digit/);
  });

  it.each([null, 'text', 42, {}, { source: 'aws.controltower' }])('never throws on %j', (input) => {
    const parsed = parseTrigger(input);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'malformed-event' } });
  });
});
