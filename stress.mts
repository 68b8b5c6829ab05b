import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { createProclab } from './src/main/core/service/proclab';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-stress-'));
const svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
let lastTick = Date.now(); svc.on('tick', () => (lastTick = Date.now()));
let lastLife = ''; svc.on('lifecycle', (es: any) => { for (const e of es) lastLife = `${e.kind} ${e.pid} ${e.runId}`; });
const keep = setInterval(() => {}, 1000);
const t0 = Date.now();
for (let i = 0; i < 150; i++) {
  const info: any = await svc.handle('run.command' as any, { argv: ['sh', '-c', `echo run ${i}`] } as any);
  try { await svc.waitForRun(info.id, 15_000); }
  catch (e) {
    console.log(`HANG at run ${i} (${info.id}): last tick ${Date.now() - lastTick} ms ago; last lifecycle: ${lastLife}`);
    const d: any = await svc.handle('runs.get' as any, { runId: info.id } as any);
    console.log('status', d.info.status, 'events', d.events.map((e: any) => e.kind).join(','), 'samples', d.samples.length);
    const pid = d.info.rootPid;
    try { console.log('proc', pid, fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').filter((l) => /^(State|PPid|Name)/.test(l)).join(' | ')); } catch (err) { console.log('proc', pid, 'gone:', (err as Error).message); }
    console.log('children of me:', fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8'));
    break;
  }
}
console.log('done in', Date.now() - t0, 'ms');
clearInterval(keep); await svc.shutdown(); fs.rmSync(dataDir, { recursive: true, force: true });
