// A bounded table of counts keyed by integers (open addressing, linear probing), kept in plain
// arrays so the detector state serialises as JSON. Memory is fixed by the capacity: when the
// table is 3/4 full every count is halved, as often as needed until at most half the slots are
// used, and counts that fall under 1 are forgotten — old, rare evidence goes first. A present
// key always has a count >= 1, so a zero count marks an empty slot.

export type CountTable = { keys: number[]; counts: number[]; size: number };

const maxKey = 1 << 30;

export function createCountTable(capacity: number): CountTable {
  const slots = 1 << Math.ceil(Math.log2(Math.max(capacity, 16)));
  return { keys: new Array<number>(slots).fill(0), counts: new Array<number>(slots).fill(0), size: 0 };
}

/** Keys outside ±2^30 share the edge key: they are all "far beyond anything seen". */
export function clampKey(key: number): number {
  return key > maxKey ? maxKey : key < -maxKey ? -maxKey : key;
}

function slotOf(table: CountTable, key: number): number {
  const mask = table.keys.length - 1;
  let i = Math.imul(key | 0, 0x9e3779b1) >>> 0;
  i &= mask;
  while (table.counts[i] !== 0 && table.keys[i] !== key) i = (i + 1) & mask;
  return i;
}

export function countOf(table: CountTable, key: number): number {
  return table.counts[slotOf(table, key)] as number;
}

/** Adds one to the key's count; returns the count it had before (0 for a new key). */
export function bumpCount(table: CountTable, key: number): number {
  const i = slotOf(table, key);
  const c = table.counts[i] as number;
  if (c !== 0) {
    table.counts[i] = c + 1;
    return c;
  }
  table.keys[i] = key;
  table.counts[i] = 1;
  table.size++;
  if (table.size * 4 >= table.keys.length * 3) age(table);
  return 0;
}

function age(table: CountTable): void {
  const keys = table.keys.slice();
  const counts = table.counts.slice();
  let factor = 1;
  let kept = table.size;
  while (kept * 2 > keys.length) {
    factor *= 0.5;
    kept = 0;
    for (const c of counts) if (c * factor >= 1) kept++;
  }
  table.keys.fill(0);
  table.counts.fill(0);
  table.size = 0;
  for (let j = 0; j < keys.length; j++) {
    const c = (counts[j] as number) * factor;
    if (c < 1) continue;
    const i = slotOf(table, keys[j] as number);
    table.keys[i] = keys[j] as number;
    table.counts[i] = c;
    table.size++;
  }
}
