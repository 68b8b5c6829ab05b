/**
 * Property-based tests (fast-check) of the two places where untrusted input enters: the command
 * boundary (`parseCommand`, every schema of src/shared/commands.ts) and the NDJSON scenario-line
 * parser. Nothing thrown past either, valid commands round-trip, and no input changes any state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  commandSchemas,
  MAX_TABLE_WINDOW,
  REPORT_FORMATS,
  SIGNAL_ACTIONS,
  type CommandName,
} from '../../../src/shared/commands';
import { SORT_KEY_NAMES } from '../../../src/shared/table-view';
import { HARD_LIMITS, MIN_LIMITS } from '../../../src/shared/outcome';
import { PAGE_LIMITS } from '../../../src/shared/paging';
import { SIGNAL_NAMES } from '../../../src/shared/signals';
import { parseCommand, RESERVED_KEYS } from '../../../src/shared/protocol';
import { parseProtocolLine } from '../../../src/main/core/scenarios/protocol';

const RUNS = { numRuns: 300 };

const runId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const pid = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const str = (minLength: number, maxLength: number) => fc.string({ minLength, maxLength });
// -0 does not survive JSON (it becomes 0), and JSON is how commands travel.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d));
const paramName = str(0, 64).filter((k) => !RESERVED_KEYS.includes(k));
const params = fc.dictionary(paramName, fc.oneof(str(0, 256), finite, fc.boolean()), { maxKeys: 6 });
const runtime = fc.constantFrom('python' as const, 'node' as const);
const limit = (k: keyof typeof HARD_LIMITS) => fc.integer({ min: MIN_LIMITS[k], max: HARD_LIMITS[k] });
const limits = fc.record(
  {
    maxProcs: limit('maxProcs'),
    maxMemBytes: limit('maxMemBytes'),
    maxDurationMs: limit('maxDurationMs'),
    maxOutputLinesPerSec: limit('maxOutputLinesPerSec'),
  },
  { requiredKeys: [] },
);
const coreList = fc
  .array(
    fc.oneof(
      fc.nat(63).map(String),
      fc.tuple(fc.nat(31), fc.nat(31)).map(([a, b]) => `${a}-${a + b}`),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((p) => p.join(','));

/** One generator of valid payloads per command; a command added without one fails the first test. */
const VALID: Record<CommandName, fc.Arbitrary<Record<string, unknown>>> = {
  'app.info': fc.constant({}),
  'scenarios.list': fc.constant({}),
  'run.start': fc.record({ scenarioId: str(1, 64), runtime, params, limits }, { requiredKeys: ['scenarioId', 'runtime', 'params'] }),
  'run.command': fc.record(
    { argv: fc.array(str(0, 40), { minLength: 1, maxLength: 8 }), cwd: str(0, 80), daemon: fc.boolean(), limits },
    { requiredKeys: ['argv'] },
  ),
  'run.code': fc.record(
    { runtime, code: str(1, 400).filter((c) => c.trim().length > 0 && !c.includes('\u0000')), name: str(1, 120) },
    { requiredKeys: ['runtime', 'code'] },
  ),
  'run.stop': fc.record({ runId }),
  'process.signal': fc.oneof(
    fc.record(
      { pid, startTime: fc.nat(), action: fc.constantFrom(...SIGNAL_ACTIONS.filter((a) => a !== 'signal')), confirm: fc.boolean() },
      { requiredKeys: ['pid', 'action'] },
    ),
    fc.record(
      { pid, startTime: fc.nat(), action: fc.constant('signal' as const), signal: fc.constantFrom(...SIGNAL_NAMES), confirm: fc.boolean() },
      { requiredKeys: ['pid', 'action', 'signal'] },
    ),
  ),
  'process.renice': fc.record(
    { pid, startTime: fc.nat(), nice: fc.integer({ min: -20, max: 19 }), confirm: fc.boolean() },
    { requiredKeys: ['pid', 'nice'] },
  ),
  'process.affinity': fc.record({ pid, startTime: fc.nat(), cores: coreList, confirm: fc.boolean() }, { requiredKeys: ['pid', 'cores'] }),
  'process.details': fc.record({ pid, startTime: fc.nat(), env: fc.boolean() }, { requiredKeys: ['pid'] }),
  'process.stacks': fc.record({ pid, native: fc.boolean() }, { requiredKeys: ['pid'] }),
  'monitor.configure': fc.record(
    {
      scope: fc.constantFrom('runs' as const, 'system' as const),
      intervalMs: fc.integer({ min: 250, max: 5000 }),
      threadsFor: fc.array(pid, { maxLength: 64 }),
      ioFor: fc.array(pid, { maxLength: 512 }),
      netFor: fc.array(pid, { maxLength: 64 }),
      hidden: fc.boolean(),
      table: fc.option(
        fc.record(
          {
            sort: fc.record({ key: fc.constantFrom(...SORT_KEY_NAMES), dir: fc.constantFrom('asc' as const, 'desc' as const) }),
            query: str(0, 500),
            mode: fc.constantFrom('tree' as const, 'flat' as const),
            hideKernel: fc.boolean(),
            offset: fc.integer({ min: 0, max: 1_000_000 }),
            count: fc.integer({ min: 1, max: MAX_TABLE_WINDOW }),
            rev: fc.nat(),
            frozen: fc.boolean(),
            focusPid: pid,
            expanded: fc.array(pid, { maxLength: 64 }),
          },
          { requiredKeys: ['sort', 'query', 'mode', 'hideKernel', 'offset', 'count', 'rev', 'frozen'] },
        ),
        { nil: null },
      ),
    },
    { requiredKeys: [] },
  ),
  'runs.list': fc.record(
    { limit: fc.integer({ min: 1, max: PAGE_LIMITS.runs.max }), cursor: fc.tuple(fc.nat(), runId).map(([t, id]) => `${t}.${id}`) },
    { requiredKeys: [] },
  ),
  'runs.get': fc.record(
    {
      runId,
      limit: fc.integer({ min: 1, max: PAGE_LIMITS.runData.max }),
      cursor: fc.tuple(fc.nat({ max: 999_999_999 }), fc.nat({ max: 999_999_999 })).map(([s, o]) => `${s}.${o}`),
    },
    { requiredKeys: ['runId'] },
  ),
  'runs.update': fc.record({ runId, name: str(1, 200), tags: fc.array(str(1, 40), { maxLength: 20 }) }, { requiredKeys: ['runId'] }),
  'runs.delete': fc.record({ runId }),
  'compare.build': fc.record({ runIds: fc.array(runId, { minLength: 1, maxLength: 20 }), baselineId: runId }, { requiredKeys: ['runIds'] }),
  'compare.models': fc.record({
    scenarioId: str(1, 64),
    models: fc.array(str(1, 32), { minLength: 1, maxLength: 8 }),
    runtimes: fc.array(runtime, { minLength: 1, maxLength: 2 }),
    params,
  }),
  'report.export': fc.record(
    { runIds: fc.array(runId, { minLength: 1, maxLength: 20 }), format: fc.constantFrom(...REPORT_FORMATS), baselineId: runId },
    { requiredKeys: ['runIds', 'format'] },
  ),
};

const anyCommand = fc.constantFrom(...COMMAND_NAMES).chain((cmd) => VALID[cmd].map((payload) => ({ cmd, payload })));
const keysOf = (cmd: CommandName): string[] => Object.keys((commandSchemas[cmd] as unknown as { shape: Record<string, unknown> }).shape);
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const ERROR_CODES = ['bad-envelope', 'unknown-command', 'invalid-payload'];

function expectRefusal(r: ReturnType<typeof parseCommand>): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(ERROR_CODES).toContain(r.error.code);
  expect(typeof r.error.message).toBe('string');
  expect(r.error.message.length).toBeGreaterThan(0);
}

describe('parseCommand: properties over every command schema', () => {
  it('has a valid-payload generator for every command', () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('accepts every valid command as sent over the wire and returns exactly its payload', () => {
    fc.assert(
      fc.property(fc.nat(), anyCommand, (id, { cmd, payload }) => {
        const r = parseCommand(wire({ id, cmd, payload }));
        expect(r).toEqual({ ok: true, id, cmd: { name: cmd, payload } });
        // Parsing what the parser returned changes nothing: a host may re-validate safely.
        if (r.ok) expect(parseCommand(wire({ id, cmd, payload: r.cmd.payload }))).toEqual(r);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary JSON, as the whole message or as any command’s payload', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const r = parseCommand(raw);
        if (!r.ok) expectRefusal(r);
        expect(Object.getPrototypeOf({})).toBe(Object.prototype);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...COMMAND_NAMES), fc.jsonValue(), (id, cmd, payload) => {
        const r = parseCommand({ id, cmd, payload });
        if (r.ok) expect(r.cmd.name).toBe(cmd);
        else {
          expectRefusal(r);
          expect(r.id).toBe(id);
        }
      }),
      RUNS,
    );
  });

  it('refuses a valid payload with one unknown key, or one known key replaced by arbitrary JSON, without throwing', () => {
    fc.assert(
      fc.property(anyCommand, str(1, 20), fc.jsonValue(), ({ cmd, payload }, key, v) => {
        fc.pre(!keysOf(cmd).includes(key) && !RESERVED_KEYS.includes(key));
        expectRefusal(parseCommand({ id: 1, cmd, payload: { ...payload, [key]: v } }));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(anyCommand, fc.jsonValue(), ({ cmd, payload }, v) => {
        const keys = keysOf(cmd);
        fc.pre(keys.length > 0);
        const r = parseCommand({ id: 1, cmd, payload: { ...payload, [keys[0]!]: v } });
        if (r.ok) expect(r.cmd.name).toBe(cmd);
        else expectRefusal(r);
      }),
      RUNS,
    );
  });

  it('refuses a reserved key (__proto__, constructor, prototype) anywhere in a payload, naming its path', () => {
    fc.assert(
      fc.property(anyCommand, fc.constantFrom(...RESERVED_KEYS), (payload0, key) => {
        const { cmd, payload } = payload0;
        // Built from JSON text, as a socket or IPC message is: "__proto__" is then an own key.
        const raw = JSON.parse(
          `{"id":3,"cmd":${JSON.stringify(cmd)},"payload":${JSON.stringify(payload).replace(/^\{/, `{"${key}":1,`).replace(/,\}$/, '}')}}`,
        );
        const r = parseCommand(raw);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.issues).toEqual([{ path: key, message: `"${key}" is a reserved name, not a key a command can carry` }]);
      }),
      RUNS,
    );
    for (const key of RESERVED_KEYS) {
      const raw = JSON.parse(
        `{"id":1,"cmd":"run.start","payload":{"scenarioId":"cpu-bound","runtime":"python","params":{"${key}":5,"n":2}}}`,
      );
      const r = parseCommand(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid-payload', issues: [{ path: `params.${key}` }] });
    }
  });
});

describe('parseProtocolLine: properties', () => {
  const KINDS = ['log', 'progress', 'metric', 'mark', 'result'];
  const line = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        ev: fc.constantFrom('progress', 'metric', 'mark', 'result', 'daemon', 'log', 'other'),
        rest: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()),
      })
      .map(({ ev, rest }) => JSON.stringify({ ...rest, ev })),
    fc.constantFrom('{"__proto__":{"polluted":1},"ev":"result"}', '{"ev":"result","constructor":{"prototype":{"polluted":1}}}'),
  );

  it('never throws, always returns a known shape, bounded, the same every time, and touches no prototype', () => {
    fc.assert(
      fc.property(line, (l) => {
        const a = parseProtocolLine(l);
        expect(parseProtocolLine(l)).toEqual(a);
        if (a.type === 'daemon') {
          expect(Number.isInteger(a.pid) && a.pid > 1).toBe(true);
          return;
        }
        expect(KINDS).toContain(a.kind);
        if (a.text !== undefined) expect(a.text.length).toBeLessThanOrEqual(4097);
        if (a.kind === 'log') expect(typeof a.text).toBe('string');
        if (a.kind === 'metric') expect(String(a.data?.name).length).toBeLessThanOrEqual(128);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getPrototypeOf({})).toBe(Object.prototype);
      }),
      { numRuns: 1000 },
    );
  });

  it('a line that is not a JSON object with a known ev comes back as the same log text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (l) => {
        fc.pre(!l.trim().startsWith('{'));
        expect(parseProtocolLine(l)).toEqual({ type: 'output', kind: 'log', text: l });
      }),
      RUNS,
    );
  });
});
