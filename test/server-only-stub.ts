// Stand-in for the "server-only" package in unit tests, which run server modules outside Next.js.
export {};
