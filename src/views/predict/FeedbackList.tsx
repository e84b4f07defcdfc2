/** What a checked prediction got wrong, one line per mistake, under a lead-in line. */
export function FeedbackList({
  lead,
  lines,
  wrong = false,
}: {
  lead: string;
  lines: readonly string[];
  wrong?: boolean;
}) {
  return (
    <>
      <p className={`predict-verdict${wrong ? " wrong" : ""}`}>{lead}</p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}
