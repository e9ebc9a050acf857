/** The portal's one page: a form to raise a purchase order, and the orders, updated live over SSE. */
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Procurement portal: KeyBS gate</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
  td, th { border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; }
  .allowed { color: #137333; font-weight: 600; } .blocked { color: #b3261e; font-weight: 600; }
  form { display: flex; gap: .5rem; }
</style>
</head>
<body>
<h1>Purchase orders</h1>
<form id="new">
  <input name="supplier_ref" placeholder="supplier external_ref (SUP-1042)" required>
  <input name="description" placeholder="what">
  <input name="amount" type="number" step="0.01" placeholder="amount" required>
  <button>Raise order</button>
</form>
<table>
  <thead><tr><th>PO</th><th>supplier</th><th>what</th><th>amount</th><th>status</th><th>why</th></tr></thead>
  <tbody id="orders"></tbody>
</table>
<script>
const rows = new Map();
const tbody = document.getElementById('orders');
function cell(text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
function show(o) {
  const tr = document.createElement('tr');
  tr.append(cell(o.id), cell(o.supplier_ref), cell(o.description), cell(o.amount.toFixed(2)),
    cell(o.status, o.status), cell(o.gate.reason + (o.gate.confidence === null ? '' : ' (' + o.gate.confidence + ')')));
  const old = rows.get(o.id);
  if (old) old.replaceWith(tr); else tbody.prepend(tr);
  rows.set(o.id, tr);
}
const events = new EventSource('/events');
events.addEventListener('snapshot', (e) => JSON.parse(e.data).reverse().forEach(show));
events.addEventListener('order', (e) => show(JSON.parse(e.data)));
document.getElementById('new').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const res = await fetch('/orders', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ supplier_ref: f.get('supplier_ref'), description: f.get('description'), amount: Number(f.get('amount')) }) });
  if (!res.ok) alert((await res.json()).error);
});
</script>
</body>
</html>
`;
