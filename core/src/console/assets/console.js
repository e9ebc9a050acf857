// KeyBS Console: progressive enhancement only. Every page works without this file.

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

for (const button of document.querySelectorAll('button[data-copy]')) {
  const input = document.getElementById(button.dataset.copy ?? '');
  if (!(input instanceof HTMLInputElement) || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(input.value);
    button.textContent = 'Copied';
    button.setAttribute('aria-live', 'polite');
  });
}

for (const input of document.querySelectorAll('input[data-copyable]')) {
  input.addEventListener('focus', () => input.select());
}

for (const input of document.querySelectorAll('input[data-filter-table]')) {
  const table = document.getElementById(input.dataset.filterTable ?? '');
  if (!table) continue;
  const rows = [...table.querySelectorAll('tbody tr')];
  input.addEventListener('input', () => {
    const needle = input.value.trim().toLowerCase();
    for (const row of rows) row.hidden = needle !== '' && !row.textContent.toLowerCase().includes(needle);
  });
}
