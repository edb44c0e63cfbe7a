/**
 * CPU time spent by other processes, read from Linux's /proc, so a bench can tell how much of the
 * machine a measurement used (a sync shares its cores with the sandbox and the database server).
 * Elsewhere the readings are undefined and the bench prints none.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (USER_HZ). */
const TICKS = 100;

/** User + system CPU seconds of one process (all its threads), or undefined when unreadable. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** CPU seconds of every process whose command name is `name` (e.g. all of PostgreSQL's backends). */
export function cpuSecondsOfCommand(name: string): number | undefined {
  let dirs: string[];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const d of dirs) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
    } catch {
      continue; // the process ended meanwhile
    }
    total += cpuSecondsOf(Number(d)) ?? 0;
  }
  return total;
}

/** This process's CPU seconds (all threads). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export const cores = os.availableParallelism();
