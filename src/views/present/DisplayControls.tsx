import { PresentButton } from "./PresentButton";
import { TextSizeButtons } from "./TextSizeButtons";
import { usePresentationKeys } from "./usePresentationKeys";
import { usePresentationUrl } from "./usePresentationUrl";
import "./present.css";

/** The header's display controls: text size and presentation mode (the only ones left while presenting). */
export function DisplayControls() {
  usePresentationKeys();
  usePresentationUrl();
  return (
    <div className="display-controls">
      <TextSizeButtons />
      <PresentButton />
    </div>
  );
}
