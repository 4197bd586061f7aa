// At most N calls in flight across a whole scan. Waiting calls leave the queue when the scan is
// cancelled, so cancelling never waits for a queue to drain.

/** Calls in flight at once, unless the user says otherwise. */
export const DEFAULT_CONCURRENCY = 8;

export class CancelledError extends Error {
  constructor() {
    super('The scan was cancelled.');
    this.name = 'CancelledError';
  }
}

interface Waiting {
  readonly start: () => void;
  readonly reject: (err: Error) => void;
  readonly signal: AbortSignal;
  /** Started or cancelled: passed over when it comes up. */
  done: boolean;
}

export class Limiter {
  private running = 0;
  /** Waiting calls in order; a cancelled one is marked and passed over, not searched for. */
  private readonly queue: Waiting[] = [];
  /** Signals already watched: one listener per scan, not one per waiting call. */
  private readonly watched = new WeakSet<AbortSignal>();

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  }

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.slot(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.next();
    }
  }

  private next(): void {
    while (this.queue.length > 0) {
      const waiting = this.queue.shift()!;
      if (waiting.done) continue;
      waiting.done = true;
      this.running++;
      waiting.start();
      return;
    }
  }

  private slot(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiting: Waiting = { start: resolve, reject, signal, done: false };
      this.queue.push(waiting);
      if (this.watched.has(signal)) return;
      this.watched.add(signal);
      signal.addEventListener(
        'abort',
        () => {
          for (const w of this.queue) {
            if (w.signal !== signal || w.done) continue;
            w.done = true;
            w.reject(new CancelledError());
          }
        },
        { once: true },
      );
    });
  }
}
