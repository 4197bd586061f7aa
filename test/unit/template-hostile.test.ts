// Hostile templates of issue 11: inputs generated at test time (test/helpers/hostile.ts) that
// once stalled, crashed or grew without end. Speed is not timed here (the bench does that): each
// test checks structure on an input large enough that the old quadratic code would run into the
// test's timeout, or a counter of the work done.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { safeFixEdits } from '../../server/src/core/fix-all';
import type { Finding } from '../../server/src/core/rules/types';
import { applyEdits, type TextEdit } from '../../server/src/core/text';

/** Generous for the linear code on a loaded machine, far short of what the quadratic code needed. */
const TIMEOUT_MS = 20_000;

/**
 * Runs a self-contained function (no imports) in a worker and resolves with its result; rejects
 * when the test's timeout passes first. A synchronous loop in the test's own thread could not be
 * stopped by the runner's timeout, which only fires once the loop is over.
 */
function inWorker<T>(fn: (...args: never[]) => T, args: readonly unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const source = `const { parentPort, workerData } = require('node:worker_threads');\nparentPort.postMessage((${fn.toString()})(...workerData));`;
    const worker = new Worker(source, { eval: true, workerData: args });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`not done within the test's timeout of ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    worker.once('message', (value: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** An edit whose offsets count how often they are read. */
function countedEdit(counter: { reads: number }, start: number, end: number, newText: string): TextEdit {
  return {
    get start() {
      counter.reads++;
      return start;
    },
    get end() {
      counter.reads++;
      return end;
    },
    newText,
  };
}

function finding(start: number, edits: TextEdit[]): Finding {
  return { ruleId: 'r', severity: 'warning', start, end: start, message: 'm', resource: null, fix: { title: 't', safety: 'safe', edits: () => edits } };
}

test('applyEdits takes 100,000 edits to a 1 MB text in one pass, inserts at one offset in reverse list order', async () => {
  const text = 'abcdefghij'.repeat(100_000);
  const edits: TextEdit[] = [];
  for (let i = 0; i < 100_000; i++) edits.push({ start: i * 10 + 2, end: i * 10 + 3, newText: 'C' });
  const out = await inWorker(applyEdits, [text, edits.reverse()]);
  assert.equal(out, 'abCdefghij'.repeat(100_000));
  assert.equal(applyEdits('0123', [{ start: 1, end: 1, newText: 'a' }, { start: 1, end: 1, newText: 'b' }, { start: 1, end: 3, newText: 'X' }]), '0baX3');
  assert.throws(() => applyEdits('0123', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 1, newText: 'x' }]), /overlapping/);
});

test('safeFixEdits looks at each of 20,000 fixes a bounded number of times; the first of overlapping fixes wins', () => {
  const counter = { reads: 0 };
  const findings: Finding[] = [];
  for (let i = 0; i < 5_000; i++) findings.push(finding(i * 10, [countedEdit(counter, i * 10, i * 10 + 4, 'x')]));
  // Each of these overlaps an accepted edit (or inserts where one does) and waits for the next pass.
  findings.push(finding(3, [{ start: 3, end: 12, newText: 'y' }]));
  findings.push(finding(20, [{ start: 20, end: 24, newText: 'z' }]));
  findings.push(finding(32, [{ start: 32, end: 32, newText: 'w' }]));
  findings.push(finding(6, [{ start: 6, end: 8, newText: 'v' }, { start: 50_001, end: 50_001, newText: 'end' }]));
  const { edits, applied } = safeFixEdits(findings);
  assert.equal(applied.length, 5_001);
  assert.equal(edits.length, 5_002);
  assert.deepEqual(edits.slice(-2), [{ start: 6, end: 8, newText: 'v' }, { start: 50_001, end: 50_001, newText: 'end' }]);
  assert.ok(counter.reads < 20 * 5_000, `offsets read ${counter.reads} times`);
});
