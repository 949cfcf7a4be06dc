/**
 * The report's only stylesheet, inline. Colours pass WCAG AA against their backgrounds; every
 * status also carries a symbol and a word. Tables stack into cards below 720 px.
 */
export const STYLE = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1400px;padding:0 1rem 2rem;color:#1f2328;background:#fff}
a{color:#0550ae}
a:focus-visible,summary:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0550ae;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0}.skip:focus{left:1rem;background:#fff;padding:.3rem .6rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;font-size:13px}
h1{font-size:1.35rem;margin:.2rem 0 .4rem}
h2{font-size:1.2rem;margin:1.8rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
h4{font-size:1rem;margin:1rem 0 .3rem}
header.verdict{border-radius:8px;padding:.8rem 1rem;margin-top:1rem;border:2px solid}
header.verdict.fail{background:#ffebe9;border-color:#a40e26}
header.verdict.pass{background:#dafbe1;border-color:#116329}
.counts{margin:.2rem 0 .6rem;font-weight:600}
dl.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.3rem 1.2rem;margin:0}
dl.facts div{min-width:0}dt{font-size:12px;color:#424a53;font-weight:600}dd{margin:0;overflow-wrap:anywhere}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.8rem 0}
.badge{display:inline-block;padding:0 .45em;border-radius:1em;font-size:12px;font-weight:700;color:#fff;white-space:nowrap;vertical-align:middle}
.badge.blocking{background:#a40e26}.badge.error{background:#6e0a1e}.badge.warning{background:#7d4e00}
.badge.pass{background:#116329}.badge.absent{background:#59636e}
span.new,span.resolved{display:inline-block;padding:0 .4em;border-radius:4px;font-size:12px;font-weight:700;color:#fff;white-space:nowrap}
span.new{background:#0550ae}span.resolved{background:#116329}
.bad{color:#a40e26}.warn{color:#7d4e00}.ok{color:#116329}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;overflow-wrap:normal;word-break:normal;hyphens:none}
td{overflow-wrap:break-word}
td.value code,td.mono code{overflow-wrap:anywhere;white-space:pre-wrap}
td.code code{white-space:nowrap}
table.matrix td.cell a{display:block;text-decoration:none;color:#1f2328}
table.matrix td.cell a:hover .tally{text-decoration:underline}
td.cell.blocking{background:#ffebe9}td.cell.error{background:#ffd8d3}td.cell.warning{background:#fff8c5}
td.cell.pass{background:#f0fff4}td.cell.absent{background:#f6f8fa}
.tally{display:block;font-size:13px}
tr.blocking>td:first-child{border-left:4px solid #a40e26}tr.warning>td:first-child{border-left:4px solid #7d4e00}
.group-title{font-weight:700;margin:.6rem 0 .2rem}
section.service{border-top:3px solid #d0d7de;margin-top:1.4rem}
section.service[data-status=blocking],section.service[data-status=error]{border-top-color:#a40e26}
section.service[data-status=warning]{border-top-color:#7d4e00}
details{margin:.4rem 0 .8rem}summary{cursor:pointer;font-weight:600}
.reason{font-weight:400;color:#424a53}
.errors{border:2px solid #a40e26;border-radius:8px;padding:.2rem 1rem .6rem;background:#fff5f5}
.error-box{border:1px solid #a40e26;border-radius:6px;background:#fff;padding:.4rem .7rem;margin:.5rem 0;min-width:0;max-width:100%}
.error-box p{margin:0 0 .3rem;overflow-wrap:anywhere}
.error-box pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;max-height:24rem;overflow:auto}
ul.quiet{columns:16rem;padding-left:1.2rem}
figure{margin:.4rem 0}figcaption{font-size:13px;color:#424a53}
svg.chart{max-width:100%;height:auto}svg.chart text{font-size:11px;fill:#424a53}
svg .axis{stroke:#8c959f}svg .s-blocking{stroke:#cf222e;fill:#cf222e}svg .s-warnings{stroke:#9a6700;fill:#9a6700}svg .s-allowed{stroke:#1a7f37;fill:#1a7f37}
table.trend td:nth-child(2){width:170px}
form.filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.6rem 0;padding:.5rem .7rem;background:#f6f8fa;border-radius:6px}
form.filter label{display:flex;flex-direction:column;font-size:13px;font-weight:600}
form.filter input,form.filter select{font:inherit;padding:.2rem .3rem;border:1px solid #6e7781;border-radius:4px}
footer{color:#424a53;margin-top:2rem;font-size:13px}
@media (max-width:720px){
body{padding:0 .6rem 1.5rem;font-size:14px}
table.matrix,table.findings,table.trend,table.checks,table.matrix tbody,table.findings tbody,table.trend tbody{display:block;width:100%}
table.matrix thead,table.findings thead,table.trend thead{position:absolute;left:-9999px}
table.matrix tr,table.findings tr,table.trend tr{display:block;border:1px solid #d0d7de;border-radius:6px;margin:0 0 .6rem;padding:.2rem}
table.matrix td,table.matrix th,table.findings td,table.trend td,table.trend th{display:block;border:0;padding:.25rem .4rem}
table.matrix td[data-label]::before,table.findings td[data-label]::before,table.trend td[data-label]::before{content:attr(data-label);display:block;font-size:12px;font-weight:600;color:#424a53}
table.matrix th[scope=row]{background:#f6f8fa;border-radius:4px}
}
@media print{
nav,form.filter,.skip{display:none}
body{max-width:none;padding:0;font-size:11pt}
details>summary~*{display:block}
details::details-content{content-visibility:visible;display:contents}
a{color:inherit;text-decoration:none}
tr,.error-box{break-inside:avoid}
header.verdict,td.cell,.badge,.new,.resolved{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
`;
