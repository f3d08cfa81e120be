// A hand-written scanner for one sample line of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/). It runs once per pushed
// line, so it works on char codes, reuses its label arrays between lines and copies a label
// value only when it holds an escape.

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const EQUALS = 61;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const isMetricStart = (c: number) => isNameStart(c) || c === 58; // ':' is allowed in metric names only
const isMetricChar = (c: number) => isNameChar(c) || c === 58;
const isBlank = (c: number) => c === SPACE || c === TAB;

/** The fields of the last line scanned. `labelNames`/`labelValues` are reused: read the first
 * `labelCount` entries before scanning the next line. */
export class ExpositionLineScanner {
  name = "";
  readonly labelNames: string[] = [];
  readonly labelValues: string[] = [];
  labelCount = 0;
  value = 0;
  /** Milliseconds since the epoch, or undefined when the line carries no timestamp. */
  timestampMs: number | undefined = undefined;

  /** Scans `text[start, end)` (one line, no line feed). Returns null on success or the reason
   * the line is malformed. */
  scan(text: string, start: number, end: number): string | null {
    let i = start;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (!isMetricStart(text.charCodeAt(i))) return "expected a metric name";
    const nameStart = i++;
    while (i < end && isMetricChar(text.charCodeAt(i))) i++;
    this.name = text.slice(nameStart, i);
    this.labelCount = 0;
    this.timestampMs = undefined;
    const afterName = i;
    i = skipBlanks(text, i, end);
    if (i < end && text.charCodeAt(i) === OPEN_BRACE) {
      const after = this.scanLabels(text, i + 1, end);
      if (after < 0) return this.error;
      i = after;
    } else if (i === afterName && i < end) return `invalid character ${quoteChar(text, i)} in metric name`;
    const valueStart = skipBlanks(text, i, end);
    if (valueStart >= end) return "expected a value after the metric name and labels";
    let valueEnd = valueStart;
    while (valueEnd < end && !isBlank(text.charCodeAt(valueEnd))) valueEnd++;
    const value = parseSampleValue(text, valueStart, valueEnd);
    if (value === undefined) return `invalid value "${text.slice(valueStart, valueEnd)}"`;
    this.value = value;
    const tsStart = skipBlanks(text, valueEnd, end);
    if (tsStart >= end) return null;
    let tsEnd = tsStart;
    while (tsEnd < end && !isBlank(text.charCodeAt(tsEnd))) tsEnd++;
    const ts = parseTimestamp(text, tsStart, tsEnd);
    if (ts === undefined)
      return `invalid timestamp "${text.slice(tsStart, tsEnd)}" (expected integer milliseconds)`;
    this.timestampMs = ts;
    if (skipBlanks(text, tsEnd, end) < end) return "unexpected text after the timestamp";
    return null;
  }

  private error = "";

  /** Scans labels after '{'; returns the index after '}' or -1 with `this.error` set. */
  private scanLabels(text: string, start: number, end: number): number {
    let i = skipBlanks(text, start, end);
    while (i < end && text.charCodeAt(i) !== CLOSE_BRACE) {
      if (!isNameStart(text.charCodeAt(i)))
        return this.fail(i < end ? "expected a label name or '}'" : "expected '}'");
      const nameStart = i++;
      while (i < end && isNameChar(text.charCodeAt(i))) i++;
      const labelName = text.slice(nameStart, i);
      i = skipBlanks(text, i, end);
      if (text.charCodeAt(i) !== EQUALS || i >= end) return this.fail("expected '=' after label name");
      i = skipBlanks(text, i + 1, end);
      if (text.charCodeAt(i) !== QUOTE || i >= end)
        return this.fail(`expected '"' to open the value of label "${labelName}"`);
      i++;
      const valueStart = i;
      let escaped = false;
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          escaped = true;
          i += 2;
        } else i++;
      }
      if (i >= end) return this.fail(`unterminated value of label "${labelName}"`);
      let labelValue: string;
      if (escaped) {
        const unescaped = unescapeLabelValue(text, valueStart, i);
        if (unescaped === undefined)
          return this.fail(`invalid escape in the value of label "${labelName}" (only \\\\, \\" and \\n)`);
        labelValue = unescaped;
      } else labelValue = text.slice(valueStart, i);
      for (let k = 0; k < this.labelCount; k++) {
        if (this.labelNames[k] === labelName) return this.fail(`duplicate label "${labelName}"`);
      }
      this.labelNames[this.labelCount] = labelName;
      this.labelValues[this.labelCount] = labelValue;
      this.labelCount++;
      i = skipBlanks(text, i + 1, end);
      const c = text.charCodeAt(i);
      if (i < end && c === COMMA) i = skipBlanks(text, i + 1, end);
      else if (i >= end || c !== CLOSE_BRACE) return this.fail("expected ',' or '}' after a label value");
    }
    if (i >= end) return this.fail("expected '}'");
    return i + 1;
  }

  private fail(reason: string): number {
    this.error = reason;
    return -1;
  }
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

function quoteChar(text: string, i: number): string {
  return JSON.stringify(text.charAt(i)).replace(/^"|"$/g, "'");
}

function unescapeLabelValue(text: string, start: number, end: number): string | undefined {
  let out = "";
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    const next = text.charCodeAt(i + 1);
    const replacement = next === BACKSLASH ? "\\" : next === QUOTE ? '"' : next === 110 ? "\n" : undefined;
    if (replacement === undefined) return undefined;
    out += text.slice(from, i) + replacement;
    from = i + 2;
    i++;
  }
  return out + text.slice(from, end);
}

/** A float as Go's ParseFloat reads it in exposition text, restricted to decimal notation:
 * [+-]digits[.digits][e[+-]digits], or NaN / Inf / +Inf / -Inf (any case). Number() alone
 * would also take "", "0x1F" and "Infinity". */
export function parseSampleValue(text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  const first = text.charCodeAt(i);
  if (first === 43 || first === 45) i++;
  const c = text.charCodeAt(i);
  if (c === 78 || c === 110 || c === 73 || c === 105) {
    const word = text.slice(i, end).toLowerCase();
    if (word === "nan" && i === start) return NaN;
    if (word === "inf") return first === 45 ? -Infinity : Infinity;
    return undefined;
  }
  let digits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (text.charCodeAt(i) | 32) === 101) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    let expDigits = 0;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      expDigits++;
    }
    if (expDigits === 0) return undefined;
  }
  if (i !== end) return undefined;
  return Number(text.slice(start, end));
}

function parseTimestamp(text: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i >= end) return undefined;
  // Accumulated digit by digit (exact below 2^53), cheaper than slicing for Number().
  let ts = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    ts = ts * 10 + (c - 48);
  }
  if (!Number.isSafeInteger(ts)) return undefined;
  return negative ? -ts : ts;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
