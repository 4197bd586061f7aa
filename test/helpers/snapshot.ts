import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { updating } from './paths';

/** Compares `actual` with the file's text, or writes it when snapshots are being updated. */
export function matchSnapshot(file: string, actual: string): void {
  if (updating) {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `missing snapshot ${file}: run UPDATE_SNAPSHOTS=1 npm run test:unit and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${file} differs`);
}
