// Brent's root finder exactly as R's uniroot runs it (R_zeroin2 in src/library/stats/src/zeroin.c,
// after Brent 1973, "Algorithms for Minimization Without Derivatives", ch. 4).
//
// The Wilcoxon interval is the root of a step function, so the answer is wherever this iteration
// happens to stop inside the step's tolerance band; reproducing R to 1e-6 means reproducing the
// iteration itself, step for step, not merely finding some root.

const DBL_EPSILON = 2.220446049250313e-16;

/** A root of f in [lower, upper] given f(lower) and f(upper) of opposite sign, to within
 * 2·eps·|x| + tol/2. Returns the last iterate if maxIterations is exhausted, as R does. */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  fLower: number,
  fUpper: number,
  tol: number,
  maxIterations = 1000,
): number {
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;

  for (let iter = maxIterations + 1; iter > 0; iter--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }

    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
