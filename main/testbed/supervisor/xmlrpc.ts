/** XML-RPC encoding and decoding: exactly the subset supervisord speaks (no base64, no dateTime). */
import { XMLParser } from 'fast-xml-parser';

/** A value XML-RPC can carry between us and supervisord. */
export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [key: string]: XmlRpcValue };

/** A decoded methodResponse: either the single return value or a fault. */
export type XmlRpcResponse = { ok: true; value: XmlRpcValue } | { ok: false; code: number; faultString: string };

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for an XML element body (quotes need no escaping there). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => XML_ESCAPES[c]);
}

function encodeValue(value: XmlRpcValue): string {
  if (value === null) return '<nil/>';
  if (typeof value === 'string') return `<string>${escapeXml(value)}</string>`;
  if (typeof value === 'boolean') return `<boolean>${value ? 1 : 0}</boolean>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`XML-RPC cannot carry ${value}`);
    // XML-RPC <int> is 32-bit; anything else travels as a double.
    const isInt = Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    return isInt ? `<int>${value}</int>` : `<double>${value}</double>`;
  }
  if (Array.isArray(value)) return `<array><data>${value.map((v) => `<value>${encodeValue(v)}</value>`).join('')}</data></array>`;
  const members = Object.entries(value).map(([k, v]) => `<member><name>${escapeXml(k)}</name><value>${encodeValue(v)}</value></member>`);
  return `<struct>${members.join('')}</struct>`;
}

/** Builds the body of an XML-RPC methodCall. */
export function encodeMethodCall(method: string, params: readonly XmlRpcValue[]): string {
  const encoded = params.map((p) => `<param><value>${encodeValue(p)}</value></param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${encoded}</params></methodCall>`;
}

// preserveOrder keeps whitespace-only string values intact and lets us walk elements generically.
const parser = new XMLParser({
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  htmlEntities: true,
});

type Node = Record<string, Node[] | string>;

function tagOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

function elements(children: Node[]): Node[] {
  return children.filter((n) => tagOf(n) !== '#text');
}

function textOf(children: Node[]): string {
  return children.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('');
}

function child(children: Node[], tag: string): Node[] {
  const found = elements(children).find((n) => tagOf(n) === tag);
  if (!found) throw new Error(`malformed XML-RPC: <${tag}> missing`);
  return found[tag] as Node[];
}

function decodeValue(valueChildren: Node[]): XmlRpcValue {
  const [typed] = elements(valueChildren);
  if (!typed) return textOf(valueChildren); // an untyped <value> is a string
  const tag = tagOf(typed);
  const inner = typed[tag] as Node[];
  switch (tag) {
    case 'string':
      return textOf(inner);
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return Number(textOf(inner).trim());
    case 'boolean':
      return textOf(inner).trim() === '1';
    case 'nil':
      return null;
    case 'array':
      return elements(child(inner, 'data')).map((v) => decodeValue(v.value as Node[]));
    case 'struct': {
      const out: Record<string, XmlRpcValue> = {};
      for (const member of elements(inner)) {
        const parts = member.member as Node[];
        out[textOf(child(parts, 'name'))] = decodeValue(child(parts, 'value'));
      }
      return out;
    }
    default:
      throw new Error(`unsupported XML-RPC type <${tag}>`);
  }
}

/** Parses a methodResponse body into its value or its fault; throws on anything that is not XML-RPC. */
export function decodeMethodResponse(xml: string): XmlRpcResponse {
  const root = elements(parser.parse(xml) as Node[]).find((n) => tagOf(n) === 'methodResponse');
  if (!root) throw new Error(`not an XML-RPC response: ${xml.slice(0, 120)}`);
  const body = root.methodResponse as Node[];
  const fault = elements(body).find((n) => tagOf(n) === 'fault');
  if (fault) {
    const struct = decodeValue(child(fault.fault as Node[], 'value')) as Record<string, XmlRpcValue>;
    return { ok: false, code: Number(struct.faultCode), faultString: String(struct.faultString) };
  }
  const params = elements(child(body, 'params'));
  if (params.length === 0) return { ok: true, value: null };
  return { ok: true, value: decodeValue(child(params[0].param as Node[], 'value')) };
}
