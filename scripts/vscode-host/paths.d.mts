// Types of what the unit tests import from paths.mjs.
export const node24Bin: string;
export const node24Dir: string;
