// Types of what the unit tests import from setup.mjs (plain Node ESM, run without a compiler).
export interface Host { node24Bin: string; codeServerEntry: string; chromiumPath: string }
export function ensureHost(log?: (line: string) => void): Promise<Host>;
export function node24InstallEnv(parentEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function codeServerInstallEnv(parentEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
