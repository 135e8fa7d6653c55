import Database from 'better-sqlite3';
import { decodeNode } from '/work/wt-sdk/src-main/core/store/nodestore.ts';
const db = new Database(process.argv[2] + '/faultline.sqlite', { readonly: true });
const where = process.argv[3] ?? '1=1';
for (const row of db.prepare(`select id,type,data from item_store where ${where}`).all() as any[]) {
  console.log(row.id, row.type, JSON.stringify(decodeNode(row.data)));
}
