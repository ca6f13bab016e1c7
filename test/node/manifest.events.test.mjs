// The events as custom-elements.json (and docs/api.md, made from it) describe them, against the
// detail types the elements really dispatch (src/elements/events.ts and src/elements/events/*.ts, read with
// the TypeScript checker): every field a description names exists in its detail type, and a field described as
// a union of strings (`{source: 'token-url' | 'twilio'}`) lists exactly that type's strings. The
// descriptions are JSDoc (`@event` on each class), which no compiler checks otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const events = manifest.modules.flatMap((m) =>
  (m.declarations ?? []).flatMap((d) =>
    (d.events ?? []).map((e) => ({ tag: d.tagName, name: e.name, description: e.description ?? '', type: e.type?.text ?? '' })),
  ),
);

// events.ts, and the event classes beside it in events/ (the TOTP elements', and those only a lazy chunk dispatches).
const FILES = ['src/elements/events.ts', ...readdirSync('src/elements/events').map((f) => `src/elements/events/${f}`)];
const program = ts.createProgram(FILES, {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
});
const checker = program.getTypeChecker();
// The types the files declare or import (some detail types, CallQuality say, come from core/).
const inScope = new Map(
  FILES.flatMap((f) => checker.getSymbolsInScope(program.getSourceFile(f), ts.SymbolFlags.Type | ts.SymbolFlags.Alias)).map((s) => [s.name, s]),
);

/** The detail type named in `CustomEvent<Name>`, as events.ts sees it. */
function detailType(typeText) {
  const name = /^CustomEvent<(\w+)>$/.exec(typeText)?.[1];
  const found = name && inScope.get(name);
  if (!found) return null;
  const symbol = checker.getExportSymbolOfSymbol(found);
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return checker.getDeclaredTypeOfSymbol(target);
}

/** The string literals of a property's type ('a' | 'b' | undefined → ['a', 'b']), or null when it is not a union of strings. */
function stringsOf(type) {
  const parts = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & ts.TypeFlags.Undefined));
  return parts.every((t) => t.isStringLiteral()) ? parts.map((t) => t.value).sort() : null;
}

/** The top-level fields of the first `{…}` in a description: `{a, b?: {c}, d: 'x' | 'y'}` → [[a], [b], [d, ['x','y']]]. */
function describedFields(description) {
  const start = description.indexOf('{');
  if (start < 0) return [];
  const items = [];
  let depth = 0;
  let item = '';
  for (const ch of description.slice(start + 1)) {
    if (ch === '{') depth++;
    if (ch === '}' && depth-- === 0) break;
    if (ch === ',' && depth === 0) {
      items.push(item);
      item = '';
    } else item += ch;
  }
  items.push(item);
  return items
    .map((s) => s.trim())
    .filter((s) => /^\w/.test(s))
    .map((s) => {
      const [, name, rest = ''] = /^(\w+)\??(?::\s*(.*))?$/s.exec(s) ?? [];
      const strings = /^'[^']*'(\s*\|\s*'[^']*')+$/.test(rest.trim()) ? [...rest.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort() : null;
      return { name, strings };
    })
    .filter((f) => f.name);
}

test('the manifest describes events', () => {
  assert.ok(events.length >= 15, `${events.length} events`);
  assert.ok(events.some((e) => e.name === 'twilio-phone-bad-credentials'));
});

for (const event of events) {
  const fields = describedFields(event.description);
  if (!fields.length) continue;
  test(`${event.tag} ${event.name}: the described fields are its detail's (${event.type})`, () => {
    const type = detailType(event.type);
    assert.ok(type, `${event.type} is not a type known to src/elements/events.ts or src/elements/events/`);
    for (const field of fields) {
      const prop = type.getProperty(field.name);
      assert.ok(prop, `${event.name}: the description names ${field.name}, which ${event.type} does not have`);
      if (!field.strings) continue;
      const actual = stringsOf(checker.getTypeOfSymbol(prop));
      assert.deepEqual(field.strings, actual, `${event.name}: ${field.name} is described as ${field.strings.join(' | ')}`);
    }
  });
}
