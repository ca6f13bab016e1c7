// Site search with Pagefind's static index (pagefind/, written by `npm run docs:build`): no server.
const root = new URL(document.querySelector('meta[name="docs-root"]').content, location.href);
const input = document.getElementById('search-input');
const results = document.getElementById('search-results');
let pagefind;
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
    a.href = new URL(hit.url.replace(/^\//, ''), root).href;
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
