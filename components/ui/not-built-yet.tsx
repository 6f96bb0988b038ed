import { Notice } from "./notice";

/** Says plainly that a page's feature has not been built yet, and what it will do. No fake data. */
export function NotBuiltYet({ feature, children }: { feature: string; children?: React.ReactNode }) {
  return (
    <Notice tone="info" title={`${feature} is not built yet`}>
      {children}
    </Notice>
  );
}
