/**
 * The report's only style sheet, inline (a hash in the Content-Security-Policy allows it and
 * nothing else). No style attribute appears anywhere in the page, since the policy forbids
 * them: widths and depths are classes or SVG attributes.
 */
export const STYLES = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#f6f7f9;--card:#fff;--ok:#1f883d;--warn:#b76e00;--error:#cf222e;--incomplete:#6e7781;
--high:#cf222e;--medium:#bc4c00;--low:#0969da;--origin:#3b6fd4;--replay:#e0821b;--mark:#fff1b8;--mark-fg:#5c3c00;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.45;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}
[hidden]{display:none !important}
body{margin:0}
header.top{background:#24292f;color:#fff;padding:10px 24px;display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 24px}
header.top h1{font-size:18px;margin:0}
header.top .gate{font-weight:600;padding:1px 8px;border-radius:10px;background:#57606a}
header.top .gate.pass{background:var(--ok)}header.top .gate.fail{background:var(--error)}
nav.sections{display:flex;gap:4px 14px;flex-wrap:wrap}
nav.sections a{color:#c9d1d9}
a:focus-visible,summary:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,section:focus-visible{outline:3px solid #ff9f1c;outline-offset:2px}
main{max-width:1248px;margin:0 auto;padding:12px 16px 40px}
section.block{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:12px 0}
h2{font-size:16px;margin:0 0 8px}h3{font-size:14px;margin:12px 0 6px}h4{font-size:13px;margin:8px 0 4px}
.muted{color:var(--muted)}.note{color:var(--muted);font-size:12px;margin:6px 0}
dl.run{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:2px 16px;margin:0 0 6px}
dl.run dt{color:var(--muted)}dl.run dd{margin:0;overflow-wrap:anywhere}
.chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 8px}.chips li{border:1px solid var(--line);border-radius:10px;padding:0 8px;font-size:12px;white-space:nowrap}
ul.warnings{margin:4px 0;padding-left:20px;color:var(--warn)}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(100px,1fr));gap:8px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}
.tile{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:var(--card);border-top:4px solid var(--line)}
.tile .n{font-size:22px;font-weight:600;display:block}.tile .k{color:var(--muted);font-size:12px}
.tile.ok{border-top-color:var(--ok)}.tile.warn{border-top-color:var(--warn)}.tile.error{border-top-color:var(--error)}.tile.incomplete{border-top-color:var(--incomplete)}
.tile.high{border-top-color:var(--high)}.tile.medium{border-top-color:var(--medium)}.tile.low{border-top-color:var(--low)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name,td.path{overflow-wrap:anywhere}
tr.band-perfect td.rate{background:#dafbe1}tr.band-almost td.rate{background:#eef9d8}tr.band-neutral td.rate{background:#fff1c2}tr.band-poor td.rate{background:#ffd8d3}
tr.band-poor td.name{border-left:4px solid var(--error)}tr.band-neutral td.name{border-left:4px solid var(--warn)}tr.band-almost td.name{border-left:4px solid #8fce6b}tr.band-perfect td.name{border-left:4px solid var(--ok)}tr.band-none td.name{border-left:4px solid var(--line)}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:0 6px;border-radius:9px;border:1px solid currentColor;white-space:nowrap}
.badge.high{color:var(--high)}.badge.medium{color:var(--medium)}.badge.low{color:var(--low)}
.badge.error{color:var(--error)}.badge.warn{color:var(--warn)}.badge.incomplete{color:var(--incomplete)}.badge.ok{color:var(--ok)}
.badge.new{color:#fff;background:var(--error);border-color:var(--error)}.badge.persisting{color:var(--muted)}.badge.noise{color:#8250df}
.kind{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px;color:var(--muted);margin-right:6px;white-space:nowrap}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
details.route-fields{border-top:1px solid var(--line);padding:4px 0}
details>summary{cursor:pointer}
table.tree{table-layout:fixed}table.tree .c-field{width:44%}table.tree .c-count{width:13%}table.tree .c-rate{width:14%}table.tree .c-kinds{width:18%}table.tree .c-noise{width:11%}
${Array.from({ length: 13 }, (_, depth) => `.tree td.d${depth}{padding-left:${8 + depth * 18}px}`).join('')}
.tree tr.group td{color:var(--muted)}
.tree tr.noisy td.path code{color:#8250df}
svg.bar{vertical-align:middle}
pre.config{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:8px;overflow:auto;max-height:320px;margin:4px 0}
button{font:inherit;font-size:12px;padding:2px 10px;border:1px solid #b8bfca;border-radius:4px;background:#f6f8fa;color:var(--fg);cursor:pointer}
button:hover{background:#eaeef2}button[disabled]{opacity:.5;cursor:default}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:6px 0}
.pager input{font:inherit;font-size:12px;padding:2px 6px;width:260px}
article.cluster{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:4px;margin:6px 0;background:var(--card)}
article.cluster.high{border-left-color:var(--high)}article.cluster.medium{border-left-color:var(--medium)}article.cluster.low{border-left-color:var(--low)}
article.cluster>details>summary{padding:6px 10px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline;list-style:none}
article.cluster>details>summary::-webkit-details-marker{display:none}
article.cluster>details>summary::before{content:"\\25B8";color:var(--muted)}article.cluster>details[open]>summary::before{content:"\\25BE"}
article.cluster .count{font-weight:700;font-size:15px;min-width:56px}
article.cluster .body{padding:0 12px 10px}
.fields-list{margin:4px 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px}
details.example{border:1px solid var(--line);border-radius:4px;margin:6px 0;padding:4px 8px}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:6px}
.exchange .request{grid-column:1 / span 2}
.side{border:1px solid var(--line);border-radius:4px;min-width:0}
.side h5{margin:0;padding:3px 8px;background:#eef1f5;font-size:12px}
.side pre{margin:0;padding:6px 8px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:360px;overflow:auto}
.side.origin h5{border-left:4px solid var(--origin)}.side.replay h5{border-left:4px solid var(--replay)}
mark{background:var(--mark);color:var(--mark-fg)}
mark.removed{background:#ffebe9;color:#82071e}mark.added{background:#dafbe1;color:#044f1e}
table.diffs td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(292px,1fr));gap:10px}
figure.chart{margin:0;border:1px solid var(--line);border-radius:4px;padding:6px}
figure.chart figcaption{font-weight:600;font-size:12px;overflow-wrap:anywhere}
svg.latency{width:100%;height:auto}svg.latency text{font-size:10px;fill:var(--fg)}svg.latency .origin{fill:var(--origin)}svg.latency .replay{fill:var(--replay)}svg.latency line{stroke:var(--line)}
.legend .o{color:var(--origin)}.legend .r{color:var(--replay)}
`;
