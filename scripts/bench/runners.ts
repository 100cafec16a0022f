/** Entry point of one benchmark child process: `runners <what> [args]`, prints one JSON line. */
import { writeFileSync } from 'node:fs';
import type { Precision } from '../../src/engine/spec/types';
import { fashionSpec } from './common';
import { runFast, runReference } from './fashion';
import { runGemm, runGemmTfjs } from './gemm';
import { runAccuracy, runMonitor } from './monitor';
import { runControls } from './controls';
import { runSmallBrain, runSmallOurs } from './small';
import { runBrowserEpochs, runNodeEpochs } from './web-run';

/** TensorFlow.js is imported only by its own runners, so it does not weigh on the others' memory. */
const tfjs = (): Promise<typeof import('./tfjs')> => import('./tfjs');

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  const num = (i: number, fallback: number): number => (args[i] === undefined ? fallback : Number(args[i]));
  switch (what) {
    case 'fast': return runFast(args[0] as Precision, num(1, 1), num(2, 3));
    case 'reference': return runReference(num(0, 40));
    case 'monitor': return runMonitor(args[0] as Precision, num(1, 1), num(2, 2));
    case 'tfjs': return (await tfjs()).runTfjsFashion(args[0] as 'wasm' | 'cpu', num(1, 60));
    case 'small': return runSmallOurs(args[0] as 'fast' | 'reference', args[1] as Precision, num(2, 2));
    case 'small-brain': return runSmallBrain(num(0, 2));
    case 'small-tfjs': return (await tfjs()).runTfjsSmall(args[0] as 'wasm' | 'cpu', num(1, 2));
    case 'write-spec': {
      // As a user writes it: no "threads", so the CLI uses the machine's cores.
      const spec = fashionSpec(args[1] as Precision);
      delete spec.training.threads;
      return writeFileSync(args[0], JSON.stringify(spec, null, 2));
    }
    case 'gemm': return runGemm();
    case 'gemm-tfjs': return runGemmTfjs();
    case 'controls': return runControls(args[0] as Precision, num(1, 2), num(2, 40));
    case 'web-node': return runNodeEpochs(args[0], args[1] === 'quick');
    case 'web-browser': return runBrowserEpochs(args[0], args[1] === 'quick');
    case 'accuracy': return runAccuracy(args[0], num(1, 0.885));
    default: throw new Error(`unknown runner "${what}"`);
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
