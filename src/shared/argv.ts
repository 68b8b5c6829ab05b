/**
 * An argv as a person would type it in a shell: words with spaces or shell characters are
 * single-quoted, so `sh -c 'exit 3'` reads back as that and not as `sh -c exit 3`.
 */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
