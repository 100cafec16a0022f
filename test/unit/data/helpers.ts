/** Shared test helpers for the data loaders. */
import assert from 'node:assert/strict';
import { DataError } from '../../../src/engine/data/dataset';

/** Runs fn, asserts it throws a DataError, and returns it for further checks. */
function dataErrorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a DataError, nothing was thrown');
}

/** Asserts fn throws a DataError at `line` (and `column` when given) whose message matches `pattern`. */
export function assertDataError(fn: () => unknown, where: { line?: number; column?: number; file?: string }, pattern: RegExp): DataError {
  const error = dataErrorOf(fn);
  assert.match(error.message, pattern);
  if (where.line !== undefined) assert.equal(error.line, where.line, `line of: ${error.message}`);
  if (where.column !== undefined) assert.equal(error.column, where.column, `column of: ${error.message}`);
  if (where.file !== undefined) assert.equal(error.file, where.file, `file of: ${error.message}`);
  return error;
}
