import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DeadlockSender } from '../../../../src/main/core/engine/deadlock-sender';
import { PyChannel } from '../../../../src/main/core/stacks/py-channel';
import type { DeadlockEvent } from '../../../../src/shared/model';

/** A program's end of the channel that answers only when the test says so. */
function quietProgram(): { socket: Duplex; answer(line: object): void } {
  const socket = new Duplex({
    read() {},
    write(_chunk, _enc, cb) {
      cb();
    },
  });
  return { socket, answer: (line) => socket.push(JSON.stringify(line) + '\n') };
}

const PID = 2_000_000_001;
const suspected: DeadlockEvent = {
  kind: 'suspected',
  ts: 1000,
  pid: PID,
  startTime: 7,
  runId: 'r1',
  name: 'python3',
  since: 0,
  thresholdMs: 250,
  threads: [],
  locks: [],
  source: 'syscall',
  cycle: null,
  cycleText: null,
  detail: 'deadlock suspected',
  text: { en: 'deadlock suspected', zh: '疑似死锁' },
};
const ended: DeadlockEvent = { ...suspected, kind: 'withdrawn', ts: 1100, ended: true };

describe('the watchdog’s events go out in order per process', () => {
  it('a Stop while the suspicion still waits for its lock owners: the suspicion goes out first, then its end; the run is settled after both', async () => {
    const program = quietProgram();
    const ch = new PyChannel(PID, program.socket);
    const out: DeadlockEvent[] = [];
    const feed = new DeadlockSender((e) => out.push(e));
    try {
      feed.send({ ...suspected });
      feed.send({ ...ended });
      expect(out).toEqual([]);
      const settled = feed.settled('r1');
      expect(settled).not.toBeNull();
      expect(feed.settled('another run')).toBeNull();
      program.answer({ id: 1, ok: true, locks: { locks: [], threads: [] } });
      await settled;
      expect(out.map((e) => `${e.kind}${e.ended ? ' (ended)' : ''}`)).toEqual(['suspected', 'withdrawn (ended)']);
      expect(feed.settled('r1')).toBeNull();
    } finally {
      ch.close();
    }
  });

  it('with nothing to wait for, an event goes out at once', () => {
    const out: DeadlockEvent[] = [];
    const feed = new DeadlockSender((e) => out.push(e));
    feed.send({ ...suspected, pid: PID + 1 });
    expect(out).toHaveLength(1);
    expect(feed.settled('r1')).toBeNull();
  });
});
