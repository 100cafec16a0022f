/** A small WebAssembly binary encoder: enough of the format to emit the fast path's generated kernels. */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Appends the unsigned LEB128 encoding of n. */
function pushUleb(out: number[], n: number): void {
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

/** Appends the signed LEB128 encoding of a 32-bit (or safe 64-bit) integer. */
export function pushSleb(out: number[], n: number): void {
  for (;;) {
    const byte = n & 0x7f;
    n = Math.floor(n / 128);
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function pushName(out: number[], name: string): void {
  const bytes = Array.from(name, (c) => c.charCodeAt(0));
  pushUleb(out, bytes.length);
  out.push(...bytes);
}

/** One function body under construction: locals plus an instruction byte stream. */
export class FunctionBody {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(readonly params: ValType[], readonly results: ValType[]) {}

  /** Declares a new local and returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** Raw bytes (opcodes, immediates). */
  op(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }

  uleb(n: number): this { pushUleb(this.bytes, n); return this; }

  /** Encoded body: local declarations (run-length grouped) then code, then `end`. */
  encode(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body: number[] = [];
    pushUleb(body, groups.length);
    for (const [count, t] of groups) { pushUleb(body, count); body.push(VALTYPE[t]); }
    for (const b of this.bytes) body.push(b);
    body.push(0x0b);
    const out: number[] = [];
    pushUleb(out, body.length);
    return out.concat(body);
  }
}

export interface MemoryImport { initialPages: number; maximumPages: number; shared: boolean }

/** A module: one imported memory ("env"."memory") and exported functions. */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly functions: { typeIndex: number; body: FunctionBody; exportName: string | null }[] = [];

  constructor(private readonly memory: MemoryImport) {}

  /** Adds a function and returns its index (for `call`). */
  addFunction(body: FunctionBody, exportName: string | null): number {
    const signature = body.params.join(',') + '->' + body.results.join(',');
    let typeIndex = this.types.indexOf(signature);
    if (typeIndex < 0) { typeIndex = this.types.length; this.types.push(signature); }
    this.functions.push({ typeIndex, body, exportName });
    return this.functions.length - 1;
  }

  encode(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    section(out, 1, this.encodeTypes());
    section(out, 2, this.encodeImports());
    const funcs: number[] = [];
    pushUleb(funcs, this.functions.length);
    for (const f of this.functions) pushUleb(funcs, f.typeIndex);
    section(out, 3, funcs);
    section(out, 7, this.encodeExports());
    const code: number[] = [];
    pushUleb(code, this.functions.length);
    for (const f of this.functions) for (const b of f.body.encode()) code.push(b);
    section(out, 10, code);
    return new Uint8Array(out);
  }

  private encodeTypes(): number[] {
    const out: number[] = [];
    pushUleb(out, this.types.length);
    for (const signature of this.types) {
      const [params, results] = signature.split('->').map((s) => (s ? (s.split(',') as ValType[]) : []));
      out.push(0x60);
      pushUleb(out, params.length);
      for (const p of params) out.push(VALTYPE[p]);
      pushUleb(out, results.length);
      for (const r of results) out.push(VALTYPE[r]);
    }
    return out;
  }

  private encodeImports(): number[] {
    const out: number[] = [1];
    pushName(out, 'env');
    pushName(out, 'memory');
    out.push(0x02, this.memory.shared ? 0x03 : 0x01);
    pushUleb(out, this.memory.initialPages);
    pushUleb(out, this.memory.maximumPages);
    return out;
  }

  private encodeExports(): number[] {
    const exported = this.functions.map((f, i) => [f.exportName, i] as const).filter(([name]) => name !== null);
    const out: number[] = [];
    pushUleb(out, exported.length);
    for (const [name, index] of exported) {
      pushName(out, name as string);
      out.push(0x00);
      pushUleb(out, index);
    }
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  pushUleb(out, content.length);
  for (const b of content) out.push(b);
}
