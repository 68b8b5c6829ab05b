import type { TickEvent } from './model';
import type { TableItem, TableSlice } from './table-view';
import { procKey } from './proc-key';

/**
 * A table as it travels: the window's order by key, and only the items the client does not
 * have yet (new to its window, or changed since the frame it has). `base: null` is a full frame.
 */
export interface TableWire extends Omit<TableSlice, 'items'> {
  seq: number;
  base: number | null;
  keys: string[];
  items: TableItem[];
}

export const itemKey = (it: TableItem): string => procKey(it.row.pid, it.row.startTime);

/** The host's side, one per client: remembers what it sent so the next frame carries only changes. */
export class TableEncoder {
  private sent = new Map<string, string>();
  private seq = 0;
  private hasBase = false;

  /** The next frame is a full one (a new subscriber, or a client that may have lost its copy). */
  reset(): void {
    this.sent.clear();
    this.hasBase = false;
  }

  encode(slice: TableSlice): TableWire {
    const { items, ...meta } = slice;
    const next = new Map<string, string>();
    const changed: TableItem[] = [];
    const keys: string[] = [];
    for (const it of items) {
      const k = itemKey(it);
      const json = JSON.stringify(it);
      keys.push(k);
      next.set(k, json);
      if (this.sent.get(k) !== json) changed.push(it);
    }
    const base = this.hasBase ? this.seq : null;
    this.seq++;
    this.sent = next;
    this.hasBase = true;
    return { ...meta, seq: this.seq, base, keys, items: changed };
  }
}

/** The client's side: rebuilds the whole window from the frames, in order. */
export class TableDecoder {
  private have = new Map<string, TableItem>();
  private seq: number | null = null;
  private last: { wire: TableWire; slice: TableSlice } | null = null;

  /** The window as a full slice, or null when a delta does not follow the frame this side has. */
  decode(wire: TableWire): TableSlice | null {
    // The same frame handed to a second listener: decoding it again must not double-apply it.
    if (this.last && (this.last.wire === wire || (wire.seq === this.seq && wire.base !== null))) return this.last.slice;
    if (wire.base !== null && wire.base !== this.seq) return null;
    const have = wire.base === null ? new Map<string, TableItem>() : this.have;
    for (const it of wire.items) have.set(itemKey(it), it);
    const items: TableItem[] = [];
    const next = new Map<string, TableItem>();
    for (const k of wire.keys) {
      const it = have.get(k);
      if (!it) return null;
      items.push(it);
      next.set(k, it);
    }
    this.have = next;
    this.seq = wire.seq;
    const { seq: _s, base: _b, keys: _k, items: _i, ...meta } = wire;
    const slice: TableSlice = { ...meta, items };
    this.last = { wire, slice };
    return slice;
  }
}

/** A tick whose table is on the wire form (what a lean client is sent). */
export type WireTick = Omit<TickEvent, 'table'> & { table?: TableWire };

/**
 * The client side for whole ticks: a tick without a table passes through; a table that cannot
 * be rebuilt (a delta against a frame this side never had) is left out, so the UI shows what it
 * has until the next full frame (every view change asks for one).
 */
export function createTickDecoder(): (t: WireTick) => TickEvent {
  const dec = new TableDecoder();
  const seen = new WeakMap<object, TickEvent>();
  return (t) => {
    if (!t.table) return t as TickEvent;
    const cached = seen.get(t);
    if (cached) return cached;
    const slice = dec.decode(t.table);
    const { table: _t, ...rest } = t;
    const out: TickEvent = slice ? { ...rest, table: slice } : rest;
    seen.set(t, out);
    return out;
  };
}
