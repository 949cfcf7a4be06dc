import { codePageUri, readCodePage } from './code-pages.js';
import { FINDING_RULES, type FindingRule } from './finding-rules.js';

/**
 * SARIF `reportingDescriptor`s, one per finding code in FINDING_RULES order: the code page
 * (`docs/codes/<CODE>.md`) as `help` and its published address as `helpUri`, and GitHub's
 * `security-severity` on the security-relevant codes.
 */
export function describeRules() {
  return FINDING_RULES.map(describeRule);
}

function describeRule(rule: FindingRule) {
  const page = readCodePage(rule.code);
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    helpUri: codePageUri(rule.code),
    help: { text: plainText(page), markdown: page },
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: rule.tags,
      ...(rule.securitySeverity ? { 'security-severity': rule.securitySeverity } : {}),
    },
  };
}

/** The page without Markdown heading marks and code fences, for viewers that show plain text. */
function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !line.startsWith('```'))
    .map((line) => line.replace(/^#+\s+/, ''))
    .join('\n');
}
