export function ExportPage() {
  return (
    <section>
      <h1>Export</h1>
      <p className="empty">Export events as JSONL, CSV or Parquet. It arrives with the export engine.</p>
    </section>
  );
}
