import { describe, expect, it } from 'vitest';
import { parseToml, testbedConfigFrom } from '../../../../../main/testbed/config/index.js';
import { describeLine, locatePath } from '../../../../../main/testbed/config/source-locator.js';
import { configErrorOf } from './config-test-helpers.js';

const TEXT = `# comment [not.a.header]
title = "x"

[testbed]
namespace = "alice"   # trailing comment

[ agents . "fast_processing" ]
enabled = true

[agents]
data = { enabled = "yes" }
fastmon.enabled = false

[[runs]]
id = 1
`;

describe('locatePath', () => {
  it('finds headers (spaces and quoted segments included), keys and dotted keys', () => {
    expect(locatePath(TEXT, ['testbed'])).toBe(4);
    expect(locatePath(TEXT, ['testbed', 'namespace'])).toBe(5);
    expect(locatePath(TEXT, ['agents', 'fast_processing'])).toBe(7);
    expect(locatePath(TEXT, ['agents', 'fast_processing', 'enabled'])).toBe(8);
    expect(locatePath(TEXT, ['agents', 'fastmon', 'enabled'])).toBe(12);
    expect(locatePath(TEXT, ['title'])).toBe(2);
    expect(locatePath(TEXT, ['runs', 'id'])).toBe(15);
  });

  it('falls back to the enclosing inline table, then to the first nested table; undefined when never mentioned', () => {
    expect(locatePath(TEXT, ['agents', 'data', 'enabled'])).toBe(11);
    expect(locatePath(TEXT, ['testbed', 'missing'])).toBe(4);
    expect(locatePath(TEXT, ['agents'])).toBe(10);
    expect(locatePath('[agents.data]\nenabled = true\n', ['agents'])).toBe(1);
    expect(locatePath(TEXT, ['nowhere', 'key'])).toBeUndefined();
  });

  it('ignores comments that look like headers', () => {
    expect(locatePath(TEXT, ['not', 'a', 'header'])).toBeUndefined();
  });
});

describe('describeLine', () => {
  it('names the table and key assigned on a line', () => {
    expect(describeLine(TEXT, 5)).toEqual({ table: ['testbed'], key: 'namespace' });
    expect(describeLine(TEXT, 12)).toEqual({ table: ['agents'], key: 'fastmon.enabled' });
    expect(describeLine(TEXT, 7)).toEqual({ table: ['agents', 'fast_processing'] });
    expect(describeLine(TEXT, 3)).toEqual({ table: [] });
  });
});

describe('errors located through inline tables and dotted keys', () => {
  const load = (text: string) => configErrorOf(() => testbedConfigFrom({ file: 'inline.toml', text, document: parseToml('inline.toml', text) }));

  it('a wrong type inside an inline table points at the inline table line', () => {
    expect(load('[testbed]\nnamespace = "a"\n[agents]\ndata = { enabled = "yes" }\n').message).toBe(
      'inline.toml:4: [agents.data] enabled must be a boolean (true or false), got string "yes"',
    );
  });

  it('a dotted key', () => {
    expect(load('testbed.namespace = "a"\nagents.fastmon.enabled = 3\n').message).toBe('inline.toml:2: [agents.fastmon] enabled must be a boolean (true or false), got integer 3');
  });

  it('a syntax error on a header line names the header', () => {
    const error = configErrorOf(() => parseToml('broken.toml', '[testbed]\nnamespace = "a"\n[agents.data\n'));
    expect(error.message).toMatch(/^broken\.toml:3:\d+: TOML syntax error: .+/);
    expect(error.line).toBe(3);
  });

  it('a duplicate key is a syntax error at its second definition', () => {
    const error = configErrorOf(() => parseToml('dup.toml', '[testbed]\nnamespace = "a"\nnamespace = "b"\n'));
    expect(error.message).toBe('dup.toml:3:1: TOML syntax error: trying to redefine an already defined table or value (at [testbed] namespace)');
  });
});
