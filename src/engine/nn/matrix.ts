/** Dense row-major float64 matrices and the few products backprop needs. */

export class Matrix {
  constructor(readonly rows: number, readonly cols: number, readonly data: Float64Array = new Float64Array(rows * cols)) {
    if (data.length !== rows * cols) throw new Error(`Matrix ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Rows as nested arrays (for JSON). */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  static fromArrays(rows: number[][]): Matrix {
    const m = new Matrix(rows.length, rows.length ? rows[0].length : 0);
    rows.forEach((r, i) => m.data.set(r, i * m.cols));
    return m;
  }
}

function assertShape(ok: boolean, what: string): void {
  if (!ok) throw new Error(`shape mismatch in ${what}`);
}

/** out = A · B */
export function matmulInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  assertShape(A.cols === B.rows && out.rows === A.rows && out.cols === B.cols, 'A·B');
  const { rows: n, cols: p } = A;
  const q = B.cols;
  const a = A.data, b = B.data, o = out.data;
  o.fill(0);
  for (let i = 0; i < n; i++) {
    const oi = i * q;
    for (let k = 0; k < p; k++) {
      const aik = a[i * p + k];
      if (aik === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; j++) o[oi + j] += aik * b[bk + j];
    }
  }
  return out;
}

/** out = Aᵀ · B */
export function matmulTransAInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  assertShape(A.rows === B.rows && out.rows === A.cols && out.cols === B.cols, 'Aᵀ·B');
  const p = A.rows, n = A.cols, q = B.cols;
  const a = A.data, b = B.data, o = out.data;
  o.fill(0);
  for (let k = 0; k < p; k++) {
    const bk = k * q;
    for (let i = 0; i < n; i++) {
      const aki = a[k * n + i];
      if (aki === 0) continue;
      const oi = i * q;
      for (let j = 0; j < q; j++) o[oi + j] += aki * b[bk + j];
    }
  }
  return out;
}

/** out = A · Bᵀ */
export function matmulTransBInto(A: Matrix, B: Matrix, out: Matrix): Matrix {
  assertShape(A.cols === B.cols && out.rows === A.rows && out.cols === B.rows, 'A·Bᵀ');
  const n = A.rows, p = A.cols, q = B.rows;
  const a = A.data, b = B.data, o = out.data;
  for (let i = 0; i < n; i++) {
    const ai = i * p;
    for (let j = 0; j < q; j++) {
      const bj = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) s += a[ai + k] * b[bj + k];
      o[i * q + j] = s;
    }
  }
  return out;
}

/** M[:, c] += v for every column c (adds a bias vector to each sample). */
export function addColumnVectorInPlace(M: Matrix, v: Float64Array): void {
  const { rows, cols, data } = M;
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    const base = i * cols;
    for (let c = 0; c < cols; c++) data[base + c] += vi;
  }
}

/** A ⊙= B (Hadamard product, in place). */
export function hadamardInPlace(A: Matrix, B: Matrix): void {
  assertShape(A.rows === B.rows && A.cols === B.cols, 'A⊙B');
  const a = A.data, b = B.data;
  for (let i = 0; i < a.length; i++) a[i] *= b[i];
}

/** out_i = scale · Σ_c M_ic (row sums). */
export function rowSumsInto(M: Matrix, scale: number, out: Float64Array): Float64Array {
  const { rows, cols, data } = M;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let c = 0; c < cols; c++) s += data[base + c];
    out[i] = s * scale;
  }
  return out;
}

/** A *= s, in place. */
export function scaleInPlace(A: Float64Array, s: number): void {
  for (let i = 0; i < A.length; i++) A[i] *= s;
}
