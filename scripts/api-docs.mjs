#!/usr/bin/env node
// Writes docs/api.md, the API reference, from custom-elements.json (run by `npm run manifest`).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n+/g, ' ');
const table = (head, rows) =>
  rows.length
    ? [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''].join('\n')
    : '';

const out = ['# API reference', '', 'Generated from `custom-elements.json` by `scripts/api-docs.mjs` (`npm run manifest`); do not edit by hand.', ''];
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, path: m.path })));
for (const el of elements.sort((a, b) => a.tagName.localeCompare(b.tagName))) {
  out.push(`## \`<${el.tagName}>\``, '', el.summary ?? '', '', el.description ?? '', '', `Class \`${el.name}\` in \`${el.path}\`.`, '');
  const fields = (el.members ?? []).filter((m) => m.kind === 'field' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static);
  const methods = (el.members ?? []).filter((m) => m.kind === 'method' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static);
  if (fields.length) {
    out.push(
      '### Properties',
      '',
      table(
        ['property', 'attribute', 'type', 'default', 'description'],
        fields.map((f) => [
          `\`${f.name}\``,
          f.attribute ? `\`${f.attribute}\`` : '',
          f.type?.text ? `\`${f.type.text}\`` : '',
          f.default ? `\`${f.default}\`` : '',
          f.description ?? (f.readonly ? 'read-only' : ''),
        ]),
      ),
    );
  }
  if (methods.length) {
    out.push(
      '### Methods',
      '',
      table(
        ['method', 'description'],
        methods.map((m) => [`\`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})\``, m.description ?? '']),
      ),
    );
  }
  if (el.events?.length)
    out.push(
      '### Events',
      '',
      table(
        ['event', 'type', 'detail / when'],
        el.events.map((e) => [`\`${e.name}\``, e.type?.text ? `\`${e.type.text}\`` : '', e.description ?? '']),
      ),
    );
  if (el.slots?.length)
    out.push(
      '### Slots',
      '',
      table(
        ['slot', 'description'],
        el.slots.map((s) => [s.name ? `\`${s.name}\`` : '(default)', s.description ?? '']),
      ),
    );
  if (el.cssParts?.length)
    out.push(
      '### CSS parts',
      '',
      table(
        ['part', 'description'],
        el.cssParts.map((p) => [`\`${p.name}\``, p.description ?? '']),
      ),
    );
  if (el.cssProperties?.length)
    out.push(
      '### CSS custom properties',
      '',
      table(
        ['property', 'description'],
        el.cssProperties.map((p) => [`\`${p.name}\``, p.description ?? '']),
      ),
    );
  if (el.cssStates?.length)
    out.push(
      '### Custom states',
      '',
      table(
        ['state', 'description'],
        el.cssStates.map((p) => [`\`:state(${p.name})\``, p.description ?? '']),
      ),
    );
}
mkdirSync('docs', { recursive: true });
writeFileSync('docs/api.md', out.join('\n').replace(/\n{3,}/g, '\n\n'));
