/** The HTML reporter lives in ./html/; this path stays for existing importers. */
export { formatHtml } from './html/page.js';
export type { HtmlOptions } from './html/options.js';
