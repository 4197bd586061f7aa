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

export class Limiter {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  }

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.slot(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private slot(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const start = (): void => {
        signal.removeEventListener('abort', cancel);
        this.running++;
        resolve();
      };
      const cancel = (): void => {
        const at = this.queue.indexOf(start);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new CancelledError());
      };
      this.queue.push(start);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }
}
