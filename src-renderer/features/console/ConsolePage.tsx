export function ConsolePage() {
  return (
    <section>
      <h1>Console</h1>
      <p className="empty">The SnQL console queries the events dataset. It arrives with the query engine.</p>
    </section>
  );
}
