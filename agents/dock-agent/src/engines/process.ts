// Child processes in their own process group, so a timeout or cancellation kills the engine and all its threads
// and helpers at once.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when we killed it: the abort reason's message ('timeout' / 'cancelled' ...). */
  killedFor: string | null;
}

export interface RunOptions {
  cwd?: string;
  stdin?: string;
  signal?: AbortSignal;
  onStdout?: (stdoutSoFar: string) => void;
  /** Variables added to the agent's environment (a gnina process's CUDA_VISIBLE_DEVICES). */
  env?: Record<string, string>;
}

// Engines run detached (own process group), so they would outlive the agent; kill them when the agent exits.
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid);
});

export function runProcess(command: string, args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      resolve({ exitCode: null, signal: null, stdout: '', stderr: '', killedFor: abortReason(signal) });
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    });
    if (child.pid !== undefined) liveGroups.add(child.pid);
    let stdout = '';
    let stderr = '';
    let killedFor: string | null = null;
    const kill = (): void => {
      killedFor = abortReason(signal);
      killGroup(child.pid);
    };
    signal?.addEventListener('abort', kill, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading its stdin
    child.stdin.end(options.stdin ?? '');
    child.on('error', (error) => {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      signal?.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (exitCode, exitSignal) => {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      signal?.removeEventListener('abort', kill);
      resolve({ exitCode, signal: exitSignal, stdout, stderr, killedFor });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
}

/** "vina exited with code 1: <last stderr line>" — what a chemist sees when an engine fails. */
export function describeFailure(program: string, result: ProcessResult): string {
  const lastLine = lastNonEmptyLine(result.stderr) ?? lastNonEmptyLine(result.stdout) ?? 'no output';
  const how =
    result.exitCode !== null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
  return `${program} ${how}: ${lastLine}`;
}

function lastNonEmptyLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .at(-1);
}
