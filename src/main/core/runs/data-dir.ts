import os from 'node:os';
import path from 'node:path';

/**
 * Where every host (desktop, browser mode, CLI) keeps runs and state, so the CLI sees the
 * runs the app made and vice versa. PROCLAB_DATA_DIR wins (tests use temp dirs); else the
 * XDG data home on Linux, the platform's usual place elsewhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PROCLAB_DATA_DIR) return path.resolve(env.PROCLAB_DATA_DIR);
  const home = env.HOME || os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'proclab');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'proclab');
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'proclab');
}

/** The runs journal folder inside a data dir. */
export function runsDir(dataDir: string): string {
  return path.join(dataDir, 'runs');
}
