// The few assertions the web tests need (node:assert is a Node built-in, absent from a web worker).

class AssertionError extends Error {
  override name = 'AssertionError';
}

export function ok(value: unknown, message = `expected a truthy value, got ${String(value)}`): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
