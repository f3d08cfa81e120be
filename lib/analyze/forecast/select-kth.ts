/**
 * The k-th smallest value (0-based) of `a`, by Hoare quickselect with a median-of-three pivot:
 * O(n) expected, against O(n log n) for sorting the n² pairwise slopes of a Theil-Sen fit when
 * only five order statistics are needed. Reorders `a` in place; any order is a valid input, so
 * successive calls on the same array are independent.
 */
export function selectKth(a: Float64Array, k: number): number {
  if (k < 0 || k >= a.length) throw new RangeError(`k=${k} outside 0..${a.length - 1}`);
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
