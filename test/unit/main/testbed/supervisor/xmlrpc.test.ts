import { describe, expect, it } from 'vitest';
import { decodeMethodResponse, encodeMethodCall, escapeXml } from '../../../../../main/testbed/supervisor/xmlrpc.js';

// Responses are written the way Python's xmlrpc.client.dumps lays them out (newlines between elements).
const response = (value: string) => `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>${value}</value>\n</param>\n</params>\n</methodResponse>\n`;

describe('encodeMethodCall', () => {
  it('encodes strings, ints, doubles, booleans, arrays and structs with XML escaping', () => {
    const xml = encodeMethodCall('supervisor.startProcess', ['a<b>&c "q"', 42, 1.5, true, [false, 'x'], { k: 'v' }]);
    expect(xml).toContain('<methodName>supervisor.startProcess</methodName>');
    expect(xml).toContain('<value><string>a&lt;b&gt;&amp;c "q"</string></value>');
    expect(xml).toContain('<value><int>42</int></value>');
    expect(xml).toContain('<value><double>1.5</double></value>');
    expect(xml).toContain('<value><boolean>1</boolean></value>');
    expect(xml).toContain('<array><data><value><boolean>0</boolean></value><value><string>x</string></value></data></array>');
    expect(xml).toContain('<struct><member><name>k</name><value><string>v</string></value></member></struct>');
  });

  it('sends integers outside 32 bits as doubles and refuses NaN', () => {
    expect(encodeMethodCall('m', [2 ** 40])).toContain('<double>1099511627776</double>');
    expect(() => encodeMethodCall('m', [Number.NaN])).toThrow(/cannot carry NaN/);
  });

  it('escapes only what an element body needs', () => {
    expect(escapeXml(`<&>'"`)).toBe(`&lt;&amp;&gt;'"`);
  });
});

describe('decodeMethodResponse', () => {
  it('decodes a getAllProcessInfo-like array of structs with typed members', () => {
    const body = response(
      '<array><data>\n<value><struct>\n<member>\n<name>name</name>\n<value><string>ticker</string></value>\n</member>\n' +
        '<member>\n<name>pid</name>\n<value><int>123</int></value>\n</member>\n<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n' +
        '</struct></value>\n</data></array>',
    );
    expect(decodeMethodResponse(body)).toEqual({ ok: true, value: [{ name: 'ticker', pid: 123, ok: true }] });
  });

  it('keeps whitespace and decodes entities in strings, and reads an untyped value as a string', () => {
    expect(decodeMethodResponse(response('<string>  a &amp;&lt;b&gt; &amp;#233;\n</string>'))).toEqual({ ok: true, value: '  a &<b> &#233;\n' });
    expect(decodeMethodResponse(response('  plain '))).toEqual({ ok: true, value: '  plain ' });
    expect(decodeMethodResponse(response('<string></string>'))).toEqual({ ok: true, value: '' });
  });

  it('decodes nested arrays (reloadConfig shape), nil and i4', () => {
    const body = response('<array><data><value><array><data><value><array><data><value><string>a</string></value></data></array></value><value><array><data></data></array></value></data></array></value></data></array>');
    expect(decodeMethodResponse(body)).toEqual({ ok: true, value: [[['a'], []]] });
    expect(decodeMethodResponse(response('<nil/>'))).toEqual({ ok: true, value: null });
    expect(decodeMethodResponse(response('<i4>-7</i4>'))).toEqual({ ok: true, value: -7 });
  });

  it('turns a fault into code and faultString', () => {
    const body =
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n" +
      '<member>\n<name>faultString</name>\n<value><string>BAD_NAME: nope</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n';
    expect(decodeMethodResponse(body)).toEqual({ ok: false, code: 10, faultString: 'BAD_NAME: nope' });
  });

  it('rejects what is not an XML-RPC response', () => {
    expect(() => decodeMethodResponse('<html>Not Found</html>')).toThrow(/not an XML-RPC response/);
    expect(() => decodeMethodResponse(response('<base64>AA==</base64>'))).toThrow(/unsupported XML-RPC type <base64>/);
  });
});
