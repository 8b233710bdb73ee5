// Exact orientation of three points: the sign of (a − c) × (b − c), never wrong through rounding.
// A floating-point filter (Shewchuk's error bound) answers almost every call; only when the points
// are so close to collinear that rounding could flip the sign is the determinant recomputed exactly
// with BigInt. Exactness is what lets a point on a shared border be "on the boundary" of both grids,
// and a point a hair off it be inside exactly one.

const EPSILON = 2 ** -53;
const CCW_ERRBOUND_A = (3 + 16 * EPSILON) * EPSILON;

/**
 * Positive when a, b, c turn counter-clockwise (c lies left of a→b), negative when clockwise, zero
 * when exactly collinear. Only the sign is exact; the magnitude is approximate.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  let detSum: number;
  if (detLeft > 0) {
    if (detRight <= 0) return det;
    detSum = detLeft + detRight;
  } else if (detLeft < 0) {
    if (detRight >= 0) return det;
    detSum = -detLeft - detRight;
  } else {
    // detLeft is exactly zero (a difference of doubles rounds to zero only when they are equal), so
    // the sign is the sign of -detRight, which is exact.
    return det;
  }
  const bound = CCW_ERRBOUND_A * detSum;
  if (det >= bound || -det >= bound) return det;
  return orient2dExact(ax, ay, bx, by, cx, cy);
}

const view = new DataView(new ArrayBuffer(8));

/** x · 2^1074 as an exact integer: every finite double is an integer multiple of 2^-1074. */
function scaled(x: number): bigint {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let shift = 0;
  if (exponent !== 0) {
    mantissa |= 1n << 52n;
    shift = exponent - 1;
  }
  const v = mantissa << BigInt(shift);
  return hi >>> 31 ? -v : v;
}

function orient2dExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  if (![ax, ay, bx, by, cx, cy].every(Number.isFinite)) return Number.NaN;
  const Cx = scaled(cx);
  const Cy = scaled(cy);
  const det = (scaled(ax) - Cx) * (scaled(by) - Cy) - (scaled(ay) - Cy) * (scaled(bx) - Cx);
  return det > 0n ? Number.MIN_VALUE : det < 0n ? -Number.MIN_VALUE : 0;
}

/** Whether c lies on the closed segment a–b, exactly. */
export function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  if (cx < Math.min(ax, bx) || cx > Math.max(ax, bx) || cy < Math.min(ay, by) || cy > Math.max(ay, by)) return false;
  return orient2d(ax, ay, bx, by, cx, cy) === 0;
}
