// Generates custom-elements.json from the components' JSDoc (`npm run build`).
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

export default {
  globs: ['src/elements/components/**/*.ts', 'src/elements/events.ts'],
  exclude: ['src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  plugins: [hidePrivate(), sortModules()],
};
