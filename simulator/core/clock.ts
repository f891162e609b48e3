/**
 * Virtual clock shared by every simulated service. Nothing in the simulator reads real time: records, share
 * actions and token buckets progress only when this clock moves, so tests are fast and deterministic.
 *
 * `sleep(ms)` is a tiny discrete-event scheduler: sleepers registered while the same burst of work runs are
 * woken in order of their wake-up time, and the clock jumps to each wake-up time. Concurrent sleepers therefore
 * overlap in virtual time (two workers each sleeping 5 s cost 5 s, not 10 s), as they would in real life.
 */
interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

export class VirtualClock {
  private nowMs: number;
  private sleepers: Sleeper[] = [];
  private sleeperCount = 0;
  private flushScheduled = false;

  /**
   * Starts at real "now" (whole seconds) by default, so expiry times the simulator hands out (STS credentials)
   * are in the future for SDK credential providers, which compare them with real time.
   */
  constructor(start: Date | number = Math.floor(Date.now() / 1000) * 1000) {
    this.nowMs = typeof start === 'number' ? start : start.getTime();
  }

  /** Current virtual time in epoch milliseconds. */
  now(): number {
    return this.nowMs;
  }

  date(): Date {
    return new Date(this.nowMs);
  }

  /** Moves virtual time forward immediately (latency model, retry backoff, tests). */
  advance(ms: number): void {
    if (ms < 0 || !Number.isFinite(ms)) throw new Error(`VirtualClock.advance: expected a finite ms >= 0, got ${ms}`);
    this.nowMs += ms;
  }

  /** Waits `ms` of virtual time; hand this to code under test as its sleep function. */
  readonly sleep = (ms: number): Promise<void> => {
    const wakeAt = this.nowMs + Math.max(0, ms);
    return new Promise<void>((resolve) => {
      this.sleepers.push({ wakeAt, order: this.sleeperCount++, resolve });
      this.scheduleFlush();
    });
  };

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs after the current burst of promise callbacks, so every sleeper registered in that
    // burst competes for the earliest wake-up.
    setImmediate(() => this.wakeEarliest());
  }

  private wakeEarliest(): void {
    this.flushScheduled = false;
    if (this.sleepers.length === 0) return;
    let earliest = 0;
    for (let i = 1; i < this.sleepers.length; i++) {
      const s = this.sleepers[i];
      const e = this.sleepers[earliest];
      if (s.wakeAt < e.wakeAt || (s.wakeAt === e.wakeAt && s.order < e.order)) earliest = i;
    }
    const [sleeper] = this.sleepers.splice(earliest, 1);
    this.nowMs = Math.max(this.nowMs, sleeper.wakeAt);
    sleeper.resolve();
    if (this.sleepers.length > 0) this.scheduleFlush();
  }
}
