/**
 * The CLI's own logic against a fake service: argument parsing, one-line errors, exit
 * codes, output routing, and shutdown on SIGINT. No processes are started here; the
 * real end-to-end runs are in cli-real.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectParam, parseFormat, parseParam, parsePid, parseSignal, splitCommand, UsageError } from '../../../src/main/cli/args';
import { formatProcesses, table, width } from '../../../src/main/cli/format';
import { main, type Service } from '../../../src/main/cli/main';
import { outputPrinter } from '../../../src/main/cli/progress';
import { ProclabError } from '../../../src/shared/errors';
import type { ProcRow, RunData, RunInfo } from '../../../src/shared/model';
import type { ScenarioInfo } from '../../../src/shared/scenario';
import { buildComparison } from '../../../src/main/core/runs/compare';
import { exportReport } from '../../../src/main/core/reports';
import { twoRuns } from '../../unit/runs-fixtures';
import { waitFor } from '../../helpers/wait-for';

const scenario: ScenarioInfo = {
  id: 'sample-scenario',
  dir: '/x',
  title: { en: 'CPU-bound work', zh: '计算密集型任务' },
  explanation: { en: 'e', zh: 'e' },
  concepts: [9],
  kind: 'compute',
  runtimes: { python: { entry: 'main.py' } },
  params: [
    { name: 'model', type: 'enum', default: 'threads', values: ['threads', 'processes'], label: { en: 'm', zh: 'm' } },
    { name: 'workers', type: 'int', default: 4, min: 1, max: 64, label: { en: 'w', zh: 'w' } },
  ],
  lesson: { claim: { en: 'c', zh: 'c' } },
  timeoutSec: 60,
};

function runInfo(over: Partial<RunInfo> = {}): RunInfo {
  return {
    id: 'r1',
    name: 'sample-scenario · python threads',
    scenarioId: 'sample-scenario',
    runtime: 'python',
    params: {},
    argv: ['python3'],
    cwd: '/',
    status: 'finished',
    startedAt: 1000,
    endedAt: 3000,
    rootPid: 10,
    exit: { code: 0, signal: null, by: 'self', at: 3000 },
    reason: null,
    verdict: null,
    tags: [],
    ...over,
  };
}

function runData(info: RunInfo): RunData {
  return {
    info,
    machine: { cpuModel: 'c', cores: 2, os: 'o', kernel: 'k', node: 'n', python: null },
    samples: [],
    events: [],
    outputs: [],
  };
}

/** A scripted service: records calls; `hang` makes waitForRun never resolve (for Ctrl-C). */
function fakeService(opts: { hang?: boolean; handle?: (name: string, payload: unknown) => unknown } = {}) {
  const calls: Array<[string, unknown]> = [];
  let shutdowns = 0;
  const svc: Service = {
    async handle(name, payload) {
      calls.push([name, payload]);
      const custom = opts.handle?.(name, payload);
      if (custom !== undefined) return custom as never;
      switch (name) {
        case 'scenarios.list':
          return { scenarios: [scenario], errors: [] } as never;
        case 'run.start':
        case 'run.command':
          return runInfo({ status: 'running' }) as never;
        case 'runs.list':
          return { runs: [runInfo()], next: null, total: 1 } as never;
        case 'report.export':
          return { filename: 'f.json', mime: 'application/json', content: '{"ok":true}' } as never;
        default:
          throw new Error(`unexpected ${name}`);
      }
    },
    on: () => () => {},
    waitForRun: (id) => (opts.hang ? new Promise(() => {}) : Promise.resolve(runData(runInfo({ id })))),
    waitForBatch: () => Promise.reject(new Error('no batches')),
    async shutdown() {
      shutdowns++;
    },
  };
  return { svc, calls, shutdowns: () => shutdowns };
}

async function cli(args: string[], fake = fakeService(), onSignal?: (cb: (s: 'SIGINT' | 'SIGTERM') => void) => () => void) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['node', 'proclab', ...args],
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    {
      createService: async () => fake.svc,
      env: { PROCLAB_DATA_DIR: '/tmp/unused' },
      onSignal: onSignal ?? (() => () => {}),
    },
  );
  return { code, stdout, stderr, fake };
}

function expectOneLine(stderr: string) {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^proclab: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('argument parsing', () => {
  it('parses k=v params, keeping values as strings', () => {
    expect(parseParam('workers=2')).toEqual(['workers', '2']);
    expect(parseParam('label=a=b')).toEqual(['label', 'a=b']);
    expect(collectParam('b=2', collectParam('a=1'))).toEqual({ a: '1', b: '2' });
    for (const bad of ['workers', '=2', 'Bad=1', '9x=1', 'workers=', 'workers= ']) expect(() => parseParam(bad)).toThrow(UsageError);
    expect(() => collectParam('workers=3', collectParam('workers=2'))).toThrow(/given twice/);
    expect(collectParam('constructor=1')).toEqual({ constructor: '1' }); // not mistaken for Object.prototype's
  });

  it('parses signals, pids and formats', () => {
    expect(['TERM', 'sigkill', 'STOP', 'cont', 'tree'].map((s) => parseSignal(s).action)).toEqual([
      'terminate',
      'kill',
      'stop',
      'continue',
      'kill-tree',
    ]);
    expect(['HUP', 'sigusr1', 'Int'].map(parseSignal)).toEqual([
      { action: 'signal', signal: 'SIGHUP' },
      { action: 'signal', signal: 'SIGUSR1' },
      { action: 'signal', signal: 'SIGINT' },
    ]);
    expect(() => parseSignal('HUPP')).toThrow(UsageError);
    expect(() => parseSignal('9')).toThrow(UsageError);
    expect(parsePid('1234')).toBe(1234);
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999']) expect(() => parsePid(bad)).toThrow(UsageError);
    expect(parseFormat('HTML')).toBe('html');
    expect(() => parseFormat('pdf')).toThrow(/html, json, csv, md, trace/);
  });

  it('splits `run -- command…` so the command keeps its own flags', () => {
    expect(splitCommand(['run', '--json', '--', 'ls', '-la', '--', 'x'])).toEqual({
      args: ['run', '--json'],
      command: ['ls', '-la', '--', 'x'],
    });
    expect(splitCommand(['run', 'sample-scenario'])).toEqual({ args: ['run', 'sample-scenario'], command: null });
    expect(splitCommand(['export', 'run', '--', 'x'])).toEqual({ args: ['export', 'run', '--', 'x'], command: null });
  });
});

describe('formatting', () => {
  it('aligns columns with CJK text counted as two columns', () => {
    expect(width('核心ab')).toBe(6);
    expect(table(['A', 'B'], [['核心', 'x']])).toBe('A     B\n核心  x\n');
  });

  it('draws a process tree under parents', () => {
    const p = (pid: number, ppid: number, cmd: string): ProcRow => ({
      pid,
      ppid,
      startTime: 1,
      name: cmd,
      cmd,
      user: 'u',
      state: 'sleeping',
      orphan: false,
      daemon: false,
      exited: null,
      cpu: 0,
      rss: 0,
      threads: 1,
      startedAt: 0,
      runId: null,
    });
    const out = formatProcesses([p(3, 2, 'child2'), p(1, 0, 'init'), p(2, 1, 'child'), p(4, 1, 'child-b')], true);
    const [header, ...lines] = out.trimEnd().split('\n');
    const col = header!.indexOf('COMMAND');
    const cmds = lines.map((l) => l.slice(col));
    expect(cmds).toEqual(['init', '├─ child', '│  └─ child2', '└─ child-b']);
  });

  it('prints program output on stderr only for the followed run', () => {
    const lines: string[] = [];
    const pr = outputPrinter((s) => lines.push(s), 0);
    pr.push([
      { runId: 'a', ts: 1, stream: 'stdout', kind: 'log', text: 'mine' },
      { runId: 'b', ts: 1, stream: 'stdout', kind: 'log', text: 'other' },
    ]);
    pr.follow('a');
    pr.push([{ runId: 'a', ts: 2, stream: 'stdout', kind: 'metric', data: { name: 'n', value: 3 } }]);
    expect(lines.join('')).toBe('  │ mine\n  metric n = 3\n');
  });
});

describe('main with a fake service', () => {
  it('lists scenarios in both languages on stdout', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sample-scenario');
    expect(r.stdout).toContain('CPU-bound work · 计算密集型任务');
    expect(r.fake.shutdowns()).toBe(1);
  });

  it('prints --help and --version with exit 0', async () => {
    const h = await cli(['compare', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--models');
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['run', 'nope'], /unknown scenario "nope": choose one of sample-scenario/],
    [['run', 'sample-scenario', '--param', 'workers=999'], /workers must be between 1 and 64/],
    [['run', 'sample-scenario', '--param', 'bogus=1'], /unknown parameter "bogus"/],
    [['run', 'sample-scenario', '--runtime', 'node'], /has no node program/],
    [['run', 'sample-scenario', '--runtime', 'ruby'], /bad runtime "ruby"/],
    [['compare', 'sample-scenario', '--models', 'threads', '--report', 'x.pdf'], /bad --report "x\.pdf"/],
    [['compare', 'sample-scenario', '--report', 'x.html'], /required option '-m, --models <list>'/],
    [['compare', 'sample-scenario', '--models', 'threads', '--workers', 'two'], /bad --workers "two"/],
    [['compare', 'sample-scenario', '--models', 'threads,fibers'], /unknown model "fibers" for sample-scenario: use threads, processes/],
    [['compare', 'sample-scenario', '--models', 'threads', '--runtimes', 'python,ruby'], /bad runtime "ruby"/],
    [['export', 'r1', '--format', 'pdf'], /bad --format "pdf"/],
    [['export', '../etc', '--format', 'json'], /bad run id/],
    [['kill', 'abc'], /bad pid "abc"/],
    [['kill', '12', '--signal', 'HUPP'], /bad --signal "HUPP"/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run', '--'], /nothing after --/],
    [['runs', 'extra'], /too many arguments/],
  ])('bad input %j exits 2 with one line', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('turns a service refusal into one line: foreign process needs --yes', async () => {
    const fake = fakeService({
      handle: (name, payload) => {
        if (name === 'process.signal' && !(payload as { confirm?: boolean }).confirm)
          throw new ProclabError('confirm-required', 'pid 1 is not part of a ProcLab run');
        if (name === 'process.signal') return { pid: 1, action: 'terminate', message: 'sent SIGTERM to 1', signalled: 1 };
        if (name === 'monitor.configure') return { scope: 'system', intervalMs: 1000, threadsFor: [] };
        return undefined;
      },
    });
    const r = await cli(['kill', '1'], fake);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain('add --yes');
    const ok = await cli(['kill', '1', '--yes', '--signal', 'TERM'], fake);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('sent SIGTERM to 1\n');
    // --yes is the confirmation alone: no view setting is needed (or sent) to signal.
    expect(fake.calls.slice(-2)).toEqual([
      ['process.signal', { pid: 1, action: 'terminate' }],
      ['process.signal', { pid: 1, action: 'terminate', confirm: true }],
    ]);
  });

  it('sends params as given and prints the run summary on stdout', async () => {
    const r = await cli(['run', 'sample-scenario', '-p', 'workers=2', '-p', 'model=processes']);
    expect(r.code).toBe(0);
    expect(r.fake.calls.find((c) => c[0] === 'run.start')![1]).toEqual({
      scenarioId: 'sample-scenario',
      runtime: 'python',
      params: { workers: '2', model: 'processes' },
    });
    expect(r.stdout).toMatch(/^run r1 finished/);
    expect(r.stderr).toContain('started');
  });

  it('runs a command after -- and returns its exit code', async () => {
    const fake = fakeService();
    fake.svc.waitForRun = async (id) =>
      runData(runInfo({ id, runtime: 'command', status: 'failed', exit: { code: 3, signal: null, by: 'self', at: 2 } }));
    const r = await cli(['run', '--', 'sh', '-c', 'exit 3'], fake);
    expect(fake.calls.find((c) => c[0] === 'run.command')![1]).toEqual({ argv: ['sh', '-c', 'exit 3'] });
    expect(r.code).toBe(3);
  });

  it('writes an export to --out and keeps stdout clean', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-')), 'r.json');
    const r = await cli(['export', 'r1', 'r2', '--format', 'json', '--out', out, '--baseline', 'r2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe('{"ok":true}');
    expect(r.fake.calls.at(-1)).toEqual(['report.export', { runIds: ['r1', 'r2'], format: 'json', baselineId: 'r2' }]);
  });

  it('shuts the service down and exits 130 on SIGINT during a run', async () => {
    const fake = fakeService({ hang: true });
    let fire: ((s: 'SIGINT' | 'SIGTERM') => void) | null = null;
    const pending = cli(['run', 'sample-scenario'], fake, (cb) => {
      fire = cb;
      return () => (fire = null);
    });
    await waitFor(() => fire !== null, 5000, 'the CLI to install its signal handler');
    fire!('SIGINT');
    const r = await pending;
    expect(r.code).toBe(130);
    expect(fake.shutdowns()).toBe(1);
    expect(r.stderr).toContain('SIGINT');
  });

  it('compares models: progress on stderr, table on stdout, report to the file', async () => {
    const runs = twoRuns();
    const batch = { batchId: 'b1', done: 0, total: 2, current: null, runIds: [], finished: false, error: null };
    const fake = fakeService({
      handle: (name) => {
        if (name === 'compare.models') return batch;
        if (name === 'compare.build') return buildComparison(runs);
        if (name === 'report.export') return exportReport('html', runs);
        return undefined;
      },
    });
    fake.svc.waitForBatch = async () => ({ ...batch, done: 2, finished: true, runIds: ['run-threads', 'run-procs'] });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-')), 'r.html');
    const r = await cli(['compare', 'sample-scenario', '--models', 'threads,processes', '--workers', '2', '--report', out], fake);
    expect(r.code, r.stderr).toBe(0);
    expect(fake.calls.find((c) => c[0] === 'compare.models')![1]).toEqual({
      scenarioId: 'sample-scenario',
      models: ['threads', 'processes'],
      runtimes: ['python'],
      params: { workers: '2' },
    });
    expect(r.stdout).toMatch(/^RUN\s+STATUS/);
    expect(r.stdout).toContain('2.00×');
    expect(fs.readFileSync(out, 'utf8')).toContain('<svg id="chart-cores"');
    expect(r.stderr).toContain(`wrote html report to ${out}`);
  });

  it('reports an unexpected failure as one line with exit 1', async () => {
    const fake = fakeService({
      handle: (name) => {
        if (name === 'runs.list') throw new Error('disk on fire\n  at somewhere');
        return undefined;
      },
    });
    const r = await cli(['runs'], fake);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
  });
});
