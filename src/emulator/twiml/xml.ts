/**
 * A small, strict XML parser for TwiML documents: elements, attributes, text,
 * CDATA, comments, the XML declaration and the five predefined entities plus
 * character references. No DOCTYPE and so no entity expansion: a TwiML
 * document never needs one, and refusing it keeps the parser safe against
 * entity-expansion attacks. Dependency-free on purpose (TwiML is a tiny
 * subset of XML).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  return new Parser(text).document();
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    if (this.s.startsWith('<?xml', this.i)) this.skipPast('?>', 'XML declaration');
    this.misc();
    if (this.s.startsWith('<!DOCTYPE', this.i)) this.fail('DOCTYPE is not allowed');
    if (this.s[this.i] !== '<') this.fail(this.i >= this.s.length ? 'no root element' : 'text before the root element');
    const root = this.element();
    this.misc();
    if (this.i < this.s.length) this.fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions between top-level items. */
  private misc(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s.startsWith('<!--', this.i)) this.skipPast('-->', 'comment');
      else if (this.s.startsWith('<?', this.i)) this.skipPast('?>', 'processing instruction');
      else return;
    }
  }

  private element(): XmlElement {
    this.i++; // '<'
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.spaces();
      const c = this.s[this.i];
      if (c === '/' && this.s[this.i + 1] === '>') {
        this.i += 2;
        return { name, attributes, children: [] };
      }
      if (c === '>') {
        this.i++;
        break;
      }
      if (c === undefined) this.fail(`unclosed start tag <${name}>`);
      if (!hadSpace) this.fail(`expected whitespace before an attribute in <${name}>`);
      const attr = this.name();
      this.spaces();
      if (this.s[this.i] !== '=') this.fail(`attribute ${attr} has no value`);
      this.i++;
      this.spaces();
      const quote = this.s[this.i];
      if (quote !== '"' && quote !== "'") this.fail(`attribute ${attr} is not quoted`);
      const end = this.s.indexOf(quote, this.i + 1);
      if (end < 0) this.fail(`unterminated value of attribute ${attr}`);
      const raw = this.s.slice(this.i + 1, end);
      if (raw.includes('<')) this.fail(`'<' in the value of attribute ${attr}`);
      if (Object.hasOwn(attributes, attr)) this.fail(`duplicate attribute ${attr}`);
      attributes[attr] = this.decode(raw, this.i + 1);
      this.i = end + 1;
    }
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail(`<${name}> is not closed`);
      if (this.s.startsWith('</', this.i)) {
        this.i += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        this.spaces();
        if (this.s[this.i] !== '>') this.fail(`malformed end tag </${closing}>`);
        this.i++;
        if (text) children.push(text);
        return { name, attributes, children };
      }
      if (this.s.startsWith('<!--', this.i)) {
        this.skipPast('-->', 'comment');
      } else if (this.s.startsWith('<![CDATA[', this.i)) {
        const end = this.s.indexOf(']]>', this.i);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.s.startsWith('<?', this.i)) {
        this.skipPast('?>', 'processing instruction');
      } else if (this.s[this.i] === '<') {
        if (text) children.push(text);
        text = '';
        children.push(this.element());
      } else {
        const next = this.s.indexOf('<', this.i);
        const end = next < 0 ? this.s.length : next;
        text += this.decode(this.s.slice(this.i, end), this.i);
        this.i = end;
      }
    }
  }

  private name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0];
  }

  private spaces(): boolean {
    const start = this.i;
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
    return this.i > start;
  }

  private skipPast(end: string, what: string): void {
    const at = this.s.indexOf(end, this.i);
    if (at < 0) this.fail(`unterminated ${what}`);
    this.i = at + end.length;
  }

  private decode(raw: string, offset: number): string {
    return raw.replace(/&([^;&\s]*);?/g, (match, ref: string, at: number) => {
      if (!match.endsWith(';')) this.fail("'&' that starts no entity", offset + at);
      if (ref.startsWith('#')) {
        const code = /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
        if (!Number.isInteger(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          this.fail(`invalid character reference &${ref};`, offset + at);
        }
        return String.fromCodePoint(code);
      }
      const v = ENTITIES[ref];
      if (v === undefined) this.fail(`unknown entity &${ref};`, offset + at);
      return v;
    });
  }

  private fail(message: string, at = this.i): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new XmlSyntaxError(message, line, column);
  }
}
