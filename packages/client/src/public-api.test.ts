import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The public API of @bedrock-gw/client as the compiler sees it (values and types, with their signatures), so a
// change to any exported signature shows in this snapshot's diff; and every export carries JSDoc with an example.
const INDEX = fileURLToPath(new URL("./index.ts", import.meta.url));

interface ExportEntry {
  name: string;
  signature: string;
  docs: string;
  hasExample: boolean;
}

function readPublicApi(): ExportEntry[] {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      return {
        name: exported.name,
        signature: declaration ? describeDeclaration(checker, symbol, declaration) : "?",
        docs: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
        hasExample: symbol.getJsDocTags(checker).some((tag) => tag.name === "example"),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function describeDeclaration(checker: ts.TypeChecker, symbol: ts.Symbol, declaration: ts.Declaration): string {
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
  if (ts.isFunctionDeclaration(declaration)) {
    const signature = checker.getSignatureFromDeclaration(declaration)!;
    return `function ${symbol.name}${checker.signatureToString(signature, undefined, flags)}`;
  }
  if (ts.isInterfaceDeclaration(declaration)) {
    const members = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((member) => member.name);
    return `interface ${symbol.name} { ${members.join("; ")} }`;
  }
  if (ts.isTypeAliasDeclaration(declaration)) {
    const parameters = declaration.typeParameters ? `<${declaration.typeParameters.map((p) => p.getText()).join(", ")}>` : "";
    return `type ${symbol.name}${parameters} = ${declaration.type.getText()}`;
  }
  if (ts.isClassDeclaration(declaration)) return `class ${symbol.name}`;
  return `const ${symbol.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration), undefined, flags)}`;
}

describe("@bedrock-gw/client public API", () => {
  const api = readPublicApi();

  it("matches the snapshot (names and signatures of every value and type export)", () => {
    expect(api.map((entry) => entry.signature)).toMatchSnapshot();
  });

  it.each(api)("$name has JSDoc with an @example", (entry) => {
    expect(entry.docs.length, `${entry.name} has no JSDoc`).toBeGreaterThan(20);
    expect(entry.hasExample, `${entry.name} has no @example`).toBe(true);
  });
});
