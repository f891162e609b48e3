/** What `plan` plans for: an EventBridge event from a file, one account, or (neither) the whole organisation. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { organizationTrigger, parseTrigger, type Trigger } from '../lifecycle-handlers/core/events';
import { ACCOUNT_ID } from '../vocabulary';
import { UsageError } from './command';

export type TriggerArg = { ok: true; trigger: Trigger } | { ok: false; message: string };

export function triggerFromArgs(values: { event?: string; account?: string }, cwd: string): TriggerArg {
  if (values.event !== undefined && values.account !== undefined) throw new UsageError('give --event or --account, not both');
  if (values.account !== undefined) {
    if (!ACCOUNT_ID.test(values.account)) throw new UsageError(`--account ${values.account}: an account ID is 12 digits`);
    const source = { eventName: 'OperatorPlan', eventId: `plan-${values.account}` };
    return { ok: true, trigger: { kind: 'account', accountId: values.account, source } };
  }
  if (values.event === undefined) return { ok: true, trigger: organizationTrigger('operator-plan') };

  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path.resolve(cwd, values.event), 'utf8'));
  } catch (cause) {
    return { ok: false, message: `${values.event}: not a readable JSON file (${(cause as Error).message})` };
  }
  const parsed = parseTrigger(event);
  if (!parsed.ok) return { ok: false, message: `${values.event}: ${parsed.error.code}: ${parsed.error.message}` };
  return parsed;
}
