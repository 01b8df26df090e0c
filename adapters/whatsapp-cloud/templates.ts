import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FlowFileError } from '../../src/errors.js';
import type { Locale, OutboundMessage } from '../../src/messages/model.js';
import type { MessageBody } from './graph.js';

export const TEMPLATES_FILE = 'whatsapp-templates.yaml';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));

const Template = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _ (as in WhatsApp Manager)'),
    languages: z
      .object({ ar: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/).optional(), en: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/).optional() })
      .refine((l) => l.ar || l.en, 'at least one language'),
    params: z.array(z.string().min(1)).max(20),
    body: z.object({ ar: z.string().min(1).max(1024).optional(), en: z.string().min(1).max(1024).optional() }),
  })
  .superRefine((t, ctx) => {
    for (const [locale, text] of Object.entries(t.body)) {
      if (!text) continue;
      const got = [...new Set(placeholders(text))].sort((a, b) => a - b);
      const want = t.params.map((_, i) => i + 1);
      if (got.join() !== want.join()) {
        ctx.addIssue({ code: 'custom', path: ['body', locale], message: `has placeholders {{${got.join('}}, {{')}}} but params lists ${t.params.length}` });
      }
    }
  });
export type Template = z.infer<typeof Template>;

const TemplatesFile = z.object({
  templates: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a notice name: lower case, digits and -'), Template).default({}),
});

/** Notice name → approved template, from `flows/whatsapp-templates.yaml` (checked at start-up). */
export class Templates {
  constructor(private readonly byNotice: ReadonlyMap<string, Template>) {}

  /** Reads the file; a missing file means no templates (every notice outside the window is held). */
  static load(flowsDir: string): Templates {
    const file = join(flowsDir, TEMPLATES_FILE);
    if (!existsSync(file)) return new Templates(new Map());
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new FlowFileError([{ file, path: '', message: `cannot be read or parsed: ${(err as Error).message}` }]);
    }
    const parsed = TemplatesFile.safeParse(data ?? {});
    if (!parsed.success) {
      throw new FlowFileError(parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
    }
    return new Templates(new Map(Object.entries(parsed.data.templates)));
  }

  get size(): number {
    return this.byNotice.size;
  }

  /**
   * The template message for a notice, or why there is none (the notice is then held): no
   * template for this notice, or a parameter the notice does not carry.
   */
  render(notice: NonNullable<OutboundMessage['notice']>, locale: Locale): { body: MessageBody } | { missing: string } {
    const t = this.byNotice.get(notice.name);
    if (!t) return { missing: `no approved template for the notice "${notice.name}" in flows/${TEMPLATES_FILE}` };
    const code = t.languages[locale] ?? t.languages.ar ?? t.languages.en!;
    const values: string[] = [];
    for (const p of t.params) {
      const v = notice.params[p]?.trim();
      if (!v) return { missing: `the notice "${notice.name}" has no parameter "${p}" for template ${t.name}` };
      // Meta refuses template parameters with new lines, tabs or more than four spaces in a row.
      values.push(v.replace(/[\n\t]+/g, ' ').replace(/ {4,}/g, '   '));
    }
    return {
      body: {
        type: 'template',
        template: {
          name: t.name,
          language: { code },
          ...(values.length ? { components: [{ type: 'body', parameters: values.map((text) => ({ type: 'text', text })) }] } : {}),
        },
      },
    };
  }
}
