// Placeholder shell: the real views replace the contents of App later.
export function App() {
  return (
    <main
      style={{
        fontFamily: "system-ui, sans-serif",
        maxWidth: "48rem",
        margin: "0 auto",
        padding: "2rem 1rem",
        color: "#0f172a",
      }}
    >
      <h1>Pagewalk</h1>
      <p>x86-64 paging you can see, click and share, in the browser.</p>
    </main>
  );
}
