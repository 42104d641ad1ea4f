import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Resident set size of process `pid` in bytes, read from `/proc/<pid>/status` (VmRSS).
 * Returns null when the process has exited or the field is absent (not Linux). Never throws.
 */
export function rssBytes(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match?.[1] === undefined ? null : Number(match[1]) * 1024;
}

/** A running RSS sampler; see {@link sampleRss}. */
export interface RssSampler {
  /** Largest RSS seen so far, in bytes (0 before the first sample). */
  readonly max: number;
  /** Every sample taken, in bytes, oldest first. */
  readonly samples: readonly number[];
  /** Takes one last sample (if the process is still there) and stops. */
  stop(): void;
}

/**
 * Samples the RSS of `pid` now and then every `everyMs` ms until `stop()`. Samples taken
 * after the process exited are skipped. The timer does not keep the test process alive.
 */
export function sampleRss(pid: number, everyMs: number): RssSampler {
  const samples: number[] = [];
  let max = 0;
  const take = (): void => {
    const rss = rssBytes(pid);
    if (rss === null) return;
    samples.push(rss);
    max = Math.max(max, rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    get max() {
      return max;
    },
    samples,
    stop() {
      take();
      clearInterval(timer);
    },
  };
}

/** One open file descriptor of a process and what it points at (`socket:[123]`, a path, …). */
export interface OpenFile {
  readonly fd: number;
  readonly target: string;
}

/** The open file descriptors of `pid`, sorted by number; fds closed while reading are skipped. Throws if the process is gone. */
export function openFiles(pid: number): OpenFile[] {
  const files: OpenFile[] = [];
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    try {
      files.push({ fd: Number(name), target: readlinkSync(`/proc/${pid}/fd/${name}`) });
    } catch {
      // Closed between the listing and the readlink.
    }
  }
  return files.sort((a, b) => a.fd - b.fd);
}

/** TCP state 0A in /proc/net/tcp*, and the unix socket flag __SO_ACCEPTCON. */
const TCP_LISTEN = '0A';
const UNIX_ACCEPTING = 0x10000;

/**
 * The sockets of `pid` that are listening: TCP sockets in state LISTEN, UDP sockets (any
 * bound UDP socket receives datagrams) and unix sockets accepting connections, matched by
 * inode between `/proc/<pid>/fd` and the tables in `/proc/<pid>/net/`. Each entry names
 * the table and inode. Throws if the process is gone.
 */
export function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const { target } of openFiles(pid)) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1] !== undefined) inodes.add(match[1]);
  }
  const found: string[] = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    for (const fields of tableRows(pid, table)) {
      const inode = fields[9];
      const state = fields[3];
      if (inode === undefined || !inodes.has(inode)) continue;
      if (table.startsWith('udp') || state === TCP_LISTEN) found.push(`${table} inode ${inode} state ${state ?? '?'}`);
    }
  }
  for (const fields of tableRows(pid, 'unix')) {
    const inode = fields[6];
    const flags = Number.parseInt(fields[3] ?? '0', 16);
    if (inode !== undefined && inodes.has(inode) && (flags & UNIX_ACCEPTING) !== 0) found.push(`unix inode ${inode} ${fields[7] ?? ''}`);
  }
  return found;
}

function tableRows(pid: number, table: string): string[][] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
  } catch {
    // No IPv6 (or no such protocol) in this kernel: nothing can listen there.
    return [];
  }
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/));
}

/** The nice value of each thread of `pid`, by thread ID; threads gone while reading are skipped. Throws if the process is gone. */
export function threadNiceValues(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const name of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name, which is in parentheses and may hold any character: state is
    // field 3 of stat(5), nice field 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nice.set(Number(name), Number(fields[16]));
  }
  return nice;
}
