// Types of what the unit tests and the TypeScript bench runners import from paths.mjs.
export const node24Bin: string;
export const node24Dir: string;
export const CHROMIUM_PATH: string;
