// Generates custom-elements.json from the components' JSDoc (`npm run build`).
import { readdirSync, readFileSync } from 'node:fs';

/** Drops private/internal members (Lit `state: true` fields) from the public manifest. */
function hidePrivate() {
  return {
    name: 'hide-private',
    packageLinkPhase({ customElementsManifest }) {
      // The analyzer lists modules in file-system glob order, which varies: sort for a stable file.
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          const hidden = new Set((decl.members ?? []).filter((m) => m.privacy === 'private' || m.name.startsWith('_')).map((m) => m.name));
          if (decl.members) decl.members = decl.members.filter((m) => !hidden.has(m.name));
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name) && !a.name.startsWith('_'));
        }
      }
    },
  };
}

/**
 * Modules in path order: the analyzer's own order follows import resolution, which varies
 * from run to run once one component imports another (<totp-enroll> uses <totp-verify>).
 */
function sortModules() {
  return {
    name: 'sort-modules',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

/** The event classes: events.ts, and beside it the events only a lazy chunk dispatches. */
const EVENT_FILES = ['src/elements/events.ts', ...readdirSync(new URL('./src/elements/events/', import.meta.url)).map((f) => `src/elements/events/${f}`)];

/**
 * Each element event's type, `CustomEvent<Detail>`, from its class in EVENT_FILES
 * (`class X extends WidgetEvent<Detail>` named by a static `eventName`): the `@fires` JSDoc
 * gives names and descriptions only. The docs' API tables show it as the event's detail type.
 */
function eventTypes() {
  return {
    name: 'event-types',
    packageLinkPhase({ customElementsManifest }) {
      const source = EVENT_FILES.map((file) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')).join('\n');
      const detailOf = new Map();
      const re = /class \w+ extends WidgetEvent<(\w+)> \{\s*static (?:readonly eventName = '([\w-]+)'|get eventName\(\): '([\w-]+)')/g;
      for (const m of source.matchAll(re)) detailOf.set(m[2] ?? m[3], m[1]);
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          for (const event of decl.events ?? []) {
            const detail = detailOf.get(event.name);
            if (detail) event.type = { text: `CustomEvent<${detail}>` };
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/elements/components/**/*.ts', ...EVENT_FILES],
  exclude: ['src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  plugins: [hidePrivate(), sortModules(), eventTypes()],
};
