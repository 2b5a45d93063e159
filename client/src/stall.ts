// Notices a language server that stopped answering: its thread stuck in a loop that no time limit of its own
// covers (the server guards whole-file analyses with a watchdog, not keystroke re-checks, where it would cost a
// thread start each). No vscode import: test/stall.test.ts runs it under node with a fake clock.

export interface StallWatchOptions {
  /** How often the server is pinged (ms). */
  pingMs: number;
  /** A ping unanswered this long means the server is stuck (ms). */
  stallMs: number;
  /** The clock (ms); default performance.now. */
  now?: () => number;
  /** Tests: no timer; the caller calls `tick()` once per period. */
  manual?: boolean;
}

/** What the watch knows when the server stopped answering. */
export interface Stall {
  /** How long the oldest unanswered ping has waited (ms). */
  waitedMs: number;
  /**
   * The document edited last before that ping was sent: the server answers requests in order, so what took its
   * thread came before the ping, and an analysis that never ends is most likely that edit's re-check.
   */
  suspect: string | undefined;
}

/**
 * Pings the server every `pingMs` while started, and reports a stall once when a ping stays unanswered for
 * `stallMs`. Time the extension host itself was not running (a suspended machine) does not count: a tick that
 * comes more than three periods late restarts the wait.
 */
export class StallWatch {
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTick = 0;
  /** The unanswered ping: the wait counted so far, when it was last counted, and the last edit sent before it. */
  private pending: { waited: number; seen: number; id: number; after: number } | undefined;
  private pings = 0;
  private reported = false;
  /** The documents edited last, oldest first, each with its place in the order of edits and pings sent. */
  private readonly edits: { uri: string; seq: number }[] = [];
  private seq = 0;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly onStall: (stall: Stall) => void,
    private readonly opts: StallWatchOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Starts (or restarts, forgetting what it saw) the watch. */
  start(): void {
    this.stop();
    this.reported = false;
    this.lastTick = this.now();
    if (this.opts.manual) return;
    this.timer = setInterval(() => this.tick(), this.opts.pingMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.edits.length = 0;
  }

  /** A document change sent to the server. */
  noteEdit(uri: string): void {
    const i = this.edits.findIndex((e) => e.uri === uri);
    if (i >= 0) this.edits.splice(i, 1);
    this.edits.push({ uri, seq: ++this.seq });
    if (this.edits.length > 16) this.edits.shift();
  }

  /** One period: checks the wait of the unanswered ping, or sends a new one. (Public for tests.) */
  tick(): void {
    const t = this.now();
    const late = t - this.lastTick > 3 * this.opts.pingMs;
    this.lastTick = t;
    const p = this.pending;
    if (p) {
      if (!late) p.waited += t - p.seen; // a late tick: the machine was suspended, and that time is not the server's
      p.seen = t;
      if (!this.reported && p.waited >= this.opts.stallMs) {
        this.reported = true;
        const before = this.edits.filter((e) => e.seq <= p.after);
        this.onStall({ waitedMs: p.waited, suspect: before.at(-1)?.uri });
      }
      return;
    }
    const id = ++this.pings;
    this.pending = { waited: 0, seen: t, id, after: this.seq };
    const answered = () => {
      if (this.pending?.id === id) this.pending = undefined;
    };
    // A failed ping (connection closed, server restarting) is not a stall: the client handles those.
    this.ping().then(answered, answered);
  }
}
