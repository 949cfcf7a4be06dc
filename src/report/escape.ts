/**
 * Escaping for every text format parity writes. Each output format has its own rules;
 * reporters never build markup from unescaped finding text.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return replaceControls(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/**
 * Text for XML element content and attribute values. Characters XML 1.0 cannot hold at all
 * (control characters, lone surrogates) become U+FFFD; CR/LF/tab are kept as character
 * references so attribute values survive attribute-value normalization.
 */
export function escapeXml(text: string): string {
  return replaceInvalidXml(text)
    .replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!)
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Like escapeXml, for element content where newlines should stay newlines. */
export function escapeXmlText(text: string): string {
  return replaceInvalidXml(text).replace(/[&<>]/g, (char) => HTML_ENTITIES[char]!).replace(/\r/g, '&#13;');
}

/** C0 control characters other than tab and line breaks, which no report should carry. */
function replaceControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

function replaceInvalidXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Text inside a GitHub-flavoured Markdown table cell (or any inline Markdown): backslash-escapes
 * the punctuation that would start formatting or end the cell, entity-escapes `&`, `<`, `>` so
 * no HTML gets through, and turns line breaks into `<br>`.
 */
export function escapeMarkdown(text: string): string {
  return replaceControls(text)
    .replace(/[\\`*_[\]~|#]/g, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => HTML_ENTITIES[char]!)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** The message part of a GitHub workflow command (`::error ...::<message>`). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a GitHub workflow command (`file=`, `title=` ...). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
