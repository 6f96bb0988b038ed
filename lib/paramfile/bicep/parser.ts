import { ParamFileError, syntaxError } from "../errors";
import { LineMap } from "../text";
import { lex, LITERAL_TOKEN_CODES, TokenStore, type Token, type TokenKind, type TokenTable } from "./lexer";
import type {
  ArrayExpression,
  ArrayItem,
  Decorator,
  Expression,
  ForExpression,
  LiteralRange,
  ObjectExpression,
  ObjectMember,
  ParamFileSyntax,
  Statement,
  StringExpression,
} from "./syntax";

/** Deeper nesting than this is refused as a syntax error rather than risking a stack overflow on hostile input. */
const MAX_DEPTH = 200;

/** Binary operator precedence, loosest first (Bicep: ?? < || < && < equality < comparison < + - < * / %). */
const PRECEDENCE: Partial<Record<TokenKind, number>> = {
  "??": 1,
  "||": 2,
  "&&": 3,
  "==": 4,
  "!=": 4,
  "=~": 4,
  "!~": 4,
  "<": 5,
  "<=": 5,
  ">": 5,
  ">=": 5,
  "+": 6,
  "-": 6,
  "*": 7,
  "/": 7,
  "%": 7,
};

/** Shared by the many nodes without decorators or interpolations (nodes are never mutated after parsing). */
const NO_DECORATORS: Decorator[] = [];
const NO_EXPRESSIONS: Expression[] = [];

function describe(token: Token): string {
  if (token.kind === "eof") return "the end of the file";
  const text = token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text;
  return `'${text}'`;
}

class Parser {
  private p = 0;
  private depth = 0;
  /**
   * Bicep separates statements, array items and object properties with line breaks, so an operator at the start of
   * a new line ends the expression, except inside parentheses (multi-line calls). One entry per open bracket.
   */
  private newlineSensitive: boolean[] = [true];
  private lines?: LineMap;

  private readonly table: TokenTable;
  private readonly last: number;

  constructor(
    private readonly text: string,
    /** Token objects are created as the parser reaches them (the lexer only fills typed arrays). */
    private readonly store: TokenStore,
    start = 0,
  ) {
    this.table = store.table;
    this.last = this.table.count - 1;
    this.p = start;
  }

  private token(i: number): Token {
    return this.store.get(i);
  }
  private get peek(): Token {
    return this.token(this.p);
  }
  /** Kind of the current token (a method, so TypeScript doesn't narrow it across `next()` calls). */
  private kind(): TokenKind {
    return this.table.kind(this.p);
  }
  private peekAt(k: number): Token {
    return this.token(Math.min(this.p + k, this.last));
  }
  private next(): Token {
    const t = this.token(this.p);
    if (this.p < this.last) this.p++;
    return t;
  }

  private fail(token: Token, reason: string): ParamFileError {
    this.lines ??= new LineMap(this.text);
    const { line, column } = this.lines.position(token.start);
    return syntaxError(line, column, reason);
  }

  /** Consumes a token of `kind`, or fails with "Expected <expected> but found …" (naming where `opener` is). */
  private expect(kind: TokenKind, expected?: string, opener?: Token): Token {
    const t = this.peek;
    if (t.kind !== kind) {
      const from = opener ? ` that starts at ${this.where(opener)}` : "";
      throw this.fail(t, `Expected ${expected ?? `'${kind}'`}${from} but found ${describe(t)}.`);
    }
    return this.next();
  }

  private expectIdentifier(what: string): Token {
    const t = this.peek;
    if (t.kind !== "identifier") throw this.fail(t, `Expected ${what} but found ${describe(t)}.`);
    return this.next();
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.is(word);
  }

  /** Whether the current token may continue the expression on the left (not a new line in a newline context). */
  private continues(): boolean {
    return !(this.peek.nl && this.newlineSensitive[this.newlineSensitive.length - 1]);
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) throw this.fail(token, `Nesting is deeper than ${MAX_DEPTH} levels.`);
  }
  private leave(): void {
    this.depth--;
  }

  /** Runs `fn` with newlines significant or not; a syntax error abandons the parser, so no cleanup on throw. */
  private withNewlines<T>(sensitive: boolean, fn: () => T): T {
    this.newlineSensitive.push(sensitive);
    const result = fn();
    this.newlineSensitive.pop();
    return result;
  }

  parseProgram(): ParamFileSyntax {
    const statements: Statement[] = [];
    while (this.kind() !== "eof") {
      if (statements.length > 0 && !this.peek.nl) {
        throw this.fail(this.peek, `Expected a new line before ${describe(this.peek)}: each statement goes on its own line.`);
      }
      statements.push(this.parseStatement());
    }
    const store = this.store;
    return {
      kind: "program",
      statements,
      store,
      get tokens() {
        return store.all();
      },
    };
  }

  private parseDecorators(): Decorator[] {
    if (this.kind() !== "@") return NO_DECORATORS;
    const decorators: Decorator[] = [];
    while (this.kind() === "@") {
      const at = this.next();
      const expression = this.parsePostfix();
      decorators.push({ kind: "decorator", at, expression, start: at.start, end: expression.end });
      if (!this.peek.nl) throw this.fail(this.peek, `Expected a new line after the decorator but found ${describe(this.peek)}.`);
    }
    return decorators;
  }

  private parseStatement(): Statement {
    const decorators = this.parseDecorators();
    const keyword = this.peek;
    const start = decorators.length > 0 ? decorators[0].start : keyword.start;
    if (keyword.kind !== "identifier") {
      throw this.fail(keyword, `Expected a statement (using, extends, import, param, var or type) but found ${describe(keyword)}.`);
    }
    switch (keyword.text) {
      case "using": {
        this.next();
        const target = this.isKeyword(this.peek, "none") ? this.parsePrimary() : this.parseStaticString("a template path or reference after 'using'");
        let withClause: { keyword: Token; value: Expression } | undefined;
        if (this.isKeyword(this.peek, "with") && !this.peek.nl) {
          const w = this.next();
          withClause = { keyword: w, value: this.parseExpression() };
        }
        const end = withClause ? withClause.value.end : target.end;
        return { kind: "using", decorators, keyword, target, withClause, start, end };
      }
      case "extends": {
        this.next();
        const target = this.parseStaticString("a .bicepparam path after 'extends'");
        return { kind: "extends", decorators, keyword, target, start, end: target.end };
      }
      case "import":
        return this.parseImport(decorators, start);
      case "param": {
        this.next();
        const name = this.expectIdentifier("a parameter name after 'param'");
        let type: Expression | undefined;
        if (this.kind() !== "=" && !this.peek.nl && this.kind() !== "eof") type = this.parseType();
        let assign: Token | undefined;
        let value: Expression | undefined;
        if (this.kind() === "=") {
          assign = this.next();
          value = this.parseExpression();
        }
        const end = value ? value.end : type ? type.end : name.end;
        return { kind: "param", decorators, keyword, name, type, assign, value, start, end };
      }
      case "var": {
        this.next();
        const name = this.expectIdentifier("a variable name after 'var'");
        const assign = this.expect("=", "'=' after the variable name");
        const value = this.parseExpression();
        return { kind: "var", decorators, keyword, name, assign, value, start, end: value.end };
      }
      case "type": {
        this.next();
        const name = this.expectIdentifier("a type name after 'type'");
        const assign = this.expect("=", "'=' after the type name");
        const value = this.parseType();
        return { kind: "type", decorators, keyword, name, assign, value, start, end: value.end };
      }
      case "func": {
        this.next();
        const name = this.expectIdentifier("a function name after 'func'");
        const signature: Token[] = [];
        let depth = 0;
        if (this.kind() !== "(") throw this.fail(this.peek, `Expected '(' after the function name but found ${describe(this.peek)}.`);
        while (!(depth === 0 && this.kind() === "=>")) {
          const t = this.peek;
          if (t.kind === "eof") throw this.fail(t, "Expected '=>' and the function body.");
          if (t.kind === "(" || t.kind === "[" || t.kind === "{") depth++;
          else if (t.kind === ")" || t.kind === "]" || t.kind === "}") depth--;
          signature.push(this.next());
        }
        const arrow = this.next();
        const body = this.parseExpression();
        return { kind: "func", decorators, keyword, name, signature, arrow, body, start, end: body.end };
      }
      default:
        throw this.fail(keyword, `Expected a statement (using, extends, import, param, var or type) but found ${describe(keyword)}.`);
    }
  }

  private parseImport(decorators: Decorator[], start: number): Statement {
    const keyword = this.next();
    const clause: Token[] = [];
    let depth = 0;
    while (true) {
      const t = this.peek;
      if (t.kind === "eof") {
        if (depth > 0) throw this.fail(t, "Expected '}' to close the import list.");
        break;
      }
      if (depth === 0 && clause.length > 0 && t.nl) break;
      if (depth === 0 && this.isKeyword(t, "from")) break;
      if (t.kind === "{" || t.kind === "(" || t.kind === "[") depth++;
      else if (t.kind === "}" || t.kind === ")" || t.kind === "]") {
        if (depth === 0) throw this.fail(t, `Unexpected ${describe(t)} in import statement.`);
        depth--;
      }
      clause.push(this.next());
    }
    if (clause.length === 0) throw this.fail(this.peek, `Expected what to import ({ … }, * as name, or a string) but found ${describe(this.peek)}.`);
    let from: { keyword: Token; source: Expression } | undefined;
    if (this.isKeyword(this.peek, "from") && !this.peek.nl) {
      const f = this.next();
      from = { keyword: f, source: this.parseStaticString("a file path or registry reference after 'from'") };
    } else if (clause[0].kind === "{" || clause[0].kind === "*") {
      throw this.fail(this.peek, `Expected 'from' and a source path but found ${describe(this.peek)}.`);
    }
    const end = from ? from.source.end : clause[clause.length - 1].end;
    return { kind: "import", decorators, keyword, clause, from, start, end };
  }

  private parseStaticString(what: string): Expression {
    const t = this.peek;
    if (t.kind === "string") {
      this.next();
      return { kind: "string", pieces: [t], expressions: NO_EXPRESSIONS, start: t.start, end: t.end };
    }
    if (t.kind === "stringLeft") throw this.fail(t, `Expected ${what}; string interpolation is not allowed here.`);
    throw this.fail(t, `Expected ${what} but found ${describe(t)}.`);
  }

  parseWholeExpression(): Expression {
    const expression = this.parseExpression();
    if (this.kind() !== "eof") throw this.fail(this.peek, `Unexpected ${describe(this.peek)} after the value.`);
    return expression;
  }

  parseExpression(): Expression {
    const condition = this.parseBinary(1);
    if (this.kind() === "?" && this.continues()) {
      const question = this.next();
      this.enter(question);
      try {
        const whenTrue = this.parseExpression();
        const colon = this.expect(":", "':' in the conditional expression");
        const whenFalse = this.parseExpression();
        return { kind: "ternary", condition, question, whenTrue, colon, whenFalse, start: condition.start, end: whenFalse.end };
      } finally {
        this.leave();
      }
    }
    return condition;
  }

  private parseBinary(minPrecedence: number): Expression {
    let left = this.parseUnary();
    while (true) {
      const precedence = PRECEDENCE[this.kind()];
      if (precedence === undefined || precedence < minPrecedence || !this.continues()) return left;
      const operator = this.next();
      this.enter(operator);
      const right = this.parseBinary(precedence + 1);
      this.leave();
      left = { kind: "binary", left, operator, right, start: left.start, end: right.end };
    }
  }

  private parseUnary(): Expression {
    const t = this.peek;
    if (t.kind === "!" || t.kind === "-" || t.kind === "+") {
      this.next();
      this.enter(t);
      try {
        const operand = this.parseUnary();
        return { kind: "unary", operator: t, operand, start: t.start, end: operand.end };
      } finally {
        this.leave();
      }
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expression {
    let expr = this.parsePrimary();
    while (true) {
      const t = this.peek;
      if ((t.kind === "." || t.kind === ".?" || t.kind === "::") && this.continues()) {
        this.next();
        const name = this.expectIdentifier(`a property or function name after '${t.text}'`);
        expr = { kind: "member", object: expr, dot: t, name, start: expr.start, end: name.end };
      } else if (t.kind === "[" && this.continues()) {
        const open = this.next();
        const { safe, index, close } = this.withNewlines(false, () => {
          const safe = this.kind() === "?" ? this.next() : undefined;
          const index = this.parseExpression();
          const close = this.expect("]", "']' to close the index");
          return { safe, index, close };
        });
        expr = { kind: "index", object: expr, open, safe, index, close, start: expr.start, end: close.end };
      } else if (t.kind === "(" && (expr.kind === "identifier" || expr.kind === "member") && this.continues()) {
        expr = this.parseCall(expr);
      } else if (t.kind === "!" && !t.nl) {
        this.next();
        expr = { kind: "nonNull", expression: expr, bang: t, start: expr.start, end: t.end };
      } else return expr;
    }
  }

  private parseCall(callee: Expression): Expression {
    const open = this.next();
    this.enter(open);
    try {
      return this.withNewlines(false, () => {
        const args: { value: Expression; comma?: Token }[] = [];
        while (this.kind() !== ")") {
          if (this.kind() === "eof") break;
          const value = this.parseExpression();
          const arg: { value: Expression; comma?: Token } = { value };
          args.push(arg);
          if (this.kind() === ",") arg.comma = this.next();
          else break;
        }
        const close = this.expect(")", "')' or ',' in the argument list");
        return { kind: "call", callee, open, args, close, start: callee.start, end: close.end } as Expression;
      });
    } finally {
      this.leave();
    }
  }

  private parsePrimary(): Expression {
    const t = this.peek;
    switch (t.kind) {
      case "number":
        this.next();
        return { kind: "literal", token: t, start: t.start, end: t.end };
      case "identifier":
        if (this.peekAt(1).kind === "=>") {
          this.next();
          return this.parseLambdaBody([t], t.start);
        }
        this.next();
        if (t.text === "true" || t.text === "false" || t.text === "null") return { kind: "literal", token: t, start: t.start, end: t.end };
        return { kind: "identifier", token: t, start: t.start, end: t.end };
      case "string":
      case "stringLeft":
      case "multilineString":
      case "{":
      case "[":
        return this.parseLiteralPrimary(false);
      case "(": {
        const lambdaParams = this.scanLambdaParameters();
        if (lambdaParams) {
          const params: Token[] = [];
          for (let k = 0; k < lambdaParams; k++) params.push(this.next());
          return this.parseLambdaBody(params, t.start);
        }
        const open = this.next();
        this.enter(open);
        try {
          return this.withNewlines(false, () => {
            const expression = this.parseExpression();
            const close = this.expect(")", "')'");
            return { kind: "paren", open, expression, close, start: open.start, end: close.end } as Expression;
          });
        } finally {
          this.leave();
        }
      }
      default:
        throw this.fail(t, `Expected a value but found ${describe(t)}.`);
    }
  }

  /** Strings, objects and arrays: the same in values and in types (where object and array entries are types). */
  private parseLiteralPrimary(inType: boolean): Expression {
    const t = this.peek;
    if (t.kind === "multilineString") {
      this.next();
      return { kind: "multilineString", token: t, start: t.start, end: t.end };
    }
    if (t.kind === "{") return this.parseObject(inType);
    if (t.kind === "[") return this.parseArray(inType);
    return this.parseString();
  }

  /** When `(` starts `(a, b) =>`, the number of tokens up to and including `)`; otherwise 0. */
  private scanLambdaParameters(): number {
    let k = 1;
    if (this.peekAt(k).kind === ")") return this.peekAt(k + 1).kind === "=>" ? k + 1 : 0;
    while (true) {
      if (this.peekAt(k).kind !== "identifier") return 0;
      k++;
      const sep = this.peekAt(k).kind;
      if (sep === ")") return this.peekAt(k + 1).kind === "=>" ? k + 1 : 0;
      if (sep !== ",") return 0;
      k++;
    }
  }

  private parseLambdaBody(parameters: Token[], start: number): Expression {
    const arrow = this.expect("=>");
    this.enter(arrow);
    try {
      const body = this.parseExpression();
      return { kind: "lambda", parameters, arrow, body, start, end: body.end };
    } finally {
      this.leave();
    }
  }

  private parseString(): StringExpression {
    const first = this.next();
    if (first.kind === "string") return { kind: "string", pieces: [first], expressions: NO_EXPRESSIONS, start: first.start, end: first.end };
    const pieces: Token[] = [first];
    const expressions: Expression[] = [];
    this.enter(first);
    try {
      this.withNewlines(false, () => {
        while (true) {
          expressions.push(this.parseExpression());
          const piece = this.peek;
          if (piece.kind === "stringMiddle") pieces.push(this.next());
          else if (piece.kind === "stringRight") {
            pieces.push(this.next());
            return;
          } else throw this.fail(piece, `Expected '}' to close the string interpolation but found ${describe(piece)}.`);
        }
      });
    } finally {
      this.leave();
    }
    return { kind: "string", pieces, expressions, start: first.start, end: pieces[pieces.length - 1].end };
  }

  private parseObject(typeContext: boolean): ObjectExpression {
    const open = this.next();
    this.enter(open);
    try {
      return this.withNewlines(true, () => {
        const members: ObjectMember[] = [];
        while (true) {
          const t = this.peek;
          if (t.kind === "}" || t.kind === "eof") break;
          const previous = members[members.length - 1];
          if (previous && !previous.comma && !t.nl) {
            throw this.fail(t, `Expected a new line or ',' between object properties but found ${describe(t)}.`);
          }
          const decorators = this.parseDecorators();
          if (this.kind() === "...") {
            const dots = this.next();
            const expression = this.parseExpression();
            const member: ObjectMember = { kind: "spread", dots, expression, start: dots.start, end: expression.end };
            if (this.kind() === ",") member.comma = this.next();
            members.push(member);
            continue;
          }
          const keyToken = this.peek;
          let keyExpression: StringExpression | undefined;
          if (keyToken.kind === "identifier" || (keyToken.kind === "*" && typeContext)) this.next();
          else if (keyToken.kind === "string" || keyToken.kind === "stringLeft") keyExpression = this.parseString();
          else throw this.fail(keyToken, `Expected a property name or '}' but found ${describe(keyToken)}.`);
          const colon = this.expect(":", "':' after the property name");
          const value = typeContext ? this.parseType() : this.parseExpression();
          const start = decorators.length > 0 ? decorators[0].start : keyToken.start;
          const comma = this.kind() === "," ? this.next() : undefined;
          const member: ObjectMember = { kind: "property", decorators, key: keyToken, keyExpression, colon, value, comma, start, end: value.end };
          members.push(member);
        }
        const close = this.expect("}", "'}' to close the object", open);
        return { kind: "object", open, members, close, start: open.start, end: close.end };
      });
    } finally {
      this.leave();
    }
  }

  private where(token: Token): string {
    this.lines ??= new LineMap(this.text);
    const { line, column } = this.lines.position(token.start);
    return `line ${line}, column ${column}`;
  }

  private parseArray(typeContext: boolean): ArrayExpression | ForExpression {
    const open = this.next();
    if (!typeContext && this.isKeyword(this.peek, "for")) return this.parseFor(open);
    this.enter(open);
    try {
      return this.withNewlines(true, () => {
        const items: ArrayItem[] = [];
        while (true) {
          const t = this.peek;
          if (t.kind === "]" || t.kind === "eof") break;
          const previous = items[items.length - 1];
          if (previous && !previous.comma && !t.nl) {
            throw this.fail(t, `Expected a new line or ',' between array items but found ${describe(t)}.`);
          }
          if (!typeContext) {
            const literal = this.recognizeItem();
            if (literal) {
              items.push(literal);
              continue;
            }
          }
          const decorators = this.parseDecorators();
          const dots = this.kind() === "..." ? this.next() : undefined;
          const value = typeContext ? this.parseType() : this.parseExpression();
          const start = decorators.length > 0 ? decorators[0].start : dots ? dots.start : value.start;
          const comma = this.kind() === "," ? this.next() : undefined;
          const item: ArrayItem = { kind: "item", decorators, dots, value, comma, start, end: value.end };
          items.push(item);
        }
        const close = this.expect("]", "']' to close the array", open);
        return { kind: "array", open, items, close, start: open.start, end: close.end };
      });
    } finally {
      this.leave();
    }
  }

  /**
   * Fast path for the common case, an array item that is a plain literal: checks it without building nodes and
   * returns an item whose nodes are built on first access. Returns undefined (and consumes nothing) for anything
   * else, which then goes through the full parser and gets its precise error messages.
   */
  private recognizeItem(): ArrayItem | undefined {
    const first = this.p;
    const scan = new LiteralScanner(this.table);
    const after = scan.value(first, 0, true);
    if (after < 0) return undefined;
    const next = this.table.kinds[after];
    if (next !== CODE.comma && next !== CODE.closeBracket && this.table.nls[after] !== 1) return undefined;
    const comma = next === CODE.comma ? this.token(after) : undefined;
    this.p = comma ? after + 1 : after;
    return new LazyItem(this.text, this.store, { table: this.table, first, name: scan.name }, this.table.starts[first], this.table.ends[after - 1], comma);
  }

  private parseFor(open: Token): ForExpression {
    this.enter(open);
    try {
      return this.withNewlines(false, () => {
        const forKeyword = this.next();
        const variables: Token[] = [];
        if (this.kind() === "(") {
          variables.push(this.next());
          variables.push(this.expectIdentifier("a loop variable"));
          if (this.kind() === ",") {
            variables.push(this.next());
            variables.push(this.expectIdentifier("an index variable"));
          }
          variables.push(this.expect(")", "')' after the loop variables"));
        } else variables.push(this.expectIdentifier("a loop variable after 'for'"));
        const inKeyword = this.peek;
        if (!this.isKeyword(inKeyword, "in")) throw this.fail(inKeyword, `Expected 'in' but found ${describe(inKeyword)}.`);
        this.next();
        const source = this.parseExpression();
        const colon = this.expect(":", "':' after the loop source");
        let condition: ForExpression["condition"];
        if (this.isKeyword(this.peek, "if")) {
          const ifKeyword = this.next();
          if (this.kind() !== "(") throw this.fail(this.peek, `Expected '(' after 'if' but found ${describe(this.peek)}.`);
          condition = { ifKeyword, condition: this.parsePrimary() };
        }
        const body = this.withNewlines(true, () => this.parseExpression());
        const close = this.expect("]", "']' to close the for-expression");
        return { kind: "for", open, forKeyword, variables, inKeyword, source, colon, condition, body, close, start: open.start, end: close.end };
      });
    } finally {
      this.leave();
    }
  }

  parseType(): Expression {
    const first = this.parseTypePostfix();
    if (this.kind() !== "|") return first;
    const members = [first];
    const bars: Token[] = [];
    while (this.kind() === "|") {
      bars.push(this.next());
      members.push(this.parseTypePostfix());
    }
    return { kind: "unionType", members, bars, start: first.start, end: members[members.length - 1].end };
  }

  private parseTypePostfix(): Expression {
    let type = this.parseTypePrimary();
    while (true) {
      const t = this.peek;
      if (t.nl) return type;
      if (t.kind === "?") {
        this.next();
        type = { kind: "nullableType", type, question: t, start: type.start, end: t.end };
      } else if (t.kind === "[" && this.peekAt(1).kind === "]") {
        const open = this.next();
        const close = this.next();
        type = { kind: "arrayType", element: type, open, close, start: type.start, end: close.end };
      } else if (t.kind === "[") {
        const open = this.next();
        const index = this.withNewlines(false, () => this.parseType());
        const close = this.expect("]", "']'");
        type = { kind: "index", object: type, open, index, close, start: type.start, end: close.end };
      } else if (t.kind === "." || t.kind === "::") {
        this.next();
        const name = this.expectIdentifier(`a name after '${t.text}'`);
        type = { kind: "member", object: type, dot: t, name, start: type.start, end: name.end };
      } else return type;
    }
  }

  private parseTypePrimary(): Expression {
    const t = this.peek;
    switch (t.kind) {
      case "identifier": {
        this.next();
        const name: Expression =
          t.text === "true" || t.text === "false" || t.text === "null"
            ? { kind: "literal", token: t, start: t.start, end: t.end }
            : { kind: "identifier", token: t, start: t.start, end: t.end };
        if (this.kind() === "<" && !this.peek.nl) {
          const open = this.next();
          this.enter(open);
          try {
            const args: Expression[] = [];
            while (true) {
              args.push(this.parseType());
              if (this.kind() === ",") this.next();
              else break;
            }
            const close = this.expect(">", "'>' to close the type arguments");
            return { kind: "genericType", name, open, args, close, start: t.start, end: close.end };
          } finally {
            this.leave();
          }
        }
        return name;
      }
      case "*":
        this.next();
        return { kind: "identifier", token: t, start: t.start, end: t.end };
      case "-": {
        this.next();
        const operand = this.parseTypePrimary();
        return { kind: "unary", operator: t, operand, start: t.start, end: operand.end };
      }
      case "number":
        this.next();
        return { kind: "literal", token: t, start: t.start, end: t.end };
      case "string":
      case "stringLeft":
      case "multilineString":
      case "{":
      case "[":
        return this.parseLiteralPrimary(true);
      case "(": {
        const open = this.next();
        this.enter(open);
        try {
          const expression = this.withNewlines(false, () => this.parseType());
          const close = this.expect(")", "')'");
          return { kind: "paren", open, expression, close, start: open.start, end: close.end };
        } finally {
          this.leave();
        }
      }
      default:
        throw this.fail(t, `Expected a type but found ${describe(t)}.`);
    }
  }
}

const CODE = LITERAL_TOKEN_CODES;

/**
 * Allocation-free check that tokens form a plain literal, following exactly the parser's rules for objects and
 * arrays (new line or comma between entries; nothing may continue a value on its line). -1 means "not a plain
 * literal here" (possibly valid Bicep, possibly an error): the caller falls back to the full parser.
 */
class LiteralScanner {
  /** Token index of the top-level `name` property's string value. */
  name?: number;

  constructor(private readonly table: TokenTable) {}

  /** Index just past the literal value starting at `i`, or -1. */
  value(i: number, depth: number, top: boolean): number {
    const t = this.table;
    const k = t.kinds[i];
    if (k === CODE.string || k === CODE.multilineString) return i + 1;
    if (k === CODE.number) return t.ends[i] - t.starts[i] <= 15 ? i + 1 : -1;
    if (k === CODE.identifier) return t.isWord(i, "true") || t.isWord(i, "false") || t.isWord(i, "null") ? i + 1 : -1;
    if (k === CODE.minus) return t.kinds[i + 1] === CODE.number && t.ends[i + 1] - t.starts[i + 1] <= 15 ? i + 2 : -1;
    if (depth >= MAX_DEPTH) return -1;
    if (k === CODE.openBrace) return this.entries(i + 1, depth, CODE.closeBrace, top);
    if (k === CODE.openBracket) return t.isWord(i + 1, "for") ? -1 : this.entries(i + 1, depth, CODE.closeBracket, false);
    return -1;
  }

  private entries(i: number, depth: number, close: number, captureName: boolean): number {
    const t = this.table;
    let separated = true;
    while (true) {
      const k = t.kinds[i];
      if (k === close) return i + 1;
      if (!separated && t.nls[i] !== 1) return -1;
      let valueAt = i;
      if (close === CODE.closeBrace) {
        if ((k !== CODE.identifier && k !== CODE.string) || t.kinds[i + 1] !== CODE.colon) return -1;
        valueAt = i + 2;
      }
      const after = this.value(valueAt, depth + 1, false);
      if (after < 0) return -1;
      if (captureName && (t.isWord(i, "name") || (k === CODE.string && t.source.startsWith("'name'", t.starts[i]) && t.ends[i] - t.starts[i] === 6))) {
        const vk = t.kinds[valueAt];
        this.name = vk === CODE.string || vk === CODE.multilineString ? valueAt : undefined;
      }
      const next = t.kinds[after];
      if (next === CODE.comma) {
        separated = true;
        i = after + 1;
      } else if (next === close || t.nls[after] === 1) {
        separated = false;
        i = after;
      } else return -1;
    }
  }
}

/** A literal array item; its syntax nodes are built from its tokens the first time someone asks for them. */
class LazyItem implements ArrayItem {
  readonly kind = "item" as const;
  readonly decorators = NO_DECORATORS;
  readonly dots = undefined;
  private built?: Expression;

  constructor(
    private readonly text: string,
    private readonly store: TokenStore,
    readonly literal: LiteralRange,
    readonly start: number,
    readonly end: number,
    readonly comma: Token | undefined,
  ) {}

  get value(): Expression {
    return (this.built ??= new Parser(this.text, this.store, this.literal.first).parseExpression());
  }
}

/** Parses .bicepparam text into a lossless syntax tree; throws ParamFileError("syntax") with line and column. */
export function parseBicepParam(text: string): ParamFileSyntax {
  return new Parser(text, new TokenStore(lex(text))).parseProgram();
}

/** Parses the single expression that spans exactly `from`..`to` of `text` (offsets stay absolute). */
export function parseBicepExpressionAt(text: string, from: number, to: number): Expression {
  const parser = new Parser(text, new TokenStore(lex(text, from, to)));
  return parser.parseWholeExpression();
}

/**
 * Prints a syntax tree back to text: every token's leading trivia followed by its text. The tokens of one table
 * are contiguous (each token's trivia starts where the previous token ends), so that is one run of the source.
 */
export function printBicepParam(syntax: ParamFileSyntax): string {
  const table = syntax.store.table;
  let out = "";
  let runStart = table.from;
  let runEnd = table.from;
  for (let i = 0; i < table.count; i++) {
    const pos = i === 0 ? table.from : table.ends[i - 1];
    if (pos !== runEnd) {
      out += table.source.slice(runStart, runEnd);
      runStart = pos;
    }
    runEnd = table.ends[i];
  }
  return out + table.source.slice(runStart, runEnd);
}
