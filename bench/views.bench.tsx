/**
 * The table view rendered to HTML by React's server renderer (React's production build, as the app
 * ships): decoding a PT's 512 entries, the 32×16 grid and the first rows of its 301 present
 * entries. No DOM, so this is React's and the view's own work, not the browser's. Median of 20.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { PAGE_4K, encodeEntry, type PhysAddr } from "../src/core/arch";
import { Ram } from "../src/core/memory";
import { TableView } from "../src/views/TableView";
import { printFigure } from "./measure";

const ram = new Ram(16 * 1024 * 1024);
ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
for (let i = 0; i < 301; i++)
  ram.writeEntry(0x4000 + i * 8, encodeEntry(1, 0x40_0000 + i * PAGE_4K, { executeDisable: true }, true));

const render = (): string =>
  renderToStaticMarkup(<TableView memory={ram} table={0x4000 as PhysAddr} level={1} maxPhyAddr={46} nxe />);
if (render().match(/role="gridcell"/g)?.length !== 512) throw new Error("TableView: expected 512 cells");
printFigure("TableView server render PT 301 entries", render, 20, 3);
