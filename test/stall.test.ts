// The VS Code client's stall watch (client/src/stall.ts), on a fake clock: a server that stops answering pings
// is reported once, with the document edited last before the unanswered ping; a suspended machine is not a stall.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { StallWatch, type Stall } from '../client/src/stall';

const PING = 1000;
const STALL = 5000;

/** A watch on a fake clock whose pings are answered or not, as `answer` says when each is sent. */
function setUp(answer: () => boolean) {
  let t = 0;
  const stalls: Stall[] = [];
  let pings = 0;
  const watch = new StallWatch(
    () => {
      pings++;
      return answer() ? Promise.resolve({}) : new Promise(() => undefined);
    },
    (s) => stalls.push(s),
    { pingMs: PING, stallMs: STALL, now: () => t, manual: true },
  );
  watch.start();
  // Each period is a `tick` (manual: no timer).
  const period = async (ms = PING) => {
    t += ms;
    watch.tick();
    await new Promise((r) => setImmediate(r)); // the answer's callback runs
  };
  return { watch, stalls, period, pings: () => pings, at: () => t, stop: () => watch.stop() };
}

describe('stall watch', () => {
  test('answered pings: no stall, one ping per period', async () => {
    const w = setUp(() => true);
    try {
      for (let i = 0; i < 30; i++) await w.period();
      assert.equal(w.stalls.length, 0);
      assert.equal(w.pings(), 30);
    } finally {
      w.stop();
    }
  });

  test('an unanswered ping: one report after the stall time, naming the document edited last before it', async () => {
    let answering = true;
    const w = setUp(() => answering);
    try {
      await w.period();
      w.watch.noteEdit('file:///a.py');
      w.watch.noteEdit('file:///b.py');
      await w.period(); // answered
      w.watch.noteEdit('file:///a.py'); // a.py is now the last edited
      answering = false;
      await w.period(); // this ping is never answered
      w.watch.noteEdit('file:///c.py'); // after the ping was sent: queued behind it, not the cause
      for (let i = 0; i < 4; i++) await w.period();
      assert.equal(w.stalls.length, 0, 'not before the stall time');
      await w.period();
      assert.equal(w.stalls.length, 1);
      assert.deepEqual(w.stalls[0], { waitedMs: STALL, suspect: 'file:///a.py' });
      // Reported once, and no other ping is sent while one waits.
      const sent = w.pings();
      for (let i = 0; i < 10; i++) await w.period();
      assert.equal(w.stalls.length, 1);
      assert.equal(w.pings(), sent);
      // Started again (the server restarted): watching afresh.
      answering = true;
      w.watch.start();
      await w.period();
      assert.equal(w.pings(), sent + 1);
      for (let i = 0; i < 10; i++) await w.period();
      assert.equal(w.stalls.length, 1);
    } finally {
      w.stop();
    }
  });

  test('a suspended machine (a tick long overdue) does not count as the server stalling', async () => {
    const w = setUp(() => false);
    try {
      await w.period(); // sent
      await w.period(); // waited 1 s
      await w.period(60_000); // the machine slept a minute
      assert.equal(w.stalls.length, 0);
      await w.period();
      await w.period();
      await w.period();
      assert.equal(w.stalls.length, 0, '4 s waited');
      await w.period();
      assert.equal(w.stalls.length, 1);
      assert.equal(w.stalls[0]!.waitedMs, STALL);
      assert.equal(w.stalls[0]!.suspect, undefined); // nothing was edited
    } finally {
      w.stop();
    }
  });

  test('a ping that fails (the connection closed) is not a stall', async () => {
    let t = 0;
    const stalls: Stall[] = [];
    const watch = new StallWatch(() => Promise.reject(new Error('closed')), (s) => stalls.push(s), { pingMs: PING, stallMs: STALL, now: () => t, manual: true });
    watch.start();
    try {
      for (let i = 0; i < 20; i++) {
        t += PING;
        watch.tick();
        await new Promise((r) => setImmediate(r));
      }
      assert.equal(stalls.length, 0);
    } finally {
      watch.stop();
    }
  });
});
