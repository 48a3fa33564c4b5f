import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { CONFIG_SECTIONS, renderConfigReference } from "../../scripts/config-reference/render-config-reference.js";

const REFERENCE = fileURLToPath(new URL("../../docs/config-reference.md", import.meta.url));

describe("docs/config-reference.md", () => {
  it("is what the generator makes from the current schemas (else: npm run docs:config)", () => {
    const committed = readFileSync(REFERENCE, "utf8");
    expect(committed, "docs/config-reference.md is stale: run `npm run docs:config`").toBe(renderConfigReference());
  });

  it("lists every key of every schema section", () => {
    const text = renderConfigReference();
    for (const section of CONFIG_SECTIONS) {
      for (const key of Object.keys(section.schema.shape)) expect(text, `${section.path}.${key}`).toContain(`\`${key}\``);
    }
  });

  it("refuses a schema key without a description, and a description without a schema key", () => {
    const section = CONFIG_SECTIONS.find((candidate) => candidate.path === "general_settings")!;
    const withNewKey = { ...section, schema: { shape: { ...section.schema.shape, brand_new_setting: z.number().optional() } } };
    expect(() => renderConfigReference([withNewKey])).toThrow(/general_settings\.brand_new_setting has no entry/);
    const { master_key: _removed, ...rest } = section.schema.shape;
    expect(() => renderConfigReference([{ ...section, schema: { shape: rest } }])).toThrow(/general_settings\.master_key is documented but not in the schema/);
  });
});
