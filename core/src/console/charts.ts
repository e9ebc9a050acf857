import { type Html, html } from './html.js';

/** Inline SVG charts: each is an image with a title and a text summary; the page also shows the numbers. */

export interface Datum {
  label: string;
  value: number;
  /** Shown at the bar's end; the value itself by default. */
  valueLabel?: string;
  /** A CSS class for the bar's colour. */
  tone?: string;
}

let chartSeq = 0;
const nextId = () => `chart-${++chartSeq}`;
const round = (n: number) => Math.round(n * 10) / 10;

function frame(title: string, summary: string, width: number, height: number, body: Html): Html {
  const id = nextId();
  return html`<figure class="chart">
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" preserveAspectRatio="xMinYMin meet">
<title id="${id}-t">${title}</title><desc id="${id}-d">${summary}</desc>
${body}
</svg>
<figcaption>${title}</figcaption>
</figure>`;
}

/** Vertical columns, one per datum (e.g. verifications per day), labels under every `labelEvery`th column. */
export function columnChart(title: string, data: Datum[], labelEvery = 1): Html {
  const width = 640;
  const height = 220;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const max = Math.max(1, ...data.map((d) => d.value));
  const step = (width - left) / Math.max(1, data.length);
  const plot = height - top - bottom;
  const total = data.reduce((sum, d) => sum + d.value, 0);
  const bars = data.map((d, i) => {
    const h = (d.value / max) * plot;
    const x = left + i * step;
    return html`<g><rect class="bar ${d.tone ?? ''}" x="${round(x + step * 0.15)}" y="${round(top + plot - h)}" width="${round(
      step * 0.7,
    )}" height="${round(h)}"><title>${d.label}: ${d.valueLabel ?? d.value}</title></rect>${
      i % labelEvery === 0
        ? html`<text class="axis" x="${round(x + step / 2)}" y="${height - 10}" text-anchor="middle">${d.label}</text>`
        : ''
    }</g>`;
  });
  const axis = html`<line class="axis-line" x1="${left}" y1="${top + plot}" x2="${width}" y2="${top + plot}"/>
<text class="axis" x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>
<text class="axis" x="${left - 6}" y="${top + plot}" text-anchor="end">0</text>`;
  return frame(
    title,
    `${data.length} columns, ${total} in all, at most ${max} in one.`,
    width,
    height,
    html`${axis}${bars}`,
  );
}

/** Horizontal bars with their labels and values written out. */
export function barChart(title: string, data: Datum[]): Html {
  const width = 640;
  const row = 30;
  const left = 190;
  const right = 90;
  const height = Math.max(1, data.length) * row + 8;
  const max = Math.max(1, ...data.map((d) => d.value));
  const bars = data.map((d, i) => {
    const w = (d.value / max) * (width - left - right);
    const y = 4 + i * row;
    return html`<g><text class="label" x="${left - 8}" y="${y + 18}" text-anchor="end">${d.label}</text>
<rect class="bar ${d.tone ?? ''}" x="${left}" y="${y + 4}" width="${round(Math.max(w, 1))}" height="${row - 10}"/>
<text class="value" x="${round(left + Math.max(w, 1) + 6)}" y="${y + 18}">${d.valueLabel ?? d.value}</text></g>`;
  });
  const summary = data.map((d) => `${d.label}: ${d.valueLabel ?? d.value}`).join('; ') || 'no data';
  return frame(title, summary, width, height, html`${bars}`);
}

export interface Tile {
  code: string;
  name: string;
  tone: string;
  detail: string;
}

/** A grid of labelled tiles (every covered jurisdiction, coloured by tier): a map without geography. */
export function tileGrid(title: string, summary: string, tiles: Tile[], columns = 22): Html {
  const size = 29;
  const width = columns * size;
  const height = Math.ceil(tiles.length / columns) * size;
  const cells = tiles.map((t, i) => {
    const x = (i % columns) * size;
    const y = Math.floor(i / columns) * size;
    return html`<g><rect class="tile ${t.tone}" x="${x + 1}" y="${y + 1}" width="${size - 2}" height="${size - 2}" rx="3"><title>${t.name} (${t.code}): ${t.detail}</title></rect><text class="tile-label" x="${x + size / 2}" y="${y + size / 2 + 4}" text-anchor="middle">${t.code}</text></g>`;
  });
  return frame(title, summary, width, height, html`${cells}`);
}
