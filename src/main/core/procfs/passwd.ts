/** uid → user name from /etc/passwd text; read once, because a name lookup per process per tick is waste. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    const n = Number(uid);
    if (name && Number.isInteger(n) && !users.has(n)) users.set(n, name);
  }
  return users;
}
