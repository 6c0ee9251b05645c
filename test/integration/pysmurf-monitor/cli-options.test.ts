import { describe, expect, it } from 'vitest';
import { parseMonitorArguments } from '../../../main/agents/pysmurf-monitor/index.js';

describe('parseMonitorArguments', () => {
  it('reads --udp-port, --bind and --data-dir, in both spellings', () => {
    expect(parseMonitorArguments(['--udp-port', '8200', '--bind', '0.0.0.0', '--data-dir', '/srv/station'])).toEqual({ udpPort: 8200, bindAddress: '0.0.0.0', dataDir: '/srv/station' });
    expect(parseMonitorArguments(['--udp-port=0'])).toEqual({ udpPort: 0 });
    expect(parseMonitorArguments([])).toEqual({});
  });

  it('refuses bad values and unknown flags, naming them', () => {
    expect(() => parseMonitorArguments(['--udp-port', 'eighty'])).toThrow(/--udp-port must be a port number 0-65535 \(got "eighty"\)/);
    expect(() => parseMonitorArguments(['--udp-port', '70000'])).toThrow(/--udp-port must be a port number/);
    expect(() => parseMonitorArguments(['--bind', ''])).toThrow(/--bind needs an address/);
    expect(() => parseMonitorArguments(['--db-path', '/x'])).toThrow(/PysmurfMonitor arguments: .*--db-path/);
  });
});
