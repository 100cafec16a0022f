import { strict as assert } from 'node:assert';
import { LineIndex, MAX_NESTING, parseSpecText, validateSpec } from '../../../src/engine/spec';
import { at, expectOne, specWith } from './helpers';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('spec parsing', () => {
  it('accepts comments (line and block) and trailing commas', () => {
    const { text } = specWith({ 3: '  /* seed */ "seed": 1, // fixed', 13: '  "training": { "epochs": 100, "batchSize": 16, },' });
    const parsed = parseSpecText(text);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.spec?.seed, 1);
    assert.equal(parsed.tree?.type, 'object');
  });

  it('a missing comma is a syntax error at the next property, and withholds the spec', () => {
    const { text, lines } = specWith({ 2: '  "name": "xor"' });
    const parsed = parseSpecText(text);
    assert.equal(parsed.spec, undefined);
    const d = expectOne(parsed.diagnostics, 'syntax-error', 'error', [], at(lines, 3, '"seed"'));
    assert.match(d.message, /Expected "," between entries/);
  });

  it('single quotes, NaN and a truncated text are syntax errors with exact ranges', () => {
    const quotes = specWith({ 2: "  'name': \"xor\"," });
    assert.deepEqual(parseSpecText(quotes.text).diagnostics[0].range, at(quotes.lines, 2, "'name'"));
    const nan = specWith({ 3: '  "seed": NaN,' });
    const d = parseSpecText(nan.text).diagnostics[0];
    assert.equal(d.code, 'syntax-error');
    assert.deepEqual(d.range, at(nan.lines, 3, 'NaN'));
    const truncated = validateSpec('{\n  "data": { "builtin": "xor"');
    assert.ok(truncated.length >= 1 && truncated.every((x) => x.code === 'syntax-error'), JSON.stringify(truncated));
    assert.deepEqual(truncated[0].range, range(1, 28, 1, 28), "at the end of the text");
  });

  it('several syntax errors are each reported at their own place', () => {
    const { text, lines } = specWith({ 2: '  "name": "xor"', 11: '  "init": "xavier"' });
    const diagnostics = validateSpec(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [['syntax-error', at(lines, 3, '"seed"')], ['syntax-error', at(lines, 12, '"optimizer"')]]);
  });

  it('one typo is one syntax error: an unclosed string or a stray character does not cascade', () => {
    for (const [typo, line] of [['  "name": "xor,', 2], ["  'name': \"xor\",", 2], ['  "name": xor",', 2], ['  "seed": 1 }},', 3]] as const) {
      const { text } = specWith({ [line]: typo });
      const diagnostics = validateSpec(text);
      assert.equal(diagnostics.length, 1, `${typo}: ${diagnostics.map((d) => d.message).join(' | ')}`);
      assert.equal(diagnostics[0].range.start.line, line, typo);
    }
  });

  it('an unterminated string is reported where it starts', () => {
    const d = validateSpec('{ "name": "xor\n}');
    assert.equal(d[0].code, 'syntax-error');
    assert.match(d[0].message, /Unterminated string/);
    assert.deepEqual(d[0].range.start, { line: 0, character: 10 });
  });

  it('empty, whitespace-only and comment-only files: one empty-file error', () => {
    for (const text of ['', '   \n\n', '// nothing yet\n/* still nothing */']) {
      const diagnostics = validateSpec(text);
      assert.deepEqual(diagnostics.map((d) => d.code), ['empty-file'], JSON.stringify(text));
      assert.deepEqual(diagnostics[0].range.start, { line: 0, character: 0 });
    }
  });

  it('a non-object root: root-not-object on the whole value', () => {
    assert.deepEqual(validateSpec('[1, 2]').map((d) => [d.code, d.range]), [['root-not-object', range(0, 0, 0, 6)]]);
    assert.deepEqual(validateSpec('  42').map((d) => [d.code, d.range]), [['root-not-object', range(0, 2, 0, 4)]]);
    assert.deepEqual(validateSpec('null').map((d) => d.code), ['root-not-object']);
  });

  it('ranges count lines across \\r\\n and \\r and characters in UTF-16 units', () => {
    const crlf = '{\r\n  "seed": "one",\r\n}';
    const d = validateSpec(crlf).find((x) => x.code === 'wrong-type');
    assert.deepEqual(d?.range, range(1, 10, 1, 15));
    const cr = '{\r  "seed": "one",\r}';
    assert.deepEqual(validateSpec(cr).find((x) => x.code === 'wrong-type')?.range, range(1, 10, 1, 15));
    const emoji = '{ "name": "🧠", "seed": "x" }';
    assert.deepEqual(validateSpec(emoji).find((x) => x.code === 'wrong-type')?.range, range(0, 24, 0, 27));
  });

  it('LineIndex clamps offsets outside the text', () => {
    const lines = new LineIndex('ab\ncd');
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 2 });
  });

  it('deeply nested junk (100,000 levels) is refused where the nesting gets too deep, without overflowing the stack', () => {
    const depth = 100_000;
    const text = `{ "layers": ${'['.repeat(depth)}${']'.repeat(depth)} }`;
    const diagnostics = validateSpec(text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['too-deep']);
    const offset = '{ "layers": '.length + MAX_NESTING - 1;
    assert.deepEqual(diagnostics[0].range, range(0, offset, 0, offset + 1));
    assert.doesNotThrow(() => parseSpecText(`${'{"a":'.repeat(depth)}`));
  });

  it('nesting up to the limit is parsed normally', () => {
    const text = `{ "x": ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)} }`;
    const codes = validateSpec(text).map((d) => d.code);
    assert.ok(!codes.includes('too-deep'), codes.join());
    assert.ok(codes.includes('unknown-property'));
  });

  // How long these take is measured by `npm run bench` (section f), not asserted here.
  it('a 10 MB file is refused with one clear error', () => {
    const text = `{ "name": "${'x'.repeat(10 * 1024 * 1024)}" }`;
    const diagnostics = validateSpec(text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['spec-too-large']);
    assert.match(diagnostics[0].message, /10\.5 million characters/);
  });

  it('a large but allowed spec (a 900 kB array of junk) is handled, with the problem count capped', () => {
    const junk = Array.from({ length: 90_000 }, (_, i) => i).join(',');
    const text = `{ "layers": [${junk}] }`;
    const diagnostics = validateSpec(text);
    assert.ok(diagnostics.length <= 101, `${diagnostics.length} diagnostics`);
    assert.equal(diagnostics[diagnostics.length - 1].code, 'too-many-problems');
  });
});
