import { describe, expect, it } from 'vitest';
import { droppedMessage, LineRateLimiter, parseProtocolLine } from '../../../../src/main/core/scenarios/protocol';

describe('parseProtocolLine', () => {
  it('parses every known event', () => {
    expect(parseProtocolLine('{"ev":"progress","done":3,"total":12}')).toEqual({
      type: 'output',
      kind: 'progress',
      data: { done: 3, total: 12 },
    });
    expect(parseProtocolLine('{"ev":"metric","name":"tickets_left","value":2}')).toEqual({
      type: 'output',
      kind: 'metric',
      data: { name: 'tickets_left', value: 2 },
    });
    expect(parseProtocolLine('{"ev":"mark","label":"lock A acquired","tid":1234}')).toEqual({
      type: 'output',
      kind: 'mark',
      text: 'lock A acquired',
      data: { tid: 1234 },
    });
    expect(parseProtocolLine('{"ev":"result","wall_ms":5700,"model":"threads"}')).toEqual({
      type: 'output',
      kind: 'result',
      data: { wall_ms: 5700, model: 'threads' },
    });
    expect(parseProtocolLine('{"ev":"daemon","pid":4321}')).toEqual({ type: 'daemon', pid: 4321 });
    expect(parseProtocolLine('  {"ev":"log","msg":"hello"}  ')).toEqual({ type: 'output', kind: 'log', text: 'hello' });
  });

  it('turns malformed or untrusted lines into log text', () => {
    const asLog = (l: string) => expect(parseProtocolLine(l)).toEqual({ type: 'output', kind: 'log', text: l });
    asLog('plain text');
    asLog('{"ev":"progress","done":3');
    asLog('[1,2,3]');
    asLog('{"ev":"progress","done":"3","total":12}');
    asLog('{"ev":"metric","name":"x","value":"NaN"}');
    asLog('{"ev":"mark"}');
    asLog('{"ev":"daemon","pid":1}'); // never let a program point the engine at init
    asLog('{"ev":"daemon","pid":-5}');
    asLog('{"ev":"unknown"}');
    asLog('{"no":"ev"}');
    asLog('null');
  });

  it('caps very long text', () => {
    const p = parseProtocolLine('x'.repeat(10_000));
    expect(p.type === 'output' && p.text!.length).toBeLessThan(4100);
  });
});

describe('LineRateLimiter', () => {
  it('keeps maxPerSec lines per window and counts the rest once', () => {
    const l = new LineRateLimiter(200);
    let kept = 0;
    for (let i = 0; i < 1000; i++) if (l.admit(10_000 + i * 0.1)) kept++;
    expect(kept).toBe(200);
    expect(l.takeDropped(10_500)).toBe(0); // window not over: report later, in one line
    expect(l.takeDropped(11_001)).toBe(800);
    expect(l.takeDropped(11_002)).toBe(0);
    expect(l.admit(11_001)).toBe(true); // a new window
  });

  it('reports at stream end when forced', () => {
    const l = new LineRateLimiter(2);
    [0, 1, 2, 3].forEach((t) => l.admit(t));
    expect(l.takeDropped(4, true)).toBe(2);
    expect(droppedMessage(2, 2)).toBe('[proclab] dropped 2 output lines (more than 2 lines/s or 1 MiB/s)');
  });
});
