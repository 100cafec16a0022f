/** What Export Trained Model… writes from: the run's model and the spec it trained, never the spec file as edited since. */
import type { RunFolderReadFs } from './readRunFolder';
import { SPEC_FILE } from './runFolder';

/** The run Export writes (a RunSession): its worker while active, else its folder. */
export interface ExportableRun {
  readonly isActive: boolean;
  readonly ended: Promise<unknown>;
  readonly runFolder: string | undefined;
  /** The spec text the run started with (what its folder's spec.json holds once written). */
  readonly specText: string | undefined;
  readonly specPath: string;
  requestModel(): Promise<unknown>;
}

/** The model, the spec text it was trained with, and the spec's path (its data paths are relative to it). */
export interface RunToExport { model: unknown; specText: string; specPath: string }

/**
 * An active run: the model live from its worker and the spec it started with. An ended one: its folder's model.json
 * and spec.json (the text it started with when spec.json is not there).
 */
export async function runToExport<U>(run: ExportableRun, fs: RunFolderReadFs<U>, folderOf: (folder: string) => U): Promise<RunToExport> {
  if (run.isActive) return { model: await run.requestModel(), specText: ranSpec(run.specText), specPath: run.specPath };
  await run.ended;
  if (!run.runFolder) throw new Error('the last run saved no model');
  const folder = folderOf(run.runFolder);
  const model = await readText(fs, fs.join(folder, 'model.json'));
  if (model === undefined) throw new Error('the last run saved no model (it failed before training ended)');
  const specText = await readText(fs, fs.join(folder, SPEC_FILE)) ?? ranSpec(run.specText);
  return { model: JSON.parse(model), specText, specPath: run.specPath };
}

function ranSpec(text: string | undefined): string {
  if (text === undefined) throw new Error('the run kept no copy of its spec');
  return text;
}

async function readText<U>(fs: RunFolderReadFs<U>, uri: U): Promise<string | undefined> {
  if (!(await fs.exists(uri))) return undefined;
  return new TextDecoder().decode(await fs.readFile(uri));
}
