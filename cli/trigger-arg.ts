/**
 * What `plan` and `reconcile` act on: an EventBridge event from a file, one account, or (neither) the whole
 * organisation. The event is read and parsed before anything is opened, so a broken file costs nothing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { organizationTrigger, parseTrigger, type Trigger } from '../lifecycle-handlers/core/events';
import { InputError, UsageError } from './command';
import { requireAccount, type Session } from './session';

export interface TriggerFlags {
  readonly event?: string;
  readonly account?: string;
}

export function triggerFromArgs(flags: TriggerFlags, cwd: string, operation: string): Trigger {
  if (flags.event !== undefined && flags.account !== undefined) throw new UsageError('give --event or --account, not both');
  if (flags.account !== undefined) {
    const source = { eventName: `Operator${operation}`, eventId: `${operation.toLowerCase()}-${flags.account}` };
    return { kind: 'account', accountId: flags.account, source };
  }
  if (flags.event === undefined) return organizationTrigger(`operator-${operation.toLowerCase()}`);

  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path.resolve(cwd, flags.event), 'utf8'));
  } catch (cause) {
    throw new InputError(`${flags.event}: not a readable JSON file (${(cause as Error).message}); nothing was run`);
  }
  const parsed = parseTrigger(event);
  if (!parsed.ok) throw new InputError(`${flags.event}: ${parsed.error.code}: ${parsed.error.message}; nothing was run`);
  return parsed.trigger;
}

/** An account or OU the trigger names must be one the organisation has (an event may name any ID). */
export function checkTriggerTarget(trigger: Trigger, flags: TriggerFlags, session: Session): void {
  const where = flags.account !== undefined ? `--account ${flags.account}` : `--event ${flags.event}`;
  if (trigger.kind === 'account') requireAccount(session, trigger.accountId, where);
  if (trigger.kind === 'organizational-unit' && !session.organization.nodes.some((n) => n.id === trigger.ouId)) {
    throw new InputError(`${where}: the organisation has no OU ${trigger.ouId}; nothing was run`);
  }
}
