// The API tables of an element page, from custom-elements.json: the only place the docs state
// an attribute, property, method, event, slot, part, CSS custom property or custom state.
// `apiOf` picks what is public; `apiTables` renders it; scripts/docs/check.mjs reads the
// rendered tables back and compares them with a fresh `apiOf` of the manifest.

/** The element declarations of a manifest, by tag name. */
export function elementsOf(manifest) {
  const out = new Map();
  for (const mod of manifest.modules ?? []) {
    for (const d of mod.declarations ?? []) if (d.customElement && d.tagName) out.set(d.tagName, { ...d, path: mod.path });
  }
  return out;
}

const isPublic = (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('_') && !m.name.startsWith('#');

/** The public API of one element declaration: one array per table, each row with a `name`. */
export function apiOf(decl) {
  const members = decl.members ?? [];
  return {
    attributes: (decl.attributes ?? []).map((a) => ({ name: a.name, field: a.fieldName, type: a.type?.text, default: a.default, description: a.description })),
    properties: members
      .filter((m) => m.kind === 'field' && !m.static && isPublic(m))
      .map((m) => ({ name: m.name, attribute: m.attribute, type: m.type?.text, default: m.default, readonly: !!m.readonly, description: m.description })),
    methods: members
      .filter((m) => m.kind === 'method' && isPublic(m))
      .map((m) => ({
        name: m.static ? `${decl.name}.${m.name}` : m.name,
        signature: `${m.static ? `${decl.name}.` : ''}${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.optional ? '?' : ''}${p.type?.text ? `: ${p.type.text}` : ''}`).join(', ')})`,
        returns: m.return?.type?.text,
        description: m.description,
      })),
    events: (decl.events ?? []).map((e) => ({ name: e.name, type: e.type?.text, description: e.description })),
    slots: (decl.slots ?? []).map((s) => ({ name: s.name || '(default)', description: s.description })),
    parts: (decl.cssParts ?? []).map((p) => ({ name: p.name, description: p.description })),
    cssProperties: (decl.cssProperties ?? []).map((p) => ({ name: p.name, default: p.default, description: p.description })),
    states: (decl.cssStates ?? []).map((s) => ({ name: s.name, description: s.description })),
  };
}

export const escapeHtml = (s) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JSDoc text as HTML: escaped, `code` spans kept, lines joined. */
export function inlineMarkdown(text) {
  return escapeHtml(text)
    .replace(/\n+/g, ' ')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

const code = (s) => (s ? `<code>${escapeHtml(s)}</code>` : '');

const TABLES = [
  [
    'attributes',
    'Attributes',
    ['attribute', 'property', 'type', 'default', 'description'],
    (r) => [code(r.name), code(r.field), code(r.type), code(r.default), inlineMarkdown(r.description)],
  ],
  [
    'properties',
    'Properties',
    ['property', 'attribute', 'type', 'default', 'description'],
    (r) => [code(r.name), code(r.attribute), code(r.type), code(r.default), (r.readonly ? '<em>read-only.</em> ' : '') + inlineMarkdown(r.description)],
  ],
  ['methods', 'Methods', ['method', 'returns', 'description'], (r) => [code(r.signature), code(r.returns), inlineMarkdown(r.description)]],
  ['events', 'Events', ['event', 'detail type', 'detail and when'], (r) => [code(r.name), code(r.type), inlineMarkdown(r.description)]],
  ['slots', 'Slots', ['slot', 'description'], (r) => [code(r.name), inlineMarkdown(r.description)]],
  ['parts', 'CSS parts', ['part', 'description'], (r) => [code(r.name), inlineMarkdown(r.description)]],
  ['cssProperties', 'CSS custom properties', ['property', 'default', 'description'], (r) => [code(r.name), code(r.default), inlineMarkdown(r.description)]],
  ['states', 'Custom states', ['state', 'description'], (r) => [code(`:state(${r.name})`), inlineMarkdown(r.description)]],
];

/** The API section of `tag`'s page: one table per kind that has rows, each row marked with its name. */
export function apiTables(manifest, tag) {
  const decl = elementsOf(manifest).get(tag);
  if (!decl) throw new Error(`custom-elements.json has no <${tag}>`);
  const api = apiOf(decl);
  const out = [`<section class="api" data-api-tag="${escapeHtml(tag)}" data-pagefind-weight="0.5">`];
  out.push(`<p>Generated from <code>custom-elements.json</code> (class <code>${escapeHtml(decl.name)}</code> in <code>${escapeHtml(decl.path)}</code>).</p>`);
  for (const [kind, title, head, cells] of TABLES) {
    const rows = api[kind];
    if (!rows.length) continue;
    out.push(`<h3 id="api-${kind.toLowerCase()}">${title}</h3>`);
    out.push(`<table data-api="${kind}"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>`);
    for (const r of rows)
      out.push(
        `<tr data-name="${escapeHtml(r.name)}">${cells(r)
          .map((c) => `<td>${c}</td>`)
          .join('')}</tr>`,
      );
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}
