import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;

/** A node EventEmitter whose event names and payloads are checked by the compiler. */
export class TypedEmitter<M extends { [K in keyof M]: unknown }> extends EventEmitter {
  constructor() {
    super();
    // Several hosts and tests may listen at once; that is not a leak.
    this.setMaxListeners(0);
  }

  override on<K extends keyof M & string>(event: K, fn: (data: M[K]) => void): this {
    return super.on(event, fn as Listener);
  }

  override once<K extends keyof M & string>(event: K, fn: (data: M[K]) => void): this {
    return super.once(event, fn as Listener);
  }

  override off<K extends keyof M & string>(event: K, fn: (data: M[K]) => void): this {
    return super.off(event, fn as Listener);
  }

  override emit<K extends keyof M & string>(event: K, data: M[K]): boolean {
    return super.emit(event, data);
  }
}
