import { describe, expect, it } from 'vitest';
import { parseSignature, splitTopLevel } from '../../../../renderer/src/logic/signature.js';

describe('parseSignature', () => {
  it('types each parameter from its default', () => {
    const signature = parseSignature("delay_task(a=1, b=2.0, c=True, d='x', e=None)\n\n**Task** - Sleep.");
    expect(signature?.name).toBe('delay_task');
    expect(signature?.params).toEqual([
      { name: 'a', kind: 'int', defaultText: '1', defaultValue: 1 },
      { name: 'b', kind: 'float', defaultText: '2.0', defaultValue: 2 },
      { name: 'c', kind: 'bool', defaultText: 'true', defaultValue: true },
      { name: 'd', kind: 'str', defaultText: 'x', defaultValue: 'x' },
      { name: 'e', kind: 'auto', defaultText: '', defaultValue: null },
    ]);
  });

  it('reads the first non-empty line, negative and exponent numbers, False and double quotes', () => {
    const signature = parseSignature('\n   set_values(offset=-3, gain=1e-3, enabled=False, label="a, b")  \nmore');
    expect(signature?.params.map((p) => [p.name, p.kind, p.defaultValue])).toEqual([
      ['offset', 'int', -3],
      ['gain', 'float', 0.001],
      ['enabled', 'bool', false],
      ['label', 'str', 'a, b'],
    ]);
  });

  it('keeps lists as JSON text, skips self/*args/**kwargs, leaves parameters without defaults untyped', () => {
    const signature = parseSignature("op(self, target, chans=[1, 'two', True], *args, **kwargs)");
    expect(signature?.params).toEqual([
      { name: 'target', kind: 'auto', defaultText: null },
      { name: 'chans', kind: 'auto', defaultText: '[1, "two", true]', defaultValue: undefined },
    ]);
  });

  it('handles an empty parameter list and type annotations', () => {
    expect(parseSignature('acq()')?.params).toEqual([]);
    expect(parseSignature('acq(rate: float = 2.5)')?.params).toEqual([{ name: 'rate', kind: 'float', defaultText: '2.5', defaultValue: 2.5 }]);
  });

  it('returns null when the first line is not a signature', () => {
    expect(parseSignature('**Task** - Sleep for a while.')).toBeNull();
    expect(parseSignature(null)).toBeNull();
    expect(parseSignature('')).toBeNull();
  });
});

describe('splitTopLevel', () => {
  it('splits only on commas outside quotes and brackets', () => {
    expect(splitTopLevel("a=1, b=[1, 2], c={'k': (1, 2)}, d='x,y', e=\"it's\"")).toEqual(['a=1', 'b=[1, 2]', "c={'k': (1, 2)}", "d='x,y'", 'e="it\'s"']);
  });
});
