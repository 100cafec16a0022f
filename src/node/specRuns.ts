/** Which spec a run folder belongs to (src/extension/session/specRunLinks.ts) over node:path: the CLI and the Node extension host. */
import * as path from 'node:path';
import { specRunLinks } from '../extension/session/specRunLinks';

export const { specFileFrom, linkedSpecPath, specRunsNewestFirst } = specRunLinks(path, process.platform === 'win32');
