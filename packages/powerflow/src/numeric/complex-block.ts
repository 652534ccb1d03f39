// Dense complex m×m blocks stored interleaved (re, im) in row-major order inside Float64Arrays.
// A block starting at offset `o` has element (r, c) at o + 2·(r·m + c). All kernels work in place
// on caller-provided buffers so the solver's hot loops never allocate.

/** Number of doubles used by one complex m×m block. */
export function blockSize(m: number): number {
  return 2 * m * m;
}

/** dst[do..] = 0 for one block. */
export function blockZero(dst: Float64Array, d: number, m: number): void {
  dst.fill(0, d, d + 2 * m * m);
}

/** dst[d..] = src[s..] for one block. */
export function blockCopy(src: Float64Array, s: number, dst: Float64Array, d: number, m: number): void {
  dst.set(src.subarray(s, s + 2 * m * m), d);
}

/** dst[d..] += sign · src[s..]. */
export function blockAdd(
  src: Float64Array,
  s: number,
  dst: Float64Array,
  d: number,
  m: number,
  sign = 1,
): void {
  const n = 2 * m * m;
  for (let i = 0; i < n; i++) dst[d + i]! += sign * src[s + i]!;
}

/** C = A·B (C must not alias A or B). With `accumulate`, C += sign·A·B instead. */
export function blockMul(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  c: Float64Array,
  co: number,
  m: number,
  accumulate = false,
  sign = 1,
): void {
  for (let r = 0; r < m; r++) {
    for (let col = 0; col < m; col++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < m; k++) {
        const ia = ao + 2 * (r * m + k);
        const ib = bo + 2 * (k * m + col);
        const ar = a[ia]!;
        const ai = a[ia + 1]!;
        const br = b[ib]!;
        const bi = b[ib + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      const ic = co + 2 * (r * m + col);
      if (accumulate) {
        c[ic]! += sign * re;
        c[ic + 1]! += sign * im;
      } else {
        c[ic] = re;
        c[ic + 1] = im;
      }
    }
  }
}

/**
 * C (+)= sign · Eᵀ · A · E where E is a real m×m matrix (row-major, offset eo) and A complex.
 * Used to reflect a downstream equivalent through an ideal voltage transformation V_child = E·V_parent.
 */
export function blockCongruenceReal(
  e: Float64Array,
  eo: number,
  a: Float64Array,
  ao: number,
  c: Float64Array,
  co: number,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    for (let col = 0; col < m; col++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < m; i++) {
        const eir = e[eo + i * m + r]!;
        if (eir === 0) continue;
        for (let j = 0; j < m; j++) {
          const ejc = e[eo + j * m + col]!;
          if (ejc === 0) continue;
          const ia = ao + 2 * (i * m + j);
          const w = eir * ejc;
          re += w * a[ia]!;
          im += w * a[ia + 1]!;
        }
      }
      const ic = co + 2 * (r * m + col);
      c[ic]! += re;
      c[ic + 1]! += im;
    }
  }
}

/**
 * Inverts a complex m×m block by Gauss–Jordan elimination with partial pivoting.
 * `work` must hold at least 4·m·m doubles. Returns false when the block is singular.
 */
export function blockInvert(
  src: Float64Array,
  s: number,
  dst: Float64Array,
  d: number,
  m: number,
  work: Float64Array,
): boolean {
  const w = 2 * m; // augmented row width in complex entries
  // work holds [A | I] with 2m complex columns per row.
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const iw = 2 * (r * w + c);
      const is = s + 2 * (r * m + c);
      work[iw] = src[is]!;
      work[iw + 1] = src[is + 1]!;
      const ii = 2 * (r * w + m + c);
      work[ii] = r === c ? 1 : 0;
      work[ii + 1] = 0;
    }
  }
  for (let col = 0; col < m; col++) {
    let pivot = col;
    let best = -1;
    for (let r = col; r < m; r++) {
      const i = 2 * (r * w + col);
      const mag = work[i]! * work[i]! + work[i + 1]! * work[i + 1]!;
      if (mag > best) {
        best = mag;
        pivot = r;
      }
    }
    if (!(best > 0) || !Number.isFinite(best)) return false;
    if (pivot !== col) {
      for (let c = 0; c < 2 * w; c++) {
        const a = 2 * col * w + c;
        const b = 2 * pivot * w + c;
        const t = work[a]!;
        work[a] = work[b]!;
        work[b] = t;
      }
    }
    const ip = 2 * (col * w + col);
    const pr = work[ip]!;
    const pi = work[ip + 1]!;
    const den = pr * pr + pi * pi;
    const invR = pr / den;
    const invI = -pi / den;
    for (let c = 0; c < w; c++) {
      const i = 2 * (col * w + c);
      const xr = work[i]!;
      const xi = work[i + 1]!;
      work[i] = xr * invR - xi * invI;
      work[i + 1] = xr * invI + xi * invR;
    }
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const ifac = 2 * (r * w + col);
      const fr = work[ifac]!;
      const fi = work[ifac + 1]!;
      if (fr === 0 && fi === 0) continue;
      for (let c = 0; c < w; c++) {
        const it = 2 * (r * w + c);
        const ipv = 2 * (col * w + c);
        const vr = work[ipv]!;
        const vi = work[ipv + 1]!;
        work[it]! -= fr * vr - fi * vi;
        work[it + 1]! -= fr * vi + fi * vr;
      }
    }
  }
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const ii = 2 * (r * w + m + c);
      const id = d + 2 * (r * m + c);
      dst[id] = work[ii]!;
      dst[id + 1] = work[ii + 1]!;
    }
  }
  return true;
}

/** Solves the dense complex system A·x = b (n×n, in place, A destroyed); returns false if singular. */
export function denseSolveInPlace(a: Float64Array, b: Float64Array, n: number, nrhs: number): boolean {
  // a: n×n complex; b: n×nrhs complex (row-major). Gaussian elimination with partial pivoting.
  for (let col = 0; col < n; col++) {
    let pivot = col;
    let best = -1;
    for (let r = col; r < n; r++) {
      const i = 2 * (r * n + col);
      const mag = a[i]! * a[i]! + a[i + 1]! * a[i + 1]!;
      if (mag > best) {
        best = mag;
        pivot = r;
      }
    }
    if (!(best > 0)) return false;
    if (pivot !== col) {
      for (let c = 0; c < 2 * n; c++) swap(a, 2 * col * n + c, 2 * pivot * n + c);
      for (let c = 0; c < 2 * nrhs; c++) swap(b, 2 * col * nrhs + c, 2 * pivot * nrhs + c);
    }
    const ip = 2 * (col * n + col);
    const pr = a[ip]!;
    const pi = a[ip + 1]!;
    const den = pr * pr + pi * pi;
    for (let r = col + 1; r < n; r++) {
      const ir = 2 * (r * n + col);
      const xr = a[ir]!;
      const xi = a[ir + 1]!;
      if (xr === 0 && xi === 0) continue;
      const fr = (xr * pr + xi * pi) / den;
      const fi = (xi * pr - xr * pi) / den;
      for (let c = col; c < n; c++) {
        const it = 2 * (r * n + c);
        const is = 2 * (col * n + c);
        a[it]! -= fr * a[is]! - fi * a[is + 1]!;
        a[it + 1]! -= fr * a[is + 1]! + fi * a[is]!;
      }
      for (let c = 0; c < nrhs; c++) {
        const it = 2 * (r * nrhs + c);
        const is = 2 * (col * nrhs + c);
        b[it]! -= fr * b[is]! - fi * b[is + 1]!;
        b[it + 1]! -= fr * b[is + 1]! + fi * b[is]!;
      }
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    const ip = 2 * (r * n + r);
    const pr = a[ip]!;
    const pi = a[ip + 1]!;
    const den = pr * pr + pi * pi;
    for (let c = 0; c < nrhs; c++) {
      const ib = 2 * (r * nrhs + c);
      let sr = b[ib]!;
      let si = b[ib + 1]!;
      for (let k = r + 1; k < n; k++) {
        const ia = 2 * (r * n + k);
        const ix = 2 * (k * nrhs + c);
        sr -= a[ia]! * b[ix]! - a[ia + 1]! * b[ix + 1]!;
        si -= a[ia]! * b[ix + 1]! + a[ia + 1]! * b[ix]!;
      }
      b[ib] = (sr * pr + si * pi) / den;
      b[ib + 1] = (si * pr - sr * pi) / den;
    }
  }
  return true;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}
