/** Datasets in and out: start an export and follow it (progress, cancel, download); drop files to import. */
import { useRoute } from '../../app/router.ts';
import { ExportForm } from './ExportForm.tsx';
import { ExportList } from './ExportList.tsx';
import { ImportArea } from './ImportArea.tsx';
import './export.css';

export function ExportPage() {
  const { params } = useRoute();
  return (
    <section className="export-page">
      <h1>Export</h1>
      <ExportForm params={params} />
      <h2>Exports</h2>
      <ExportList />
      <ImportArea />
    </section>
  );
}
