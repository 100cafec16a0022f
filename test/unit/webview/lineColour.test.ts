// Chart line colours against the editor background: VS Code's Light Modern and Dark Modern leave charts.orange at its
// default, the translucent find-match highlight #ea5c0055, which drew the second run pale peach on white (~1.5:1)
// and dark brown on #1f1f1f (~1.4:1) in Compare Runs' docs/images/compare-{light,dark}.png.
import * as assert from 'node:assert/strict';
import { contrastRatio, MIN_LINE_CONTRAST, parseColour, readableLineColour } from '../../../media/lib/lineColour';
import { installDom } from './domEnvironment';

const MODERN = {
  light: { background: '#FFFFFF', foreground: '#3B3B3B' },
  dark: { background: '#1F1F1F', foreground: '#CCCCCC' },
} as const;

/** The contrast a colour shows on the background once drawn (a translucent colour is blended onto it first). */
function shownContrast(colour: string, background: string): number {
  const [c, bg] = [parseColour(colour)!, parseColour(background)!];
  const over = [0, 1, 2].map((k) => c[k] * c[3] + bg[k] * (1 - c[3])) as [number, number, number];
  return contrastRatio(over, [bg[0], bg[1], bg[2]]);
}

describe('Chart line colours', () => {
  it('parses #rgb, #rgba, #rrggbb, #rrggbbaa and rgb()/rgba(); anything else is null', () => {
    assert.deepEqual(parseColour('#ea5c0055'), [234, 92, 0, 85 / 255]);
    assert.deepEqual(parseColour('#FFF'), [255, 255, 255, 1]);
    assert.deepEqual(parseColour('#0008'), [0, 0, 0, 136 / 255]);
    assert.deepEqual(parseColour('rgba(1, 2, 3, 0.5)'), [1, 2, 3, 0.5]);
    assert.deepEqual(parseColour('rgb(4 5 6)'), [4, 5, 6, 1]);
    assert.equal(parseColour('orange'), null);
  });

  it('WCAG contrast: black on white is 21, a colour on itself is 1', () => {
    assert.equal(contrastRatio([0, 0, 0], [255, 255, 255]), 21);
    assert.equal(contrastRatio([209, 134, 22], [209, 134, 22]), 1);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} Modern: the translucent charts.orange becomes an opaque line of ≥ ${MIN_LINE_CONTRAST}:1 on the editor`, () => {
      const { background, foreground } = MODERN[theme];
      assert.ok(shownContrast('#ea5c0055', background) < 2, 'the theme colour as it is reads poorly');
      const line = readableLineColour('#ea5c0055', background, foreground);
      assert.equal(parseColour(line)![3], 1, line);
      assert.ok(shownContrast(line, background) >= MIN_LINE_CONTRAST, `${line}: ${shownContrast(line, background).toFixed(2)}:1`);
    });
  }

  it('an opaque colour that already reads is kept; one that does not is moved toward the foreground', () => {
    assert.equal(readableLineColour('#388A34', '#FFFFFF', '#3B3B3B'), 'rgb(56, 138, 52)');
    const yellow = readableLineColour('#ffd700', '#FFFFFF', '#3B3B3B');
    assert.ok(shownContrast(yellow, '#FFFFFF') >= MIN_LINE_CONTRAST, yellow);
    assert.notEqual(yellow, 'rgb(59, 59, 59)', 'still a colour, not the foreground');
    assert.equal(readableLineColour('orange', '#FFFFFF', '#3B3B3B'), 'orange', 'an unparsed colour is left to CSS');
  });
});

describe('chartTheme in a webview', () => {
  let dom: ReturnType<typeof installDom>;
  before(() => { dom = installDom('vscode-light'); });
  after(() => dom.uninstall());

  it('series colours contrast with --vscode-editor-background (Light Modern charts.orange)', async () => {
    const { chartTheme } = await import('../../../media/lib/theme');
    for (const [name, value] of [['--vscode-editor-background', '#FFFFFF'], ['--vscode-foreground', '#3B3B3B'], ['--vscode-charts-orange', '#ea5c0055']]) {
      document.body.style.setProperty(name, value);
    }
    const series = chartTheme().series;
    assert.ok(series.every((c) => shownContrast(c, '#FFFFFF') >= MIN_LINE_CONTRAST), JSON.stringify(series));
  });
});
