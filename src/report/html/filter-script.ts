import { createHash } from 'node:crypto';
import type { FindingCode } from '../../types.js';
import { escapeHtml } from '../escape.js';

/**
 * The page's only script: filters by service, status and code, and opens every fold before
 * printing. Without JavaScript the form stays hidden and the page is complete as it is.
 */
export const FILTER_SCRIPT = `(function(){
var form=document.getElementById('filter');if(!form)return;form.hidden=false;
var q=document.getElementById('filter-service'),s=document.getElementById('filter-status'),c=document.getElementById('filter-code');
function apply(){var name=q.value.trim().toLowerCase(),status=s.value,code=c.value;
document.querySelectorAll('[data-service]').forEach(function(el){var st=el.getAttribute('data-status');
el.hidden=!!((name&&el.getAttribute('data-service').toLowerCase().indexOf(name)<0)||(status&&st&&st!==status));});
document.querySelectorAll('tr[data-code]').forEach(function(el){el.hidden=!!(code&&el.getAttribute('data-code')!==code);});}
form.addEventListener('input',apply);form.addEventListener('submit',function(e){e.preventDefault();});
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
})();`;

/** The CSP source that lets exactly this script run and nothing else. */
export const FILTER_SCRIPT_HASH = `'sha256-${createHash('sha256').update(FILTER_SCRIPT).digest('base64')}'`;

export function filterForm(codes: FindingCode[]): string {
  const options = (values: string[]) => values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`).join('');
  return [
    '<form id="filter" class="filter" hidden role="search" aria-label="Filter the report">',
    '<label for="filter-service">Service<input id="filter-service" type="search" autocomplete="off"></label>',
    `<label for="filter-status">Status<select id="filter-status"><option value="">any</option>${options(['error', 'blocking', 'warning', 'pass'])}</select></label>`,
    `<label for="filter-code">Code<select id="filter-code"><option value="">any</option>${options([...new Set(codes)].sort())}</select></label>`,
    '</form>',
  ].join('');
}
