// How a live event travels in PostgreSQL NOTIFY payloads, which must stay under 8000 bytes.
// Events are split rather than stored and referenced: a reference would need a table, its
// cleanup and a read per replica, for events that are almost always a few dozen bytes. The
// chunks of one event are sent in one statement (one transaction), so they are delivered
// together or not at all.

/** Payload bytes the server accepts (it refuses 8000 and more). */
const maxPayloadBytes = 7_999;

export type NotifyHeader = { origin: string; messageId: string; index: number; count: number };

/** JSON with every non-ASCII character escaped, so a character is a byte and a chunk can be
 * cut anywhere without splitting a UTF-8 sequence. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `origin messageId index count data`: a header of plain tokens, then the chunk as it is. */
export function encodeNotifications(origin: string, messageId: string, event: unknown, maxBytes = maxPayloadBytes): string[] {
  if (/\s/.test(origin) || /\s/.test(messageId)) throw new Error("origin and message id must not contain spaces");
  const json = asciiJson(event);
  // The header grows with the count; a generous fixed allowance keeps the arithmetic simple.
  const room = maxBytes - (origin.length + messageId.length + 32);
  if (room < 64) throw new Error("the notification size leaves no room for data");
  const count = Math.max(1, Math.ceil(json.length / room));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`${origin} ${messageId} ${i} ${count} ${json.slice(i * room, (i + 1) * room)}`);
  return out;
}

export function decodeNotification(payload: string): (NotifyHeader & { data: string }) | null {
  const match = /^(\S+) (\S+) (\d+) (\d+) ([\s\S]*)$/.exec(payload);
  if (!match) return null;
  const index = Number(match[3]);
  const count = Number(match[4]);
  if (count < 1 || index >= count) return null;
  return { origin: match[1]!, messageId: match[2]!, index, count, data: match[5]! };
}

/** Puts chunks back together; a message is returned once, when its last missing chunk
 * arrives. Incomplete messages are bounded (the oldest is dropped past `maxPending`). */
export class ChunkAssembler {
  private readonly pending = new Map<string, { parts: (string | undefined)[]; missing: number }>();

  constructor(private readonly maxPending = 64) {}

  add(chunk: NotifyHeader & { data: string }): string | null {
    if (chunk.count === 1) return chunk.data;
    const key = `${chunk.origin} ${chunk.messageId}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { parts: new Array<string | undefined>(chunk.count), missing: chunk.count };
      this.pending.set(key, entry);
      if (this.pending.size > this.maxPending) this.pending.delete(this.pending.keys().next().value!);
    }
    if (entry.parts.length !== chunk.count || entry.parts[chunk.index] !== undefined) return null;
    entry.parts[chunk.index] = chunk.data;
    entry.missing -= 1;
    if (entry.missing > 0) return null;
    this.pending.delete(key);
    return entry.parts.join("");
  }

  clear(): void {
    this.pending.clear();
  }
}
