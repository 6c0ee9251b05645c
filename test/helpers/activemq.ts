/** The tests' ActiveMQ is the benchmark's: one start logic (see main/bench/activemq-process.ts). */
export { activeMqInstalled, startActiveMq, type ActiveMq } from '../../main/bench/activemq-process.js';
