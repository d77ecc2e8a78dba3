// CPU time and memory of processes, read from /proc (Linux): what the platform costs beyond wall time.
import { readFile } from 'node:fs/promises';

/** Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuTimes {
  /** The process itself (user + system), seconds. */
  selfSeconds: number;
  /** Its children that it has waited for (user + system), seconds. */
  childrenSeconds: number;
}

/** Parses /proc/<pid>/stat; the command name (field 2) may contain spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): CpuTimes {
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // After the name: state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are at 11..14 here.
  const tick = (index: number) => Number(fields[index]) / CLOCK_TICKS_PER_SECOND;
  return { selfSeconds: tick(11) + tick(12), childrenSeconds: tick(13) + tick(14) };
}

/** VmRSS (resident memory) in MiB from /proc/<pid>/status. */
export function parseRssMiB(statusText: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(statusText);
  return match ? Number(match[1]) / 1024 : null;
}

export async function cpuTimes(pid: number | 'self'): Promise<CpuTimes | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export async function rssMiB(pid: number): Promise<number | null> {
  try {
    return parseRssMiB(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** Total CPU seconds of processes and their reaped children (processes that are gone count as 0). */
export async function totalCpuSeconds(pids: readonly number[]): Promise<number> {
  const times = await Promise.all(pids.map((pid) => cpuTimes(pid)));
  return times.reduce((sum, t) => sum + (t ? t.selfSeconds + t.childrenSeconds : 0), 0);
}

/** Samples a process's resident memory until stopped; peak and samples in MiB. */
export function sampleRss(pid: number, everyMs = 100) {
  let peakMiB = 0;
  let last: number | null = null;
  const timer = setInterval(() => {
    void rssMiB(pid).then((mib) => {
      if (mib === null) return;
      last = mib;
      peakMiB = Math.max(peakMiB, mib);
    });
  }, everyMs);
  return {
    stop(): { peakMiB: number; lastMiB: number | null } {
      clearInterval(timer);
      return { peakMiB, lastMiB: last };
    },
  };
}

/** Busy CPU seconds of the whole machine so far, from the first line of /proc/stat (everything but idle and iowait). */
export function parseMachineBusySeconds(procStat: string): number {
  const fields = (procStat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
}

export async function machineBusySeconds(): Promise<number> {
  return parseMachineBusySeconds(await readFile('/proc/stat', 'utf8'));
}
