import { actions, usePagewalk } from "../../store/usePagewalk";
import { MappingsList } from "./MappingsList";
import { ReverseLookupView } from "./ReverseLookupView";
import "./mappings.css";

/**
 * The whole address space in view: every present mapping as folded ranges (`info mem` with exec)
 * or as leaves (`info tlb`), filtered and searchable, and the reverse lookup of a physical address.
 * Closed, it costs nothing: the leaves are enumerated only while it is open.
 */
export function MappingsPanel() {
  const open = usePagewalk((s) => s.mappingsUi.open);
  return (
    <section className="panel pw-mappings" aria-labelledby="mappings-h" id="mappings-panel">
      <div className="panel-head">
        <h2 id="mappings-h">
          <button
            type="button"
            className="panel-disclosure"
            aria-expanded={open}
            aria-controls="mappings-body"
            onClick={() => actions.setMappingsOpen(!open)}
          >
            <span aria-hidden="true">{open ? "▾" : "▸"}</span> Mappings
          </button>
        </h2>
        <span className="muted small-text">every VA this address space maps, and the VAs of a PA</span>
      </div>
      {open ? (
        <div id="mappings-body" className="pw-mappings-body">
          <MappingsList />
          <ReverseLookupView />
        </div>
      ) : null}
    </section>
  );
}
