/**
 * The part of the domain that runs in the browser as well as on the server: statuses, the request form's
 * types, words, schema and rules, names, and the ownership rule. No server imports.
 */
export * from "./status";
export * from "./form/types";
export * from "./form/copy";
export * from "./form/schema";
export * from "./rules/request-rules";
export * from "./rules/deploy-failure";
export * from "./rules/naming";
export * from "./rules/ownership";
export * from "./rules/revision";
export * from "./rules/ids";
export * from "./rules/approval-confirmations";
