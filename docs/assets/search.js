// Site search with Pagefind's static index (pagefind/, written by `npm run docs:build`): no server.
const root = new URL(document.querySelector('meta[name="docs-root"]').content, location.href);
const input = document.getElementById('search-input');
const results = document.getElementById('search-results');
let pagefind;

// Pagefind loads its own files by URL; under Trusted Types (the docs server's policy) those URLs
// need a policy. The default one lets through the script URLs of this site's pagefind/ only.
if (window.trustedTypes && !trustedTypes.defaultPolicy) {
  const allowed = new URL('pagefind/', root).href;
  trustedTypes.createPolicy('default', {
    createScriptURL: (url) => {
      if (new URL(url, location.href).href.startsWith(allowed)) return url;
      throw new TypeError(`Not a search script: ${url}`);
    },
  });
}
let latest = 0;

async function search(query) {
  const ticket = ++latest;
  if (!query.trim()) return results.replaceChildren();
  pagefind ??= await import(new URL('pagefind/pagefind.js', root).href);
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
  if (ticket !== latest) return;
  const list = document.createElement('ul');
  for (const hit of data) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = hit.url; // Pagefind's URLs start from the folder that holds pagefind/
    a.textContent = hit.meta.title ?? hit.url;
    li.append(a);
    list.append(li);
  }
  const count = document.createElement('p');
  count.textContent = data.length ? `${found.results.length} pages found` : 'Nothing found';
  results.replaceChildren(count, ...(data.length ? [list] : []));
}

input.addEventListener('input', () => {
  search(input.value).catch((err) => {
    results.textContent = `Search is unavailable: ${err.message}`;
  });
});
input.form.addEventListener('submit', (e) => e.preventDefault());
