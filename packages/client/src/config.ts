// Where `mad` finds its server and token: MAD_URL / MAD_TOKEN when set, else what `mad login` stored in
// ~/.config/mad/config.json ($XDG_CONFIG_HOME/mad when that is set), a file only its owner can read (0600).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface MadConfig {
  url: string;
  token: string;
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'mad', 'config.json');
}

export function saveConfig(config: MadConfig, env: NodeJS.ProcessEnv = process.env): string {
  const file = configFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: make it the owner's only.
  chmodSync(file, 0o600);
  return file;
}

function storedConfig(file: string): Partial<MadConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as Partial<MadConfig>;
    return {
      url: typeof parsed.url === 'string' ? parsed.url : undefined,
      token: typeof parsed.token === 'string' ? parsed.token : undefined,
    };
  } catch {
    throw new Error(`${file} is not JSON: run mad login again`);
  }
}

/** The server and token to use, or an error saying how to give them. */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): MadConfig {
  const file = configFile(env);
  const stored = storedConfig(file);
  const url = env.MAD_URL || stored.url;
  const token = env.MAD_TOKEN || stored.token;
  if (!url || !token)
    throw new Error(
      `no ${!url ? 'server URL' : 'token'}: run mad login --url URL --token TOKEN (or set MAD_URL and MAD_TOKEN)`,
    );
  return { url, token };
}
