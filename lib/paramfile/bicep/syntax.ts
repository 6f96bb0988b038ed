import type { Token, TokenStore, TokenTable } from "./lexer";

/**
 * Concrete syntax tree for .bicepparam files. Nodes point at the lexer's tokens (which own all text and trivia);
 * `start`/`end` span a node's own text without the trivia before its first token.
 */

interface NodeBase {
  start: number;
  end: number;
}

export interface Decorator extends NodeBase {
  kind: "decorator";
  at: Token;
  expression: Expression;
}

export interface LiteralExpression extends NodeBase {
  kind: "literal";
  /** number, or identifier true/false/null */
  token: Token;
}

export interface StringExpression extends NodeBase {
  kind: "string";
  /** One "string" token, or stringLeft (stringMiddle)* stringRight around the interpolated expressions. */
  pieces: Token[];
  expressions: Expression[];
}

export interface MultilineStringExpression extends NodeBase {
  kind: "multilineString";
  token: Token;
}

export interface IdentifierExpression extends NodeBase {
  kind: "identifier";
  token: Token;
}

export interface ObjectProperty extends NodeBase {
  kind: "property";
  decorators: Decorator[];
  /** identifier, string, `*` (object types), or the first piece of an interpolated key */
  key: Token;
  keyExpression?: StringExpression;
  colon: Token;
  value: Expression;
  comma?: Token;
}

export interface SpreadMember extends NodeBase {
  kind: "spread";
  dots: Token;
  expression: Expression;
  comma?: Token;
}

export type ObjectMember = ObjectProperty | SpreadMember;

export interface ObjectExpression extends NodeBase {
  kind: "object";
  open: Token;
  members: ObjectMember[];
  close: Token;
}

export interface ArrayItem extends NodeBase {
  kind: "item";
  decorators: Decorator[];
  /** Set for `...expr` spread items. */
  dots?: Token;
  /** For literal items this node is built on first access (a 3,000-element file mostly needs just names). */
  readonly value: Expression;
  comma?: Token;
  /** Set when the item is a plain literal (objects, arrays, strings, numbers, true/false/null): its token range. */
  literal?: LiteralRange;
}

export interface LiteralRange {
  table: TokenTable;
  /** Index of the value's first token. */
  first: number;
  /** Index of the value's top-level `name` property's string token, when it has one. */
  name?: number;
}

export interface ArrayExpression extends NodeBase {
  kind: "array";
  open: Token;
  items: ArrayItem[];
  close: Token;
}

export interface ForExpression extends NodeBase {
  kind: "for";
  open: Token;
  forKeyword: Token;
  /** identifier, or `(item, index)` */
  variables: Token[];
  inKeyword: Token;
  source: Expression;
  colon: Token;
  condition?: { ifKeyword: Token; condition: Expression };
  body: Expression;
  close: Token;
}

export interface CallExpression extends NodeBase {
  kind: "call";
  callee: Expression;
  open: Token;
  args: { value: Expression; comma?: Token }[];
  close: Token;
}

export interface MemberExpression extends NodeBase {
  kind: "member";
  object: Expression;
  dot: Token; // "." | ".?" | "::"
  name: Token;
}

export interface IndexExpression extends NodeBase {
  kind: "index";
  object: Expression;
  open: Token;
  safe?: Token;
  index: Expression;
  close: Token;
}

export interface NonNullExpression extends NodeBase {
  kind: "nonNull";
  expression: Expression;
  bang: Token;
}

export interface UnaryExpression extends NodeBase {
  kind: "unary";
  operator: Token;
  operand: Expression;
}

export interface BinaryExpression extends NodeBase {
  kind: "binary";
  left: Expression;
  operator: Token;
  right: Expression;
}

export interface TernaryExpression extends NodeBase {
  kind: "ternary";
  condition: Expression;
  question: Token;
  whenTrue: Expression;
  colon: Token;
  whenFalse: Expression;
}

export interface ParenthesizedExpression extends NodeBase {
  kind: "paren";
  open: Token;
  expression: Expression;
  close: Token;
}

export interface LambdaExpression extends NodeBase {
  kind: "lambda";
  parameters: Token[];
  arrow: Token;
  body: Expression;
}

/** Type syntax (type statements, typed params): unions, `T?`, `T[]`, generic `resourceInput<'…'>`. */
export interface UnionType extends NodeBase {
  kind: "unionType";
  members: Expression[];
  bars: Token[];
}
export interface NullableType extends NodeBase {
  kind: "nullableType";
  type: Expression;
  question: Token;
}
export interface ArrayType extends NodeBase {
  kind: "arrayType";
  element: Expression;
  open: Token;
  close: Token;
}
export interface GenericType extends NodeBase {
  kind: "genericType";
  name: Expression;
  open: Token;
  args: Expression[];
  close: Token;
}

export type Expression =
  | LiteralExpression
  | StringExpression
  | MultilineStringExpression
  | IdentifierExpression
  | ObjectExpression
  | ArrayExpression
  | ForExpression
  | CallExpression
  | MemberExpression
  | IndexExpression
  | NonNullExpression
  | UnaryExpression
  | BinaryExpression
  | TernaryExpression
  | ParenthesizedExpression
  | LambdaExpression
  | UnionType
  | NullableType
  | ArrayType
  | GenericType;

export interface UsingStatement extends NodeBase {
  kind: "using";
  decorators: Decorator[];
  keyword: Token;
  /** string path/reference (`'./main.bicep'`, `'br/public:…'`, `'ts:…'`) or identifier `none` */
  target: Expression;
  withClause?: { keyword: Token; value: Expression };
}

export interface ExtendsStatement extends NodeBase {
  kind: "extends";
  decorators: Decorator[];
  keyword: Token;
  target: Expression;
}

export interface ImportStatement extends NodeBase {
  kind: "import";
  decorators: Decorator[];
  keyword: Token;
  /** Every token after `import` through the source path, in order (the import clause is kept verbatim). */
  clause: Token[];
  from?: { keyword: Token; source: Expression };
}

export interface ParamStatement extends NodeBase {
  kind: "param";
  decorators: Decorator[];
  keyword: Token;
  name: Token;
  type?: Expression;
  assign?: Token;
  value?: Expression;
}

export interface VarStatement extends NodeBase {
  kind: "var";
  decorators: Decorator[];
  keyword: Token;
  name: Token;
  assign: Token;
  value: Expression;
}

export interface TypeStatement extends NodeBase {
  kind: "type";
  decorators: Decorator[];
  keyword: Token;
  name: Token;
  assign: Token;
  value: Expression;
}

export interface FuncStatement extends NodeBase {
  kind: "func";
  decorators: Decorator[];
  keyword: Token;
  name: Token;
  /** `(` … `)` parameter list and return type, verbatim */
  signature: Token[];
  arrow: Token;
  body: Expression;
}

export type Statement =
  | UsingStatement
  | ExtendsStatement
  | ImportStatement
  | ParamStatement
  | VarStatement
  | TypeStatement
  | FuncStatement;

export interface ParamFileSyntax {
  kind: "program";
  statements: Statement[];
  /** The lexer's token table and its token objects (the last token is "eof" and carries the trailing trivia). */
  store: TokenStore;
  /** Every token of the file in order (created on access). */
  readonly tokens: Token[];
}
