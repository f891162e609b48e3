import { describe, expect, it } from 'vitest';
import { countByOperation, duplicateProvisionRecords, throttledCount } from '../../bench/call-counts';
import { groupOf } from '../../bench/fifo-workers';
import type { CallRecord } from '../../simulator';

let seq = 0;
const call = (operation: string, input: Record<string, unknown> = {}, error?: string): CallRecord => ({
  seq: ++seq,
  time: 0,
  service: 'servicecatalog',
  operation,
  callerAccount: '210987654321',
  callerRole: 'AWSControlTowerExecution',
  region: 'us-east-1',
  input,
  ...(error ? { error } : {}),
});

describe('benchmark counting', () => {
  it('counts every attempt per operation and the throttled ones', () => {
    const calls = [call('DescribeRecord'), call('DescribeRecord', {}, 'ThrottlingException'), call('ProvisionProduct')];
    expect(countByOperation(calls)).toEqual({ 'servicecatalog:DescribeRecord': 2, 'servicecatalog:ProvisionProduct': 1 });
    expect(throttledCount(calls)).toBe(1);
  });

  it('counts a second provision record only for a new token at the same place, never for a throttled attempt', () => {
    const place = { ProvisionedProductName: 'falcon-iom' };
    const calls = [
      call('ProvisionProduct', { ...place, ProvisionToken: 'a' }),
      call('ProvisionProduct', { ...place, ProvisionToken: 'a' }),
      call('ProvisionProduct', { ...place, ProvisionToken: 'b' }, 'ThrottlingException'),
      call('ProvisionProduct', { ProvisionedProductName: 'falcon-launch-role', ProvisionToken: 'c' }),
    ];
    expect(duplicateProvisionRecords(calls)).toBe(0);
    expect(duplicateProvisionRecords([...calls, call('ProvisionProduct', { ...place, ProvisionToken: 'b' })])).toBe(1);
  });

  it('groups account jobs by account, like the FIFO message group', () => {
    expect(groupOf(JSON.stringify({ falconCatalog: 'reconcile-account', accountId: '210987654321' }))).toBe('210987654321');
    expect(groupOf('{"source":"aws.events"}')).toBe('organization');
  });
});
