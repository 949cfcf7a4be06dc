/** The values a check's query or matcher template may name. */
export interface TemplateVars {
  service: string;
  namespace: string;
  env: string;
}

/** Fills `{{service}}`, `{{namespace}}` and `{{env}}`; any other placeholder is an error. */
export function fillTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name: string) => {
    if (name === 'service' || name === 'namespace' || name === 'env') return vars[name];
    throw new Error(`unknown placeholder {{${name}}} (known: service, namespace, env)`);
  });
}
