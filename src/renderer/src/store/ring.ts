/** Fixed-capacity FIFO: pushing past capacity drops the oldest item. O(1) push, no reallocation. */
export class RingBuffer<T> {
  private buf: Array<T | undefined>;
  private head = 0; // index of the oldest item
  private len = 0;
  private total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.buf = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.len;
  }

  /** How many items were ever pushed: a cheap change marker for memoized views. */
  get pushes(): number {
    return this.total;
  }

  push(item: T): void {
    this.total++;
    if (this.len < this.capacity) {
      this.buf[(this.head + this.len) % this.capacity] = item;
      this.len++;
    } else {
      this.buf[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** i = 0 is the oldest; negative i counts from the newest (-1 = newest). */
  at(i: number): T | undefined {
    const idx = i < 0 ? this.len + i : i;
    if (idx < 0 || idx >= this.len) return undefined;
    return this.buf[(this.head + idx) % this.capacity];
  }

  last(): T | undefined {
    return this.at(-1);
  }

  toArray(): T[] {
    const out: T[] = new Array(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.buf[(this.head + i) % this.capacity] as T;
    return out;
  }

  /** The newest items for which keep() holds, scanning back from the newest until it fails. */
  tailWhile(keep: (item: T) => boolean): T[] {
    let n = 0;
    while (n < this.len && keep(this.buf[(this.head + this.len - 1 - n) % this.capacity] as T)) n++;
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.head + this.len - n + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.buf = new Array<T | undefined>(this.capacity);
    this.head = 0;
    this.len = 0;
    this.total++;
  }
}
