/** The tests' ActiveMQ is the benchmark's: one start logic (see main/bench/activemq-process.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import type { ActiveMq } from '../../main/bench/activemq-process.js';

export { activeMqInstalled, startActiveMq, type ActiveMq } from '../../main/bench/activemq-process.js';

/**
 * pid of the broker's JVM: the `java` process in the broker's process group (the helper starts
 * `/usr/bin/activemq console` as the group leader, a shell script that runs java). Throws if none runs.
 */
export function brokerJavaPid(broker: ActiveMq): number {
  if (broker.pid === null) throw new Error('ActiveMQ is not running');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces, so split after its closing parenthesis.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm === 'java' && state !== 'Z' && Number(pgrp) === broker.pid) return Number(entry);
  }
  throw new Error(`no java process in ActiveMQ's process group ${broker.pid}`);
}
