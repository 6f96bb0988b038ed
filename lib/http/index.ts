export { GITHUB_WEBHOOK_MAX_BYTES, readLimitedBody, type LimitedBody } from "./read-limited-body";
export { ACTION_BODY_LIMIT_BYTES, checkRequestShape, type Refusal, type RequestShape } from "./request-guard";
export { buildContentSecurityPolicy, buildSecurityHeaders, createNonce, type SecurityHeaderOptions } from "./security-headers";
