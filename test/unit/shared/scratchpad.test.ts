/** The scratchpad's logic: the form's code check, the draft "Open in scratchpad" fills, concept groups with examples, the Node file name, the examples' bilingual comments. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOTES, EXAMPLES } from '../../../src/shared/examples';
import { CONCEPTS } from '../../../src/shared/concepts';
import { commandSchemas, MAX_CODE_BYTES } from '../../../src/shared/commands';
import { checkCode, editDraft, getDraft, openInScratchpad, subscribeDraft } from '../../../src/renderer/src/store/draft';
import { conceptGroups } from '../../../src/renderer/src/scratchpad/concept-groups';
import { nodeFileName } from '../../../src/main/core/scratch/scratch';

describe('checkCode', () => {
  it('refuses an empty or blank program and one over the contract’s size, as the host would', () => {
    expect(checkCode('')).toEqual({ key: 'scratch.empty' });
    expect(checkCode(' \n\t')).toEqual({ key: 'scratch.empty' });
    const big = 'é'.repeat(MAX_CODE_BYTES / 2 + 1); // two bytes each: over the limit in bytes, under it in characters
    expect(checkCode(big)).toEqual({ key: 'scratch.tooLarge', kib: MAX_CODE_BYTES / 1024 });
    expect(commandSchemas['run.code'].safeParse({ runtime: 'python', code: big }).success).toBe(false);
    expect(checkCode('print(1)')).toBeNull();
    expect(commandSchemas['run.code'].safeParse({ runtime: 'python', code: 'print(1)' }).success).toBe(true);
  });
});

describe('the draft', () => {
  it('an open from outside replaces the code, tells listeners and counts; the user’s edits do not notify', () => {
    let calls = 0;
    const off = subscribeDraft(() => calls++);
    const before = getDraft().opened;
    editDraft({ code: 'x = 1' });
    expect(calls).toBe(0);
    expect(getDraft().code).toBe('x = 1');
    openInScratchpad('node', 'console.log(1)', 'a run');
    expect(calls).toBe(1);
    expect(getDraft()).toEqual({ runtime: 'node', code: 'console.log(1)', origin: 'a run', opened: before + 1 });
    // The editor echoing the opened text is no edit; typing is, and the origin goes.
    editDraft({ code: 'console.log(1)' });
    expect(getDraft().origin).toBe('a run');
    editDraft({ code: 'console.log(2)' });
    expect(getDraft().origin).toBeNull();
    off();
  });
});

describe('conceptGroups', () => {
  it('lists concepts with scenarios or examples in order, each with its examples', () => {
    const g = conceptGroups([{ concept: 9, scenarios: ['cpu'] }], EXAMPLES);
    expect(g.map((x) => x.concept)).toEqual([...new Set([9, ...EXAMPLES.map((e) => e.concept)])].sort((a, b) => a - b));
    expect(g.find((x) => x.concept === 9)?.scenarios).toEqual(['cpu']);
    expect(g.find((x) => x.concept === 13)?.examples.map((e) => e.id)).toContain('13-two-lock-deadlock');
    expect(g.find((x) => x.concept === 13)?.scenarios).toEqual([]);
  });
});

describe('nodeFileName', () => {
  it('gives ES module syntax .mjs and everything else .cjs', () => {
    expect(nodeFileName("import fs from 'node:fs';")).toBe('main.mjs');
    expect(nodeFileName("  import { pid } from 'node:process'")).toBe('main.mjs');
    expect(nodeFileName('export const x = 1;')).toBe('main.mjs');
    expect(nodeFileName("const fs = require('fs');\n// import later")).toBe('main.cjs');
    expect(nodeFileName("const m = await import('node:fs');")).toBe('main.cjs');
  });
});

describe('the seeds’ examples', () => {
  const dir = path.join(__dirname, '..', '..', '..', 'src', 'shared', 'examples');
  it('every concept of the seeds has an example or a note saying why not, each note in both languages', () => {
    for (const c of Object.keys(CONCEPTS).map(Number))
      expect(EXAMPLES.some((e) => e.concept === c) || EXAMPLE_NOTES[c] !== undefined, `concept ${c}`).toBe(true);
    for (const [c, n] of Object.entries(EXAMPLE_NOTES)) {
      expect(CONCEPTS[Number(c)], `note for concept ${c}`).toBeDefined();
      expect(n.en.length).toBeGreaterThan(0);
      expect(/[\u4e00-\u9fff]/.test(n.zh)).toBe(true);
    }
  });
  it('examples are listed in concept order, ids starting with their concept', () => {
    for (const e of EXAMPLES) expect(e.id.startsWith(String(e.concept).padStart(2, '0') + '-'), e.id).toBe(true);
  });
  it('every Chinese comment is paired with its English (中文 / English)', () => {
    for (const e of EXAMPLES) {
      const text = fs.readFileSync(path.join(dir, `${e.id}.py`), 'utf8');
      for (const line of text.split('\n')) {
        const hash = line.indexOf('# ');
        if (hash < 0 || line.slice(0, hash).includes("'")) continue;
        const comment = line.slice(hash + 2);
        if (/[\u4e00-\u9fff]/.test(comment)) expect(comment, `${e.id}: ${line}`).toMatch(/ \/ [A-Za-z0-9]/);
      }
      expect(e.title.en.length).toBeGreaterThan(0);
      expect(/[\u4e00-\u9fff]/.test(e.title.zh)).toBe(true);
    }
  });
});
