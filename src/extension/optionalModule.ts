/** Optional parts of the bundle (the monitor): absent is fine, a module that is there but fails to load is logged. */

/** `load()`'s module, or undefined when the module `name` itself is missing; any other failure goes to `log.error`. */
export function loadOptionalModule<T>(name: string, load: () => unknown, log: { error(message: string): void }): T | undefined {
  try {
    return load() as T;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const absent = e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${name}'`);
    if (!absent) log.error(`${name} failed to load: ${e?.stack ?? String(error)}`);
    return undefined;
  }
}
