import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

/**
 * The HTML report is one offline file read on machines that may have no CJK font of their own; there its
 * Chinese would be boxes. So it carries the glyphs it uses: for every character of the report from the
 * CJK blocks, the slice of the bundled Noto Sans SC (@fontsource, the same font the UI uses) that holds it
 * is cut down with HarfBuzz's subsetter (subset-font) to exactly those characters, and embedded as a
 * base64 woff2 @font-face. A report's Chinese is a few hundred characters: some tens of kB.
 */
export const REPORT_CJK_FAMILY = 'ProcLab CJK';

/** Characters a machine without a CJK font lacks: CJK punctuation, kana, ideographs, full-width forms. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

interface Slice {
  file: string;
  ranges: Array<[number, number]>;
}

let slices: Slice[] | null = null;

/** The bundled font's slices (regular weight) and the code points each covers, from its stylesheet. */
function fontSlices(): Slice[] {
  if (slices) return slices;
  const req = createRequire(__filename);
  const dir = dirname(req.resolve('@fontsource/noto-sans-sc/package.json'));
  const css = readFileSync(join(dir, '400.css'), 'utf8');
  slices = [...css.matchAll(/url\(\.\/(files\/[^)]+\.woff2)\)[^;]*;\s*unicode-range:\s*([^;]+);/g)].map((m) => ({
    file: join(dir, m[1]!),
    ranges: m[2]!.split(',').map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      const lo = parseInt(a!, 16);
      return [lo, b ? parseInt(b, 16) : lo] as [number, number];
    }),
  }));
  return slices;
}

/** The distinct CJK characters of `text`, in code point order. */
export function cjkCharacters(text: string): string[] {
  return [...new Set([...text].filter((ch) => CJK.test(ch)))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/**
 * @font-face rules (family REPORT_CJK_FAMILY) holding exactly the CJK characters of `text`; '' when it
 * has none. Characters the font lacks are left to the reader's own fonts.
 */
export async function cjkFontFace(text: string): Promise<string> {
  const chars = cjkCharacters(text);
  if (!chars.length) return '';
  const byFile = new Map<string, string[]>();
  for (const ch of chars) {
    const cp = ch.codePointAt(0)!;
    const slice = fontSlices().find((s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
    if (slice) byFile.set(slice.file, [...(byFile.get(slice.file) ?? []), ch]);
  }
  const rules = await Promise.all(
    [...byFile].map(async ([file, cs]) => {
      const woff2 = await subsetFont(readFileSync(file), cs.join(''), { targetFormat: 'woff2' });
      const range = cs.map((c) => `U+${c.codePointAt(0)!.toString(16)}`).join(',');
      return `@font-face{font-family:"${REPORT_CJK_FAMILY}";font-style:normal;font-weight:100 900;src:url(data:font/woff2;base64,${woff2.toString('base64')}) format("woff2");unicode-range:${range}}`;
    }),
  );
  return rules.join('\n');
}
