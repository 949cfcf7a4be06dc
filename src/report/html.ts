/** The HTML reporter lives in ./html/; this path stays for existing importers. */
export { formatHtml } from './html/page.js';
