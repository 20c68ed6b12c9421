/**
 * CPU time of processes from Linux's /proc (user + system, in ms), for benchmarks that measure a
 * server running in other processes: what a process spends per request is what Workers bill.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ; 100 on Linux's usual builds). */
const TICK_MS = 1000 / 100;

export interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** user + system CPU so far, ms */
  cpuMs: number;
  /** user + system CPU of its children that have ended and been waited for, ms */
  childrenMs: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      childrenMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

export function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProc(Number(entry)))
    .filter((proc): proc is Proc => proc !== undefined);
}

/** A process and all its descendants. */
export function processTree(root: number): Proc[] {
  const procs = allProcs();
  const children = new Map<number, Proc[]>();
  for (const proc of procs) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const tree: Proc[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      tree.push(child);
      walk(child.pid);
    }
  };
  const self = procs.find((proc) => proc.pid === root);
  if (self) tree.push(self);
  walk(root);
  return tree;
}

/** The CPU so far of each of the given processes, keyed `comm:pid`, read now. */
export function cpuOf(procs: Proc[]): Map<string, number> {
  const now = new Map<string, number>();
  for (const proc of procs) {
    const current = readProc(proc.pid);
    if (current) now.set(`${current.comm}:${proc.pid}`, current.cpuMs);
  }
  return now;
}

/** Each thread of a process with its CPU so far (ms), keyed `comm:tid`: where a process's CPU goes. */
export function threadsOf(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      threads.set(
        `${stat.slice(stat.indexOf('(') + 1, close)}:${tid}`,
        (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      );
    }
  } catch {
    // gone
  }
  return threads;
}

/**
 * PostgreSQL's CPU so far, ms: its live processes, and the backends that have ended (a Worker opens
 * a connection, so a backend, per request: they come and go within a measurement), which the
 * postmaster has waited for.
 */
export function postgresCpu(): number {
  const procs = allProcs().filter((proc) => proc.comm === 'postgres');
  const pids = new Set(procs.map((proc) => proc.pid));
  let ms = 0;
  for (const proc of procs) ms += proc.cpuMs + (pids.has(proc.ppid) ? 0 : proc.childrenMs);
  return ms;
}
