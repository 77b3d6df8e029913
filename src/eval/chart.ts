/**
 * The accuracy-per-tag chart: a grouped bar chart as a self-contained SVG string (one group per
 * tag, one bar per planner, a whisker for each 95 % interval). No chart library: the picture is
 * small, fixed and must render in a README without scripts.
 */
import type { Proportion } from "./metrics.js";

export interface ChartSeries {
  planner: string;
  perTag: Record<string, Proportion>;
}

const PALETTE = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#c53030", "#319795"];
const PLOT_HEIGHT = 240;
const BAR_WIDTH = 12;
const GROUP_GAP = 14;
const MARGIN = { top: 48, right: 24, bottom: 120, left: 56 };

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (n: number) => Number(n.toFixed(1));

export function accuracyByTagSvg(series: ChartSeries[], title = "Full-call accuracy by tag (95 % CI)"): string {
  const tags = [...new Set(series.flatMap((s) => Object.keys(s.perTag)))].sort();
  const groupWidth = series.length * BAR_WIDTH + GROUP_GAP;
  const plotWidth = Math.max(tags.length * groupWidth, 240);
  const width = MARGIN.left + plotWidth + MARGIN.right;
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const y = (v: number) => fixed(MARGIN.top + PLOT_HEIGHT * (1 - v));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e2e8f0"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick * 100} %</text>`,
    );
  }
  tags.forEach((tag, t) => {
    const groupX = MARGIN.left + t * groupWidth + GROUP_GAP / 2;
    series.forEach((s, i) => {
      const p = s.perTag[tag];
      if (!p || p.value === null) return;
      const x = groupX + i * BAR_WIDTH;
      const colour = PALETTE[i % PALETTE.length] as string;
      parts.push(
        `<rect x="${fixed(x)}" y="${y(p.value)}" width="${BAR_WIDTH - 2}" height="${fixed(PLOT_HEIGHT * p.value)}" fill="${colour}"><title>${escapeXml(`${s.planner} · ${tag}: ${p.k}/${p.n}`)}</title></rect>`,
      );
      if (p.ci95) {
        const cx = fixed(x + (BAR_WIDTH - 2) / 2);
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(p.ci95[0])}" y2="${y(p.ci95[1])}" stroke="#1a202c" stroke-width="1"/>`);
      }
    });
    const labelX = fixed(groupX + (series.length * BAR_WIDTH) / 2);
    const labelY = MARGIN.top + PLOT_HEIGHT + 10;
    parts.push(`<text x="${labelX}" y="${labelY}" text-anchor="end" transform="rotate(-50 ${labelX} ${labelY})">${escapeXml(tag)}</text>`);
  });
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(0)}" y2="${y(0)}" stroke="#4a5568"/>`);
  series.forEach((s, i) => {
    const lx = MARGIN.left + i * 160;
    parts.push(
      `<rect x="${lx}" y="30" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${lx + 14}" y="39">${escapeXml(s.planner)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
