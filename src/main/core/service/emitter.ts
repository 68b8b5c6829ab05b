import type { EventMap, EventName } from '../../../shared/results';

/** A tiny typed pub/sub for the service's outgoing events (hosts fan them out). */
export class EventHub {
  private readonly subs = new Map<EventName, Set<(d: never) => void>>();

  on<E extends EventName>(event: E, cb: (d: EventMap[E]) => void): () => void {
    let set = this.subs.get(event);
    if (!set) this.subs.set(event, (set = new Set()));
    set.add(cb as (d: never) => void);
    return () => set.delete(cb as (d: never) => void);
  }

  emit<E extends EventName>(event: E, data: EventMap[E]): void {
    for (const cb of this.subs.get(event) ?? []) {
      try {
        (cb as (d: EventMap[E]) => void)(data);
      } catch {
        // A failing subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }
}
