/** GitHub's JSON shapes, one file per resource family; `import * as shapes from "./shapes"` reads them all. */
export * from "./common";
export * from "./repository";
export * from "./git";
export * from "./pulls";
export * from "./conversation";
export * from "./checks";
export * from "./actions";
