/** What a request asks for, in the words every page and text about it uses. Pure. */
export interface RequestFacts {
  number: number;
  kind: "create" | "change" | "decommission";
  accountName: string;
  location: string;
  deploymentName: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  justification: string;
}
