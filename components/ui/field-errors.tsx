import type { FieldIssue } from "@/lib/client/fetch-json";

/** Shows the server's (or the schema's) message for one field, linked to its input. */
export function FieldError({ issues, path, id }: { issues: FieldIssue[]; path: string; id: string }) {
  const issue = issues.find((i) => i.path === path);
  return issue ? (
    <span id={id} className="field-error">
      {issue.message}
    </span>
  ) : null;
}
