/** A unified diff with added and removed lines marked (by sign and colour, not colour alone). */
export function DiffView({ unified }: { unified: string }) {
  if (!unified.trim()) return <p className="muted">No changes.</p>;
  return (
    <pre className="diff mono" aria-label="Diff">
      {unified.split("\n").map((line, i) => (
        <span key={i} className={line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : undefined}>
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
