/**
 * `proclab run --code FILE` reads only a regular file: a symlink (to /etc/shadow, say) would put
 * another file's contents in a run's journal, so it is refused by lstat, before anything starts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCodeFile } from '../../../src/main/cli/code-file';
import { scratchRoot, writeScratch } from '../../../src/main/core/scratch/scratch';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-codefile-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readCodeFile', () => {
  it('reads a regular file', () => {
    const f = path.join(dir, 'ok.py');
    fs.writeFileSync(f, 'print(1)\n');
    expect(readCodeFile(f)).toMatchObject({ runtime: 'python', code: 'print(1)\n' });
  });

  it('refuses a symlink to a secret file, in one line, without reading it', () => {
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'root:$6$hash:19000:0:99999:7:::\n');
    const link = path.join(dir, 'shadow.py');
    fs.symlinkSync(secret, link);
    expect(() => readCodeFile(link)).toThrow(/bad --code ".*shadow\.py": a symbolic link; give the file itself/);
  });

  it('refuses a symlink to a regular program too, and a fifo', () => {
    const f = path.join(dir, 'real.py');
    fs.writeFileSync(f, 'print(1)\n');
    const link = path.join(dir, 'link.py');
    fs.symlinkSync(f, link);
    expect(() => readCodeFile(link)).toThrow(/symbolic link/);
    const fifo = path.join(dir, 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    expect(() => readCodeFile(fifo)).toThrow(/not a regular file/);
  });
});

describe('scratch files', () => {
  it('are private (folder 0700, file 0600) and never written through a planted symlink', () => {
    const l = writeScratch(dir, 'r1', 'python', 'print(1)\n');
    expect(fs.statSync(scratchRoot(dir)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(l.cwd).mode & 0o777).toBe(0o700);
    expect(fs.statSync(l.file).mode & 0o777).toBe(0o600);
    const target = path.join(dir, 'target.txt');
    fs.writeFileSync(target, 'keep');
    fs.mkdirSync(path.join(scratchRoot(dir), 'r2'), { recursive: true });
    fs.symlinkSync(target, path.join(scratchRoot(dir), 'r2', 'main.py'));
    expect(() => writeScratch(dir, 'r2', 'python', 'print(2)\n')).toThrow(/EEXIST/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep');
  });
});
